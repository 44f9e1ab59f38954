// AV1 Dependency Descriptor frame numbers through ParsePacket and StreamRewriter: read from
// the negotiated extension, rewritten in place (only its 2 bytes), continuous across a
// switch between two senders' streams.
#include <gtest/gtest.h>

#include <vector>

#include "native/codec/packet_info.h"
#include "native/rewrite/stream_rewriter.h"
#include "native/rtp/extension_map.h"

namespace jvbfastpath::rewrite {
namespace {

constexpr uint8_t kDdId = 7;
constexpr uint8_t kAv1Pt = 45;

// RTP with a one-byte extension block holding a 3-byte DD (S E template id | frame number),
// then an AV1 aggregation header and some OBU bytes.
std::vector<uint8_t> Av1Packet(uint32_t ssrc, uint16_t seq, uint16_t frame_number, bool start,
                               bool end) {
  std::vector<uint8_t> p = {0x90, static_cast<uint8_t>((end ? 0x80 : 0) | kAv1Pt),
                            static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                            0, 0, 0x10, 0,
                            static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
                            static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc),
                            0xBE, 0xDE, 0x00, 0x01,
                            static_cast<uint8_t>((kDdId << 4) | 2),  // 3 bytes of data
                            static_cast<uint8_t>((start ? 0x80 : 0) | (end ? 0x40 : 0) | 0x01),
                            static_cast<uint8_t>(frame_number >> 8),
                            static_cast<uint8_t>(frame_number),
                            0x10,  // aggregation header: W=1
                            0x30, 0x01, 0x02, 0x03};
  return p;
}

codec::PacketInfo Parse(const std::vector<uint8_t>& p) {
  rtp::ExtensionMap extensions;
  extensions.Register(kDdId, rtp::ExtensionType::kDependencyDescriptor);
  codec::PayloadTypeMap types;
  types.Set(kAv1Pt, codec::Codec::kAv1);
  codec::PacketInfo info;
  EXPECT_EQ(codec::PacketError::kOk, codec::ParsePacket(p, extensions, types, &info));
  return info;
}

TEST(Av1FrameNumberTest, ParsePacketReadsTheDescriptorsMandatoryFields) {
  const auto info = Parse(Av1Packet(1, 10, 0x1234, true, false));
  EXPECT_EQ(0x1234, info.av1_frame_number);
  EXPECT_EQ(17u, info.av1_dd_offset);  // after the 1-byte element header at 16
  EXPECT_EQ(1, info.frame_start);
  EXPECT_EQ(0, info.frame_end);
  EXPECT_EQ(1u, info.descriptor_length);  // the aggregation header
}

TEST(Av1FrameNumberTest, FrameNumbersContinueAcrossASwitchAndOnlyTheirBytesChange) {
  StreamRewriter rewriter(StreamRewriteConfig{0xCAFE, 90000, true});
  // Sender A's frames 100..102, then sender B's frames 7000.. (a simulcast switch).
  std::vector<uint16_t> out;
  for (uint16_t f = 100; f < 103; ++f) {
    auto p = Av1Packet(0xA, static_cast<uint16_t>(f), f, true, true);
    const auto before = p;
    ASSERT_TRUE(rewriter.Rewrite(p, Parse(p), 0));
    out.push_back(static_cast<uint16_t>((p[18] << 8) | p[19]));
    // Only SSRC (8-11), seq (2-3), timestamp (4-7) and the frame number (18-19) may change.
    for (size_t i = 0; i < p.size(); ++i) {
      if ((i >= 2 && i <= 11) || i == 18 || i == 19) continue;
      EXPECT_EQ(before[i], p[i]) << i;
    }
  }
  for (uint16_t f = 7000; f < 7003; ++f) {
    auto p = Av1Packet(0xB, static_cast<uint16_t>(f), f, true, true);
    ASSERT_TRUE(rewriter.Rewrite(p, Parse(p), 40));
    out.push_back(static_cast<uint16_t>((p[18] << 8) | p[19]));
  }
  EXPECT_EQ((std::vector<uint16_t>{100, 101, 102, 103, 104, 105}), out);
}

}  // namespace
}  // namespace jvbfastpath::rewrite
