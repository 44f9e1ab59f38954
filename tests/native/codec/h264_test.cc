#include "native/codec/h264.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "native/codec/bit_reader.h"
#include "native/codec/h264_access_unit.h"
#include "native/codec/h264_sps.h"
#include "native/codec/packet_info.h"
#include "tests/native/common/hex.h"

namespace jvbfastpath::codec {
namespace {

using Bytes = std::vector<uint8_t>;

using jvbfastpath::testing::Hex;

// SPS NAL units written by libx264 (Debian's ffmpeg 5.1), each from
//   ffmpeg -f lavfi -i testsrc=size=WxH:rate=R -frames:v 1 -c:v libx264 OPTIONS -f h264 out.h264
// The expected sizes are the WxH given to the encoder.
struct SpsCase {
  const char* what;
  const char* hex;
  uint8_t profile;
  uint32_t width;
  uint32_t height;
};
const SpsCase kSps[] = {
    // -profile:v high -pix_fmt yuv420p, 1920x1080: 1088 coded rows cropped by 8, and
    // emulation prevention bytes (00 00 03).
    {"1080p high", "67640028acd940780227e5c044000003000400000300f03c60c658", 100, 1920, 1080},
    // -profile:v baseline -pix_fmt yuv420p, 640x360: 368 rows cropped by 8.
    {"360p baseline", "6742c01ed900a02ff970110000030001000003003c0f162e48", 66, 640, 360},
    // -profile:v main -pix_fmt yuv420p, 1280x720: no cropping.
    {"720p main", "674d401feca02802dd8088000003000800000301e078c18cb0", 77, 1280, 720},
    // -pix_fmt yuv420p -flags +ildct+ilme -x264-params interlaced=1, 720x576 at 25:
    // frame_mbs_only_flag = 0 (field pairs).
    {"576i", "6764001eacd940b424d8088000000300800000190f8a14cb", 100, 720, 576},
    // -pix_fmt yuv420p -x264-params cqm=jvt, 1280x720: scaling matrices present.
    {"720p cqm", "6764001facd9405005bb011000000300100000030320f1831960", 100, 1280, 720},
    // -pix_fmt yuv422p, 1366x768: High 4:2:2, chroma_format_idc 2, cropped width.
    {"768p 422", "677a0020bcd94056061e6f011000000300100000030320f1831960", 122, 1366, 768},
    // -pix_fmt yuv444p, 1280x720: High 4:4:4 Predictive, chroma_format_idc 3.
    {"720p 444", "67f4001f919b280a00b76022000003000200000300781e30632c", 244, 1280, 720},
};

TEST(H264SpsTest, SizesOfRealEncoderOutput) {
  for (const SpsCase& c : kSps) {
    const Bytes nal = Hex(c.hex);
    const auto sps = ParseH264Sps(nal);
    ASSERT_TRUE(sps.ok()) << c.what << " " << CodecErrorName(sps.error());
    EXPECT_EQ(c.profile, sps->profile_idc) << c.what;
    EXPECT_EQ(c.width, sps->width) << c.what;
    EXPECT_EQ(c.height, sps->height) << c.what;
  }
}

TEST(H264SpsTest, TruncatedSpsNeverParsesPastItsEnd) {
  for (const SpsCase& c : kSps) {
    const Bytes nal = Hex(c.hex);
    for (size_t len = 0; len < 8 && len < nal.size(); ++len) {
      EXPECT_EQ(CodecError::kSpsInvalid, ParseH264Sps(std::span(nal.data(), len)).error())
          << c.what << " " << len;
    }
    for (size_t len = 0; len <= nal.size(); ++len) ParseH264Sps(std::span(nal.data(), len));
  }
  const Bytes pps = {0x68, 0xeb, 0xe3, 0xcb};
  EXPECT_EQ(CodecError::kSpsInvalid, ParseH264Sps(pps).error());
}

TEST(BitReaderTest, ExpGolombAndEmulationPrevention) {
  // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3, 4; then 00110 (codeNum 5) as se(v)
  // is +3 (H.264 Table 9-3: 1 -> 1, 2 -> -1, 3 -> 2, 4 -> -2, 5 -> 3).
  // bits: 1010 0110 0100 0010 1001 10.. -> a6 42 98
  const Bytes b = {0xa6, 0x42, 0x98};
  RbspBitReader r(b);
  EXPECT_EQ(0u, r.ReadUe());
  EXPECT_EQ(1u, r.ReadUe());
  EXPECT_EQ(2u, r.ReadUe());
  EXPECT_EQ(3u, r.ReadUe());
  EXPECT_EQ(4u, r.ReadUe());
  EXPECT_EQ(3, r.ReadSe());
  EXPECT_FALSE(r.failed());
}

TEST(BitReaderTest, SkipsEmulationPreventionBytes) {
  const Bytes b = {0x00, 0x00, 0x03, 0x01, 0xff};
  RbspBitReader r(b);
  EXPECT_EQ(0u, r.ReadBits(16));
  EXPECT_EQ(0x01u, r.ReadBits(8));  // the 0x03 is skipped
  EXPECT_EQ(0xffu, r.ReadBits(8));
  EXPECT_FALSE(r.failed());
  EXPECT_EQ(0u, r.ReadBits(1));
  EXPECT_TRUE(r.failed());
  // All zeros: an exp-Golomb code that never ends fails instead of looping.
  const Bytes zeros(8, 0x00);
  RbspBitReader z(zeros);
  EXPECT_EQ(0u, z.ReadUe());
  EXPECT_TRUE(z.failed());
}

TEST(H264PayloadTest, SingleNalIdrIsAKeyframeStart) {
  const Bytes idr = {0x65, 0x88, 0x84, 0x00};
  const auto h = ParseH264Payload(idr);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(5, h->packetization);
  EXPECT_TRUE(h->keyframe);
  EXPECT_TRUE(h->frame_start);
  EXPECT_EQ(0u, h->width);
  // A non-IDR slice whose first_mb_in_slice is not 0 (first bit 0).
  const Bytes mid = {0x41, 0x5a, 0x00};
  const auto m = ParseH264Payload(mid);
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->keyframe);
  EXPECT_FALSE(m->frame_start);
}

TEST(H264PayloadTest, StapAWithSpsPpsIdr) {
  const Bytes sps = Hex(kSps[0].hex);
  Bytes stap = {0x78, 0x00, static_cast<uint8_t>(sps.size())};
  stap.insert(stap.end(), sps.begin(), sps.end());
  const Bytes rest = {0x00, 0x04, 0x68, 0xeb, 0xe3, 0xcb, 0x00, 0x03, 0x65, 0x88, 0x84};
  stap.insert(stap.end(), rest.begin(), rest.end());
  const auto h = ParseH264Payload(stap);
  ASSERT_TRUE(h.ok()) << CodecErrorName(h.error());
  EXPECT_EQ(24, h->packetization);
  EXPECT_EQ(3, h->nal_count);
  EXPECT_TRUE(h->has_sps);
  EXPECT_TRUE(h->has_pps);
  EXPECT_TRUE(h->keyframe);
  EXPECT_TRUE(h->frame_start);
  EXPECT_EQ(1920u, h->width);
  EXPECT_EQ(1080u, h->height);
  EXPECT_EQ(100, h->profile_idc);
  // Every truncation: either an error or (cut exactly between NAL units) fewer NALs;
  // never a read past the end (ASan).
  for (size_t len = 0; len < stap.size(); ++len) {
    const auto t = ParseH264Payload(std::span(stap.data(), len));
    if (t.ok()) {
      EXPECT_LT(t->nal_count, 3) << len;
    }
  }
}

TEST(H264PayloadTest, StapAThatLies) {
  EXPECT_EQ(CodecError::kNalPastEnd, ParseH264Payload(Bytes{0x78}).error());
  EXPECT_EQ(CodecError::kNalPastEnd, ParseH264Payload(Bytes{0x78, 0x00}).error());
  EXPECT_EQ(CodecError::kNalPastEnd, ParseH264Payload(Bytes{0x78, 0x00, 0x05, 0x65}).error());
  EXPECT_EQ(CodecError::kNalPastEnd, ParseH264Payload(Bytes{0x78, 0x00, 0x00, 0x65}).error());
  EXPECT_EQ(CodecError::kNalPastEnd,
            ParseH264Payload(Bytes{0x78, 0x00, 0x01, 0x09, 0x00}).error());
}

TEST(H264PayloadTest, FuAFragmentsOfAnIdr) {
  const Bytes start = {0x7c, 0x85, 0x88, 0x84};
  const auto s = ParseH264Payload(start);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(28, s->packetization);
  EXPECT_TRUE(s->fu_start);
  EXPECT_FALSE(s->fu_end);
  EXPECT_TRUE(s->keyframe);
  EXPECT_TRUE(s->frame_start);
  const Bytes middle = {0x7c, 0x05, 0x12, 0x34};
  const auto m = ParseH264Payload(middle);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->keyframe);
  EXPECT_FALSE(m->frame_start);
  const Bytes end = {0x7c, 0x45, 0x12};
  const auto e = ParseH264Payload(end);
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->fu_end);
  const Bytes p_start = {0x5c, 0x81, 0x9a};
  const auto p = ParseH264Payload(p_start);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->keyframe);
  EXPECT_TRUE(p->frame_start);
  EXPECT_EQ(CodecError::kFuInvalid, ParseH264Payload(Bytes{0x7c, 0xc5, 0x88}).error());
  EXPECT_EQ(CodecError::kFuInvalid, ParseH264Payload(Bytes{0x7c, 0x85}).error());
  EXPECT_EQ(CodecError::kFuInvalid, ParseH264Payload(Bytes{0x7c}).error());
}

