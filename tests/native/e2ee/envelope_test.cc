// Envelope recognition against envelopes made by the test encrypter, which follows
// lib-jitsi-meet's JFrame and RFC 9605's SFrame exactly (test_frame_crypto_test.cc).
#include "native/e2ee/envelope.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "tests/native/e2ee/test_frame_crypto.h"

namespace jvbfastpath::e2ee {
namespace {

namespace t = testing;

std::vector<uint8_t> RandomFrame(std::mt19937& rng, size_t size) {
  std::vector<uint8_t> f(size);
  for (auto& b : f) b = static_cast<uint8_t>(rng());
  return f;
}

// Feeds a frame to the tracker as a packetiser would: chunks of at most `mtu` bytes.
FrameVerdict FeedFrame(EnvelopeTracker& tracker, const std::vector<uint8_t>& frame, size_t mtu) {
  FrameVerdict verdict;
  for (size_t off = 0; off < frame.size(); off += mtu) {
    const size_t n = std::min(mtu, frame.size() - off);
    verdict = tracker.OnPacket({frame.data() + off, n}, off == 0, off + n == frame.size());
    if (off + n < frame.size()) {
      EXPECT_EQ(EnvelopeKind::kUnknown, verdict.kind);
    }
  }
  return verdict;
}

TEST(EnvelopeTest, RecognisesJFrameFramesAndTheirKeyIndex) {
  std::mt19937 rng(1);
  t::JFrameSender sender;
  std::vector<uint8_t> material(32, 7);
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(material, 3));
  EnvelopeTracker tracker;
  for (int i = 0; i < 50; ++i) {
    const auto type = i % 10 == 0 ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta;
    std::vector<uint8_t> envelope;
    ASSERT_EQ(t::CryptoStatus::kOk,
              sender.Encrypt(type, 0x1234, 90000u * i, RandomFrame(rng, 100 + rng() % 3000),
                             envelope));
    FrameVerdict v = FeedFrame(tracker, envelope, 1100);
    EXPECT_EQ(EnvelopeKind::kJFrame, v.kind) << i;
    EXPECT_EQ(3, v.key_id);
    EXPECT_FALSE(v.key_changed);
  }
  // A new key at the next index (someone left): counted as a key change.
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 9), 4));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(t::CryptoStatus::kOk,
            sender.Encrypt(t::JFrameType::kAudio, 0x1234, 1, RandomFrame(rng, 80), envelope));
  FrameVerdict v = FeedFrame(tracker, envelope, 1100);
  EXPECT_EQ(4, v.key_id);
  EXPECT_TRUE(v.key_changed);
  EXPECT_EQ(1u, tracker.key_changes());
}

TEST(EnvelopeTest, AJFrameTrailerSplitAcrossPacketsIsStillRecognised) {
  std::mt19937 rng(2);
  t::JFrameSender sender;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 1), 0));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.Encrypt(t::JFrameType::kVideoDelta, 5, 6,
                                                 RandomFrame(rng, 1000), envelope));
  // Last packet carries 5 bytes: part of the IV, the IV length and the key index.
  EnvelopeTracker tracker;
  tracker.OnPacket({envelope.data(), envelope.size() - 5}, true, false);
  FrameVerdict v = tracker.OnPacket({envelope.data() + envelope.size() - 5, 5}, false, true);
  EXPECT_EQ(EnvelopeKind::kJFrame, v.kind);
}

TEST(EnvelopeTest, AJFrameTrailerWhoseLastPacketHasOneByteIsRecognised) {
  std::mt19937 rng(5);
  t::JFrameSender sender;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 1), 7));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.Encrypt(t::JFrameType::kVideoDelta, 5, 6,
                                                 RandomFrame(rng, 1971), envelope));
  ASSERT_EQ(2001u, envelope.size());
  EnvelopeTracker tracker;
  FrameVerdict v = FeedFrame(tracker, envelope, 1000);  // 1000 + 1000 + 1 bytes
  EXPECT_EQ(EnvelopeKind::kJFrame, v.kind);
  EXPECT_EQ(7, v.key_id);
}

TEST(EnvelopeTest, PlaintextFramesAreMostlyNotJFrame) {
  // Random plaintext passes the trailer test only when it happens to end in 0x0C, a byte
  // below 16, and has two zero bytes where the IV's count would be: about 1 in 2^28.
  std::mt19937 rng(3);
  EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
  int recognised = 0;
  for (int i = 0; i < 20000; ++i) {
    recognised += FeedFrame(tracker, RandomFrame(rng, 50 + rng() % 500), 1100).kind ==
                  EnvelopeKind::kJFrame;
  }
  EXPECT_EQ(0, recognised);
  EXPECT_EQ(EnvelopeKind::kNone, tracker.stream_kind());
}

