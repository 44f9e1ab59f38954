#include "native/e2ee/envelope.h"

#include <algorithm>

namespace jvbfastpath::e2ee {
namespace {

constexpr size_t kJFrameTrailer = 14;  // IV (12) + IV length + key index
constexpr uint8_t kJFrameIvLength = 12;
constexpr int kJFrameKeyRing = 16;

uint64_t ReadUnsigned(std::span<const uint8_t> bytes) {
  uint64_t v = 0;
  for (uint8_t b : bytes) v = (v << 8) | b;
  return v;
}

}  // namespace

std::string_view EnvelopeKindName(EnvelopeKind kind) {
  switch (kind) {
    case EnvelopeKind::kUnknown: return "unknown";
    case EnvelopeKind::kNone: return "none";
    case EnvelopeKind::kJFrame: return "jframe";
    case EnvelopeKind::kSFrame: return "sframe";
  }
  return "unknown";
}

std::optional<SFrameHeader> ParseSFrameHeader(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return std::nullopt;
  const uint8_t config = bytes[0];
  const bool x = (config & 0x80) != 0;
  const int k = (config >> 4) & 0x07;
  const bool y = (config & 0x08) != 0;
  const int c = config & 0x07;
  const size_t kid_length = x ? static_cast<size_t>(k) + 1 : 0;
  const size_t ctr_length = y ? static_cast<size_t>(c) + 1 : 0;
  if (bytes.size() < 1 + kid_length + ctr_length) return std::nullopt;
  SFrameHeader h;
  h.kid = x ? ReadUnsigned(bytes.subspan(1, kid_length)) : static_cast<uint64_t>(k);
  h.ctr = y ? ReadUnsigned(bytes.subspan(1 + kid_length, ctr_length)) : static_cast<uint64_t>(c);
  h.length = 1 + kid_length + ctr_length;
  return h;
}

std::optional<int> MatchJFrameTrailer(std::span<const uint8_t> opaque, const FrameOrigin* origin) {
  // The whole trailer, or no proof: an IV length byte and a key index alone match one
  // plaintext frame in 4096.
  if (opaque.size() < kJFrameTrailer) return std::nullopt;
  const std::span<const uint8_t> trailer = opaque.last(kJFrameTrailer);
  const uint8_t iv_length = trailer[12];
  const uint8_t key_index = trailer[13];
  if (iv_length != kJFrameIvLength || key_index >= kJFrameKeyRing) return std::nullopt;
  // IV bytes 8-9: the send count is taken mod 0xFFFF.
  if (trailer[8] != 0 || trailer[9] != 0) return std::nullopt;
  // IV bytes 0-7: the SSRC and the RTP timestamp, big-endian.
  if (origin != nullptr &&
      (ReadUnsigned(trailer.first(4)) != origin->ssrc ||
       ReadUnsigned(trailer.subspan(4, 4)) != origin->timestamp)) {
    return std::nullopt;
  }
  return key_index;
}

FrameVerdict EnvelopeTracker::OnPacket(std::span<const uint8_t> opaque, bool frame_start,
                                       bool frame_end, const FrameOrigin* origin) {
  // Does this packet continue the run (the packet before it, of the same frame)?
  const bool continues =
      !frame_start && run_open_ &&
      (origin == nullptr ||
       (origin->timestamp == run_timestamp_ &&
        (origin->sequence < 0 ||
         (run_sequence_ >= 0 && static_cast<uint16_t>(run_sequence_ + 1) == origin->sequence))));
  if (!continues) {
    tail_length_ = 0;
    run_bytes_ = 0;
    run_from_start_ = frame_start;
  }
  run_open_ = true;
  run_timestamp_ = origin != nullptr ? origin->timestamp : 0;
  run_sequence_ = origin != nullptr ? origin->sequence : -1;
  run_bytes_ += opaque.size();
  if (frame_start) {
    frame_sframe_ = expected_ == ExpectedEnvelope::kJFrame ? std::nullopt
                                                           : ParseSFrameHeader(opaque);
    frame_sframe_timestamp_ = run_timestamp_;
  }
  // The frame's last bytes so far: a packet that ends a frame with fewer than 14 bytes is
  // checked together with the end of the packet before it.
  std::array<uint8_t, kJFrameTrailer> joined;
  std::span<const uint8_t> frame_end_bytes = opaque;
  if (opaque.size() < kJFrameTrailer && tail_length_ > 0) {
    const size_t from_tail = std::min(tail_length_, kJFrameTrailer - opaque.size());
    std::copy(tail_.begin() + (tail_length_ - from_tail), tail_.begin() + tail_length_,
              joined.begin());
    std::copy(opaque.begin(), opaque.end(), joined.begin() + from_tail);
    frame_end_bytes = {joined.data(), from_tail + opaque.size()};
  }
  if (!frame_end) {
    // Keep the last kJFrameTrailer bytes of the frame so far.
    const std::span<const uint8_t> keep = frame_end_bytes.size() > kJFrameTrailer
                                              ? frame_end_bytes.last(kJFrameTrailer)
                                              : frame_end_bytes;
    std::copy(keep.begin(), keep.end(), tail_.begin());
    tail_length_ = keep.size();
    return FrameVerdict{};
  }
  tail_length_ = 0;
  run_open_ = false;
  ++frames_;
  FrameVerdict verdict;
  verdict.kind = EnvelopeKind::kNone;
  if (expected_ != ExpectedEnvelope::kSFrame && !(run_from_start_ && run_bytes_ < kJFrameMinFrame)) {
    if (std::optional<int> key = MatchJFrameTrailer(frame_end_bytes, origin)) {
      verdict.kind = EnvelopeKind::kJFrame;
      verdict.key_id = *key;
    }
  }
  // The header counts for the frame whose first packet carried it.
  if (origin != nullptr && frame_sframe_timestamp_ != origin->timestamp) frame_sframe_.reset();
  if (verdict.kind == EnvelopeKind::kNone && frame_sframe_) {
    const SFrameHeader& h = *frame_sframe_;
    if (last_sframe_ && h.kid == last_sframe_->kid && h.ctr > last_sframe_->ctr &&
        h.ctr - last_sframe_->ctr <= kSFrameMaxCtrStep) {
      ++sframe_consistent_frames_;
    } else {
      // A first header, a broken chain or a new KID: a new chain, trusted as the first was
      // (plaintext read as a header names a new KID at almost every frame).
      sframe_consistent_frames_ = 0;
      verdict.sframe_chain_start = true;
    }
    last_sframe_ = h;
    if (sframe_consistent_frames_ >= kSFrameFramesToTrust) {
      verdict.kind = EnvelopeKind::kSFrame;
      verdict.key_id = static_cast<int>(h.kid & 0x7FFFFFFF);
      verdict.sframe_chain_start = false;
    } else {
      // Not decided yet: the frames that follow will tell (kind stays kUnknown).
      verdict.kind = EnvelopeKind::kUnknown;
      verdict.sframe_candidate = true;
    }
  }
  frame_sframe_.reset();
  verdict.key_changed = verdict.key_id >= 0 && last_key_id_ >= 0 && verdict.key_id != last_key_id_;
  if (verdict.key_changed) ++key_changes_;
  if (verdict.key_id >= 0) last_key_id_ = verdict.key_id;
  last_ = verdict;
  return verdict;
}

}  // namespace jvbfastpath::e2ee