TEST(H264PayloadTest, UnsupportedPacketizations) {
  for (uint8_t type : {0, 25, 26, 27, 29, 30, 31}) {
    const Bytes b = {type, 0x00, 0x01, 0x65};
    EXPECT_EQ(CodecError::kUnsupportedNalType, ParseH264Payload(b).error()) << int(type);
  }
  EXPECT_EQ(CodecError::kEmpty, ParseH264Payload({}).error());
}

// Access units as a bridge must see them (h264_access_unit.h): the PacketInfo of each
// packet of a unit, parsed and then tracked, in arrival order.
struct AuPacket {
  Bytes payload;
  uint32_t timestamp;
};

std::vector<PacketInfo> TrackUnits(const std::vector<AuPacket>& packets) {
  H264AccessUnitTracker tracker;
  rtp::ExtensionMap extensions;
  PayloadTypeMap pts;
  pts.Set(102, Codec::kH264);
  std::vector<PacketInfo> infos;
  uint16_t seq = 1;
  for (const AuPacket& p : packets) {
    Bytes rtp = {0x80, 102, static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                 static_cast<uint8_t>(p.timestamp >> 24), static_cast<uint8_t>(p.timestamp >> 16),
                 static_cast<uint8_t>(p.timestamp >> 8), static_cast<uint8_t>(p.timestamp),
                 0, 0, 0, 1};
    ++seq;
    rtp.insert(rtp.end(), p.payload.begin(), p.payload.end());
    PacketInfo info;
    EXPECT_EQ(PacketError::kOk, ParsePacket(rtp, extensions, pts, &info));
    tracker.OnPacket(info);
    infos.push_back(info);
  }
  return infos;
}

