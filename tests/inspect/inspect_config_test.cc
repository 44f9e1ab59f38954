// --pt and --sdp parsing, and the JSON line writer, of the inspector.
#include <string>

#include "gtest/gtest.h"
#include "tools/inspect/json_line.h"
#include "tools/inspect/media_config.h"
#include "tools/inspect/sdp.h"

namespace jvbfastpath::inspect {
namespace {

using codec::Codec;
using rtp::ExtensionType;

TEST(PtSpecTest, MapsPayloadTypeToCodec) {
  MediaConfig config;
  std::string error;
  EXPECT_TRUE(ApplyPtSpec("96=vp8", &config, &error));
  EXPECT_TRUE(ApplyPtSpec("111=OPUS", &config, &error));
  EXPECT_EQ(config.payload_types.CodecOf(96), Codec::kVp8);
  EXPECT_EQ(config.payload_types.CodecOf(111), Codec::kOpus);
  EXPECT_EQ(config.payload_types.CodecOf(97), Codec::kUnknown);
}

TEST(PtSpecTest, RejectsMalformed) {
  MediaConfig config;
  std::string error;
  for (const char* bad : {"96", "=vp8", "128=vp8", "96=", "96=rtx", "x=vp8", "96 =vp8"}) {
    EXPECT_FALSE(ApplyPtSpec(bad, &config, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(SdpTest, ReadsRtpmapAndExtmapOfEveryMediaSection) {
  const char* sdp =
      "v=0\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
      "a=rtpmap:111 opus/48000/2\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 100 101 96\r\n"
      "a=extmap:5/sendonly http://www.ietf.org/id/"
      "draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
      "a=extmap:7 urn:example:unknown attr\r\n"
      "a=rtpmap:100 VP9/90000\r\n"
      "a=rtpmap:101 rtx/90000\r\n"
      "a=rtpmap:96 H264/90000\r\n";
  MediaConfig config;
  std::string error;
  ASSERT_TRUE(ApplySdp(sdp, &config, &error)) << error;
  EXPECT_EQ(config.payload_types.CodecOf(111), Codec::kOpus);
  EXPECT_EQ(config.payload_types.CodecOf(100), Codec::kVp9);
  EXPECT_EQ(config.payload_types.CodecOf(101), Codec::kUnknown);
  EXPECT_EQ(config.payload_types.CodecOf(96), Codec::kH264);
  EXPECT_EQ(config.extensions.TypeOf(1), ExtensionType::kAudioLevel);
  EXPECT_EQ(config.extensions.TypeOf(5), ExtensionType::kTransportSequenceNumber);
  EXPECT_EQ(config.extensions.TypeOf(7), ExtensionType::kUnknown);
}

TEST(SdpTest, MalformedLineIsAnErrorAndChangesNothing) {
  MediaConfig config;
  std::string error;
  EXPECT_FALSE(ApplySdp("a=rtpmap:96 VP8/90000\na=extmap:0 urn:x\n", &config, &error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
  EXPECT_EQ(config.payload_types.CodecOf(96), Codec::kUnknown);
  EXPECT_FALSE(ApplySdp("a=rtpmap:200 VP8/90000\n", &config, &error));
  EXPECT_FALSE(ApplySdp("a=rtpmap:96 VP8\n", &config, &error));
  EXPECT_FALSE(ApplySdp("a=extmap:3/recvonly\n", &config, &error));
}

TEST(JsonLineTest, WritesFieldsNullsAndEscapes) {
  JsonLine line;
  line.String("s", "a\"b\\c\n")
      .Uint("u", 4294967295u)
      .IntOrNull("absent", -1)
      .IntOrNull("zero", 0)
      .FlagOrNull("t", 1)
      .FlagOrNull("unknown", -1)
      .Raw("time", "1.000002");
  EXPECT_EQ(line.Text(),
            "{\"s\":\"a\\\"b\\\\c\\u000a\",\"u\":4294967295,\"absent\":null,\"zero\":0,"
            "\"t\":true,\"unknown\":null,\"time\":1.000002}");
}

}  // namespace
}  // namespace jvbfastpath::inspect
