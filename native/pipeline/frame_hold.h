// Frame-level hold and release for e2ee-required: no packet leaves before its
// frame is proven E2EE, and no E2EE frame is lost for being first.
//
// A JFrame frame is proven by its last packet (the trailer), an SFrame frame by its header
// once the stream's chain of KID/CTR is trusted (native/e2ee/envelope.h). Until then the
// frame's packets are held: their buffers stay with the caller (the bridge keeps the packet
// and its metadata slot), the hold only remembers which ingress results they are. The
// frame's fate then decides them all at once:
//   proven   -> released, in arrival order, right before the packet that proved the frame
//               (in the same ingress call);
//   refused  -> dropped whole (plaintext, overflow, expiry), never partly released.
//
//   FrameLedger (per stream): the fate of its last kFrames frames, by (RTP timestamp,
//                spatial layer), with the sequence numbers that began and ended each: late
//                packets and retransmissions (RTX, by their OSN) of a proven frame pass if
//                they lie between them, of a refused one do not.
//   FrameHold (per endpoint): a pool of kCapacity held packets, a FIFO per stream, bounded
//                per stream in packets, bytes and time (HoldLimits); each held packet ends in
//                exactly one HoldEvent, queued in order until the caller takes it.
//
// Contract: one thread at a time (the endpoint's ingress); no allocation after construction,
// no lock; the stats (held_packets/held_bytes) may be read from any thread. A held
// IngressResult must stay where it is until its event is taken; if the caller reuses its
// slot anyway (its hold ticket changed), the event is not produced and `lost` counts it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "native/pipeline/stages.h"

namespace jvbfastpath::pipeline {

struct IngressResult;

struct HoldLimits {
  uint32_t packets_per_stream = 256;   // a 1080p keyframe is about 100-150 packets
  uint32_t bytes_per_stream = 384 * 1024;
  uint64_t max_hold_ns = 1'000'000'000;  // a frame not proven within 1 s is dropped
};

// One frame of a stream: its RTP timestamp and spatial layer (VP9 layer frames share a
// timestamp and are each their own envelope).
struct FrameKey {
  uint32_t timestamp = 0;
  int8_t layer = 0;
  bool operator==(const FrameKey&) const = default;
};

enum class FrameFate : uint8_t {
  kOpen,       // packets seen, its end not yet (or not decided)
  kCandidate,  // ended as an SFrame candidate: waits for the stream's chain to be trusted
  kProven,     // E2EE
  kRefused,    // not E2EE, or could not be held: every packet of it is dropped
};

struct FrameRecord {
  FrameKey key;
  FrameFate fate = FrameFate::kOpen;
  DropReason refusal = DropReason::kNone;  // kRefused: why
  bool has_end = false;
  uint16_t end_seq = 0;        // the sequence number of its last packet
  bool has_start = false;
  uint16_t start_seq = 0;      // the sequence number of its first packet
  // Whether a packet with this sequence number (an RTX packet: its OSN) is one of the
  // frame's: from its first packet (if seen) to its last (which must be known), at most
  // 2047 packets apart. A packet with the frame's timestamp outside them is not of it.
  bool Contains(uint16_t seq) const;
  uint64_t first_ns = 0;       // when its first packet arrived (hold latency)
  bool held = false;           // some packet of it was held
};

class FrameLedger {
 public:
  static constexpr size_t kFrames = 32;

  FrameRecord* Find(FrameKey key);
  // A new record (the oldest is replaced; *evicted gets it if it was still open).
  FrameRecord& Add(FrameKey key, uint64_t now_ns, std::optional<FrameRecord>* evicted);
  // Records in the given fate, for a callback(FrameRecord&).
  template <typename F>
  void ForEach(FrameFate fate, F&& f) {
    for (size_t i = 0; i < count_; ++i) {
      if (records_[i].fate == fate) f(records_[i]);
    }
  }
  void Clear() { count_ = next_ = 0; }

 private:
  std::array<FrameRecord, kFrames> records_{};
  size_t count_ = 0;
  size_t next_ = 0;
};

// What became of a held packet: released (packet->drop is kNone: send it right before
// `before`, the packet that proved its frame) or dropped (packet->drop says why).
struct HoldEvent {
  IngressResult* packet = nullptr;
  const IngressResult* before = nullptr;
};

class FrameHold {
 public:
  static constexpr size_t kCapacity = 1024;  // packets held (and events pending) per endpoint
  static constexpr size_t kStreams = 32;

