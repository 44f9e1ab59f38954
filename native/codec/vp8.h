// VP8 RTP payload descriptor (RFC 7741 section 4.2) and the VP8 key frame header
// (RFC 6386 section 9.1).
//
// Contract: ParseVp8Descriptor reads the descriptor at the front of an RTP payload and
// returns its fields (absent ones are -1) plus where the picture id and TL0PICIDX sit, so
// they can be rewritten in place; every optional byte is checked before it is read.
// ParseVp8FrameHeader reads the frame tag at the start of a partition-0 payload (after
// the descriptor) and, for a key frame, the start code and dimensions.
//
// Payload descriptor:
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |X|R|N|S|R| PID | (REQUIRED)
//         +-+-+-+-+-+-+-+-+
//    X:   |I|L|T|K| RSV   | (OPTIONAL)
//         +-+-+-+-+-+-+-+-+
//    I:   |M| PictureID   | (OPTIONAL)   M=1: 15-bit picture id,
//         +-+-+-+-+-+-+-+-+                   this byte holds its high 7 bits
//    M:   |   PictureID   |
//         +-+-+-+-+-+-+-+-+
//    L:   |   TL0PICIDX   | (OPTIONAL)
//         +-+-+-+-+-+-+-+-+
//    T/K: |TID|Y| KEYIDX  | (OPTIONAL)   TID valid if T, KEYIDX valid if K
//         +-+-+-+-+-+-+-+-+
//
// Key frame header (first 10 bytes of a key frame; a frame tag alone otherwise):
//     frame tag, 3 bytes little-endian:
//         bit 0: frame type (0 = key frame), bits 1-3: version, bit 4: show_frame,
//         bits 5-23: first partition size
//     start code: 0x9d 0x01 0x2a
//     2 bytes little-endian: | scale (2) | width (14)  |
//     2 bytes little-endian: | scale (2) | height (14) |
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

struct Vp8Descriptor {
  bool non_reference = false;       // N
  bool start_of_partition = false;  // S
  uint8_t partition_index = 0;      // PID
  int32_t picture_id = -1;
  uint8_t picture_id_bits = 0;      // 7 or 15 when present
  int16_t tl0picidx = -1;
  int8_t tid = -1;
  bool layer_sync = false;          // Y (valid with T)
  int8_t keyidx = -1;
  // Byte offsets inside the payload (0 = absent: the first byte is never one of them).
  uint8_t picture_id_offset = 0;
  uint8_t tl0picidx_offset = 0;
  uint8_t size = 0;                 // descriptor length; the VP8 payload follows

  // The first packet of a frame: start of partition 0.
  bool frame_start() const { return start_of_partition && partition_index == 0; }
};

rtp::Result<Vp8Descriptor, CodecError> ParseVp8Descriptor(std::span<const uint8_t> payload);

struct Vp8FrameHeader {
  bool keyframe = false;
  uint8_t version = 0;
  bool show_frame = false;
  uint32_t first_partition_size = 0;
  // Key frames only (else 0):
  uint16_t width = 0;
  uint16_t height = 0;
  uint8_t horizontal_scale = 0;
  uint8_t vertical_scale = 0;
};

// `frame` is the VP8 payload after the descriptor of a packet whose frame_start() is true.
rtp::Result<Vp8FrameHeader, CodecError> ParseVp8FrameHeader(std::span<const uint8_t> frame);

// In-place rewrites of the descriptor's picture id and TL0PICIDX: picture_id.h's
// WriteDescriptorPictureId / WriteDescriptorTl0PicIdx (shared with VP9).

}  // namespace jvbfastpath::codec
