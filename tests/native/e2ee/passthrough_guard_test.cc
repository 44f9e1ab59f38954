#include "native/e2ee/passthrough_guard.h"

#include <gtest/gtest.h>

#include <vector>

namespace jvbfastpath::e2ee {
namespace {

std::vector<uint8_t> Packet() {
  std::vector<uint8_t> p(12 + 6 + 500);
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i * 31);
  return p;
}

TEST(PassthroughGuardTest, HeaderAndDescriptorRewritesPassEveryOpaqueChangeIsCaught) {
  std::vector<uint8_t> p = Packet();
  const size_t opaque = 18;  // 12-byte header + 6-byte VP8 descriptor
  const OpaqueRecord record = RecordOpaque(p, opaque);
  EXPECT_EQ(500u, record.length);
  // The bridge's rewrites: SSRC, seq, timestamp, picture id, TL0PICIDX.
  for (size_t i = 2; i < opaque; ++i) p[i] ^= 0xFF;
  EXPECT_EQ(GuardResult::kIntact, VerifyOpaque(p, opaque, record));
  for (size_t i = opaque; i < p.size(); ++i) {
    p[i] ^= 1;
    ASSERT_EQ(GuardResult::kModified, VerifyOpaque(p, opaque, record)) << i;
    p[i] ^= 1;
  }
  p.pop_back();
  EXPECT_EQ(GuardResult::kLengthChanged, VerifyOpaque(p, opaque, record));
}

TEST(PassthroughGuardTest, RtxAddsTheOriginalSequenceNumberAndNothingElse) {
  const std::vector<uint8_t> original = Packet();
  const size_t opaque = 18;
  const OpaqueRecord record = RecordOpaque(original, opaque);
  // RFC 4588: header | OSN (2) | original payload (descriptor + opaque).
  std::vector<uint8_t> rtx(original.begin(), original.begin() + 12);
  rtx.push_back(0x12);
  rtx.push_back(0x34);
  rtx.insert(rtx.end(), original.begin() + 12, original.end());
  EXPECT_EQ(GuardResult::kIntact, VerifyOpaque(rtx, opaque, record, /*rtx=*/true));
  rtx.back() ^= 0x80;
  EXPECT_EQ(GuardResult::kModified, VerifyOpaque(rtx, opaque, record, true));
}

// Opaque bytes beyond the copy's capacity (jumbo packets) are kept as a digest, and every
// change is still caught.
TEST(PassthroughGuardTest, BytesBeyondTheCopyAreDigested) {
  std::vector<uint8_t> p(18 + kOpaqueCopyCapacity + 1);
  for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i * 13);
  const OpaqueRecord record = RecordOpaque(p, 18);
  EXPECT_FALSE(record.copied);
  EXPECT_EQ(GuardResult::kIntact, VerifyOpaque(p, 18, record));
  for (size_t i = 18; i < p.size(); i += 97) {
    p[i] ^= 4;
    ASSERT_EQ(GuardResult::kModified, VerifyOpaque(p, 18, record)) << i;
    p[i] ^= 4;
  }
  std::vector<uint8_t> fits(18 + kOpaqueCopyCapacity);
  EXPECT_TRUE(RecordOpaque(fits, 18).copied);
}

TEST(PassthroughGuardTest, OffsetsPastTheEndAreNotCrashes) {
  std::vector<uint8_t> p(10);
  EXPECT_EQ(0u, RecordOpaque(p, 11).length);
  EXPECT_EQ(GuardResult::kLengthChanged, VerifyOpaque(p, 11, OpaqueRecord{{11, 0, 0}}));
}

TEST(PassthroughGuardTest, PayloadEditsAreRefusedOnE2ee) {
  EXPECT_TRUE(AllowedOnE2ee(PayloadOperation::kRewriteHeaderFields));
  EXPECT_TRUE(AllowedOnE2ee(PayloadOperation::kRtxEncapsulate));
  EXPECT_TRUE(AllowedOnE2ee(PayloadOperation::kRtxDecapsulate));
  EXPECT_FALSE(AllowedOnE2ee(PayloadOperation::kStripRed));
  EXPECT_FALSE(AllowedOnE2ee(PayloadOperation::kRepacketize));
  EXPECT_FALSE(AllowedOnE2ee(PayloadOperation::kEditPayload));
  EXPECT_EQ("strip_red", PayloadOperationName(PayloadOperation::kStripRed));
}

}  // namespace
}  // namespace jvbfastpath::e2ee