TEST(EnvelopeTest, SFrameStreamsAreTrustedAfterConsistentFrames) {
  std::mt19937 rng(4);
  const std::vector<uint8_t> base_key(16, 0x42);
  EnvelopeTracker tracker(ExpectedEnvelope::kSFrame);
  std::vector<EnvelopeKind> kinds;
  for (uint64_t ctr = 100; ctr < 110; ++ctr) {
    std::vector<uint8_t> out;
    ASSERT_EQ(t::CryptoStatus::kOk,
              t::SFrameEncrypt(0x0004, base_key, /*kid=*/9, ctr, {}, RandomFrame(rng, 700), out));
    kinds.push_back(FeedFrame(tracker, out, 1100).kind);
  }
  // Three consistent successors are needed: frames 0..2 are candidates, not yet decided.
  EXPECT_EQ(EnvelopeKind::kUnknown, kinds[0]);
  EXPECT_EQ(EnvelopeKind::kUnknown, kinds[2]);
  for (size_t i = 3; i < kinds.size(); ++i) EXPECT_EQ(EnvelopeKind::kSFrame, kinds[i]) << i;
  // A KID change (a key rotation) starts a new chain: the new key's first three frames are
  // candidates again (a holder keeps them), the fourth is SFrame and counts the key change.
  for (uint64_t ctr = 1; ctr <= 4; ++ctr) {
    std::vector<uint8_t> out;
    ASSERT_EQ(t::CryptoStatus::kOk,
              t::SFrameEncrypt(0x0004, base_key, 10, ctr, {}, RandomFrame(rng, 700), out));
    FrameVerdict v = FeedFrame(tracker, out, 1100);
    if (ctr < 4) {
      EXPECT_TRUE(v.sframe_candidate) << ctr;
      EXPECT_EQ(ctr == 1, v.sframe_chain_start) << ctr;
      continue;
    }
    EXPECT_EQ(EnvelopeKind::kSFrame, v.kind);
    EXPECT_EQ(10, v.key_id);
    EXPECT_TRUE(v.key_changed);
  }
  EXPECT_EQ(1u, tracker.key_changes());
}

TEST(EnvelopeTest, SFrameHeadersParseAsRfc9605EncodesThem) {
  for (uint64_t kid : {0ull, 7ull, 8ull, 300ull, 0xFFFFFFFFFFull}) {
    for (uint64_t ctr : {0ull, 5ull, 255ull, 65536ull}) {
      std::vector<uint8_t> header = t::SFrameEncodeHeader(kid, ctr);
      auto parsed = ParseSFrameHeader(header);
      ASSERT_TRUE(parsed.has_value());
      EXPECT_EQ(kid, parsed->kid);
      EXPECT_EQ(ctr, parsed->ctr);
      EXPECT_EQ(header.size(), parsed->length);
      // Every truncation is rejected.
      for (size_t n = 0; n < header.size(); ++n) {
        EXPECT_FALSE(ParseSFrameHeader({header.data(), n}).has_value());
      }
    }
  }
}


// The IV starts with the SSRC and the RTP timestamp (lib-jitsi-meet's _makeIV; seen on every
// frame of a Chromium capture, tests/browser): given the frame's origin, a trailer counts only
// with both, also when the IV straddles the last two packets.
TEST(EnvelopeTest, AJFrameTrailerMustCarryTheFramesSsrcAndTimestamp) {
  std::mt19937 rng(6);
  t::JFrameSender sender;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 1), 2));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.Encrypt(t::JFrameType::kVideoDelta, 0xA1B2C3D4,
                                                 0x01020304, RandomFrame(rng, 1000), envelope));
  const FrameOrigin right{0xA1B2C3D4, 0x01020304};
  for (const FrameOrigin& wrong : {FrameOrigin{0xA1B2C3D5, 0x01020304},
                                   FrameOrigin{0xA1B2C3D4, 0x01020305}}) {
    EXPECT_EQ(2, MatchJFrameTrailer(envelope, &right));
    EXPECT_FALSE(MatchJFrameTrailer(envelope, &wrong).has_value());
    EXPECT_EQ(2, MatchJFrameTrailer(envelope));  // without an origin: not checked
    for (size_t last : {1u, 5u, 9u, 13u}) {       // the IV split across two packets
      for (const FrameOrigin* origin : {&right, &wrong}) {
        EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
        tracker.OnPacket({envelope.data(), envelope.size() - last}, true, false, origin);
        const FrameVerdict v =
            tracker.OnPacket({envelope.data() + envelope.size() - last, last}, false, true, origin);
        EXPECT_EQ(origin == &right ? EnvelopeKind::kJFrame : EnvelopeKind::kNone, v.kind) << last;
      }
    }
  }
}

