#include "native/codec/opus.h"

namespace jvbfastpath::codec {

rtp::Result<OpusToc, CodecError> ParseOpusToc(std::span<const uint8_t> payload) {
  if (payload.empty()) return CodecError::kEmpty;
  OpusToc toc;
  toc.config = payload[0] >> 3;
  toc.stereo = (payload[0] & 0x04) != 0;
  toc.frame_count_code = payload[0] & 0x03;

  // RFC 6716 Table 2.
  static constexpr uint32_t kSilkUs[4] = {10000, 20000, 40000, 60000};
  static constexpr uint32_t kHybridUs[2] = {10000, 20000};
  static constexpr uint32_t kCeltUs[4] = {2500, 5000, 10000, 20000};
  const uint8_t c = toc.config;
  if (c < 12) {
    toc.mode = OpusMode::kSilk;
    toc.bandwidth = static_cast<OpusBandwidth>(c / 4);  // NB, MB, WB
    toc.frame_duration_us = kSilkUs[c % 4];
  } else if (c < 16) {
    toc.mode = OpusMode::kHybrid;
    toc.bandwidth = c < 14 ? OpusBandwidth::kSuperWide : OpusBandwidth::kFull;
    toc.frame_duration_us = kHybridUs[c % 2];
  } else {
    toc.mode = OpusMode::kCelt;
    static constexpr OpusBandwidth kCeltBandwidth[4] = {
        OpusBandwidth::kNarrow, OpusBandwidth::kWide, OpusBandwidth::kSuperWide,
        OpusBandwidth::kFull};
    toc.bandwidth = kCeltBandwidth[(c - 16) / 4];
    toc.frame_duration_us = kCeltUs[c % 4];
  }

  switch (toc.frame_count_code) {
    case 0:
      toc.frame_count = 1;
      break;
    case 1:
    case 2:
      toc.frame_count = 2;
      break;
    default: {
      if (payload.size() < 2) return CodecError::kOpusFrameCountInvalid;
      const uint8_t m = payload[1] & 0x3f;
      if (m == 0 || uint32_t{m} * toc.frame_duration_us > 120000) {
        return CodecError::kOpusFrameCountInvalid;
      }
      toc.frame_count = m;
    }
  }
  return toc;
}

}  // namespace jvbfastpath::codec
