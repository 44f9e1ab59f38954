// The load generator's own verdict (--verdict, the soak's exit status): each reason to fail
// on its own, and a clean run passing.
#include "tools/load/verdict.h"

#include <gtest/gtest.h>

#include "native/pipeline/stages.h"

namespace jvbfastpath::load {
namespace {

constexpr VerdictLimits kSoak{.churn_expected = true, .max_growth_kb = 1024};

// A run that passes: checked clients, churn, flat resident size over 20 samples.
LoadResult Clean() {
  LoadResult r;
  r.client_checked = 1000;
  r.churn.joins = 10;
  r.churn.leaves = 10;
  r.rss_kb.assign(20, 40000);
  return r;
}

TEST(VerdictTest, CleanRunPasses) { EXPECT_TRUE(VerdictFailures(Clean(), kSoak).empty()); }

TEST(VerdictTest, AnyLossFails) {
  LoadResult r = Clean();
  r.drops[static_cast<size_t>(pipeline::DropReason::kCount) - 1] = 3;
  const auto why = VerdictFailures(r, kSoak);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_EQ(why[0], "3 packets lost");
}

TEST(VerdictTest, FailedOrMissingClientChecksFail) {
  LoadResult r = Clean();
  r.client_check_failed = 1;
  EXPECT_EQ(VerdictFailures(r, kSoak).size(), 1u);
  r = Clean();
  r.client_checked = 0;
  EXPECT_EQ(VerdictFailures(r, kSoak).size(), 1u);
}

TEST(VerdictTest, NoChurnFailsOnlyWhenExpected) {
  LoadResult r = Clean();
  r.churn = {};
  EXPECT_EQ(VerdictFailures(r, kSoak).size(), 1u);
  EXPECT_TRUE(VerdictFailures(r, {.churn_expected = false, .max_growth_kb = 1024}).empty());
}

TEST(VerdictTest, GrowthPastTheLimitFailsAndAtTheLimitPasses) {
  LoadResult r = Clean();
  r.rss_kb.back() += 1024;
  EXPECT_TRUE(VerdictFailures(r, kSoak).empty());
  r.rss_kb.back() += 1;
  const auto why = VerdictFailures(r, kSoak);
  ASSERT_EQ(why.size(), 1u);
  EXPECT_EQ(why[0], "resident size grew 1025 kB (limit 1024 kB)");
}

TEST(VerdictTest, NoResidentSizeSamplesFail) {
  LoadResult r = Clean();
  r.rss_kb.clear();
  EXPECT_EQ(VerdictFailures(r, kSoak).size(), 1u);
}

}  // namespace
}  // namespace jvbfastpath::load
