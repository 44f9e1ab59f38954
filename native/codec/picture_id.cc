#include "native/codec/picture_id.h"

namespace jvbfastpath::codec {

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
