#include "native/rtp/header_extensions.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "native/rtp/extension_map.h"
#include "native/rtp/rtp_extensions.h"

namespace jvbfastpath::rtp {
namespace {

std::vector<uint8_t> PacketWithExtension(uint16_t profile, std::vector<uint8_t> block,
                                         std::vector<uint8_t> payload = {0x42}) {
  std::vector<uint8_t> b = {0x90, 0x60, 0x00, 0x07, 0, 0, 0x03, 0xe8, 0x11, 0x22, 0x33, 0x44};
  b.push_back(profile >> 8);
  b.push_back(profile & 0xff);
  b.push_back(0);
  b.push_back(static_cast<uint8_t>(block.size() / 4));
  b.insert(b.end(), block.begin(), block.end());
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

std::vector<ExtensionElement> All(const RtpPacket& p, bool* malformed = nullptr) {
  std::vector<ExtensionElement> out;
  ExtensionReader reader(p);
  ExtensionElement e;
  while (reader.Next(&e)) out.push_back(e);
  if (malformed) *malformed = reader.malformed();
  return out;
}

// RFC 8285 section 4.2's example: ID 1 with 1 byte, ID 2 with 2 bytes, two padding bytes,
// ID 3 with 4 bytes, in 3 words.
TEST(HeaderExtensionsTest, Rfc8285OneByteExample) {
  const auto b = PacketWithExtension(
      0xbede, {0x10, 0xaa, 0x21, 0xbb, 0xcc, 0x00, 0x00, 0x33, 0x01, 0x02, 0x03, 0x04});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  bool malformed = true;
  const auto e = All(*p, &malformed);
  EXPECT_FALSE(malformed);
  ASSERT_EQ(3u, e.size());
  EXPECT_EQ(1, e[0].id);
  EXPECT_EQ(std::vector<uint8_t>({0xaa}), std::vector<uint8_t>(e[0].data.begin(), e[0].data.end()));
  EXPECT_EQ(2, e[1].id);
  EXPECT_EQ(std::vector<uint8_t>({0xbb, 0xcc}),
            std::vector<uint8_t>(e[1].data.begin(), e[1].data.end()));
  EXPECT_EQ(3, e[2].id);
  EXPECT_EQ(std::vector<uint8_t>({1, 2, 3, 4}),
            std::vector<uint8_t>(e[2].data.begin(), e[2].data.end()));
  // Data views point into the packet at the right offsets.
  EXPECT_EQ(b.data() + 17, e[0].data.data());
  EXPECT_EQ(b.data() + 24, e[2].data.data());
  EXPECT_EQ(0x42, p->payload()[0]);
}

// RFC 8285 section 4.3's example: ID 1 with no data, ID 2 with 1 byte, one padding byte,
// ID 3 with 4 bytes.
TEST(HeaderExtensionsTest, Rfc8285TwoByteExample) {
  const auto b = PacketWithExtension(
      0x1000, {0x01, 0x00, 0x02, 0x01, 0xbb, 0x00, 0x03, 0x04, 0x01, 0x02, 0x03, 0x04});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  const auto e = All(*p);
  ASSERT_EQ(3u, e.size());
  EXPECT_EQ(1, e[0].id);
  EXPECT_TRUE(e[0].data.empty());
  EXPECT_EQ(2, e[1].id);
  ASSERT_EQ(1u, e[1].data.size());
  EXPECT_EQ(0xbb, e[1].data[0]);
  EXPECT_EQ(3, e[2].id);
  EXPECT_EQ(4u, e[2].data.size());
  EXPECT_EQ(0x04, e[2].data[3]);
}

TEST(HeaderExtensionsTest, TwoByteFormAcceptsAppBitsAndLargeIds) {
  const auto b = PacketWithExtension(0x100f, {0xf0, 0x02, 0xab, 0xcd});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  const auto data = FindExtension(*p, 0xf0);
  ASSERT_EQ(2u, data.size());
  EXPECT_EQ(0xab, data[0]);
}

TEST(HeaderExtensionsTest, ReservedId15StopsOneBYteParsing) {
  const auto b = PacketWithExtension(0xbede, {0x10, 0xaa, 0xf3, 0x20, 0x01, 0x02, 0x03, 0x00});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  bool malformed = true;
  const auto e = All(*p, &malformed);
  ASSERT_EQ(1u, e.size());
  EXPECT_EQ(1, e[0].id);
  EXPECT_FALSE(malformed);
  EXPECT_TRUE(FindExtension(*p, 2).empty());
}

TEST(HeaderExtensionsTest, ElementPastTheBlockIsMalformedButEarlierOnesStay) {
  // ID 1 (1 byte), then ID 2 announcing 16 bytes in a 4-byte block.
  const auto b = PacketWithExtension(0xbede, {0x10, 0xaa, 0x2f, 0x00});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  bool malformed = false;
  const auto e = All(*p, &malformed);
  ASSERT_EQ(1u, e.size());
  EXPECT_TRUE(malformed);
  // Two-byte form: the length byte itself missing, then a length past the end.
  const auto two = PacketWithExtension(0x1000, {0x00, 0x00, 0x00, 0x05});
  const auto p2 = ParseRtp(two);
  ASSERT_TRUE(p2.ok());
  All(*p2, &malformed);
  EXPECT_TRUE(malformed);
  const auto two_b = PacketWithExtension(0x1000, {0x00, 0x00, 0x07, 0x05});
  const auto p3 = ParseRtp(two_b);
  ASSERT_TRUE(p3.ok());
  All(*p3, &malformed);
  EXPECT_TRUE(malformed);
}

TEST(HeaderExtensionsTest, OtherProfilesAndNoExtensionHaveNoElements) {
  const auto b = PacketWithExtension(0x1234, {0x10, 0xaa, 0x00, 0x00});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(All(*p).empty());
  const std::vector<uint8_t> plain = {0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x10, 0xaa};
  const auto q = ParseRtp(plain);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(All(*q).empty());
  EXPECT_TRUE(FindExtension(*q, 1).empty());
}

TEST(ExtensionMapTest, MapsSdpUrisBothWays) {
  ExtensionMap map;
  EXPECT_TRUE(map.Register(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
  EXPECT_TRUE(map.Register(
      5, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
  EXPECT_TRUE(map.Register(3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
  EXPECT_TRUE(map.Register(4, "urn:ietf:params:rtp-hdrext:sdes:mid"));
  EXPECT_TRUE(map.Register(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
  EXPECT_TRUE(map.Register(11, "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));
  EXPECT_TRUE(map.Register(12, "urn:example:not-known"));
  EXPECT_FALSE(map.Register(0, "urn:ietf:params:rtp-hdrext:toffset"));
  EXPECT_EQ(ExtensionType::kAudioLevel, map.TypeOf(1));
  EXPECT_EQ(ExtensionType::kTransportSequenceNumber, map.TypeOf(5));
  EXPECT_EQ(ExtensionType::kRepairedRtpStreamId, map.TypeOf(11));
  EXPECT_EQ(ExtensionType::kUnknown, map.TypeOf(12));
  EXPECT_EQ(ExtensionType::kUnknown, map.TypeOf(2));
  EXPECT_EQ(5, map.IdOf(ExtensionType::kTransportSequenceNumber));
  EXPECT_EQ(ExtensionMap::kNoId, map.IdOf(ExtensionType::kDependencyDescriptor));
  // Renegotiation moves transport-cc to ID 7: ID 5 is free again.
  EXPECT_TRUE(map.Register(7, ExtensionType::kTransportSequenceNumber));
  EXPECT_EQ(7, map.IdOf(ExtensionType::kTransportSequenceNumber));
  EXPECT_EQ(ExtensionType::kUnknown, map.TypeOf(5));
  // Reusing ID 1 for another type unmaps audio level.
  EXPECT_TRUE(map.Register(1, ExtensionType::kMid));
  EXPECT_EQ(ExtensionMap::kNoId, map.IdOf(ExtensionType::kAudioLevel));
  EXPECT_EQ(1, map.IdOf(ExtensionType::kMid));
  EXPECT_EQ(ExtensionType::kUnknown, map.TypeOf(4));
  map.Clear();
  EXPECT_EQ(ExtensionMap::kNoId, map.IdOf(ExtensionType::kMid));
  EXPECT_EQ("transport-cc", ExtensionTypeName(ExtensionType::kTransportSequenceNumber));
}

TEST(TypedExtensionsTest, ReadsEachKnownExtension) {
  ExtensionMap map;
  map.Register(1, ExtensionType::kAudioLevel);
  map.Register(2, ExtensionType::kTransportSequenceNumber);
  map.Register(3, ExtensionType::kAbsSendTime);
  map.Register(4, ExtensionType::kMid);
  map.Register(5, ExtensionType::kRtpStreamId);
  map.Register(6, ExtensionType::kRepairedRtpStreamId);
  // audio level: V=1, level 42 (0xaa); tcc seq 0x0102; abs-send-time 0x123456; mid "0";
  // rid "hi" padded with a NUL; rrid "lo".
  const auto b = PacketWithExtension(
      0xbede, {0x10, 0xaa, 0x21, 0x01, 0x02, 0x32, 0x12, 0x34, 0x56, 0x40, '0', 0x51, 'h', 'i',
               0x61, 'l', 'o', 0x00, 0x00, 0x00});
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  const auto level = GetExtension<AudioLevelExtension>(*p, map);
  ASSERT_TRUE(level.has_value());
  EXPECT_EQ(42, level->level);
  EXPECT_TRUE(level->voice);
  EXPECT_EQ(0x0102, GetExtension<TransportSequenceNumberExtension>(*p, map).value());
  EXPECT_EQ(0x123456u, GetExtension<AbsSendTimeExtension>(*p, map).value());
  EXPECT_EQ("0", GetExtension<MidExtension>(*p, map).value());
  EXPECT_EQ("hi", GetExtension<RtpStreamIdExtension>(*p, map).value());
  EXPECT_EQ("lo", GetExtension<RepairedRtpStreamIdExtension>(*p, map).value());

  ExtensionMap other;  // nothing negotiated: nothing found
  EXPECT_FALSE(GetExtension<AudioLevelExtension>(*p, other).has_value());
}

TEST(TypedExtensionsTest, Rfc6464LevelWithoutVoice) {
  const uint8_t silent[] = {0x7f};
  const auto v = AudioLevelExtension::Parse(silent);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(127, v->level);
  EXPECT_FALSE(v->voice);
  EXPECT_FALSE(AudioLevelExtension::Parse({}).has_value());
  const uint8_t one[] = {0x01};
  EXPECT_FALSE(TransportSequenceNumberExtension::Parse(one).has_value());
  const uint8_t two[] = {0x01, 0x02};
  EXPECT_FALSE(AbsSendTimeExtension::Parse(two).has_value());
  const uint8_t nul[] = {0x00};
  EXPECT_FALSE(MidExtension::Parse(nul).has_value());
}

TEST(TypedExtensionsTest, SetExtensionRewritesOnlyItsBytes) {
  ExtensionMap map;
  map.Register(2, ExtensionType::kTransportSequenceNumber);
  map.Register(1, ExtensionType::kAudioLevel);
  auto b = PacketWithExtension(0xbede, {0x10, 0xaa, 0x21, 0x01, 0x02, 0x00, 0x00, 0x00});
  const auto original = b;
  const auto p = ParseRtp(b);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(SetExtension<TransportSequenceNumberExtension>(b, *p, map, 0xbeef));
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 19) {
      EXPECT_EQ(0xbe, b[i]);
    } else if (i == 20) {
      EXPECT_EQ(0xef, b[i]);
    } else {
      EXPECT_EQ(original[i], b[i]) << i;
    }
  }
  ASSERT_TRUE(SetExtension<AudioLevelExtension>(b, *p, map, {10, false}));
  EXPECT_EQ(0x0a, b[17]);
  ExtensionMap none;
  EXPECT_FALSE(SetExtension<TransportSequenceNumberExtension>(b, *p, none, 1));
}

}  // namespace
}  // namespace jvbfastpath::rtp
