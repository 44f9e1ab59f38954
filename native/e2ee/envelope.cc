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
  if (opaque.size() < 2) return std::nullopt;
  const uint8_t iv_length = opaque[opaque.size() - 2];
  const uint8_t key_index = opaque[opaque.size() - 1];
  if (iv_length != kJFrameIvLength || key_index >= kJFrameKeyRing) return std::nullopt;
  // The IV may straddle the last two packets when the last one is short: check the bytes
  // that are here, IV byte k at position size - 14 + k.
  const size_t iv_start = opaque.size() >= kJFrameTrailer ? 0 : kJFrameTrailer - opaque.size();
  auto iv_byte = [&](size_t k) { return opaque[opaque.size() - kJFrameTrailer + k]; };
  // Bytes 8-9: the send count is taken mod 0xFFFF.
  for (size_t k = std::max<size_t>(8, iv_start); k < 10; ++k) {
    if (iv_byte(k) != 0) return std::nullopt;
  }
  if (origin != nullptr) {
    // Bytes 0-7: the SSRC and the RTP timestamp, big-endian.
    const uint64_t expected = (uint64_t{origin->ssrc} << 32) | origin->timestamp;
    for (size_t k = iv_start; k < 8; ++k) {
      if (iv_byte(k) != static_cast<uint8_t>(expected >> (56 - 8 * k))) return std::nullopt;
    }
  }
  return key_index;
}

FrameVerdict EnvelopeTracker::OnPacket(std::span<const uint8_t> opaque, bool frame_start,
                                       bool frame_end, const FrameOrigin* origin) {
  if (frame_start) {
    frame_sframe_ = expected_ == ExpectedEnvelope::kJFrame ? std::nullopt
                                                           : ParseSFrameHeader(opaque);
    tail_length_ = 0;
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
  ++frames_;
  FrameVerdict verdict;
  verdict.kind = EnvelopeKind::kNone;
  if (expected_ != ExpectedEnvelope::kSFrame) {
    if (std::optional<int> key = MatchJFrameTrailer(frame_end_bytes, origin)) {
      verdict.kind = EnvelopeKind::kJFrame;
      verdict.key_id = *key;
    }
  }
  if (verdict.kind == EnvelopeKind::kNone && frame_sframe_) {
    const SFrameHeader& h = *frame_sframe_;
    if (last_sframe_ && h.kid == last_sframe_->kid && h.ctr > last_sframe_->ctr) {
      ++sframe_consistent_frames_;
    } else if (last_sframe_ && h.kid != last_sframe_->kid &&
               sframe_consistent_frames_ >= kSFrameFramesToTrust) {
      // A new KID on a trusted stream: key rotation, the stream stays SFrame.
    } else {
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
  verdict.key_changed = verdict.key_id >= 0 && last_.key_id >= 0 && verdict.key_id != last_.key_id;
  if (verdict.key_changed) ++key_changes_;
  last_ = verdict;
  return verdict;
}

}  // namespace jvbfastpath::e2ee
