// The picture id field that VP8 (RFC 7741 section 4.2) and VP9 (RFC 9628 section 4.2)
// payload descriptors share:
//
//          +-+-+-+-+-+-+-+-+
//   7 bit: |0| PictureID   |
//          +-+-+-+-+-+-+-+-+             +-+-+-+-+-+-+-+-+
//  15 bit: |1| PictureID (high 7 bits) | | PictureID (low 8 bits) |
//          +-+-+-+-+-+-+-+-+             +-+-+-+-+-+-+-+-+
//
// Contract: ReadMBitPictureId reads the field at `*pos` (its form from the M bit) into
// `*picture_id` and `*bits` and moves `*pos` past it; false, reading nothing past the end,
// if the field does not fit. WriteMBitPictureId writes `picture_id` (modulo 2^bits) at `pos` in the form the
// field already has (`bits` 7 or 15), touching only those bytes; false if `bits` is neither
// or the field does not fit in `bytes`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jvbfastpath::codec {

// Inline: the VP8 and VP9 descriptor parsers call it on every packet.
inline bool ReadMBitPictureId(std::span<const uint8_t> bytes, size_t* pos,
                              int32_t* picture_id, uint8_t* bits) {
  const size_t p = *pos;
  if (bytes.size() <= p) return false;
  if (bytes[p] & 0x80) {
    if (bytes.size() <= p + 1) return false;
    *picture_id = ((bytes[p] & 0x7f) << 8) | bytes[p + 1];
    *bits = 15;
    *pos = p + 2;
  } else {
    *picture_id = bytes[p] & 0x7f;
    *bits = 7;
    *pos = p + 1;
  }
  return true;
}

bool WriteMBitPictureId(std::span<uint8_t> bytes, size_t pos, uint8_t bits, uint16_t picture_id);

// In-place rewrites inside an RTP payload whose VP8 or VP9 descriptor (Vp8Descriptor,
// Vp9Descriptor) was parsed from it. The picture id keeps its form (7 or 15 bits, the value
// taken modulo that size). False when the field is absent or `payload` is shorter than the
// descriptor.
template <typename Descriptor>
bool WriteDescriptorPictureId(std::span<uint8_t> payload, const Descriptor& descriptor,
                              uint16_t picture_id) {
  const size_t pos = descriptor.picture_id_offset;
  if (pos == 0 || payload.size() < descriptor.size) return false;
  return WriteMBitPictureId(payload, pos, descriptor.picture_id_bits, picture_id);
}
template <typename Descriptor>
bool WriteDescriptorTl0PicIdx(std::span<uint8_t> payload, const Descriptor& descriptor,
                              uint8_t tl0picidx) {
  const size_t pos = descriptor.tl0picidx_offset;
  if (pos == 0 || payload.size() < descriptor.size) return false;
  payload[pos] = tl0picidx;
  return true;
}

}  // namespace jvbfastpath::codec