// SFrame candidates are reported as such, and a chain that breaks says so, so a holder of
// their packets knows which to give up.
TEST(EnvelopeTest, SFrameCandidatesAndChainStartsAreReported) {
  std::mt19937 rng(7);
  const std::vector<uint8_t> base_key(16, 0x42);
  EnvelopeTracker tracker(ExpectedEnvelope::kSFrame);
  auto feed = [&](uint64_t kid, uint64_t ctr) {
    std::vector<uint8_t> out;
    EXPECT_EQ(t::CryptoStatus::kOk,
              t::SFrameEncrypt(0x0004, base_key, kid, ctr, {}, RandomFrame(rng, 300), out));
    return FeedFrame(tracker, out, 1100);
  };
  FrameVerdict v = feed(3, 10);
  EXPECT_TRUE(v.sframe_candidate && v.sframe_chain_start);
  v = feed(3, 11);
  EXPECT_TRUE(v.sframe_candidate && !v.sframe_chain_start);
  v = feed(3, 5);  // the counter went back: a new chain
  EXPECT_TRUE(v.sframe_candidate && v.sframe_chain_start);
  feed(3, 6);
  feed(3, 7);
  v = feed(3, 8);
  EXPECT_EQ(EnvelopeKind::kSFrame, v.kind);
  EXPECT_FALSE(v.sframe_candidate || v.sframe_chain_start);
}


// --- What was attacked (docs/e2ee.md, "What was attacked") ----------------------------

// The 14 trailer bytes as lib-jitsi-meet writes them for (ssrc, timestamp), key index 3.
std::vector<uint8_t> Trailer(uint32_t ssrc, uint32_t timestamp) {
  return {static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
          static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc),
          static_cast<uint8_t>(timestamp >> 24), static_cast<uint8_t>(timestamp >> 16),
          static_cast<uint8_t>(timestamp >> 8), static_cast<uint8_t>(timestamp),
          0x00, 0x00, 0x12, 0x34, 0x0C, 0x03};
}

// A proof needs the whole 14-byte trailer: an IV length byte and a key index alone (a
// plaintext frame ending in `0c 03`, 1 in 4096 of them) used to prove a frame whose last
// packet was shorter than 14 bytes and had nothing before it in the frame.
TEST(EnvelopeAttackTest, APartialTrailerProvesNothing) {
  const FrameOrigin origin{0x1234, 0x5678};
  for (const std::vector<uint8_t>& frame :
       {std::vector<uint8_t>{0x0C, 0x03}, std::vector<uint8_t>{0x11, 0x0C, 0x03},
        std::vector<uint8_t>{0x11, 0x00, 0x00, 0x12, 0x34, 0x0C, 0x03}}) {
    EXPECT_FALSE(MatchJFrameTrailer(frame, &origin).has_value()) << frame.size();
    EXPECT_FALSE(MatchJFrameTrailer(frame).has_value()) << frame.size();
    EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
    EXPECT_EQ(EnvelopeKind::kNone, tracker.OnPacket(frame, true, true, &origin).kind);
  }
  // Split over two short packets of one frame, 9 bytes in all: still partial.
  EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
  const std::vector<uint8_t> t = Trailer(0x1234, 0x5678);
  tracker.OnPacket({t.data() + 5, 4}, true, false, &origin);
  EXPECT_EQ(EnvelopeKind::kNone, tracker.OnPacket({t.data() + 9, 5}, false, true, &origin).kind);
}

// The IV length says the trailer and a 16-byte tag are in the frame, after at least one clear
// byte: a frame shorter than 31 bytes cannot be JFrame, whatever its last 14 bytes say.
TEST(EnvelopeAttackTest, ATrailerLongerThanItsFrameAllowsIsRefused) {
  const FrameOrigin origin{0x1234, 0x5678};
  std::vector<uint8_t> frame = {0x11};
  const std::vector<uint8_t> t = Trailer(0x1234, 0x5678);
  frame.insert(frame.end(), t.begin(), t.end());  // 15 bytes: no room for the tag
  EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
  EXPECT_EQ(EnvelopeKind::kNone, tracker.OnPacket(frame, true, true, &origin).kind);
  // With 16 more bytes (a tag's worth) it is a JFrame frame.
  frame.insert(frame.begin() + 1, 16, 0xEE);
  EXPECT_EQ(EnvelopeKind::kJFrame, tracker.OnPacket(frame, true, true, &origin).kind);
  // Also counted across packets: 10 + 10 + 11 bytes is enough.
  EnvelopeTracker split(ExpectedEnvelope::kJFrame);
  split.OnPacket({frame.data(), 10}, true, false, &origin);
  split.OnPacket({frame.data() + 10, 10}, false, false, &origin);
  EXPECT_EQ(EnvelopeKind::kJFrame,
            split.OnPacket({frame.data() + 20, frame.size() - 20}, false, true, &origin).kind);
}

