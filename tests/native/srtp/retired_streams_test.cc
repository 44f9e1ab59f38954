// RetiredStreams: one position per SSRC, the newest; the oldest forgotten at capacity and
// counted. (Its use by SrtpSession: srtp_session_test.cc, "comes back where it was".)
#include "native/srtp/retired_streams.h"

#include <gtest/gtest.h>

namespace jvbfastpath::srtp {
namespace {

StreamPosition At(uint64_t index) { return StreamPosition{index, 0, 0}; }

TEST(RetiredStreams, TakeReturnsThePositionOnce) {
  RetiredStreams retired(4);
  EXPECT_EQ(std::nullopt, retired.Take(1));
  retired.Retire(1, At(70000));
  EXPECT_EQ(1u, retired.size());
  std::optional<StreamPosition> p = retired.Take(1);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(70000u, p->rtp_index);
  EXPECT_EQ(std::nullopt, retired.Take(1));
  EXPECT_EQ(0u, retired.size());
}

TEST(RetiredStreams, RetiringAgainKeepsTheNewestPositionOnly) {
  RetiredStreams retired(4);
  retired.Retire(1, At(10));
  retired.Retire(1, At(20));
  EXPECT_EQ(1u, retired.size());
  EXPECT_EQ(20u, retired.Take(1)->rtp_index);
  EXPECT_EQ(std::nullopt, retired.Take(1));
}

TEST(RetiredStreams, AtCapacityTheOldestIsForgottenAndCounted) {
  RetiredStreams retired(3);
  for (uint32_t ssrc = 1; ssrc <= 5; ++ssrc) retired.Retire(ssrc, At(ssrc));
  EXPECT_EQ(3u, retired.size());
  EXPECT_EQ(2u, retired.forgotten());
  EXPECT_EQ(std::nullopt, retired.Take(1));
  EXPECT_EQ(std::nullopt, retired.Take(2));
  for (uint32_t ssrc = 3; ssrc <= 5; ++ssrc) EXPECT_EQ(ssrc, retired.Take(ssrc)->rtp_index);
}

TEST(RetiredStreams, ATakenSlotIsReusedWithoutForgettingAnother) {
  RetiredStreams retired(2);
  retired.Retire(1, At(1));
  retired.Retire(2, At(2));
  ASSERT_TRUE(retired.Take(1).has_value());
  retired.Retire(3, At(3));  // the ring's next slot is 1's, now free
  EXPECT_EQ(0u, retired.forgotten());
  EXPECT_EQ(2u, retired.Take(2)->rtp_index);
  EXPECT_EQ(3u, retired.Take(3)->rtp_index);
}

}  // namespace
}  // namespace jvbfastpath::srtp