  explicit FrameHold(HoldLimits limits = {}) : limits_(limits) {}
  FrameHold(const FrameHold&) = delete;
  FrameHold& operator=(const FrameHold&) = delete;

  // Holds `packet` (marking it kHeld with a ticket). False if the stream's bounds or the
  // pool are full: the caller then refuses the frame (Refuse).
  bool Hold(size_t stream, FrameKey key, IngressResult* packet, uint32_t bytes, uint64_t now_ns);
  // Releases the stream's held packets that `match(key, seq)` says (their frame, and their
  // sequence number: an RTX packet's OSN), in arrival order, to go
  // out right before `before`. Returns how many.
  template <typename Match>
  size_t Release(size_t stream, Match&& match, const IngressResult* before) {
    return Settle(stream, match, before, DropReason::kNone);
  }
  // Drops the stream's held packets that `match(key, seq)` says, with `reason`.
  template <typename Match>
  size_t Refuse(size_t stream, Match&& match, DropReason reason) {
    return Settle(stream, match, nullptr, reason);
  }
  // The frame of the stream's oldest held packet if it arrived before `deadline_ns`.
  std::optional<FrameKey> ExpiredHead(size_t stream, uint64_t deadline_ns) const;
  uint64_t max_hold_ns() const { return limits_.max_hold_ns; }

  // Moves up to out.size() events, oldest first, into `out`; returns how many.
  size_t TakeEvents(std::span<HoldEvent> out);
  size_t pending_events() const { return event_count_; }

  size_t held_packets() const { return held_packets_.load(std::memory_order_relaxed); }
  size_t held_bytes() const { return held_bytes_.load(std::memory_order_relaxed); }
  size_t stream_held_packets(size_t stream) const { return streams_[stream].packets; }
  uint64_t lost() const { return lost_.load(std::memory_order_relaxed); }
  // The most packets / bytes held at once since construction.
  size_t peak_packets() const { return peak_packets_.load(std::memory_order_relaxed); }
  size_t peak_bytes() const { return peak_bytes_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    IngressResult* packet = nullptr;
    uint32_t ticket = 0;
    uint32_t bytes = 0;
    uint64_t arrival_ns = 0;
    FrameKey key;
    uint16_t seq = 0;  // the packet's sequence number (RTX: its OSN)
    int32_t next = -1;
  };
  struct StreamQueue {
    int32_t head = -1;
    int32_t tail = -1;
    uint32_t packets = 0;
    uint32_t bytes = 0;
  };

  template <typename Match>
  size_t Settle(size_t stream, Match& match, const IngressResult* before, DropReason reason) {
    StreamQueue& q = streams_[stream];
    size_t settled = 0;
    int32_t prev = -1;
    for (int32_t e = q.head; e >= 0;) {
      const int32_t next = entries_[e].next;
      if (match(entries_[e].key, entries_[e].seq)) {
        Emit(entries_[e], before, reason);
        Unlink(q, prev, e);
        ++settled;
      } else {
        prev = e;
      }
      e = next;
    }
    return settled;
  }
  void Emit(const Entry& entry, const IngressResult* before, DropReason reason);
  void Unlink(StreamQueue& q, int32_t prev, int32_t e);
  void Publish();

  HoldLimits limits_;
  std::array<Entry, kCapacity> entries_{};
  std::array<StreamQueue, kStreams> streams_{};
  int32_t free_head_ = -1;
  size_t used_ = 0;  // entries ever handed out (the free list takes over after kCapacity)
  uint32_t next_ticket_ = 0;
  size_t in_use_ = 0;
  size_t bytes_in_use_ = 0;
  std::array<HoldEvent, kCapacity> events_{};
  size_t event_head_ = 0;
  size_t event_count_ = 0;
  std::atomic<size_t> held_packets_{0};
  std::atomic<size_t> held_bytes_{0};
  std::atomic<uint64_t> lost_{0};
  std::atomic<size_t> peak_packets_{0};
  std::atomic<size_t> peak_bytes_{0};
};

}  // namespace jvbfastpath::pipeline