// A trailer that straddles two packets is joined only with the packet right before the
// last one, of the same frame: not with a reordered packet, a late packet of another frame,
// or the end of the previous frame.
TEST(EnvelopeAttackTest, AStraddlingTrailerIsJoinedOnlyWithItsOwnPredecessor) {
  std::mt19937 rng(8);
  t::JFrameSender sender;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 1), 2));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(t::CryptoStatus::kOk,
            sender.Encrypt(t::JFrameType::kVideoDelta, 0xA1, 0xB2, RandomFrame(rng, 1000), envelope));
  const size_t last = 5;
  const std::span<const uint8_t> head(envelope.data(), envelope.size() - last);
  const std::span<const uint8_t> tail(envelope.data() + envelope.size() - last, last);
  auto origin = [](int32_t seq) { return FrameOrigin{0xA1, 0xB2, seq}; };
  {  // in order: recognised
    EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
    const FrameOrigin o1 = origin(10), o2 = origin(11);
    tracker.OnPacket(head, true, false, &o1);
    EXPECT_EQ(EnvelopeKind::kJFrame, tracker.OnPacket(tail, false, true, &o2).kind);
  }
  {  // the packet before the last is missing (10, then 12): not joined with 10
    EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
    const FrameOrigin o1 = origin(10), o2 = origin(12);
    tracker.OnPacket(head, true, false, &o1);
    EXPECT_EQ(EnvelopeKind::kNone, tracker.OnPacket(tail, false, true, &o2).kind);
  }
  {  // the packet before is of another frame (another timestamp)
    EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
    const FrameOrigin other{0xA1, 0xB1, 10}, o2 = origin(11);
    tracker.OnPacket(head, false, false, &other);
    EXPECT_EQ(EnvelopeKind::kNone, tracker.OnPacket(tail, false, true, &o2).kind);
  }
  {  // sequence numbers wrap: 65535 then 0 are neighbours
    EnvelopeTracker tracker(ExpectedEnvelope::kJFrame);
    const FrameOrigin o1 = origin(65535), o2 = origin(0);
    tracker.OnPacket(head, true, false, &o1);
    EXPECT_EQ(EnvelopeKind::kJFrame, tracker.OnPacket(tail, false, true, &o2).kind);
  }
}

// A trusted SFrame stream that stops encrypting: its plaintext frames' first bytes parse as
// headers with ever-changing KIDs. A KID change used to count as a key rotation on a trusted
// stream and passed every such frame; now a new KID starts a new chain, trusted as the first.
TEST(EnvelopeAttackTest, ATrustedSFrameStreamThatTurnsPlaintextIsNotTrustedByKidChanges) {
  std::mt19937 rng(9);
  const std::vector<uint8_t> base_key(16, 0x42);
  EnvelopeTracker tracker(ExpectedEnvelope::kSFrame);
  for (uint64_t ctr = 0; ctr < 6; ++ctr) {
    std::vector<uint8_t> out;
    ASSERT_EQ(t::CryptoStatus::kOk,
              t::SFrameEncrypt(0x0004, base_key, 1, ctr, {}, RandomFrame(rng, 300), out));
    FeedFrame(tracker, out, 1100);
  }
  ASSERT_EQ(EnvelopeKind::kSFrame, tracker.stream_kind());
  // Plaintext whose config bytes name KIDs 2, 3, 4, ... (X = 0, Y = 0).
  int passed = 0;
  for (int i = 0; i < 14; ++i) {
    std::vector<uint8_t> plain = RandomFrame(rng, 300);
    plain[0] = static_cast<uint8_t>((((i % 6) + 2) << 4) | (i % 8));
    passed += FeedFrame(tracker, plain, 1100).kind == EnvelopeKind::kSFrame;
  }
  EXPECT_EQ(0, passed);
}

// Plaintext with a constant first byte and random bytes after it (an H.264 FU-A indicator
// 0x7C reads as KID 7 with a 5-byte CTR) forms "increasing" CTR chains by chance (232 of
// these 5000 frames passed); a sender's CTR grows by a few per frame, so a larger step
// breaks the chain.
TEST(EnvelopeAttackTest, RandomCountersDoNotFormAChain) {
  std::mt19937 rng(10);
  EnvelopeTracker tracker(ExpectedEnvelope::kSFrame);
  int passed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::vector<uint8_t> plain = RandomFrame(rng, 200);
    plain[0] = 0x7C;
    passed += FeedFrame(tracker, plain, 1100).kind == EnvelopeKind::kSFrame;
  }
  EXPECT_EQ(0, passed);
}

}  // namespace
}  // namespace jvbfastpath::e2ee
