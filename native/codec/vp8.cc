#include "native/codec/vp8.h"

#include "native/codec/picture_id.h"

namespace jvbfastpath::codec {

rtp::Result<Vp8Descriptor, CodecError> ParseVp8Descriptor(std::span<const uint8_t> payload) {
  if (payload.empty()) return CodecError::kEmpty;
  Vp8Descriptor d;
  const uint8_t first = payload[0];
  d.non_reference = (first & 0x20) != 0;
  d.start_of_partition = (first & 0x10) != 0;
  d.partition_index = first & 0x07;
  size_t pos = 1;
  if ((first & 0x80) == 0) {
    d.size = 1;
    return d;
  }
  if (payload.size() <= pos) return CodecError::kDescriptorPastEnd;
  const uint8_t ext = payload[pos++];
  const bool has_i = (ext & 0x80) != 0;
  const bool has_l = (ext & 0x40) != 0;
  const bool has_t = (ext & 0x20) != 0;
  const bool has_k = (ext & 0x10) != 0;
  if (has_i) {
    d.picture_id_offset = static_cast<uint8_t>(pos);
    if (!ReadMBitPictureId(payload, &pos, &d.picture_id, &d.picture_id_bits)) {
      return CodecError::kDescriptorPastEnd;
    }
  }
  if (has_l) {
    if (payload.size() <= pos) return CodecError::kDescriptorPastEnd;
    d.tl0picidx_offset = static_cast<uint8_t>(pos);
    d.tl0picidx = payload[pos++];
  }
  if (has_t || has_k) {
    if (payload.size() <= pos) return CodecError::kDescriptorPastEnd;
    const uint8_t b = payload[pos++];
    if (has_t) {
      d.tid = static_cast<int8_t>(b >> 6);
      d.layer_sync = (b & 0x20) != 0;
    }
    if (has_k) d.keyidx = static_cast<int8_t>(b & 0x1f);
  }
  d.size = static_cast<uint8_t>(pos);
  return d;
}

rtp::Result<Vp8FrameHeader, CodecError> ParseVp8FrameHeader(std::span<const uint8_t> frame) {
  if (frame.size() < 3) return CodecError::kFrameHeaderPastEnd;
  const uint32_t tag = frame[0] | (uint32_t{frame[1]} << 8) | (uint32_t{frame[2]} << 16);
  Vp8FrameHeader h;
  h.keyframe = (tag & 0x1) == 0;
  h.version = (tag >> 1) & 0x7;
  h.show_frame = (tag >> 4) & 0x1;
  h.first_partition_size = tag >> 5;
  if (!h.keyframe) return h;
  if (frame.size() < 10) return CodecError::kFrameHeaderPastEnd;
  if (frame[3] != 0x9d || frame[4] != 0x01 || frame[5] != 0x2a) return CodecError::kBadStartCode;
  const uint16_t w = static_cast<uint16_t>(frame[6] | (frame[7] << 8));
  const uint16_t hh = static_cast<uint16_t>(frame[8] | (frame[9] << 8));
  h.width = w & 0x3fff;
  h.horizontal_scale = static_cast<uint8_t>(w >> 14);
  h.height = hh & 0x3fff;
  h.vertical_scale = static_cast<uint8_t>(hh >> 14);
  return h;
}

}  // namespace jvbfastpath::codec
