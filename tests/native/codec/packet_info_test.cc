#include "native/codec/packet_info.h"

#include <gtest/gtest.h>

#include <vector>

namespace jvbfastpath::codec {
namespace {

using Bytes = std::vector<uint8_t>;

// RTP header (PT given, marker given, seq 0x0102, ts 0x03040506, SSRC 0x0a0b0c0d) with a
// one-byte extension block: audio level (ID 1, V=1 level 30) and transport-cc (ID 3, 0x0777).
Bytes Packet(uint8_t pt, bool marker, const Bytes& payload) {
  Bytes b = {0x90, static_cast<uint8_t>((marker ? 0x80 : 0) | pt), 0x01, 0x02, 0x03, 0x04,
             0x05, 0x06, 0x0a, 0x0b, 0x0c, 0x0d, 0xbe, 0xde, 0x00, 0x02,
             0x10, 0x9e, 0x31, 0x07, 0x77, 0x00, 0x00, 0x00};
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

struct Maps {
  rtp::ExtensionMap ext;
  PayloadTypeMap pt;
  Maps() {
    ext.Register(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    ext.Register(3, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
    pt.Set(96, "VP8");
    pt.Set(98, "VP9");
    pt.Set(102, "H264");
    pt.Set(45, "AV1");
    pt.Set(111, "opus");
  }
};

TEST(PacketInfoTest, Vp8KeyframeWithEverything) {
  Maps m;
  // Descriptor: X S, I L T, 15-bit picture id 0x1234, TL0PICIDX 5, TID 0; libvpx key frame.
  const Bytes payload = {0x90, 0xe0, 0x92, 0x34, 0x05, 0x00, 0xb0, 0x5a, 0x00,
                         0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00, 0x11};
  const Bytes b = Packet(96, true, payload);
  PacketInfo info;
  ASSERT_EQ(PacketError::kOk, ParsePacket(b, m.ext, m.pt, &info));
  EXPECT_EQ(0x0a0b0c0du, info.ssrc);
  EXPECT_EQ(0x0102, info.sequence_number);
  EXPECT_EQ(0x03040506u, info.timestamp);
  EXPECT_EQ(96, info.payload_type);
  EXPECT_EQ(static_cast<uint8_t>(Codec::kVp8), info.codec);
  EXPECT_EQ(1, info.keyframe);
  EXPECT_EQ(1, info.frame_start);
  EXPECT_EQ(1, info.frame_end);
  EXPECT_EQ(-1, info.spatial_id);
  EXPECT_EQ(0, info.temporal_id);
  EXPECT_EQ(0x1234, info.picture_id);
  EXPECT_EQ(15, info.picture_id_bits);
  EXPECT_EQ(5, info.tl0picidx);
  EXPECT_EQ(320, info.width);
  EXPECT_EQ(240, info.height);
  EXPECT_EQ(30, info.audio_level);
  EXPECT_EQ(1, info.voice);
  EXPECT_EQ(0x0777, info.tcc_seq);
  EXPECT_EQ(24u, info.payload_offset);
  EXPECT_EQ(payload.size(), info.payload_length);
  EXPECT_EQ(19u, info.tcc_seq_offset);
  EXPECT_EQ(26u, info.picture_id_offset);
  EXPECT_EQ(28u, info.tl0picidx_offset);
}

TEST(PacketInfoTest, Vp9LayerAndResolution) {
  Maps m;
  // Non-flexible, SID 1 TID 0, TL0PICIDX 9, SS with 2 layers 640x360, 1280x720.
  const Bytes payload = {0xae, 0x05, 0x02, 0x09, 0x30, 0x02, 0x80, 0x01, 0x68,
                         0x05, 0x00, 0x02, 0xd0, 0x82};
  PacketInfo info;
  ASSERT_EQ(PacketError::kOk, ParsePacket(Packet(98, false, payload), m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(Codec::kVp9), info.codec);
  EXPECT_EQ(1, info.spatial_id);
  EXPECT_EQ(0, info.temporal_id);
  EXPECT_EQ(0, info.keyframe);  // an upper spatial layer
  EXPECT_EQ(1, info.frame_start);
  EXPECT_EQ(1, info.frame_end);
  EXPECT_EQ(5, info.picture_id);
  EXPECT_EQ(7, info.picture_id_bits);
  EXPECT_EQ(9, info.tl0picidx);
  EXPECT_EQ(1280, info.width);
  EXPECT_EQ(720, info.height);
}

TEST(PacketInfoTest, H264AndAv1AndOpus) {
  Maps m;
  PacketInfo info;
  ASSERT_EQ(PacketError::kOk,
            ParsePacket(Packet(102, false, {0x7c, 0x85, 0x88, 0x84}), m.ext, m.pt, &info));
  EXPECT_EQ(1, info.keyframe);
  EXPECT_EQ(1, info.frame_start);
  EXPECT_EQ(0, info.frame_end);
  EXPECT_EQ(-1, info.picture_id);
  EXPECT_EQ(0u, info.picture_id_offset);

  ASSERT_EQ(PacketError::kOk,
            ParsePacket(Packet(45, true, {0x18, 0x0a, 0x0b}), m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(Codec::kAv1), info.codec);
  EXPECT_EQ(1, info.keyframe);
  EXPECT_EQ(1, info.frame_end);

  ASSERT_EQ(PacketError::kOk, ParsePacket(Packet(111, false, {0x78, 0x01}), m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(Codec::kOpus), info.codec);
  EXPECT_EQ(-1, info.keyframe);
  EXPECT_EQ(30, info.audio_level);

  // Unknown payload type: RTP fields only.
  ASSERT_EQ(PacketError::kOk, ParsePacket(Packet(100, false, {0x01}), m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(Codec::kUnknown), info.codec);
  EXPECT_EQ(-1, info.frame_start);
}

// A first packet whose VP8 frame header cannot be read (all of the frame encrypted, as with
// SFrame: docs/e2ee.md) still forwards: the descriptor is kept, keyframe and size unknown.
TEST(PacketInfoTest, Vp8UnreadableFrameHeaderKeepsTheDescriptor) {
  Maps m;
  // Descriptor as above; then a "key frame" tag (P bit 0) without the 9d 01 2a start code.
  const Bytes payload = {0x90, 0xe0, 0x92, 0x34, 0x05, 0x00, 0xb0, 0x5a, 0x00,
                         0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  PacketInfo info;
  ASSERT_EQ(PacketError::kOk, ParsePacket(Packet(96, true, payload), m.ext, m.pt, &info));
  EXPECT_EQ(-1, info.keyframe);
  EXPECT_EQ(0, info.width);
  EXPECT_EQ(0x1234, info.picture_id);
  EXPECT_EQ(5, info.tl0picidx);
  EXPECT_EQ(1, info.frame_start);
}

TEST(PacketInfoTest, ErrorsKeepWhatIsKnown) {
  Maps m;
  PacketInfo info;
  const Bytes short_rtp = {0x80, 0x60, 0x00};
  EXPECT_EQ(PacketError::kRtpInvalid, ParsePacket(short_rtp, m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(rtp::RtpError::kTooShort), info.rtp_error);
  // VP8 descriptor cut after its X byte: codec invalid, RTP and extensions kept.
  EXPECT_EQ(PacketError::kCodecInvalid,
            ParsePacket(Packet(96, false, {0x90, 0x80}), m.ext, m.pt, &info));
  EXPECT_EQ(static_cast<uint8_t>(CodecError::kDescriptorPastEnd), info.codec_error);
  EXPECT_EQ(0x0102, info.sequence_number);
  EXPECT_EQ(0x0777, info.tcc_seq);
  EXPECT_EQ(-1, info.picture_id);
  EXPECT_EQ(-1, info.keyframe);
  EXPECT_EQ("codec_invalid", PacketErrorName(PacketError::kCodecInvalid));
}

TEST(PacketInfoTest, EveryTruncationIsSafe) {
  Maps m;
  const Bytes payload = {0xae, 0x05, 0x02, 0x09, 0x30, 0x02, 0x80, 0x01, 0x68,
                         0x05, 0x00, 0x02, 0xd0, 0x82};
  for (uint8_t pt : {96, 98, 102, 45, 111}) {
    const Bytes b = Packet(pt, false, payload);
    for (size_t len = 0; len <= b.size(); ++len) {
      PacketInfo info;
      ParsePacket(std::span(b.data(), len), m.ext, m.pt, &info);
      if (len < 24) {
        EXPECT_EQ(-1, info.tcc_seq);
      }
    }
  }
}

}  // namespace
}  // namespace jvbfastpath::codec
