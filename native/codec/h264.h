// H.264 RTP payload (RFC 6184): single NAL unit packets, STAP-A aggregation and FU-A
// fragmentation (non-interleaved mode; STAP-B, MTAP and FU-B are not supported).
//
// Contract: ParseH264Payload walks every NAL unit the payload carries (checking each
// STAP-A size against the bytes left) and reports whether an IDR slice is present (a key
// frame), whether the packet starts a picture, and the SPS picture size when an SPS is in
// the packet (single NAL or STAP-A; never from a fragment). No allocation.
//
// NAL unit header (and the first byte of every RTP payload):
//          +---------------+
//          |0|1|2|3|4|5|6|7|
//          +-+-+-+-+-+-+-+-+
//          |F|NRI|  Type   |   Type 1-23: a single NAL unit, 24: STAP-A, 28: FU-A
//          +---------------+
//
// STAP-A (type 24):
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |STAP-A NAL HDR |         NALU 1 Size           | NALU 1 HDR    |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                         NALU 1 Data                           |
//    :                                                               :
//    +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |               | NALU 2 Size                   | NALU 2 HDR    |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                         NALU 2 Data                           |
//    :                                                               :
//
// FU-A (type 28):
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    | FU indicator  |   FU header   |                               |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
//    |                         FU payload                            |
//    FU indicator: |F|NRI|Type=28|    FU header: |S|E|R|  Type   |
//    S: first fragment, E: last fragment (never both), Type: the fragmented NAL's type.
#pragma once

#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

enum H264NalType : uint8_t {
  kH264Slice = 1,
  kH264Idr = 5,
  kH264Sei = 6,
  kH264Sps = 7,
  kH264Pps = 8,
  kH264Aud = 9,
  kH264StapA = 24,
  kH264FuA = 28,
};

struct H264PayloadInfo {
  uint8_t packetization = 0;  // the payload's NAL type: 1..23, 24 (STAP-A) or 28 (FU-A)
  uint8_t nal_count = 0;      // NAL units (or fragments) in the packet, saturating at 255
  bool keyframe = false;      // an IDR slice (or a fragment of one) is present
  // Starts a picture: its first NAL is an AUD, SEI, SPS or PPS, or a slice whose
  // first_mb_in_slice is 0 (for FU-A: the first fragment of such a slice).
  bool frame_start = false;
  bool has_sps = false;
  bool has_pps = false;
  bool has_slice = false;     // a slice (types 1-5) or a fragment of one
  bool fu_start = false;      // FU-A S bit
  bool fu_end = false;        // FU-A E bit
  // From the first valid SPS in the packet (0 when none).
  uint8_t profile_idc = 0;
  uint32_t width = 0;
  uint32_t height = 0;
};

rtp::Result<H264PayloadInfo, CodecError> ParseH264Payload(std::span<const uint8_t> payload);

}  // namespace jvbfastpath::codec
