// RbspBitReader: fixed-width fields, exp-Golomb codes (H.264 section 9.1), emulation
// prevention bytes skipped as met (section 7.4.1), and failure past the end.
#include "native/codec/bit_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace jvbfastpath::codec {
namespace {

TEST(RbspBitReaderTest, FixedWidthFieldsMostSignificantBitFirst) {
  const std::vector<uint8_t> bytes = {0xA5, 0x0F, 0xFF, 0x00, 0x12};  // A5: 101 0 0 101
  RbspBitReader r(bytes);
  EXPECT_EQ(0x5u, r.ReadBits(3));
  EXPECT_FALSE(r.ReadFlag());
  EXPECT_FALSE(r.ReadFlag());
  EXPECT_EQ(0u, r.ReadBits(0));
  EXPECT_EQ(0x5u, r.ReadBits(3));
  EXPECT_EQ(0x0FFF0012u, r.ReadBits(32));
  EXPECT_FALSE(r.failed());
}

TEST(RbspBitReaderTest, ExpGolombCodes) {
  // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6; se of 1, 2, 3, 4: 1, -1, 2, -2.
  // Bits: 1 010 011 00100 00111 | 010 011 00100 00101 + padding
  const std::vector<uint8_t> bytes = {0b10100110, 0b01000011, 0b10100110, 0b01000010,
                                      0b10000000};
  RbspBitReader r(bytes);
  EXPECT_EQ(0u, r.ReadUe());
  EXPECT_EQ(1u, r.ReadUe());
  EXPECT_EQ(2u, r.ReadUe());
  EXPECT_EQ(3u, r.ReadUe());
  EXPECT_EQ(6u, r.ReadUe());
  EXPECT_EQ(1, r.ReadSe());
  EXPECT_EQ(-1, r.ReadSe());
  EXPECT_EQ(2, r.ReadSe());
  EXPECT_EQ(-2, r.ReadSe());
  EXPECT_FALSE(r.failed());
}

TEST(RbspBitReaderTest, SkipsEmulationPreventionBytes) {
  // 00 00 03 01: the 03 is not data; the reader sees 00 00 01.
  const std::vector<uint8_t> bytes = {0x00, 0x00, 0x03, 0x01};
  RbspBitReader r(bytes);
  EXPECT_EQ(0x000001u, r.ReadBits(24));
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(0u, r.ReadBits(1));
  EXPECT_TRUE(r.failed());
  // 03 not after two zeros is data.
  const std::vector<uint8_t> plain = {0x00, 0x03, 0x00};
  RbspBitReader p(plain);
  EXPECT_EQ(0x000300u, p.ReadBits(24));
  EXPECT_FALSE(p.failed());
}

TEST(RbspBitReaderTest, AReadPastTheEndFailsAndKeepsReturningZero) {
  const std::vector<uint8_t> bytes = {0xFF};
  RbspBitReader r(bytes);
  EXPECT_EQ(0u, r.ReadBits(9));
  EXPECT_TRUE(r.failed());
  EXPECT_EQ(0u, r.ReadBits(1));
  EXPECT_EQ(0u, r.ReadUe());
  EXPECT_TRUE(r.failed());
}

TEST(RbspBitReaderTest, AnExpGolombCodeLongerThan32BitsFails) {
  const std::vector<uint8_t> zeros(8, 0x00);  // no emulation bytes: the reader has 64 zeros
  RbspBitReader r(zeros);
  EXPECT_EQ(0u, r.ReadUe());
  EXPECT_TRUE(r.failed());
  RbspBitReader empty({});
  EXPECT_EQ(0u, empty.ReadUe());
  EXPECT_TRUE(empty.failed());
}

}  // namespace
}  // namespace jvbfastpath::codec
