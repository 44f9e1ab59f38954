// Opus TOC byte (RFC 6716 section 3.1) and the frame count of a packet (section 3.2).
//
// Contract: ParseOpusToc reads the first byte of an Opus RTP payload (RFC 7587: the
// payload is one Opus packet) and, for code 3, the frame count byte. It returns the mode,
// bandwidth, frame duration and number of frames, or the reason (empty payload, missing
// or zero frame count, more than 120 ms of audio).
//
//      0
//      0 1 2 3 4 5 6 7
//     +-+-+-+-+-+-+-+-+
//     | config  |s| c |   config: mode, bandwidth, frame size (table in opus.cc)
//     +-+-+-+-+-+-+-+-+   s: stereo; c: 0 one frame, 1 two equal frames,
//                         2 two frames of different sizes, 3 an arbitrary number:
//     +-+-+-+-+-+-+-+-+
//     |v|p|     M     |   (code 3 only) v: VBR, p: padding, M: frame count (1..48)
//     +-+-+-+-+-+-+-+-+
#pragma once

#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

enum class OpusMode : uint8_t { kSilk, kHybrid, kCelt };
enum class OpusBandwidth : uint8_t { kNarrow, kMedium, kWide, kSuperWide, kFull };

struct OpusToc {
  uint8_t config = 0;
  bool stereo = false;
  uint8_t frame_count_code = 0;   // c
  OpusMode mode = OpusMode::kSilk;
  OpusBandwidth bandwidth = OpusBandwidth::kNarrow;
  uint32_t frame_duration_us = 0; // 2500 .. 60000
  uint8_t frame_count = 0;        // 1, 2 or M
};

rtp::Result<OpusToc, CodecError> ParseOpusToc(std::span<const uint8_t> payload);

}  // namespace jvbfastpath::codec
