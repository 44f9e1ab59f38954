// FrameLedger and FrameHold on their own (frame_hold.h): the ledger's ring of frame fates,
// and the hold's per-stream FIFOs, bounds, release order, refusals, expiry and events.
#include "native/pipeline/frame_hold.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "native/pipeline/endpoint.h"

namespace jvbfastpath::pipeline {
namespace {

TEST(FrameLedgerTest, FindsFramesByTimestampAndLayer) {
  FrameLedger ledger;
  ledger.Add({1000, 0}, 5, nullptr).fate = FrameFate::kProven;
  ledger.Add({1000, 1}, 6, nullptr);
  ASSERT_NE(nullptr, ledger.Find({1000, 0}));
  EXPECT_EQ(FrameFate::kProven, ledger.Find({1000, 0})->fate);
  EXPECT_EQ(6u, ledger.Find({1000, 1})->first_ns);
  EXPECT_EQ(FrameFate::kOpen, ledger.Find({1000, 1})->fate);
  EXPECT_EQ(nullptr, ledger.Find({2000, 0}));
  ledger.Clear();
  EXPECT_EQ(nullptr, ledger.Find({1000, 0}));
}

// A frame's packets are those from its first to its last sequence number (across the
// wrap); without its last, none is known to be of it; without its first, up to 2047 before.
TEST(FrameRecordTest, ContainsItsSequenceNumbersOnly) {
  FrameRecord f;
  EXPECT_FALSE(f.Contains(0));
  f.has_end = true;
  f.end_seq = 1;
  EXPECT_TRUE(f.Contains(1));
  EXPECT_TRUE(f.Contains(static_cast<uint16_t>(1 - 2047)));
  EXPECT_FALSE(f.Contains(static_cast<uint16_t>(1 - 2048)));
  EXPECT_FALSE(f.Contains(2));
  f.has_start = true;
  f.start_seq = 65534;
  for (uint16_t seq : {65534, 65535, 0, 1}) EXPECT_TRUE(f.Contains(seq)) << seq;
  for (uint16_t seq : {65533, 2}) EXPECT_FALSE(f.Contains(seq)) << seq;
}

TEST(FrameLedgerTest, ReplacesTheOldestAndReportsItOnlyIfUndecided) {
  FrameLedger ledger;
  ledger.Add({0, 0}, 0, nullptr);                            // open
  ledger.Add({1, 0}, 0, nullptr).fate = FrameFate::kProven;  // decided
  for (uint32_t ts = 2; ts < FrameLedger::kFrames; ++ts) ledger.Add({ts, 0}, 0, nullptr);
  std::optional<FrameRecord> evicted;
  ledger.Add({100, 0}, 0, &evicted);  // replaces frame 0, still open
  ASSERT_TRUE(evicted);
  EXPECT_EQ(0u, evicted->key.timestamp);
  EXPECT_EQ(nullptr, ledger.Find({0, 0}));
  evicted.reset();
  ledger.Add({101, 0}, 0, &evicted);  // replaces frame 1, proven: nothing to report
  EXPECT_FALSE(evicted);
  EXPECT_NE(nullptr, ledger.Find({100, 0}));
  EXPECT_NE(nullptr, ledger.Find({2, 0}));
}

class FrameHoldTest : public ::testing::Test {
 protected:
  std::vector<HoldEvent> Take(FrameHold& hold) {
    std::vector<HoldEvent> events(FrameHold::kCapacity);
    events.resize(hold.TakeEvents(events));
    return events;
  }
  std::array<IngressResult, 8> packets_{};
};

TEST_F(FrameHoldTest, ReleasesAFramesPacketsInArrivalOrderBeforeTheProvingPacket) {
  FrameHold hold;
  const FrameKey a{1000, 0}, b{2000, 0};
  ASSERT_TRUE(hold.Hold(0, a, &packets_[0], 100, 1));
  ASSERT_TRUE(hold.Hold(0, b, &packets_[1], 50, 2));
  ASSERT_TRUE(hold.Hold(0, a, &packets_[2], 100, 3));
  EXPECT_EQ(DropReason::kHeld, packets_[0].drop);
  EXPECT_EQ(3u, hold.held_packets());
  EXPECT_EQ(250u, hold.held_bytes());
  EXPECT_EQ(3u, hold.stream_held_packets(0));
  EXPECT_EQ(2u, hold.Release(0, [&](FrameKey k, uint16_t) { return k == a; }, &packets_[3]));
  const std::vector<HoldEvent> events = Take(hold);
  ASSERT_EQ(2u, events.size());
  EXPECT_EQ(&packets_[0], events[0].packet);
  EXPECT_EQ(&packets_[2], events[1].packet);
  EXPECT_EQ(&packets_[3], events[0].before);
  EXPECT_EQ(DropReason::kNone, packets_[0].drop);
  EXPECT_EQ(0u, packets_[0].hold_ticket);
  EXPECT_EQ(1u, hold.held_packets());
  EXPECT_EQ(50u, hold.held_bytes());
  EXPECT_EQ(3u, hold.peak_packets());
  EXPECT_EQ(250u, hold.peak_bytes());
}

TEST_F(FrameHoldTest, ARefusedFrameIsDroppedWholeWithItsReason) {
  FrameHold hold;
  const FrameKey a{1000, 0};
  ASSERT_TRUE(hold.Hold(2, a, &packets_[0], 10, 1));
  ASSERT_TRUE(hold.Hold(2, a, &packets_[1], 10, 2));
  EXPECT_EQ(2u, hold.Refuse(2, [](FrameKey, uint16_t) { return true; }, DropReason::kHoldExpired));
  const std::vector<HoldEvent> events = Take(hold);
  ASSERT_EQ(2u, events.size());
  EXPECT_EQ(nullptr, events[0].before);
  EXPECT_EQ(DropReason::kHoldExpired, packets_[0].drop);
  EXPECT_EQ(DropReason::kHoldExpired, packets_[1].drop);
  EXPECT_EQ(0u, hold.held_packets());
}

TEST_F(FrameHoldTest, StreamBoundsInPacketsAndBytes) {
  FrameHold hold(HoldLimits{2, 100, 1'000'000});
  const FrameKey a{1, 0};
  EXPECT_TRUE(hold.Hold(0, a, &packets_[0], 40, 0));
  EXPECT_TRUE(hold.Hold(0, a, &packets_[1], 40, 0));
  EXPECT_FALSE(hold.Hold(0, a, &packets_[2], 1, 0));  // a third packet
  EXPECT_TRUE(hold.Hold(1, a, &packets_[3], 100, 0));  // another stream has its own bounds
  EXPECT_FALSE(hold.Hold(1, a, &packets_[4], 1, 0));   // past 100 bytes
  EXPECT_EQ(DropReason::kNone, packets_[2].drop);      // not held: left to the caller
}

TEST_F(FrameHoldTest, ExpiryLooksAtTheOldestHeldPacket) {
  FrameHold hold;
  EXPECT_FALSE(hold.ExpiredHead(0, 1000));
  ASSERT_TRUE(hold.Hold(0, {7, 0}, &packets_[0], 1, 100));
  ASSERT_TRUE(hold.Hold(0, {8, 0}, &packets_[1], 1, 200));
  EXPECT_FALSE(hold.ExpiredHead(0, 100));
  ASSERT_TRUE(hold.ExpiredHead(0, 101));
  EXPECT_EQ(7u, hold.ExpiredHead(0, 101)->timestamp);
  EXPECT_EQ(1'000'000'000u, hold.max_hold_ns());
}

TEST_F(FrameHoldTest, ASlotReusedByTheCallerProducesNoEventAndIsCountedLost) {
  FrameHold hold;
  ASSERT_TRUE(hold.Hold(0, {1, 0}, &packets_[0], 1, 0));
  packets_[0].hold_ticket = 0;  // the caller reused the result for another packet
  EXPECT_EQ(1u, hold.Release(0, [](FrameKey, uint16_t) { return true; }, nullptr));
  EXPECT_TRUE(Take(hold).empty());
  EXPECT_EQ(1u, hold.lost());
  EXPECT_EQ(0u, hold.held_packets());
}

TEST_F(FrameHoldTest, EventsArePartlyTakenOldestFirst) {
  FrameHold hold;
  for (size_t i = 0; i < 3; ++i) ASSERT_TRUE(hold.Hold(0, {1, 0}, &packets_[i], 1, 0));
  hold.Release(0, [](FrameKey, uint16_t) { return true; }, nullptr);
  EXPECT_EQ(3u, hold.pending_events());
  std::array<HoldEvent, 2> first{};
  EXPECT_EQ(2u, hold.TakeEvents(first));
  EXPECT_EQ(&packets_[0], first[0].packet);
  EXPECT_EQ(&packets_[1], first[1].packet);
  const std::vector<HoldEvent> rest = Take(hold);
  ASSERT_EQ(1u, rest.size());
  EXPECT_EQ(&packets_[2], rest[0].packet);
}

}  // namespace
}  // namespace jvbfastpath::pipeline
