#include "native/stats/latency_histogram.h"

#include <gtest/gtest.h>

namespace jvbfastpath::stats {
namespace {

TEST(LatencyHistogramTest, BucketsAreExactBelowSixteenThenFourPerPowerOfTwo) {
  for (uint64_t v = 0; v < 16; ++v) EXPECT_EQ(static_cast<int>(v), LatencyHistogram::BucketOf(v));
  EXPECT_EQ(16, LatencyHistogram::BucketOf(16));
  EXPECT_EQ(16, LatencyHistogram::BucketOf(19));
  EXPECT_EQ(17, LatencyHistogram::BucketOf(20));
  EXPECT_EQ(19, LatencyHistogram::BucketOf(31));
  EXPECT_EQ(20, LatencyHistogram::BucketOf(32));
  EXPECT_EQ(LatencyHistogram::kBuckets - 1, LatencyHistogram::BucketOf(~uint64_t{0}));
}

TEST(LatencyHistogramTest, EveryValueIsAtMostItsBucketsUpperBound) {
  for (uint64_t v = 0; v < (uint64_t{1} << 20); v = v * 3 / 2 + 1) {
    const int b = LatencyHistogram::BucketOf(v);
    EXPECT_LE(v, LatencyHistogram::UpperBound(b)) << v;
    if (b > 0) EXPECT_GT(v, LatencyHistogram::UpperBound(b - 1)) << v;
  }
}

TEST(LatencyHistogramTest, QuantilesFollowTheDistribution) {
  LatencyHistogram h;
  for (int i = 0; i < 990; ++i) h.Record(400);
  for (int i = 0; i < 9; ++i) h.Record(5000);
  h.Record(1000000);
  auto s = h.Take();
  EXPECT_EQ(1000u, s.count);
  EXPECT_EQ(990u * 400 + 9 * 5000 + 1000000, s.sum_ns);
  // Upper bounds: within 25% above the recorded value.
  EXPECT_GE(s.Quantile(0.5), 400u);
  EXPECT_LT(s.Quantile(0.5), 500u);
  EXPECT_GE(s.Quantile(0.99), 400u);
  EXPECT_LT(s.Quantile(0.99), 500u);
  EXPECT_GE(s.Quantile(0.995), 5000u);
  EXPECT_LT(s.Quantile(0.995), 6250u);
  EXPECT_GE(s.Quantile(1.0), 1000000u);
  EXPECT_EQ(0u, LatencyHistogram().Take().Quantile(0.5));
}

}  // namespace
}  // namespace jvbfastpath::stats
