// The picture id field that VP8 (RFC 7741 section 4.2) and VP9 (RFC 9628 section 4.2)
// payload descriptors share:
//
//          +-+-+-+-+-+-+-+-+
//   7 bit: |0| PictureID   |
//          +-+-+-+-+-+-+-+-+             +-+-+-+-+-+-+-+-+
//  15 bit: |1| PictureID (high 7 bits) | | PictureID (low 8 bits) |
//          +-+-+-+-+-+-+-+-+             +-+-+-+-+-+-+-+-+
//
// Contract: WriteMBitPictureId writes `picture_id` (modulo 2^bits) at `pos` in the form the
// field already has (`bits` 7 or 15), touching only those bytes; false if `bits` is neither
// or the field does not fit in `bytes`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jvbfastpath::codec {

bool WriteMBitPictureId(std::span<uint8_t> bytes, size_t pos, uint8_t bits, uint16_t picture_id);

}  // namespace jvbfastpath::codec
