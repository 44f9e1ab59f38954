#include "native/codec/bit_reader.h"

namespace jvbfastpath::codec {

int RbspBitReader::ReadBit() {
  if (failed_) return 0;
  if (!byte_checked_) {
    // Entering a new byte: an emulation prevention byte after two zeros is skipped.
    if (byte_ < bytes_.size() && zeros_ >= 2 && bytes_[byte_] == 0x03) {
      ++byte_;
      zeros_ = 0;
    }
    if (byte_ >= bytes_.size()) {
      failed_ = true;
      return 0;
    }
    byte_checked_ = true;
  }
  const int bit = (bytes_[byte_] >> (7 - bit_)) & 1;
  if (++bit_ == 8) {
    zeros_ = bytes_[byte_] == 0 ? zeros_ + 1 : 0;
    bit_ = 0;
    ++byte_;
    byte_checked_ = false;
  }
  return bit;
}

uint32_t RbspBitReader::ReadBits(int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = (value << 1) | static_cast<uint32_t>(ReadBit());
  return failed_ ? 0 : value;
}

uint32_t RbspBitReader::ReadUe() {
  int leading_zeros = 0;
  while (ReadBit() == 0) {
    if (failed_ || ++leading_zeros > 31) {
      failed_ = true;
      return 0;
    }
  }
  if (leading_zeros == 0) return 0;
  const uint32_t suffix = ReadBits(leading_zeros);
  if (failed_) return 0;
  return ((uint32_t{1} << leading_zeros) - 1) + suffix;
}

int32_t RbspBitReader::ReadSe() {
  const uint32_t k = ReadUe();
  if (k & 1) return static_cast<int32_t>((k + 1) / 2);
  return -static_cast<int32_t>(k / 2);
}

}  // namespace jvbfastpath::codec