Bytes StapA(std::initializer_list<Bytes> nals) {
  Bytes stap = {0x78};
  for (const Bytes& n : nals) {
    stap.push_back(static_cast<uint8_t>(n.size() >> 8));
    stap.push_back(static_cast<uint8_t>(n.size()));
    stap.insert(stap.end(), n.begin(), n.end());
  }
  return stap;
}

// libwebrtc (Chromium), packetization-mode 1: STAP-A(SPS, PPS), then the IDR slice in FU-A
// fragments; the next unit is a delta picture.
TEST(H264AccessUnitTest, ChromiumKeyframeIsOneSwitchableUnit) {
  const Bytes sps = Hex(kSps[0].hex);
  const Bytes pps = {0x68, 0xeb, 0xe3, 0xcb};
  const auto infos = TrackUnits({{StapA({sps, pps}), 100},
                                 {{0x7c, 0x85, 0x88, 0x84}, 100},
                                 {{0x7c, 0x05, 0x12, 0x34}, 100},
                                 {{0x7c, 0x45, 0x12}, 100},
                                 {{0x5c, 0x81, 0x9a}, 3100},
                                 {{0x5c, 0x41, 0x9a}, 3100}});
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(1, infos[i].keyframe) << i;
    EXPECT_EQ(i == 0 ? 1 : 0, infos[i].frame_start) << i;
    EXPECT_EQ(1920, infos[i].width) << i;
    EXPECT_EQ(1080, infos[i].height) << i;
  }
  EXPECT_EQ(0, infos[4].keyframe);
  EXPECT_EQ(1, infos[4].frame_start);
  EXPECT_EQ(0, infos[4].width);
  EXPECT_EQ(0, infos[5].frame_start);
}

// GStreamer's x264enc/rtph264pay: AUD, SPS, PPS as single NAL unit packets, then slices.
// The AUD cannot know; the SPS packet is where a switch starts (the AUD is not needed).
TEST(H264AccessUnitTest, AudBeforeSpsLeavesTheSpsPacketSwitchable) {
  const Bytes sps = Hex(kSps[0].hex);
  const auto infos = TrackUnits({{{0x09, 0x10}, 0},
                                 {sps, 0},
                                 {{0x68, 0xeb, 0xe3, 0xcb}, 0},
                                 {{0x65, 0x88, 0x84, 0x00}, 0},
                                 {{0x65, 0x12, 0x84, 0x00}, 0},  // a second slice
                                 {{0x09, 0x30}, 3000},
                                 {{0x41, 0x9a, 0x00}, 3000}});
  EXPECT_EQ(0, infos[0].keyframe);
  EXPECT_EQ(1, infos[0].frame_start);
  for (size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(1, infos[i].keyframe) << i;
    EXPECT_EQ(i == 1 ? 1 : 0, infos[i].frame_start) << i;
    EXPECT_EQ(1920, infos[i].width) << i;
  }
  EXPECT_EQ(0, infos[5].keyframe);
  EXPECT_EQ(1, infos[5].frame_start);
  EXPECT_EQ(0, infos[6].frame_start);
  EXPECT_EQ(0, infos[6].keyframe);
}

// A late packet of an earlier unit is left as parsed and does not end the current unit.
TEST(H264AccessUnitTest, LatePacketsOfAnEarlierUnitChangeNothing) {
  const Bytes sps = Hex(kSps[0].hex);
  const auto infos = TrackUnits({{StapA({sps, {0x68, 0xeb}}), 9000},
                                 {{0x5c, 0x41, 0x9a}, 6000},
                                 {{0x7c, 0x45, 0x12}, 9000}});
  EXPECT_EQ(0, infos[1].keyframe);
  EXPECT_EQ(1, infos[2].keyframe);
  EXPECT_EQ(0, infos[2].frame_start);
  EXPECT_EQ(1920, infos[2].width);
}

}  // namespace
}  // namespace jvbfastpath::codec
