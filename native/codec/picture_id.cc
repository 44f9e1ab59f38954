#include "native/codec/picture_id.h"

namespace jvbfastpath::codec {

bool ReadMBitPictureId(std::span<const uint8_t> bytes, size_t* pos, int32_t* picture_id,
                       uint8_t* bits) {
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

bool WriteMBitPictureId(std::span<uint8_t> bytes, size_t pos, uint8_t bits, uint16_t picture_id) {
  if (bits == 15) {
    if (pos + 2 > bytes.size()) return false;
    bytes[pos] = static_cast<uint8_t>(0x80 | ((picture_id >> 8) & 0x7f));
    bytes[pos + 1] = static_cast<uint8_t>(picture_id);
    return true;
  }
  if (bits == 7) {
    if (pos + 1 > bytes.size()) return false;
    bytes[pos] = static_cast<uint8_t>(picture_id & 0x7f);
    return true;
  }
  return false;
}

}  // namespace jvbfastpath::codec
