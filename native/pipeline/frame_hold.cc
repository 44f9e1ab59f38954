#include "native/pipeline/frame_hold.h"

#include <algorithm>

#include "native/pipeline/endpoint.h"

namespace jvbfastpath::pipeline {

bool FrameRecord::Contains(uint16_t seq) const {
  constexpr uint16_t kSpan = 2048;  // RFC 3550 arithmetic: `a` at or before `b`
  auto at_or_before = [](uint16_t a, uint16_t b) { return static_cast<uint16_t>(b - a) < kSpan; };
  return has_end && at_or_before(seq, end_seq) && (!has_start || at_or_before(start_seq, seq));
}

FrameRecord* FrameLedger::Find(FrameKey key) {
  for (size_t i = 0; i < count_; ++i) {
    if (records_[i].key == key) return &records_[i];
  }
  return nullptr;
}

FrameRecord& FrameLedger::Add(FrameKey key, uint64_t now_ns, std::optional<FrameRecord>* evicted) {
  size_t slot;
  if (count_ < kFrames) {
    slot = count_++;
  } else {
    slot = next_;
    next_ = (next_ + 1) % kFrames;
    const FrameRecord& old = records_[slot];
    if (evicted && (old.fate == FrameFate::kOpen || old.fate == FrameFate::kCandidate)) {
      *evicted = old;
    }
  }
  records_[slot] = FrameRecord{};
  records_[slot].key = key;
  records_[slot].first_ns = now_ns;
  return records_[slot];
}

bool FrameHold::Hold(size_t stream, FrameKey key, IngressResult* packet, uint32_t bytes,
                     uint64_t now_ns) {
  StreamQueue& q = streams_[stream];
  if (q.packets + 1 > limits_.packets_per_stream || q.bytes + bytes > limits_.bytes_per_stream ||
      in_use_ + event_count_ >= kCapacity) {
    return false;
  }
  int32_t e;
  if (free_head_ >= 0) {
    e = free_head_;
    free_head_ = entries_[e].next;
  } else {
    e = static_cast<int32_t>(used_++);
  }
  if (++next_ticket_ == 0) ++next_ticket_;  // 0 means "not held"
  const uint16_t seq = packet->info.rtx != 0 ? static_cast<uint16_t>(packet->info.rtx_osn)
                                              : packet->info.sequence_number;
  entries_[e] = Entry{packet, next_ticket_, bytes, now_ns, key, seq, -1};
  packet->hold_ticket = next_ticket_;
  packet->drop = DropReason::kHeld;
  packet->was_held = true;
  if (q.tail >= 0) {
    entries_[q.tail].next = e;
  } else {
    q.head = e;
  }
  q.tail = e;
  ++q.packets;
  q.bytes += bytes;
  ++in_use_;
  bytes_in_use_ += bytes;
  Publish();
  return true;
}

std::optional<FrameKey> FrameHold::ExpiredHead(size_t stream, uint64_t deadline_ns) const {
  const StreamQueue& q = streams_[stream];
  if (q.head < 0 || entries_[q.head].arrival_ns >= deadline_ns) return std::nullopt;
  return entries_[q.head].key;
}

void FrameHold::Emit(const Entry& entry, const IngressResult* before, DropReason reason) {
  IngressResult* p = entry.packet;
  if (p->hold_ticket != entry.ticket) {  // the caller reused the slot: nothing to say
    lost_.store(lost_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return;
  }
  p->hold_ticket = 0;
  p->drop = reason;
  events_[(event_head_ + event_count_) % kCapacity] = HoldEvent{p, reason == DropReason::kNone ? before : nullptr};
  ++event_count_;
}

void FrameHold::Unlink(StreamQueue& q, int32_t prev, int32_t e) {
  const int32_t next = entries_[e].next;
  if (prev >= 0) {
    entries_[prev].next = next;
  } else {
    q.head = next;
  }
  if (q.tail == e) q.tail = prev;
  --q.packets;
  q.bytes -= entries_[e].bytes;
  --in_use_;
  bytes_in_use_ -= entries_[e].bytes;
  entries_[e].packet = nullptr;
  entries_[e].next = free_head_;
  free_head_ = e;
  Publish();
}

size_t FrameHold::TakeEvents(std::span<HoldEvent> out) {
  const size_t n = std::min(out.size(), event_count_);
  for (size_t i = 0; i < n; ++i) {
    out[i] = events_[event_head_];
    event_head_ = (event_head_ + 1) % kCapacity;
  }
  event_count_ -= n;
  return n;
}

void FrameHold::Publish() {
  held_packets_.store(in_use_, std::memory_order_relaxed);
  held_bytes_.store(bytes_in_use_, std::memory_order_relaxed);
  if (in_use_ > peak_packets_.load(std::memory_order_relaxed)) {
    peak_packets_.store(in_use_, std::memory_order_relaxed);
  }
  if (bytes_in_use_ > peak_bytes_.load(std::memory_order_relaxed)) {
    peak_bytes_.store(bytes_in_use_, std::memory_order_relaxed);
  }
}

}  // namespace jvbfastpath::pipeline
