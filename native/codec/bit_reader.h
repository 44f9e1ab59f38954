// Bit reader over an H.264 RBSP that is still in NAL form: emulation prevention bytes
// (0x03 after two 0x00, ITU-T H.264 section 7.4.1) are skipped as they are met, so no
// copy of the unescaped bytes is made. Reads fixed-width fields and exp-Golomb codes
// (section 9.1).
//
// Contract: never reads past the span. A read past the end (or an exp-Golomb code longer
// than 32 bits) sets failed() and returns 0; later reads keep returning 0. Callers check
// failed() once after a run of reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jvbfastpath::codec {

class RbspBitReader {
 public:
  explicit RbspBitReader(std::span<const uint8_t> nal_bytes) : bytes_(nal_bytes) {}

  uint32_t ReadBits(int count);  // count 0..32
  bool ReadFlag() { return ReadBits(1) != 0; }
  uint32_t ReadUe();             // ue(v)
  int32_t ReadSe();              // se(v)
  bool failed() const { return failed_; }

 private:
  int ReadBit();

  std::span<const uint8_t> bytes_;
  size_t byte_ = 0;
  int bit_ = 0;           // next bit in bytes_[byte_], 0 = most significant
  int zeros_ = 0;         // consecutive 0x00 bytes before byte_
  bool byte_checked_ = false;
  bool failed_ = false;
};

}  // namespace jvbfastpath::codec
