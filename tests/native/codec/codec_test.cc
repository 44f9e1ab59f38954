// The codec names and the payload type map (codec.h): SDP names in any case, RTX
// associations, and payload types above 127 refused.
#include "native/codec/codec.h"

#include <gtest/gtest.h>

namespace jvbfastpath::codec {
namespace {

TEST(CodecTest, NamesRoundTripAndSdpNamesMatchInAnyCase) {
  for (Codec c : {Codec::kVp8, Codec::kVp9, Codec::kH264, Codec::kAv1, Codec::kOpus}) {
    EXPECT_EQ(c, CodecFromName(CodecName(c)));
  }
  EXPECT_EQ(Codec::kVp8, CodecFromName("VP8"));
  EXPECT_EQ(Codec::kH264, CodecFromName("H264"));
  EXPECT_EQ(Codec::kOpus, CodecFromName("OPUS"));
  EXPECT_EQ(Codec::kUnknown, CodecFromName("red"));
  EXPECT_EQ(Codec::kUnknown, CodecFromName("vp"));
  EXPECT_EQ(Codec::kUnknown, CodecFromName(""));
  EXPECT_EQ("sps_invalid", CodecErrorName(CodecError::kSpsInvalid));
}

TEST(PayloadTypeMapTest, MapsPayloadTypesAndRefusesThoseAbove127) {
  PayloadTypeMap map;
  EXPECT_EQ(Codec::kUnknown, map.CodecOf(96));
  EXPECT_TRUE(map.Set(96, "VP8"));
  EXPECT_TRUE(map.Set(111, Codec::kOpus));
  EXPECT_EQ(Codec::kVp8, map.CodecOf(96));
  EXPECT_EQ(Codec::kOpus, map.CodecOf(111));
  EXPECT_FALSE(map.Set(128, Codec::kVp9));
  EXPECT_EQ(Codec::kUnknown, map.CodecOf(128));
  EXPECT_EQ(Codec::kUnknown, map.CodecOf(255));
  EXPECT_TRUE(map.Set(96, Codec::kVp9));  // set-up may change its mind
  EXPECT_EQ(Codec::kVp9, map.CodecOf(96));
}

TEST(PayloadTypeMapTest, RtxAssociations) {
  PayloadTypeMap map;
  EXPECT_EQ(-1, map.RtxApt(97));
  EXPECT_TRUE(map.SetRtx(97, 96));
  EXPECT_EQ(96, map.RtxApt(97));
  EXPECT_EQ(-1, map.RtxApt(96));
  EXPECT_EQ(Codec::kUnknown, map.CodecOf(97));  // RTX is not a codec of its own
  EXPECT_FALSE(map.SetRtx(128, 96));
  EXPECT_FALSE(map.SetRtx(98, 200));
  EXPECT_EQ(-1, map.RtxApt(98));
  EXPECT_EQ(-1, map.RtxApt(200));
}

}  // namespace
}  // namespace jvbfastpath::codec
