#include <gtest/gtest.h>

#include <vector>

#include "native/codec/picture_id.h"
#include "native/codec/vp8.h"
#include "native/codec/vp9.h"

namespace jvbfastpath::codec {
namespace {

using Bytes = std::vector<uint8_t>;

// X=1 S=1 PID=0; I, L, T set; 15-bit picture id 0x1234; TL0PICIDX 5; TID 2, Y=1.
const Bytes kVp8Full = {0x90, 0xe0, 0x92, 0x34, 0x05, 0xa0};

TEST(Vp8DescriptorTest, ReadsEveryField) {
  const auto d = ParseVp8Descriptor(kVp8Full);
  ASSERT_TRUE(d.ok()) << CodecErrorName(d.error());
  EXPECT_TRUE(d->start_of_partition);
  EXPECT_EQ(0, d->partition_index);
  EXPECT_TRUE(d->frame_start());
  EXPECT_FALSE(d->non_reference);
  EXPECT_EQ(0x1234, d->picture_id);
  EXPECT_EQ(15, d->picture_id_bits);
  EXPECT_EQ(5, d->tl0picidx);
  EXPECT_EQ(2, d->tid);
  EXPECT_TRUE(d->layer_sync);
  EXPECT_EQ(-1, d->keyidx);
  EXPECT_EQ(6, d->size);
  EXPECT_EQ(2, d->picture_id_offset);
  EXPECT_EQ(4, d->tl0picidx_offset);
}

TEST(Vp8DescriptorTest, ShortFormsAndKeyIdx) {
  // No X: a one-byte descriptor, N=1, PID=3, S=0.
  const Bytes minimal = {0x23, 0xff};
  const auto m = ParseVp8Descriptor(minimal);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(1, m->size);
  EXPECT_TRUE(m->non_reference);
  EXPECT_EQ(3, m->partition_index);
  EXPECT_FALSE(m->frame_start());
  EXPECT_EQ(-1, m->picture_id);
  EXPECT_EQ(-1, m->tl0picidx);
  EXPECT_EQ(-1, m->tid);
  // X, I with a 7-bit picture id 17, K only (KEYIDX 9): T absent.
  const Bytes k = {0x80, 0x90, 0x11, 0x09};
  const auto d = ParseVp8Descriptor(k);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(17, d->picture_id);
  EXPECT_EQ(7, d->picture_id_bits);
  EXPECT_EQ(-1, d->tid);
  EXPECT_EQ(9, d->keyidx);
  EXPECT_EQ(4, d->size);
}

TEST(Vp8DescriptorTest, EveryTruncationIsDescriptorPastEnd) {
  EXPECT_EQ(CodecError::kEmpty, ParseVp8Descriptor({}).error());
  for (size_t len = 1; len < kVp8Full.size(); ++len) {
    EXPECT_EQ(CodecError::kDescriptorPastEnd,
              ParseVp8Descriptor(std::span(kVp8Full.data(), len)).error())
        << len;
  }
}

// First bytes of a key frame from libvpx:
//   ffmpeg -f lavfi -i testsrc=size=320x240:rate=30 -frames:v 2 -c:v libvpx -f ivf vp8.ivf
// (frame 1 at offset 44 of the IVF file; frame 2's tag is b1 07 00).
const Bytes kLibvpxKeyframe = {0xb0, 0x5a, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00};

TEST(Vp8FrameHeaderTest, KeyframeFromLibvpx) {
  const auto h = ParseVp8FrameHeader(kLibvpxKeyframe);
  ASSERT_TRUE(h.ok()) << CodecErrorName(h.error());
  EXPECT_TRUE(h->keyframe);
  EXPECT_TRUE(h->show_frame);
  EXPECT_EQ(0, h->version);
  EXPECT_EQ(320, h->width);
  EXPECT_EQ(240, h->height);
  EXPECT_EQ(0, h->horizontal_scale);
  EXPECT_EQ(0, h->vertical_scale);
  EXPECT_EQ(((0x00u << 16) | (0x5au << 8) | 0xb0u) >> 5, h->first_partition_size);
  for (size_t len = 0; len < kLibvpxKeyframe.size(); ++len) {
    EXPECT_EQ(CodecError::kFrameHeaderPastEnd,
              ParseVp8FrameHeader(std::span(kLibvpxKeyframe.data(), len)).error())
        << len;
  }
  Bytes bad = kLibvpxKeyframe;
  bad[4] = 0x02;
  EXPECT_EQ(CodecError::kBadStartCode, ParseVp8FrameHeader(bad).error());
  // Scaling bits: 2 (5/3) horizontally, 3 (2) vertically.
  Bytes scaled = kLibvpxKeyframe;
  scaled[7] |= 0x80;
  scaled[9] |= 0xc0;
  const auto s = ParseVp8FrameHeader(scaled);
  EXPECT_EQ(320, s->width);
  EXPECT_EQ(2, s->horizontal_scale);
  EXPECT_EQ(3, s->vertical_scale);
}

TEST(Vp8FrameHeaderTest, InterframeFromLibvpx) {
  const Bytes inter = {0xb1, 0x07, 0x00};
  const auto h = ParseVp8FrameHeader(inter);
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(h->keyframe);
  EXPECT_EQ(0, h->width);
}

TEST(Vp8RewriteTest, PictureIdKeepsItsForm) {
  Bytes b = kVp8Full;
  const auto d = ParseVp8Descriptor(b);
  ASSERT_TRUE(WriteDescriptorPictureId(b, *d, 0x7ffe));
  ASSERT_TRUE(WriteDescriptorTl0PicIdx(b, *d, 200));
  EXPECT_EQ(Bytes({0x90, 0xe0, 0xff, 0xfe, 200, 0xa0}), b);
  ASSERT_TRUE(WriteDescriptorPictureId(b, *d, 0x8001));  // modulo 2^15
  EXPECT_EQ(0x80, b[2]);
  EXPECT_EQ(0x01, b[3]);

  Bytes seven = {0x80, 0x80, 0x11, 0xaa};
  const auto d7 = ParseVp8Descriptor(seven);
  ASSERT_TRUE(WriteDescriptorPictureId(seven, *d7, 300));  // 300 mod 128 = 44
  EXPECT_EQ(Bytes({0x80, 0x80, 44, 0xaa}), seven);
  EXPECT_FALSE(WriteDescriptorTl0PicIdx(seven, *d7, 1));
  Bytes none = {0x10};
  EXPECT_FALSE(WriteDescriptorPictureId(none, *ParseVp8Descriptor(none), 1));
}

// Non-flexible mode with SS: I P=0 L F=0 B E V; picture id 0x0123 (15-bit); TID 0 SID 0;
// TL0PICIDX 5; SS of 3 spatial layers 320x180, 640x360, 1280x720 and 2 pictures
// (TID 0 referencing 2 back; TID 1 U=1 referencing 1 back). Then one byte of VP9 data.
const Bytes kVp9Ss = {0xae, 0x81, 0x23, 0x00, 0x05, 0x58, 0x01, 0x40, 0x00, 0xb4, 0x02,
                      0x80, 0x01, 0x68, 0x05, 0x00, 0x02, 0xd0, 0x02, 0x04, 0x02, 0x34,
                      0x01, 0x82};

TEST(Vp9DescriptorTest, NonFlexibleWithScalabilityStructure) {
  const auto d = ParseVp9Descriptor(kVp9Ss);
  ASSERT_TRUE(d.ok()) << CodecErrorName(d.error());
  EXPECT_FALSE(d->inter_picture_predicted);
  EXPECT_FALSE(d->flexible);
  EXPECT_TRUE(d->start_of_frame);
  EXPECT_TRUE(d->end_of_frame);
  EXPECT_TRUE(d->keyframe());
  EXPECT_EQ(0x123, d->picture_id);
  EXPECT_EQ(15, d->picture_id_bits);
  EXPECT_EQ(0, d->tid);
  EXPECT_EQ(0, d->sid);
  EXPECT_EQ(5, d->tl0picidx);
  EXPECT_EQ(1, d->picture_id_offset);
  EXPECT_EQ(4, d->tl0picidx_offset);
  ASSERT_TRUE(d->has_ss);
  EXPECT_EQ(3, d->ss.num_spatial_layers);
  EXPECT_TRUE(d->ss.has_resolution);
  EXPECT_EQ(320, d->ss.width[0]);
  EXPECT_EQ(180, d->ss.height[0]);
  EXPECT_EQ(640, d->ss.width[1]);
  EXPECT_EQ(360, d->ss.height[1]);
  EXPECT_EQ(1280, d->ss.width[2]);
  EXPECT_EQ(720, d->ss.height[2]);
  EXPECT_EQ(2, d->ss.num_pictures);
  std::vector<Vp9SsPicture> pics;
  d->ss.ForEachPicture([&](const Vp9SsPicture& p) { pics.push_back(p); });
  ASSERT_EQ(2u, pics.size());
  EXPECT_EQ(0, pics[0].tid);
  EXPECT_FALSE(pics[0].switching_up);
  EXPECT_EQ(1, pics[0].num_refs);
  EXPECT_EQ(2, pics[0].pdiff[0]);
  EXPECT_EQ(1, pics[1].tid);
  EXPECT_TRUE(pics[1].switching_up);
  EXPECT_EQ(1, pics[1].pdiff[0]);
  EXPECT_EQ(kVp9Ss.size() - 1, d->size);
}

TEST(Vp9DescriptorTest, EveryTruncationIsRejected) {
  for (size_t len = 0; len + 1 < kVp9Ss.size(); ++len) {
    const auto d = ParseVp9Descriptor(std::span(kVp9Ss.data(), len));
    ASSERT_FALSE(d.ok()) << len;
    if (len == 0) {
      EXPECT_EQ(CodecError::kEmpty, d.error());
    } else if (len < 5) {
      EXPECT_EQ(CodecError::kDescriptorPastEnd, d.error()) << len;
    } else {
      EXPECT_EQ(CodecError::kScalabilityPastEnd, d.error()) << len;
    }
  }
}

TEST(Vp9DescriptorTest, FlexibleModeWithReferenceDiffs) {
  // I P L F B; 7-bit picture id 17; TID 2 U=1 SID 1 D=1; P_DIFF 3 (N=1), P_DIFF 5 (N=0).
  const Bytes b = {0xf8, 0x11, 0x53, 0x07, 0x0a, 0x00};
  const auto d = ParseVp9Descriptor(b);
  ASSERT_TRUE(d.ok()) << CodecErrorName(d.error());
  EXPECT_TRUE(d->flexible);
  EXPECT_TRUE(d->inter_picture_predicted);
  EXPECT_FALSE(d->end_of_frame);
  EXPECT_FALSE(d->keyframe());
  EXPECT_EQ(17, d->picture_id);
  EXPECT_EQ(7, d->picture_id_bits);
  EXPECT_EQ(2, d->tid);
  EXPECT_TRUE(d->switching_up);
  EXPECT_EQ(1, d->sid);
  EXPECT_TRUE(d->inter_layer_predicted);
  EXPECT_EQ(-1, d->tl0picidx);
  EXPECT_EQ(0, d->tl0picidx_offset);
  ASSERT_EQ(2, d->num_pdiffs);
  EXPECT_EQ(3, d->pdiff[0]);
  EXPECT_EQ(5, d->pdiff[1]);
  EXPECT_EQ(5u, d->size);
  // Missing second P_DIFF; and N=1 on a third P_DIFF.
  EXPECT_EQ(CodecError::kPdiffPastEnd, ParseVp9Descriptor(std::span(b.data(), 4)).error());
  const Bytes four = {0xf8, 0x11, 0x53, 0x03, 0x03, 0x03, 0x00};
  EXPECT_EQ(CodecError::kPdiffPastEnd, ParseVp9Descriptor(four).error());
}

TEST(Vp9DescriptorTest, MinimalAndUpperLayerKeyframe) {
  // Only B and E: no picture id, no layers; a key frame of a single-layer stream.
  const Bytes minimal = {0x0c, 0x82};
  const auto m = ParseVp9Descriptor(minimal);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->keyframe());
  EXPECT_EQ(-1, m->sid);
  EXPECT_EQ(-1, m->picture_id);
  // SID 1 with P=0 (only inter-layer predicted) is not a key frame of the stream.
  const Bytes upper = {0xa8, 0x11, 0x03, 0x05};
  const auto u = ParseVp9Descriptor(upper);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(1, u->sid);
  EXPECT_FALSE(u->keyframe());
}

TEST(Vp9RewriteTest, PictureIdAndTl0) {
  Bytes b = kVp9Ss;
  const auto d = ParseVp9Descriptor(b);
  ASSERT_TRUE(WriteDescriptorPictureId(b, *d, 0x4567));
  ASSERT_TRUE(WriteDescriptorTl0PicIdx(b, *d, 0xfe));
  EXPECT_EQ(0xc5, b[1]);
  EXPECT_EQ(0x67, b[2]);
  EXPECT_EQ(0xfe, b[4]);
  EXPECT_TRUE(std::equal(b.begin() + 5, b.end(), kVp9Ss.begin() + 5));
  EXPECT_EQ(kVp9Ss[0], b[0]);
  EXPECT_EQ(kVp9Ss[3], b[3]);
}

}  // namespace
}  // namespace jvbfastpath::codec
