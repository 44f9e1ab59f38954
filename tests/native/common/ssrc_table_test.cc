#include "native/common/ssrc_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "tests/native/common/allocation_counter.h"  // every allocation of this binary counted

namespace jvbfastpath::common {
namespace {

TEST(SsrcTableTest, FreeSlotsAreHandedOutLowestFirst) {
  SsrcTable<int> t(4);
  EXPECT_EQ(4u, t.capacity());
  EXPECT_EQ(0u, t.size());
  for (uint32_t ssrc = 100; ssrc < 104; ++ssrc) {
    const auto a = t.Acquire(ssrc);
    EXPECT_TRUE(a.inserted);
    EXPECT_FALSE(a.evicted);
    EXPECT_EQ(ssrc - 100, a.slot);
    EXPECT_TRUE(t.in_use(a.slot));
    EXPECT_EQ(ssrc, t.ssrc(a.slot));
  }
  EXPECT_TRUE(t.full());
  EXPECT_EQ(0u, t.evictions());
}

TEST(SsrcTableTest, AcquireOfAPresentSsrcKeepsItsSlotAndValue) {
  SsrcTable<int> t(4);
  const auto a = t.Acquire(7);
  t.value(a.slot) = 42;
  const auto b = t.Acquire(7);
  EXPECT_FALSE(b.inserted);
  EXPECT_EQ(a.slot, b.slot);
  EXPECT_EQ(42, *t.Find(7));
  EXPECT_EQ(1u, t.size());
}

TEST(SsrcTableTest, EvictsTheLeastRecentlyUsed) {
  SsrcTable<int> t(3);
  t.Acquire(1);
  t.Acquire(2);
  t.Acquire(3);
  t.Touch(1);    // order of use now: 2, 3, 1
  t.Acquire(3);  // 2, 1, 3
  const auto a = t.Acquire(4);
  EXPECT_TRUE(a.inserted);
  ASSERT_TRUE(a.evicted);
  EXPECT_EQ(2u, *a.evicted);
  EXPECT_EQ(1u, a.slot);  // 2's slot, reused
  EXPECT_FALSE(t.Contains(2));
  EXPECT_EQ(1u, t.evictions());
  const auto b = t.Acquire(5);  // 1, 3, 4 -> 1 goes
  ASSERT_TRUE(b.evicted);
  EXPECT_EQ(1u, *b.evicted);
  EXPECT_EQ(2u, t.evictions());
  EXPECT_EQ(3u, t.size());
}

TEST(SsrcTableTest, FindAndSlotOfDoNotCountAsUse) {
  SsrcTable<int> t(2);
  t.Acquire(1);
  t.Acquire(2);
  EXPECT_NE(nullptr, t.Find(1));
  EXPECT_TRUE(t.SlotOf(1));
  const auto a = t.Acquire(3);
  ASSERT_TRUE(a.evicted);
  EXPECT_EQ(1u, *a.evicted);
}

TEST(SsrcTableTest, ANewSlotKeepsItsValueForTheCallerToReset) {
  SsrcTable<int> t(1);
  t.value(t.Acquire(1).slot) = 5;
  const auto a = t.Acquire(2);
  EXPECT_TRUE(a.inserted);
  EXPECT_EQ(5, t.value(a.slot));  // the contract: the caller resets on `inserted`
}

TEST(SsrcTableTest, EraseFreesTheSlotWithoutCountingAnEviction) {
  SsrcTable<int> t(2);
  t.Acquire(1);
  const size_t slot2 = t.Acquire(2).slot;
  EXPECT_TRUE(t.Erase(2));
  EXPECT_FALSE(t.Erase(2));
  EXPECT_FALSE(t.in_use(slot2));
  EXPECT_EQ(1u, t.size());
  const auto a = t.Acquire(3);
  EXPECT_FALSE(a.evicted);
  EXPECT_EQ(slot2, a.slot);
  EXPECT_EQ(0u, t.evictions());
}

TEST(SsrcTableTest, MissingSsrcs) {
  SsrcTable<int> t(2);
  EXPECT_EQ(nullptr, t.Find(9));
  EXPECT_EQ(nullptr, t.Touch(9));
  EXPECT_FALSE(t.SlotOf(9));
  EXPECT_FALSE(t.Contains(9));
  SsrcTable<> zero(0);  // taken as 1
  EXPECT_EQ(1u, zero.capacity());
}

// Against a plain model, through many inserts, touches and erases (probe runs wrap and
// shift back): the same SSRCs present, the same victims.
TEST(SsrcTableTest, MatchesAModelUnderChurn) {
  constexpr size_t kCapacity = 16;
  SsrcTable<uint32_t> t(kCapacity);
  std::vector<uint32_t> model;  // least recently used first
  std::mt19937 rng(7);
  uint64_t evictions = 0;
  for (int step = 0; step < 20000; ++step) {
    const uint32_t ssrc = rng() % 40 + (step % 3 == 0 ? 0x10000 : 0);  // small, colliding
    const int op = static_cast<int>(rng() % 4);
    auto at = std::find(model.begin(), model.end(), ssrc);
    if (op == 0) {
      EXPECT_EQ(at != model.end(), t.Erase(ssrc));
      if (at != model.end()) model.erase(at);
    } else if (op == 1) {
      EXPECT_EQ(at != model.end(), t.Touch(ssrc) != nullptr);
      if (at != model.end()) {
        model.erase(at);
        model.push_back(ssrc);
      }
    } else {
      const auto a = t.Acquire(ssrc);
      EXPECT_EQ(at == model.end(), a.inserted);
      if (at != model.end()) {
        EXPECT_EQ(ssrc, t.value(a.slot));
        model.erase(at);
      } else {
        if (model.size() == kCapacity) {
          ASSERT_TRUE(a.evicted);
          EXPECT_EQ(model.front(), *a.evicted);
          model.erase(model.begin());
          ++evictions;
        } else {
          EXPECT_FALSE(a.evicted);
        }
        t.value(a.slot) = ssrc;
      }
      model.push_back(ssrc);
    }
    ASSERT_EQ(model.size(), t.size());
  }
  for (uint32_t ssrc : model) EXPECT_EQ(ssrc, *t.Find(ssrc));
  EXPECT_EQ(evictions, t.evictions());
  std::set<size_t> slots;
  for (uint32_t ssrc : model) slots.insert(*t.SlotOf(ssrc));
  EXPECT_EQ(model.size(), slots.size());  // one slot each
}

TEST(SsrcTableTest, NothingAllocatesAfterConstruction) {
  struct Big {
    char bytes[512];
  };
  SsrcTable<Big> t(64);
  const uint64_t before = testing::AllocationCount();
  for (uint32_t i = 0; i < 10000; ++i) {
    const uint32_t ssrc = i * 2654435761u;
    t.Acquire(ssrc);
    t.Touch(ssrc);
    t.Find(ssrc ^ 1);
    if (i % 5 == 0) t.Erase(ssrc);
  }
  EXPECT_EQ(before, testing::AllocationCount());
  EXPECT_GT(t.evictions(), 0u);
}

}  // namespace
}  // namespace jvbfastpath::common
