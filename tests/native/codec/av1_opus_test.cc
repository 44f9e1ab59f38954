#include <gtest/gtest.h>

#include <vector>

#include "native/codec/av1.h"
#include "native/codec/opus.h"

namespace jvbfastpath::codec {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Av1PayloadTest, NewCodedVideoSequenceWithSequenceHeader) {
  // Z=0 Y=0 W=2 N=1; element 1 with a LEB128 length of 3: an OBU of type 1 (0x0a);
  // element 2 (the last of W, no length): a frame OBU (type 6, 0x32).
  const Bytes b = {0x28, 0x03, 0x0a, 0x0b, 0x00, 0x32, 0x10, 0x20};
  const auto a = ParseAv1Payload(b);
  ASSERT_TRUE(a.ok()) << CodecErrorName(a.error());
  EXPECT_FALSE(a->continues_previous);
  EXPECT_FALSE(a->continues_next);
  EXPECT_EQ(2, a->element_count_field);
  EXPECT_TRUE(a->new_coded_video_sequence);
  EXPECT_EQ(2, a->element_count);
  EXPECT_TRUE(a->has_sequence_header);
}

TEST(Av1PayloadTest, ContinuationAndLengthFields) {
  // Z=1 Y=1 W=0: every element has a length; the first continues an OBU, so its first
  // byte (which looks like a sequence header) is not an OBU header.
  const Bytes b = {0xc0, 0x02, 0x0a, 0x00, 0x81, 0x01, 0x32};
  // Second element's length 0x81 0x01 = 129: past the end.
  EXPECT_EQ(CodecError::kObuPastEnd, ParseAv1Payload(b).error());
  const Bytes ok = {0xc0, 0x02, 0x0a, 0x00, 0x01, 0x32};
  const auto a = ParseAv1Payload(ok);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->continues_previous);
  EXPECT_TRUE(a->continues_next);
  EXPECT_FALSE(a->new_coded_video_sequence);
  EXPECT_FALSE(a->has_sequence_header);
  EXPECT_EQ(2, a->element_count);
  // W=3 but only two elements there.
  const Bytes few = {0x30, 0x01, 0x32, 0x01, 0x32};
  EXPECT_EQ(CodecError::kObuPastEnd, ParseAv1Payload(few).error());
  // A LEB128 that never ends.
  const Bytes leb = {0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
  EXPECT_EQ(CodecError::kObuPastEnd, ParseAv1Payload(leb).error());
  EXPECT_EQ(CodecError::kEmpty, ParseAv1Payload({}).error());
}

TEST(OpusTocTest, ConfigsFromRfc6716Table2) {
  struct Case {
    uint8_t toc;
    OpusMode mode;
    OpusBandwidth bw;
    uint32_t us;
    bool stereo;
  };
  const Case cases[] = {
      {0x00, OpusMode::kSilk, OpusBandwidth::kNarrow, 10000, false},        // config 0
      {0x0c, OpusMode::kSilk, OpusBandwidth::kNarrow, 20000, true},         // config 1, s
      {0x58, OpusMode::kSilk, OpusBandwidth::kWide, 60000, false},          // config 11
      {0x60, OpusMode::kHybrid, OpusBandwidth::kSuperWide, 10000, false},   // config 12
      {0x78, OpusMode::kHybrid, OpusBandwidth::kFull, 20000, false},        // config 15
      {0x80, OpusMode::kCelt, OpusBandwidth::kNarrow, 2500, false},         // config 16
      {0xa8, OpusMode::kCelt, OpusBandwidth::kWide, 5000, false},           // config 21
      {0xfc, OpusMode::kCelt, OpusBandwidth::kFull, 20000, true},           // config 31, s
  };
  for (const Case& c : cases) {
    const Bytes b = {c.toc, 0x00};
    const auto t = ParseOpusToc(b);
    ASSERT_TRUE(t.ok()) << int(c.toc);
    EXPECT_EQ(c.toc >> 3, t->config);
    EXPECT_EQ(c.mode, t->mode) << int(c.toc);
    EXPECT_EQ(c.bw, t->bandwidth) << int(c.toc);
    EXPECT_EQ(c.us, t->frame_duration_us) << int(c.toc);
    EXPECT_EQ(c.stereo, t->stereo) << int(c.toc);
    EXPECT_EQ(1, t->frame_count);
  }
}

TEST(OpusTocTest, FrameCounts) {
  EXPECT_EQ(2, ParseOpusToc(Bytes{0x79})->frame_count);  // c=1
  EXPECT_EQ(2, ParseOpusToc(Bytes{0x7a})->frame_count);  // c=2
  // c=3 with M=6 frames of 20 ms = 120 ms: the maximum.
  const auto six = ParseOpusToc(Bytes{0x7b, 0x06});
  ASSERT_TRUE(six.ok());
  EXPECT_EQ(6, six->frame_count);
  EXPECT_EQ(CodecError::kOpusFrameCountInvalid, ParseOpusToc(Bytes{0x7b, 0x07}).error());
  EXPECT_EQ(CodecError::kOpusFrameCountInvalid, ParseOpusToc(Bytes{0x7b, 0xc0}).error());
  EXPECT_EQ(CodecError::kOpusFrameCountInvalid, ParseOpusToc(Bytes{0x7b}).error());
  // 48 CELT frames of 2.5 ms = 120 ms; v and p bits ignored.
  EXPECT_EQ(48, ParseOpusToc(Bytes{0x83, 0xf0})->frame_count);
  EXPECT_EQ(CodecError::kEmpty, ParseOpusToc({}).error());
}

}  // namespace
}  // namespace jvbfastpath::codec
