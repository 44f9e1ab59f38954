#include "native/rtp/rtp_packet.h"

#include <gtest/gtest.h>

#include <vector>

namespace jvbfastpath::rtp {
namespace {

// V=2 P=1 X=1 CC=2, M=1 PT=111, seq 0x1234, ts 0x11223344, SSRC 0xdeadbeef,
// CSRCs 1 and 2, extension profile 0xBEDE with one word, 3 payload bytes, 2 padding bytes.
// The payload bytes are 0 so that no truncation ends in a plausible padding count.
const std::vector<uint8_t> kFull = {
    0xb2, 0xef, 0x12, 0x34, 0x11, 0x22, 0x33, 0x44, 0xde, 0xad, 0xbe, 0xef,  // fixed
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,                          // CSRCs
    0xbe, 0xde, 0x00, 0x01, 0x10, 0xaa, 0x00, 0x00,                          // extension
    0x00, 0x00, 0x00,                                                        // payload
    0x00, 0x02,                                                              // padding
};

TEST(RtpPacketTest, ReadsEveryHeaderField) {
  const auto p = ParseRtp(kFull);
  ASSERT_TRUE(p.ok()) << RtpErrorName(p.error());
  EXPECT_EQ(2, p->version());
  EXPECT_TRUE(p->has_padding());
  EXPECT_TRUE(p->has_extension());
  EXPECT_EQ(2, p->csrc_count());
  EXPECT_TRUE(p->marker());
  EXPECT_EQ(111, p->payload_type());
  EXPECT_EQ(0x1234, p->sequence_number());
  EXPECT_EQ(0x11223344u, p->timestamp());
  EXPECT_EQ(0xdeadbeefu, p->ssrc());
  EXPECT_EQ(1u, p->csrc(0));
  EXPECT_EQ(2u, p->csrc(1));
  EXPECT_EQ(0xbede, p->extension_profile());
  ASSERT_EQ(4u, p->extension_data().size());
  EXPECT_EQ(0x10, p->extension_data()[0]);
  EXPECT_EQ(28u, p->header_size());
  EXPECT_EQ(2u, p->padding_size());
  ASSERT_EQ(3u, p->payload().size());
  EXPECT_EQ(kFull.data() + 28, p->payload().data());
  EXPECT_EQ(kFull.size(), p->data().size());
}

TEST(RtpPacketTest, MinimalPacketHasEmptyPayload) {
  const std::vector<uint8_t> b = {0x80, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->marker());
  EXPECT_EQ(0, p->payload_type());
  EXPECT_EQ(12u, p->header_size());
  EXPECT_TRUE(p->payload().empty());
  EXPECT_TRUE(p->extension_data().empty());
  EXPECT_EQ(0, p->extension_profile());
}

TEST(RtpPacketTest, EveryTruncationIsRejectedWithItsReason) {
  for (size_t len = 0; len < kFull.size(); ++len) {
    const auto p = ParseRtp(std::span(kFull.data(), len));
    ASSERT_FALSE(p.ok()) << len;
    if (len < 12) {
      EXPECT_EQ(RtpError::kTooShort, p.error()) << len;
    } else if (len < 20) {
      EXPECT_EQ(RtpError::kCsrcPastEnd, p.error()) << len;
    } else if (len < 24) {
      EXPECT_EQ(RtpError::kExtensionHeaderPastEnd, p.error()) << len;
    } else if (len < 28) {
      EXPECT_EQ(RtpError::kExtensionPastEnd, p.error()) << len;
    } else {
      // The last byte read as a padding count: 0 or more than the bytes after the header.
      EXPECT_TRUE(p.error() == RtpError::kPaddingInvalid ||
                  p.error() == RtpError::kPaddingPastEnd)
          << len << " " << RtpErrorName(p.error());
    }
  }
}

TEST(RtpPacketTest, WrongVersionIsRejected) {
  for (uint8_t v : {0x00, 0x40, 0xc0}) {
    std::vector<uint8_t> b(12, 0);
    b[0] = v;
    EXPECT_EQ(RtpError::kBadVersion, ParseRtp(b).error()) << int(v);
  }
}

TEST(RtpPacketTest, CsrcCountPastEnd) {
  std::vector<uint8_t> b(12 + 14 * 4, 0);
  b[0] = 0x8f;  // 15 CSRCs, room for 14
  EXPECT_EQ(RtpError::kCsrcPastEnd, ParseRtp(b).error());
  b.resize(12 + 15 * 4);
  EXPECT_TRUE(ParseRtp(b).ok());
}

TEST(RtpPacketTest, ExtensionLengthPastEnd) {
  std::vector<uint8_t> b = {0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde, 0xff, 0xff, 0, 0, 0, 0};
  EXPECT_EQ(RtpError::kExtensionPastEnd, ParseRtp(b).error());
  b[14] = 0;
  b[15] = 2;  // 8 bytes announced, 4 there
  EXPECT_EQ(RtpError::kExtensionPastEnd, ParseRtp(b).error());
  b[15] = 1;
  EXPECT_TRUE(ParseRtp(b).ok());
}

TEST(RtpPacketTest, PaddingLongerThanPayloadOrZeroIsRejected) {
  std::vector<uint8_t> b = {0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xaa, 0xbb, 0x00, 0x05};
  EXPECT_EQ(RtpError::kPaddingPastEnd, ParseRtp(b).error());
  b.back() = 0;
  EXPECT_EQ(RtpError::kPaddingInvalid, ParseRtp(b).error());
  b.back() = 2;
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(2u, p->payload().size());
  EXPECT_EQ(0xaa, p->payload()[0]);
  // Padding only (P=1, no payload byte for the count).
  std::vector<uint8_t> header_only = {0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  EXPECT_EQ(RtpError::kPaddingPastEnd, ParseRtp(header_only).error());
}

TEST(RtpPacketTest, PaddingMayFillTheWholePayload) {
  const std::vector<uint8_t> b = {0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4};
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->payload().empty());
  EXPECT_EQ(4u, p->padding_size());
}

TEST(RtpPacketTest, SettersWriteOnlyTheirBytes) {
  std::vector<uint8_t> b = kFull;
  ASSERT_TRUE(SetSequenceNumber(b, 0xabcd));
  ASSERT_TRUE(SetTimestamp(b, 0x01020304));
  ASSERT_TRUE(SetSsrc(b, 0xcafebabe));
  ASSERT_TRUE(SetMarker(b, false));
  ASSERT_TRUE(SetPayloadType(b, 96));
  const std::vector<uint8_t> want_head = {0xb2, 0x60, 0xab, 0xcd, 0x01, 0x02,
                                          0x03, 0x04, 0xca, 0xfe, 0xba, 0xbe};
  EXPECT_TRUE(std::equal(want_head.begin(), want_head.end(), b.begin()));
  EXPECT_TRUE(std::equal(kFull.begin() + 12, kFull.end(), b.begin() + 12));
  EXPECT_FALSE(SetPayloadType(b, 128));
  std::vector<uint8_t> short_packet(11, 0x80);
  EXPECT_FALSE(SetSsrc(short_packet, 1));
  EXPECT_FALSE(SetSequenceNumber(short_packet, 1));
  EXPECT_EQ(std::vector<uint8_t>(11, 0x80), short_packet);
}

TEST(RtpPacketTest, RtcpDemultiplexing) {
  EXPECT_TRUE(LooksLikeRtcp(std::vector<uint8_t>{0x80, 200}));
  EXPECT_TRUE(LooksLikeRtcp(std::vector<uint8_t>{0x81, 206}));
  EXPECT_FALSE(LooksLikeRtcp(std::vector<uint8_t>{0x80, 111}));
  EXPECT_FALSE(LooksLikeRtcp(std::vector<uint8_t>{0x80, 0xe0}));  // marker + PT 96
  EXPECT_FALSE(LooksLikeRtcp(std::vector<uint8_t>{0x80}));
}

TEST(RtpPacketTest, ErrorNamesAreDistinct) {
  EXPECT_EQ("ok", RtpErrorName(RtpError::kOk));
  EXPECT_EQ("too_short", RtpErrorName(RtpError::kTooShort));
  EXPECT_EQ("bad_version", RtpErrorName(RtpError::kBadVersion));
  EXPECT_EQ("csrc_past_end", RtpErrorName(RtpError::kCsrcPastEnd));
  EXPECT_EQ("extension_past_end", RtpErrorName(RtpError::kExtensionPastEnd));
  EXPECT_EQ("padding_invalid", RtpErrorName(RtpError::kPaddingInvalid));
}

}  // namespace
}  // namespace jvbfastpath::rtp
