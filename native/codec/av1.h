// AV1 RTP payload (AV1 RTP specification v1.0, section 4.4): the aggregation header and
// the OBU elements after it.
//
// Contract: ParseAv1Payload reads the aggregation header, then checks every OBU element's
// LEB128 length against the bytes left (W = 0: every element has a length; W = 1..3: the
// last of W elements has none and takes the rest). N = 1 (first packet of a coded video
// sequence) is what the bridge treats as a key frame. No allocation.
//
//     0 1 2 3 4 5 6 7
//    +-+-+-+-+-+-+-+-+
//    |Z|Y| W |N|-|-|-|
//    +-+-+-+-+-+-+-+-+
//    Z: the first OBU element continues an OBU from the previous packet
//    Y: the last OBU element continues in the next packet
//    W: the number of OBU elements (0: each element carries its length)
//    N: the first packet of a coded video sequence
//
// After it, OBU elements:  [LEB128 length] OBU bytes ... ; an OBU header is
//    |0| type (4) |X|S|0|   (type 1: sequence header, 2: temporal delimiter,
//                             3: frame header, 6: frame)
#pragma once

#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

struct Av1PayloadInfo {
  bool continues_previous = false;  // Z
  bool continues_next = false;      // Y
  uint8_t element_count_field = 0;  // W
  bool new_coded_video_sequence = false;  // N
  uint8_t element_count = 0;        // OBU elements found (saturating at 255)
  bool has_sequence_header = false; // an OBU of type 1 starts in this packet
};

rtp::Result<Av1PayloadInfo, CodecError> ParseAv1Payload(std::span<const uint8_t> payload);

}  // namespace jvbfastpath::codec
