#include "native/conference/mode.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace jvbfastpath::conference {
namespace {

TEST(ModeTest, NamesRoundTripAndPoliciesNest) {
  for (Mode m : kAllModes) EXPECT_EQ(m, ModeFromName(ModeName(m)));
  EXPECT_FALSE(ModeFromName("E2EE-required").has_value());
  EXPECT_FALSE(PolicyOf(Mode::kOff).native);
  EXPECT_TRUE(PolicyOf(Mode::kAccelerated).native);
  EXPECT_FALSE(PolicyOf(Mode::kAccelerated).guard_opaque_bytes);
  EXPECT_TRUE(PolicyOf(Mode::kE2eePassthrough).guard_opaque_bytes);
  EXPECT_FALSE(PolicyOf(Mode::kE2eePassthrough).drop_plaintext);
  EXPECT_TRUE(PolicyOf(Mode::kE2eeRequired).drop_plaintext);
  EXPECT_TRUE(PolicyOf(Mode::kE2eeRequired).block_plaintext_receivers);
}

TEST(ModeTest, SetReturnsThePreviousSnapshotAndAdvancesTheEpoch) {
  ModeSwitch s(Mode::kAccelerated);
  EXPECT_EQ(Mode::kAccelerated, s.Snapshot().mode);
  EXPECT_EQ(0u, s.Snapshot().epoch);
  ModeSnapshot old = s.Set(Mode::kE2eeRequired);
  EXPECT_EQ(Mode::kAccelerated, old.mode);
  EXPECT_EQ(Mode::kE2eeRequired, s.Snapshot().mode);
  EXPECT_EQ(1u, s.Snapshot().epoch);
}

// Many switchers and many readers: every snapshot a reader sees is one some switcher set
// (mode and epoch travel together), epochs never go backwards for a reader, and after all
// switches the epoch counts every one of them.
TEST(ModeTest, ConcurrentSwitchesAreAtomicAndCounted) {
  ModeSwitch s(Mode::kOff);
  constexpr int kSwitchers = 4;
  constexpr int kSwitchesEach = 5000;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      uint32_t last_epoch = 0;
      while (!done.load()) {
        ModeSnapshot snap = s.Snapshot();
        if (snap.epoch < last_epoch) bad.fetch_add(1);
        // Switcher t only ever sets kAllModes[t % 4]; any of the four is valid, but the
        // mode byte must be one of them (never a torn value).
        if (static_cast<int>(snap.mode) > 3) bad.fetch_add(1);
        last_epoch = snap.epoch;
      }
    });
  }
  std::vector<std::thread> switchers;
  for (int t = 0; t < kSwitchers; ++t) {
    switchers.emplace_back([&, t] {
      for (int i = 0; i < kSwitchesEach; ++i) s.Set(kAllModes[(t + i) % 4]);
    });
  }
  for (auto& t : switchers) t.join();
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(0, bad.load());
  EXPECT_EQ(static_cast<uint32_t>(kSwitchers * kSwitchesEach), s.Snapshot().epoch);
}

}  // namespace
}  // namespace jvbfastpath::conference
