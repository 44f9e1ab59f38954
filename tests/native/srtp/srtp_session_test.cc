// SrtpSession behaviour: rollover, replay, reordering, loss, tampering, malformed input, the
// stream cap, batches and counters. Protected bytes are checked against the reference
// (reference_srtp.h) where a byte comparison says more than a round trip.
#include "native/srtp/srtp_session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "tests/native/srtp/hex.h"
#include "tests/native/srtp/reference_srtp.h"
#include "tests/native/srtp/test_packets.h"

namespace jvbfastpath::srtp::testing {
namespace {

constexpr uint32_t kSsrc = 0x1a2b3c4d;

// An outbound and an inbound session of one profile on the same master key: a sender and
// the receiver at the other end of the wire.
class Link {
 public:
  explicit Link(Profile profile, SessionConfig inbound = Inbound(),
                SessionConfig outbound = Outbound())
      : profile_(profile),
        key_(TestMasterKey(profile)),
        salt_(TestMasterSalt(profile)),
        sender_(MakeSession(profile, key_, salt_, outbound)),
        receiver_(MakeSession(profile, key_, salt_, inbound)) {}

  bool ok() const { return sender_ != nullptr && receiver_ != nullptr; }
  SrtpSession& sender() { return *sender_; }
  SrtpSession& receiver() { return *receiver_; }
  SessionKeys keys(KeysFor kind) const { return DeriveSessionKeys(profile_, key_, salt_, kind); }

  // The protected form of a fresh RTP packet.
  Bytes Send(uint32_t ssrc, uint16_t seq, size_t payload = 100) {
    Bytes packet = MakeRtp(ssrc, seq, payload);
    EXPECT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, packet)) << "seq " << seq;
    return packet;
  }
  // The protected form of `plain`, which must be the bytes an independent reference makes
  // at rollover counter `roc`.
  Bytes SendAsReference(const Bytes& plain, uint32_t roc) {
    Bytes packet = plain;
    EXPECT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, packet));
    EXPECT_EQ(ToHex(ProtectRtp(profile_, keys(KeysFor::kRtp), plain, roc)), ToHex(packet));
    return packet;
  }
  Status Receive(const Bytes& packet, Bytes* plain = nullptr) {
    return Unprotect(*receiver_, PacketKind::kRtp, packet, plain);
  }

 private:
  Profile profile_;
  Bytes key_;
  Bytes salt_;
  std::unique_ptr<SrtpSession> sender_;
  std::unique_ptr<SrtpSession> receiver_;
};

class EveryProfile : public ::testing::TestWithParam<Profile> {};
INSTANTIATE_TEST_SUITE_P(AllProfiles, EveryProfile, ::testing::ValuesIn(kAllProfiles),
                         ProfileTestName);

// ---------------------------------------------------------------------------------------------
// Rollover and stream start.

TEST_P(EveryProfile, RollsOverFrom65535ToZero) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const uint16_t first = 65535 - 2000;
  const int count = 5000;  // crosses the wrap 2000 packets in
  Bytes after_wrap_plain, after_wrap_protected;
  for (int i = 0; i < count; ++i) {
    const uint16_t seq = static_cast<uint16_t>(first + i);
    Bytes plain = MakeRtp(kSsrc, seq, 60);
    Bytes packet = plain;
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, packet)) << "seq " << seq;
    Bytes received;
    ASSERT_EQ(Status::kOk, link.Receive(packet, &received)) << "packet " << i << " seq " << seq;
    ASSERT_EQ(plain, received) << "packet " << i;
    if (seq == 7) {
      after_wrap_plain = plain;
      after_wrap_protected = packet;
    }
  }
  // Sequence number 7 after the wrap is index 2^16 + 7: only ROC = 1 gives these bytes.
  const SessionKeys keys = link.keys(KeysFor::kRtp);
  EXPECT_EQ(ToHex(ProtectRtp(GetParam(), keys, after_wrap_plain, 1)), ToHex(after_wrap_protected));
  EXPECT_NE(ToHex(ProtectRtp(GetParam(), keys, after_wrap_plain, 0)), ToHex(after_wrap_protected));
  EXPECT_EQ(std::optional<uint32_t>(1), link.sender().GetRolloverCounter(kSsrc));
  EXPECT_EQ(std::optional<uint32_t>(1), link.receiver().GetRolloverCounter(kSsrc));
}

TEST_P(EveryProfile, StreamMayStartAtAnySequenceNumber) {
  std::random_device device;
  const uint32_t seed = device();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  for (int trial = 0; trial < 4; ++trial) {
    Link link(GetParam());
    ASSERT_TRUE(link.ok());
    const uint32_t ssrc = static_cast<uint32_t>(random());
    // One trial starts just below the wrap, the others anywhere.
    const uint16_t start =
        trial == 0 ? uint16_t{65530} : static_cast<uint16_t>(random() & 0xffff);
    for (int i = 0; i < 300; ++i) {
      const uint16_t seq = static_cast<uint16_t>(start + i);
      Bytes plain = MakeRtp(ssrc, seq, 40);
      Bytes packet = plain;
      ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, packet));
      if (i == 0) {
        EXPECT_EQ(ToHex(ProtectRtp(GetParam(), link.keys(KeysFor::kRtp), plain, 0)),
                  ToHex(packet))
            << "first packet, seq " << seq;
      }
      Bytes received;
      ASSERT_EQ(Status::kOk, link.Receive(packet, &received)) << "start " << start << " i " << i;
      ASSERT_EQ(plain, received);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Replay, reordering, loss.

TEST_P(EveryProfile, SamePacketTwiceIsAReplay) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const Bytes packet = link.Send(kSsrc, 500);
  EXPECT_EQ(Status::kOk, link.Receive(packet));
  EXPECT_EQ(Status::kReplayFail, link.Receive(packet));
  EXPECT_EQ(Status::kOk, link.Receive(link.Send(kSsrc, 501)));
  EXPECT_EQ(Status::kReplayFail, link.Receive(packet));
}

// Packets 0..199 arrive except 100; 100 then arrives 99 behind the newest.
TEST_P(EveryProfile, PacketOlderThanTheWindowIsReplayOldUnlessTheWindowIsWider) {
  for (const auto& [window, expected] :
       {std::pair{64u, Status::kReplayOld}, std::pair{128u, Status::kOk}}) {
    Link link(GetParam(), Inbound(window));
    ASSERT_TRUE(link.ok());
    std::vector<Bytes> sent;
    for (uint16_t seq = 0; seq < 200; ++seq) sent.push_back(link.Send(kSsrc, seq));
    for (uint16_t seq = 0; seq < 200; ++seq) {
      if (seq != 100) ASSERT_EQ(Status::kOk, link.Receive(sent[seq])) << "seq " << seq;
    }
    EXPECT_EQ(expected, link.Receive(sent[100])) << "window " << window;
    // 150 behind is too old even for 128.
    if (window == 128) {
      Link wide(GetParam(), Inbound(128));
      ASSERT_TRUE(wide.ok());
      std::vector<Bytes> more;
      for (uint16_t seq = 0; seq < 200; ++seq) more.push_back(wide.Send(kSsrc, seq));
      for (uint16_t seq = 0; seq < 200; ++seq) {
        if (seq != 49) ASSERT_EQ(Status::kOk, wide.Receive(more[seq]));
      }
      EXPECT_EQ(Status::kReplayOld, wide.Receive(more[49]));
    }
  }
}

TEST_P(EveryProfile, ReorderingWithinTheWindowIsAccepted) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> sent;
  for (uint16_t seq = 1000; seq < 1320; ++seq) sent.push_back(link.Send(kSsrc, seq));
  // Shuffle within blocks of 32: every packet arrives less than 64 behind the newest.
  std::mt19937 random(7);
  for (size_t block = 0; block < sent.size(); block += 32) {
    std::shuffle(sent.begin() + static_cast<ptrdiff_t>(block),
                 sent.begin() + static_cast<ptrdiff_t>(block + 32), random);
  }
  for (size_t i = 0; i < sent.size(); ++i) {
    ASSERT_EQ(Status::kOk, link.Receive(sent[i])) << "arrival " << i;
  }
  // Each of them only once.
  for (size_t i = 0; i < 32; ++i) {
    EXPECT_NE(Status::kOk, link.Receive(sent[sent.size() - 1 - i]));
  }
}

TEST_P(EveryProfile, LossGapsAreAccepted) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  // Gaps of 1, 63, 64, 1000, 20000 (across the wrap) and 30000.
  const uint16_t seqs[] = {10, 12, 76, 141, 1141, 1142, 21142, 51142, 51143, 15607, 15608};
  for (uint16_t seq : seqs) {
    Bytes plain = MakeRtp(kSsrc, seq, 50);
    Bytes packet = plain;
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, packet));
    Bytes received;
    ASSERT_EQ(Status::kOk, link.Receive(packet, &received)) << "seq " << seq;
    EXPECT_EQ(plain, received);
  }
  EXPECT_EQ(std::optional<uint32_t>(1), link.receiver().GetRolloverCounter(kSsrc));
}

TEST_P(EveryProfile, OutboundMayProtectASequenceNumberAgain) {
  // docs/srtp.md: the bridge resends with the original sequence number (NACK without RTX).
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const Bytes first = link.Send(kSsrc, 42);
  const Bytes again = link.Send(kSsrc, 42);
  EXPECT_EQ(ToHex(first), ToHex(again));
}

// The same, for a packet sent more than the replay window (64) packets ago: a NACK for video
// usually asks for a packet an RTT old, which at video packet rates is well past 64 packets.
// jitsi-srtp does no replay check when protecting (isSendReplayEnabled = false).
TEST_P(EveryProfile, OutboundMayResendAPacketOlderThanTheReplayWindow) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> sent;
  for (uint16_t seq = 1000; seq < 1200; ++seq) sent.push_back(link.Send(kSsrc, seq));
  Bytes resend = MakeRtp(kSsrc, 1100, 100);
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, resend))
      << "retransmission of a packet 99 behind the newest refused";
  EXPECT_EQ(ToHex(sent[100]), ToHex(resend));
}

// Older than the outbound window (64) by far, and across a rollover: protected at the index
// the sequence number gives (the bytes of the first send), and the stream goes on as if the
// resend had not happened (old_index_protect.h).
TEST_P(EveryProfile, OutboundResendsAnyOldPacketWithoutMovingTheStream) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> sent;
  const uint16_t first = 65536 - 1500;
  for (int i = 0; i < 3000; ++i) sent.push_back(link.Send(kSsrc, static_cast<uint16_t>(first + i)));
  for (int back : {64, 65, 255, 256, 1000, 1499, 1500, 2999}) {
    const int i = 2999 - back;
    Bytes resend = MakeRtp(kSsrc, static_cast<uint16_t>(first + i), 100);
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, resend)) << back << " behind";
    EXPECT_EQ(ToHex(sent[i]), ToHex(resend)) << back << " behind";
  }
  EXPECT_EQ(std::optional<uint32_t>(1), link.sender().GetRolloverCounter(kSsrc));
  // The next packets are those of a stream that never resent: the receiver takes them all.
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(Status::kOk, link.Receive(sent[i])) << i;
  for (int i = 3000; i < 3100; ++i) {
    ASSERT_EQ(Status::kOk, link.Receive(link.Send(kSsrc, static_cast<uint16_t>(first + i)))) << i;
  }
}

// Past the first 2^15 indexes, a sequence number more than 2^15 ahead reads as one of the
// previous rollover period (RFC 3711 3.3.1): it is protected with ROC - 1, as jitsi-srtp does,
// and the stream does not move.
TEST_P(EveryProfile, OutboundJumpOver32768GoesOutWithThePreviousRolloverCounter) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const SessionKeys keys = link.keys(KeysFor::kRtp);
  for (uint16_t seq = 65000; seq != 1000; ++seq) link.Send(kSsrc, seq);  // ROC 1, at 999
  const Bytes jumped_plain = MakeRtp(kSsrc, 40000, 100);
  Bytes jumped = jumped_plain;
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, jumped));
  EXPECT_EQ(ToHex(ProtectRtp(GetParam(), keys, jumped_plain, 0)), ToHex(jumped));
  const Bytes next_plain = MakeRtp(kSsrc, 1000, 100);
  Bytes next = next_plain;
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, next));
  EXPECT_EQ(ToHex(ProtectRtp(GetParam(), keys, next_plain, 1)), ToHex(next));
  EXPECT_EQ(std::optional<uint32_t>(1), link.sender().GetRolloverCounter(kSsrc));
}

// ---------------------------------------------------------------------------------------------
// Tampering.

TEST_P(EveryProfile, AFlippedBitInHeaderPayloadOrTagFailsAuthentication) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  uint16_t seq = 300;
  const Bytes probe = link.Send(kSsrc, 299);
  const size_t tag_length = link.sender().ProtectRoom(PacketKind::kRtp);
  struct Where {
    const char* name;
    size_t offset;
  };
  const Where places[] = {
      {"header (timestamp)", 5},
      {"header (marker/payload type)", 1},
      {"payload", 12 + 20},
      {"tag", probe.size() - 1},
      {"tag start", probe.size() - tag_length},
  };
  for (const Where& where : places) {
    SCOPED_TRACE(where.name);
    const Bytes good = link.Send(kSsrc, seq++);
    Bytes bad = good;
    bad[where.offset] ^= 0x01;
    EXPECT_EQ(Status::kAuthFail, link.Receive(bad));
    // The tampered packet left no trace: the genuine one and the next are accepted.
    EXPECT_EQ(Status::kOk, link.Receive(good));
    EXPECT_EQ(Status::kOk, link.Receive(link.Send(kSsrc, seq++)));
  }
  EXPECT_EQ(5u, link.receiver().counters().Get(PacketKind::kRtp, Status::kAuthFail));
}

TEST_P(EveryProfile, TamperedRtcpFailsAuthentication) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  for (size_t offset : {size_t{1}, size_t{12}, size_t{0} /* last byte, below */}) {
    Bytes packet = MakeRtcp(kSsrc);
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, packet));
    Bytes bad = packet;
    bad[offset == 0 ? bad.size() - 1 : offset] ^= 0x80;
    EXPECT_EQ(Status::kAuthFail, Unprotect(link.receiver(), PacketKind::kRtcp, bad));
    EXPECT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, packet));
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed input and buffers.

TEST_P(EveryProfile, TooShortPackets) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  Bytes rtp = MakeRtp(kSsrc, 1, 0);
  rtp.resize(11);
  EXPECT_EQ(Status::kTooShort, Protect(link.sender(), PacketKind::kRtp, rtp));
  Bytes rtcp = MakeRtcp(kSsrc);
  rtcp.resize(7);
  EXPECT_EQ(Status::kTooShort, Protect(link.sender(), PacketKind::kRtcp, rtcp));
  EXPECT_EQ(Status::kTooShort, Unprotect(link.receiver(), PacketKind::kRtp, Bytes{}));

  // A received packet must hold a header and the trailer.
  const size_t rtp_trailer = link.receiver().ProtectRoom(PacketKind::kRtp);
  const size_t rtcp_trailer = link.receiver().ProtectRoom(PacketKind::kRtcp);
  Bytes srtp = link.Send(kSsrc, 2, 0);
  ASSERT_EQ(12 + rtp_trailer, srtp.size());
  srtp.pop_back();
  EXPECT_EQ(Status::kTooShort, link.Receive(srtp));
  Bytes srtcp = MakeRtcp(kSsrc);
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, srtcp));
  srtcp.resize(8 + rtcp_trailer - 1);
  EXPECT_EQ(Status::kTooShort, Unprotect(link.receiver(), PacketKind::kRtcp, srtcp));
}

TEST_P(EveryProfile, BadVersion) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  for (uint8_t version_bits : {0x00, 0x40, 0xc0}) {
    Bytes rtp = MakeRtp(kSsrc, 1, 20);
    rtp[0] = static_cast<uint8_t>((rtp[0] & 0x3f) | version_bits);
    EXPECT_EQ(Status::kBadVersion, Protect(link.sender(), PacketKind::kRtp, rtp));
    Bytes rtcp = MakeRtcp(kSsrc);
    rtcp[0] = static_cast<uint8_t>((rtcp[0] & 0x3f) | version_bits);
    EXPECT_EQ(Status::kBadVersion, Protect(link.sender(), PacketKind::kRtcp, rtcp));
    Bytes srtp = link.Send(kSsrc, 2);
    srtp[0] = static_cast<uint8_t>((srtp[0] & 0x3f) | version_bits);
    EXPECT_EQ(Status::kBadVersion, link.Receive(srtp));
  }
}

TEST_P(EveryProfile, NoRoomForTheTrailerWritesNothing) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  for (PacketKind kind : {PacketKind::kRtp, PacketKind::kRtcp}) {
    const Bytes plain = kind == PacketKind::kRtp ? MakeRtp(kSsrc, 9, 80) : MakeRtcp(kSsrc);
    const size_t room = link.sender().ProtectRoom(kind);
    // The buffer: the packet, room - 1 spare bytes, then guard bytes outside the span.
    Bytes backing(plain.size() + room - 1 + 16, 0xee);
    std::copy(plain.begin(), plain.end(), backing.begin());
    const Bytes before = backing;
    std::span<uint8_t> buffer(backing.data(), plain.size() + room - 1);
    size_t length = plain.size();
    const Status status = kind == PacketKind::kRtp ? link.sender().ProtectRtp(buffer, length)
                                                   : link.sender().ProtectRtcp(buffer, length);
    EXPECT_EQ(Status::kNoRoom, status);
    EXPECT_EQ(plain.size(), length);
    EXPECT_EQ(ToHex(before), ToHex(backing)) << "bytes changed";

    // With exactly enough room it works, and ends exactly at the capacity.
    std::span<uint8_t> enough(backing.data(), plain.size() + room);
    ASSERT_EQ(Status::kOk, kind == PacketKind::kRtp ? link.sender().ProtectRtp(enough, length)
                                                    : link.sender().ProtectRtcp(enough, length));
    EXPECT_EQ(plain.size() + room, length);
    EXPECT_EQ(ToHex(Bytes(15, 0xee)), ToHex(std::span(backing).last(15)));
  }
}

TEST_P(EveryProfile, Oversize) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  // length beyond the buffer
  Bytes rtp = MakeRtp(kSsrc, 1, 20);
  size_t length = rtp.size() + 1;
  EXPECT_EQ(Status::kOversize, link.sender().ProtectRtp(rtp, length));
  EXPECT_EQ(Status::kOversize, link.receiver().UnprotectRtp(rtp, length));
  Bytes rtcp = MakeRtcp(kSsrc);
  length = rtcp.size() + 1;
  EXPECT_EQ(Status::kOversize, link.sender().ProtectRtcp(rtcp, length));
  // beyond what RTP over UDP can carry
  Bytes huge = MakeRtp(kSsrc, 2, 65536 - 12);
  const size_t huge_length = huge.size();
  huge.resize(huge_length + kMaxTrailerLength);
  length = huge_length;
  EXPECT_EQ(Status::kOversize, link.sender().ProtectRtp(huge, length));
  EXPECT_EQ(huge_length, length);
  EXPECT_EQ(Status::kOversize, link.receiver().UnprotectRtp(huge, length));
}

TEST_P(EveryProfile, CsrcCountOrExtensionPastTheEndIsRefused) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  Bytes rtp = MakeRtp(kSsrc, 1, 8);
  rtp[0] |= 0x0f;  // 15 CSRCs = 60 bytes, but only 8 follow the header
  EXPECT_EQ(Status::kMalformed, Protect(link.sender(), PacketKind::kRtp, rtp));
  Bytes srtp = link.Send(kSsrc, 2, 8);
  srtp[0] |= 0x0f;
  EXPECT_EQ(Status::kMalformed, link.Receive(srtp));
  // An extension whose length runs past the end.
  Bytes ext = MakeRtp(kSsrc, 3, 4, 0, 1);
  ext[15] = 0x40;
  EXPECT_EQ(Status::kMalformed, Protect(link.sender(), PacketKind::kRtp, ext));
}

// As jitsi-srtp, a header that leaves no room for the tag is refused before the replay
// check: a copy of a packet already received, cut into its CSRCs, is kMalformed, not a
// replay.
TEST_P(EveryProfile, HeaderWithoutRoomForTheTagIsMalformedBeforeReplay) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  Bytes sent = MakeRtp(kSsrc, 7, 0, /*csrcs=*/4);
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, sent));
  ASSERT_EQ(Status::kOk, link.Receive(sent));
  EXPECT_EQ(Status::kReplayFail, link.Receive(sent));
  const size_t tag = link.receiver().ProtectRoom(PacketKind::kRtp);
  const Bytes cut(sent.begin(), sent.begin() + static_cast<ptrdiff_t>(12 + 8 + tag));
  EXPECT_EQ(Status::kMalformed, link.Receive(cut));
}

// The bridge's SRTCP replay window is 64 packets (libsrtp's own is 128): an SRTCP packet 64
// or more behind the newest is kReplayOld, one less than 64 behind is taken once.
TEST_P(EveryProfile, SrtcpReplayWindowIsTheBridges) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> sent;
  for (uint32_t i = 0; i < 200; ++i) {
    sent.push_back(MakeRtcp(kSsrc, i));
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, sent.back()));
  }
  for (size_t i = 0; i < 200; ++i) {
    if (i != 100 && i != 135 && i != 136) {
      ASSERT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, sent[i])) << i;
    }
  }
  // sent[i] has index i + 1 (libsrtp numbers from 1); the newest is sent[199].
  EXPECT_EQ(Status::kReplayOld, Unprotect(link.receiver(), PacketKind::kRtcp, sent[100]));
  EXPECT_EQ(Status::kReplayOld, Unprotect(link.receiver(), PacketKind::kRtcp, sent[135]));
  EXPECT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, sent[136]));
  EXPECT_EQ(Status::kReplayFail, Unprotect(link.receiver(), PacketKind::kRtcp, sent[136]));
  EXPECT_EQ(Status::kReplayFail, Unprotect(link.receiver(), PacketKind::kRtcp, sent[199]));
}

// ---------------------------------------------------------------------------------------------
// Rollover counter hand-over and authenticate-only.

TEST_P(EveryProfile, RolloverCounterHandOverSeedsANewStream) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  ASSERT_TRUE(link.sender().SetRolloverCounter(kSsrc, 5));
  ASSERT_TRUE(link.receiver().SetRolloverCounter(kSsrc, 5));
  const Bytes plain = MakeRtp(kSsrc, 40000, 64);
  const Bytes packet = link.SendAsReference(plain, 5);
  ASSERT_FALSE(HasFailure());
  Bytes received;
  ASSERT_EQ(Status::kOk, link.Receive(packet, &received));
  EXPECT_EQ(ToHex(plain), ToHex(received));
  EXPECT_EQ(std::optional<uint32_t>(5), link.receiver().GetRolloverCounter(kSsrc));
  // A packet made independently with ROC 5 is accepted too.
  EXPECT_EQ(Status::kOk,
            link.Receive(ProtectRtp(GetParam(), link.keys(KeysFor::kRtp),
                                    MakeRtp(kSsrc, 40001, 64), 5)));
}

// srtp_session.h: GetRolloverCounter "Returns the stream's ROC"; a seeded stream's ROC is the
// seed, before any packet as after.
TEST(SrtpSessionHandOver, GetRolloverCounterReadsBackASeededValueBeforeTheFirstPacket) {
  Link link(Profile::kAeadAes128Gcm);
  ASSERT_TRUE(link.ok());
  ASSERT_TRUE(link.sender().SetRolloverCounter(kSsrc, 5));
  EXPECT_EQ(std::optional<uint32_t>(5), link.sender().GetRolloverCounter(kSsrc));
  link.Send(kSsrc, 40000);
  EXPECT_EQ(std::optional<uint32_t>(5), link.sender().GetRolloverCounter(kSsrc));
}

TEST_P(EveryProfile, UnprotectOfAPacketToDiscardChecksTheTagAndKeepsTheReplayWindow) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const Bytes packet = link.Send(kSsrc, 77);
  Bytes bad = packet;
  bad.back() ^= 1;
  size_t length = bad.size();
  EXPECT_EQ(Status::kAuthFail, link.receiver().UnprotectRtp(bad, length));
  Bytes good = packet;
  length = good.size();
  EXPECT_EQ(Status::kOk, link.receiver().UnprotectRtp(good, length));
  EXPECT_EQ(Status::kReplayFail, link.Receive(packet));
}

// ---------------------------------------------------------------------------------------------
// Streams: strict mode, the cap, unauthenticated newcomers.

// The SSRC table is allocated up front, so its size is bounded: an absurd one is an error,
// not an allocation failure.
TEST(SrtpSessionStreams, MaxStreamsIsBounded) {
  const Profile profile = Profile::kAeadAes128Gcm;
  const Bytes key = TestMasterKey(profile);
  const Bytes salt = TestMasterSalt(profile);
  std::optional<MasterKey> master = MasterKey::Create(profile, key, salt);
  ASSERT_TRUE(master.has_value());
  for (uint32_t streams : {0u, 65537u, 0x7FFFFFFCu}) {
    SessionConfig config = Inbound();
    config.max_streams = streams;
    std::string error;
    EXPECT_EQ(nullptr, SrtpSession::Create(*master, config, &error)) << streams;
    EXPECT_EQ("max_streams must be between 1 and 65536", error);
  }
  SessionConfig config = Inbound();
  config.max_streams = 65536;
  std::string error;
  EXPECT_NE(nullptr, SrtpSession::Create(*master, config, &error)) << error;
}

TEST(SrtpSessionStreams, StrictModeRefusesUnannouncedSsrcs) {
  SessionConfig strict_out = Outbound();
  strict_out.strict_ssrcs = true;
  SessionConfig strict_in = Inbound();
  strict_in.strict_ssrcs = true;
  Link link(Profile::kAeadAes128Gcm, strict_in, strict_out);
  ASSERT_TRUE(link.ok());

  Bytes packet = MakeRtp(kSsrc, 1, 30);
  EXPECT_EQ(Status::kUnknownSsrc, Protect(link.sender(), PacketKind::kRtp, packet));
  Bytes rtcp = MakeRtcp(kSsrc);
  EXPECT_EQ(Status::kUnknownSsrc, Protect(link.sender(), PacketKind::kRtcp, rtcp));
  ASSERT_TRUE(link.sender().AddStream(kSsrc));
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, packet));

  EXPECT_EQ(Status::kUnknownSsrc, link.Receive(packet));
  ASSERT_TRUE(link.receiver().AddStream(kSsrc));
  EXPECT_EQ(Status::kOk, link.Receive(packet));
  EXPECT_EQ(1u, link.receiver().counters().Get(PacketKind::kRtp, Status::kUnknownSsrc));
}

TEST(SrtpSessionStreams, StrictModeTableHoldsAtMost1024AndRemoveStreamFreesASlot) {
  SessionConfig config = Outbound();
  config.strict_ssrcs = true;
  const Profile profile = Profile::kAesCm128HmacSha1_80;
  auto session = MakeSession(profile, TestMasterKey(profile), TestMasterSalt(profile), config);
  ASSERT_NE(nullptr, session);
  for (uint32_t ssrc = 1; ssrc <= 1024; ++ssrc) ASSERT_TRUE(session->AddStream(ssrc)) << ssrc;
  EXPECT_EQ(1024u, session->stream_count());
  EXPECT_FALSE(session->AddStream(5000)) << "1025th SSRC admitted";
  EXPECT_TRUE(session->AddStream(17)) << "announcing a known SSRC again is fine";
  Bytes packet = MakeRtp(5000, 1, 10);
  EXPECT_EQ(Status::kUnknownSsrc, Protect(*session, PacketKind::kRtp, packet));

  EXPECT_TRUE(session->RemoveStream(17));
  EXPECT_FALSE(session->RemoveStream(17));
  EXPECT_EQ(1023u, session->stream_count());
  EXPECT_TRUE(session->AddStream(5000));
  EXPECT_EQ(Status::kOk, Protect(*session, PacketKind::kRtp, packet));
  packet = MakeRtp(17, 1, 10);
  EXPECT_EQ(Status::kUnknownSsrc, Protect(*session, PacketKind::kRtp, packet));
}

// Not strict: the 1025th SSRC is admitted by dropping the least recently used stream (the
// header's contract, like the bridge's 1024-entry LRU). There is no "too many streams" status.
TEST(SrtpSessionStreams, The1025thSsrcEvictsTheLeastRecentlyUsedStream) {
  const Profile profile = Profile::kAeadAes128Gcm;
  Link link(profile);
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> first_packets;
  for (uint32_t ssrc = 1; ssrc <= 1024; ++ssrc) {
    first_packets.push_back(link.Send(ssrc, 100));
    ASSERT_EQ(Status::kOk, link.Receive(first_packets.back())) << ssrc;
  }
  EXPECT_EQ(1024u, link.sender().stream_count());
  EXPECT_EQ(1024u, link.receiver().stream_count());
  // SSRC 1 is used again, so SSRC 2 is now the least recently used.
  ASSERT_EQ(Status::kOk, link.Receive(link.Send(1, 101)));

  ASSERT_EQ(Status::kOk, link.Receive(link.Send(9999, 1)));
  EXPECT_EQ(1024u, link.receiver().stream_count());
  EXPECT_EQ(1u, link.receiver().streams_evicted());
  EXPECT_EQ(1u, link.sender().streams_evicted());
  EXPECT_EQ(std::nullopt, link.receiver().GetRolloverCounter(2)) << "SSRC 2 was not dropped";
  EXPECT_TRUE(link.receiver().GetRolloverCounter(1).has_value());
  // SSRC 1 kept its replay state; SSRC 2's was forgotten, so its old packet is news again
  // (and readmitting SSRC 2 evicts the next least recently used, SSRC 3).
  EXPECT_EQ(Status::kReplayFail, link.Receive(first_packets[0]));
  EXPECT_EQ(Status::kOk, link.Receive(first_packets[1]));
  EXPECT_EQ(2u, link.receiver().streams_evicted());
  EXPECT_EQ(std::nullopt, link.receiver().GetRolloverCounter(3));

  // RemoveStream makes room without an eviction.
  EXPECT_TRUE(link.receiver().RemoveStream(500));
  EXPECT_FALSE(link.receiver().RemoveStream(3)) << "SSRC 3 was already evicted";
  EXPECT_EQ(1023u, link.receiver().stream_count());
  ASSERT_EQ(Status::kOk, link.Receive(link.Send(7777, 1)));
  EXPECT_EQ(2u, link.receiver().streams_evicted());
  EXPECT_EQ(1024u, link.receiver().stream_count());
}

TEST(SrtpSessionStreams, UnauthenticatedPacketFromANewSsrcTakesNoSlot) {
  const Profile profile = Profile::kAesCm128HmacSha1_80;
  SessionConfig small = Inbound();
  small.max_streams = 2;
  Link link(profile, small);
  ASSERT_TRUE(link.ok());
  const Bytes a = link.Send(0xa, 1);
  const Bytes b = link.Send(0xb, 1);
  ASSERT_EQ(Status::kOk, link.Receive(a));
  ASSERT_EQ(Status::kOk, link.Receive(b));

  for (uint32_t stranger = 0x100; stranger < 0x140; ++stranger) {
    Bytes forged = link.Send(stranger, 1);
    forged.back() ^= 0x01;
    ASSERT_EQ(Status::kAuthFail, link.Receive(forged));
  }
  EXPECT_EQ(2u, link.receiver().stream_count());
  EXPECT_EQ(0u, link.receiver().streams_evicted());
  EXPECT_EQ(Status::kReplayFail, link.Receive(a)) << "stream A was dropped";
  EXPECT_EQ(Status::kReplayFail, link.Receive(b)) << "stream B was dropped";
  EXPECT_EQ(std::nullopt, link.receiver().GetRolloverCounter(0x100));
}

// A dropped stream's position is retired (retired_streams.h): when its SSRC comes back, the
// sender goes on from the index it had reached (a fresh stream at ROC 0 would encrypt a new
// packet with the keystream, or under the GCM nonce, of one it sent before the rollover) and
// the receiver keeps accepting a stream past its first rollover.
uint32_t SrtcpIndexOf(const Bytes& packet, Profile profile) {
  const bool aead = profile == Profile::kAeadAes128Gcm || profile == Profile::kAeadAes256Gcm;
  const size_t at = aead ? packet.size() - 4 : packet.size() - 4 - 10;
  return ((uint32_t{packet[at]} << 24) | (uint32_t{packet[at + 1]} << 16) |
          (uint32_t{packet[at + 2]} << 8) | packet[at + 3]) & 0x7fffffffu;
}

TEST_P(EveryProfile, AStreamDroppedAtTheCapComesBackWhereItWas) {
  SessionConfig small_in = Inbound();
  small_in.max_streams = 2;
  SessionConfig small_out = Outbound();
  small_out.max_streams = 2;
  Link link(GetParam(), small_in, small_out);
  ASSERT_TRUE(link.ok());
  constexpr uint32_t kA = 0xa, kB = 0xb, kC = 0xc;
  // A rolls over (ROC 1) and sends SRTCP twice.
  for (uint32_t seq = 65530; seq < 65540; ++seq) {
    ASSERT_EQ(Status::kOk, link.Receive(link.Send(kA, static_cast<uint16_t>(seq))));
  }
  for (int n = 0; n < 2; ++n) {
    Bytes rtcp = MakeRtcp(kA, n);
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, rtcp));
    ASSERT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, rtcp));
  }
  const uint32_t srtcp_before = 1;  // indexes 0 and 1 (RFC 3711 3.4: the first is 0)
  // B and C push A out of both sessions.
  ASSERT_EQ(Status::kOk, link.Receive(link.Send(kB, 1)));
  ASSERT_EQ(Status::kOk, link.Receive(link.Send(kC, 1)));
  EXPECT_EQ(1u, link.sender().streams_evicted());
  EXPECT_EQ(std::nullopt, link.sender().GetRolloverCounter(kA));
  EXPECT_EQ(std::nullopt, link.receiver().GetRolloverCounter(kA));

  // A comes back: the sender protects seq 5 at ROC 1 (an independent reference says so), not
  // at ROC 0, where seq 5 would reuse the keystream/nonce of a packet never sent but of an
  // index the stream had passed; the receiver, dropped too, accepts it.
  const Bytes plain = MakeRtp(kA, 5, 100);
  const Bytes packet = link.SendAsReference(plain, 1);
  ASSERT_FALSE(HasFailure());
  Bytes received;
  ASSERT_EQ(Status::kOk, link.Receive(packet, &received));
  EXPECT_EQ(ToHex(plain), ToHex(received));
  EXPECT_EQ(std::optional<uint32_t>(1), link.sender().GetRolloverCounter(kA));
  EXPECT_EQ(std::optional<uint32_t>(1), link.receiver().GetRolloverCounter(kA));
  EXPECT_EQ(1u, link.sender().streams_restored());
  EXPECT_EQ(1u, link.receiver().streams_restored());
  // Its SRTCP goes on at index 2, not at 0 again.
  Bytes rtcp = MakeRtcp(kA, 9);
  ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, rtcp));
  EXPECT_EQ(srtcp_before + 1, SrtcpIndexOf(rtcp, GetParam()));
  EXPECT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, rtcp));
}

// The bridge stops sending a source to a receiver (RemoveStream) and later sends it again.
TEST_P(EveryProfile, AnOutboundStreamRemovedAndMadeAgainNeverReusesAnIndex) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  for (uint32_t seq = 65534; seq < 65538; ++seq) {
    ASSERT_EQ(Status::kOk, link.Receive(link.Send(kSsrc, static_cast<uint16_t>(seq))));
  }
  ASSERT_TRUE(link.sender().RemoveStream(kSsrc));
  const Bytes plain = MakeRtp(kSsrc, 2, 64);
  const Bytes packet = link.SendAsReference(plain, 1);
  ASSERT_FALSE(HasFailure());
  EXPECT_EQ(Status::kOk, link.Receive(packet)) << "the receiver kept ROC 1";
}

// A forged packet for a retired SSRC does not consume its position; the genuine one after
// it still finds the stream where it was.
TEST(SrtpSessionStreams, AForgedPacketDoesNotUseUpARetiredPosition) {
  const Profile profile = Profile::kAesCm128HmacSha1_80;
  SessionConfig small = Inbound();
  small.max_streams = 1;
  Link link(profile, small);
  ASSERT_TRUE(link.ok());
  for (uint32_t seq = 65534; seq < 65538; ++seq) {
    ASSERT_EQ(Status::kOk, link.Receive(link.Send(0xa, static_cast<uint16_t>(seq))));
  }
  ASSERT_EQ(Status::kOk, link.Receive(link.Send(0xb, 1)));  // A retired
  Bytes genuine = link.Send(0xa, 3);
  Bytes forged = genuine;
  forged.back() ^= 1;
  EXPECT_EQ(Status::kAuthFail, link.Receive(forged));
  EXPECT_EQ(0u, link.receiver().streams_restored());
  EXPECT_EQ(Status::kOk, link.Receive(genuine));
  EXPECT_EQ(1u, link.receiver().streams_restored());
}

// ---------------------------------------------------------------------------------------------
// Batches and counters.

TEST_P(EveryProfile, BatchReportsEachSlotAndABadSlotFailsAlone) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> plain, wire;
  for (uint16_t seq = 10; seq < 15; ++seq) plain.push_back(MakeRtp(kSsrc, seq, 60 + seq));

  // Protect: slot 2 has no room for its trailer.
  std::vector<Bytes> buffers;
  std::array<PacketSlot, 5> slots;
  for (size_t i = 0; i < 5; ++i) {
    buffers.push_back(plain[i]);
    buffers.back().resize(plain[i].size() + (i == 2 ? 1 : kMaxTrailerLength));
  }
  for (size_t i = 0; i < 5; ++i) slots[i] = PacketSlot{buffers[i], plain[i].size(), Status::kOk};
  EXPECT_EQ(4u, link.sender().ProtectRtpBatch(slots));
  for (size_t i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    if (i == 2) {
      EXPECT_EQ(Status::kNoRoom, slots[i].status);
      EXPECT_EQ(plain[i].size(), slots[i].length);
      continue;
    }
    EXPECT_EQ(Status::kOk, slots[i].status);
    Bytes out(buffers[i].begin(), buffers[i].begin() + static_cast<ptrdiff_t>(slots[i].length));
    EXPECT_EQ(ToHex(ProtectRtp(GetParam(), link.keys(KeysFor::kRtp), plain[i], 0)), ToHex(out));
    wire.push_back(out);
  }
  // Unprotect: the third of four is tampered with.
  wire[2][14] ^= 0x04;
  std::array<PacketSlot, 4> in;
  for (size_t i = 0; i < 4; ++i) in[i] = PacketSlot{wire[i], wire[i].size(), Status::kOk};
  EXPECT_EQ(3u, link.receiver().UnprotectRtpBatch(in));
  const size_t plain_of[] = {0, 1, 3, 4};
  for (size_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(i);
    if (i == 2) {
      EXPECT_EQ(Status::kAuthFail, in[i].status);
      continue;
    }
    EXPECT_EQ(Status::kOk, in[i].status);
    EXPECT_EQ(ToHex(plain[plain_of[i]]),
              ToHex(std::span(wire[i]).first(in[i].length)));
  }
}

TEST_P(EveryProfile, RtcpBatch) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  std::vector<Bytes> buffers;
  std::array<PacketSlot, 3> slots;
  for (uint32_t i = 0; i < 3; ++i) {
    buffers.push_back(MakeRtcp(kSsrc, i));
    buffers.back().resize(28 + kMaxTrailerLength);
  }
  for (size_t i = 0; i < 3; ++i) slots[i] = PacketSlot{buffers[i], 28, Status::kOk};
  slots[1].buffer[0] = 0x40;  // version 1
  EXPECT_EQ(2u, link.sender().ProtectRtcpBatch(slots));
  EXPECT_EQ(Status::kBadVersion, slots[1].status);
  slots[1].buffer[0] = 0x80;
  for (size_t i : {size_t{0}, size_t{2}}) slots[i].buffer = slots[i].buffer.first(slots[i].length);
  slots[1].length = 5;  // too short to be SRTCP
  EXPECT_EQ(2u, link.receiver().UnprotectRtcpBatch(slots));
  EXPECT_EQ(Status::kOk, slots[0].status);
  EXPECT_EQ(Status::kTooShort, slots[1].status);
  EXPECT_EQ(Status::kOk, slots[2].status);
  EXPECT_EQ(ToHex(MakeRtcp(kSsrc, 2)), ToHex(slots[2].buffer.first(slots[2].length)));
}

TEST_P(EveryProfile, CountersMatchWhatWasSent) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  SrtpSession& rx = link.receiver();
  SrtpSession& tx = link.sender();

  const Bytes p1 = link.Send(kSsrc, 1), p2 = link.Send(kSsrc, 2), p3 = link.Send(kSsrc, 3);
  Bytes short_rtp = MakeRtp(kSsrc, 4, 0);
  short_rtp.resize(5);
  EXPECT_EQ(Status::kTooShort, Protect(tx, PacketKind::kRtp, short_rtp));
  Bytes rtcp1 = MakeRtcp(kSsrc, 1), rtcp2 = MakeRtcp(kSsrc, 2);
  ASSERT_EQ(Status::kOk, Protect(tx, PacketKind::kRtcp, rtcp1));
  ASSERT_EQ(Status::kOk, Protect(tx, PacketKind::kRtcp, rtcp2));

  EXPECT_EQ(Status::kOk, link.Receive(p1));
  EXPECT_EQ(Status::kOk, link.Receive(p2));
  EXPECT_EQ(Status::kReplayFail, link.Receive(p2));
  Bytes bad = p3;
  bad[bad.size() - 2] ^= 0x10;
  EXPECT_EQ(Status::kAuthFail, link.Receive(bad));
  EXPECT_EQ(Status::kAuthFail, link.Receive(bad));
  EXPECT_EQ(Status::kOk, link.Receive(p3));
  Bytes version0 = p3;
  version0[0] &= 0x3f;
  EXPECT_EQ(Status::kBadVersion, link.Receive(version0));
  EXPECT_EQ(Status::kTooShort, link.Receive(Bytes(p3.begin(), p3.begin() + 12)));
  EXPECT_EQ(Status::kOk, Unprotect(rx, PacketKind::kRtcp, rtcp1));
  EXPECT_EQ(Status::kReplayFail, Unprotect(rx, PacketKind::kRtcp, rtcp1));
  Bytes bad_rtcp = rtcp2;
  bad_rtcp[10] ^= 1;
  EXPECT_EQ(Status::kAuthFail, Unprotect(rx, PacketKind::kRtcp, bad_rtcp));
  EXPECT_EQ(Status::kOk, Unprotect(rx, PacketKind::kRtcp, rtcp2));

  auto expect_counts = [](const SrtpSession& session, PacketKind kind,
                          std::vector<std::pair<Status, uint64_t>> expected) {
    for (int s = 0; s < kStatusCount; ++s) {
      const Status status = static_cast<Status>(s);
      uint64_t want = 0;
      for (const auto& [st, n] : expected) {
        if (st == status) want = n;
      }
      EXPECT_EQ(want, session.counters().Get(kind, status))
          << (kind == PacketKind::kRtp ? "rtp " : "rtcp ") << StatusName(status);
    }
  };
  expect_counts(tx, PacketKind::kRtp, {{Status::kOk, 3}, {Status::kTooShort, 1}});
  expect_counts(tx, PacketKind::kRtcp, {{Status::kOk, 2}});
  expect_counts(rx, PacketKind::kRtp,
                {{Status::kOk, 3},
                 {Status::kReplayFail, 1},
                 {Status::kAuthFail, 2},
                 {Status::kBadVersion, 1},
                 {Status::kTooShort, 1}});
  expect_counts(rx, PacketKind::kRtcp,
                {{Status::kOk, 2}, {Status::kReplayFail, 1}, {Status::kAuthFail, 1}});
}

// srtp_session.h: "Every call returns a Status and is counted by reason".
TEST(SrtpSessionCounters, WrongDirectionIsRefusedAndCounted) {
  Link link(Profile::kAesCm128HmacSha1_80);
  ASSERT_TRUE(link.ok());
  Bytes rtp = MakeRtp(kSsrc, 1, 10);
  Bytes rtcp = MakeRtcp(kSsrc);
  EXPECT_EQ(Status::kWrongDirection, Protect(link.receiver(), PacketKind::kRtp, rtp));
  EXPECT_EQ(Status::kWrongDirection, Protect(link.receiver(), PacketKind::kRtcp, rtcp));
  EXPECT_EQ(Status::kWrongDirection, Unprotect(link.sender(), PacketKind::kRtp, rtp));
  EXPECT_EQ(Status::kWrongDirection, Unprotect(link.sender(), PacketKind::kRtcp, rtcp));
  EXPECT_EQ(1u, link.receiver().counters().Get(PacketKind::kRtp, Status::kWrongDirection));
  EXPECT_EQ(1u, link.receiver().counters().Get(PacketKind::kRtcp, Status::kWrongDirection));
  EXPECT_EQ(1u, link.sender().counters().Get(PacketKind::kRtp, Status::kWrongDirection));
  EXPECT_EQ(1u, link.sender().counters().Get(PacketKind::kRtcp, Status::kWrongDirection));
}

// ---------------------------------------------------------------------------------------------
// Round trips with the reference's bytes: SRTCP, and RTP with CSRCs and a header extension.

TEST_P(EveryProfile, SrtcpRoundTrip) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  const SessionKeys keys = link.keys(KeysFor::kRtcp);
  const bool aead = GetParam() == Profile::kAeadAes128Gcm || GetParam() == Profile::kAeadAes256Gcm;
  std::vector<Bytes> sent;
  for (uint32_t n = 0; n < 20; ++n) {
    const Bytes plain = MakeRtcp(kSsrc, n);
    Bytes packet = plain;
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtcp, packet));
    // RFC 3711 3.4 / RFC 7714 9: 28 + 4 (E||index) + tag (10, or 16 for AEAD).
    ASSERT_EQ(28u + 4 + (aead ? 16 : 10), packet.size());
    const size_t at = aead ? packet.size() - 4 : 28;
    const uint32_t e_index = (uint32_t{packet[at]} << 24) | (uint32_t{packet[at + 1]} << 16) |
                             (uint32_t{packet[at + 2]} << 8) | packet[at + 3];
    // RFC 3711 3.4: the index is 0 for the first packet and goes up by one (as jitsi-srtp
    // sends it; libsrtp alone starts at 1: srtcp_index_zero.h).
    EXPECT_EQ(n, e_index & 0x7fffffff);
    EXPECT_EQ(0x80000000u, e_index & 0x80000000u) << "E: encrypted";
    EXPECT_EQ(ToHex(ProtectRtcp(GetParam(), keys, plain, e_index & 0x7fffffff)), ToHex(packet));
    Bytes received;
    ASSERT_EQ(Status::kOk, Unprotect(link.receiver(), PacketKind::kRtcp, packet, &received));
    EXPECT_EQ(ToHex(plain), ToHex(received));
    sent.push_back(packet);
  }
  EXPECT_EQ(Status::kReplayFail, Unprotect(link.receiver(), PacketKind::kRtcp, sent[5]));
}

TEST_P(EveryProfile, RtpWithCsrcsAndHeaderExtensionRoundTrip) {
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  uint16_t seq = 100;
  for (const auto& [csrcs, ext_words] : {std::pair{3, 2}, std::pair{15, 0}, std::pair{0, 5},
                                         std::pair{1, 1}}) {
    SCOPED_TRACE(std::to_string(csrcs) + " CSRCs, " + std::to_string(ext_words) + " ext words");
    ++seq;
    const Bytes plain = MakeRtp(kSsrc, seq, 120, csrcs, ext_words);
    const size_t header = 12 + 4 * csrcs + (ext_words ? 4 + 4 * ext_words : 0);
    Bytes packet = plain;
    ASSERT_EQ(Status::kOk, Protect(link.sender(), PacketKind::kRtp, packet));
    EXPECT_EQ(ToHex(ProtectRtp(GetParam(), link.keys(KeysFor::kRtp), plain, 0)), ToHex(packet));
    // CSRCs and the extension stay in the clear; the payload does not.
    EXPECT_EQ(ToHex(std::span(plain).first(header)), ToHex(std::span(packet).first(header)));
    EXPECT_NE(ToHex(std::span(plain).subspan(header, 16)),
              ToHex(std::span(packet).subspan(header, 16)));
    Bytes received;
    ASSERT_EQ(Status::kOk, link.Receive(packet, &received));
    EXPECT_EQ(ToHex(plain), ToHex(received));
  }
}

// ---------------------------------------------------------------------------------------------
// The expected plaintext (expected_plaintext.h): the E2EE passthrough check made by the cipher.

// Protects a copy of `plain` with room, `expected` built by make(buffer) over the copy.
template <typename Make>
Status ProtectExpecting(SrtpSession& session, const Bytes& plain, Bytes& packet,
                        ExpectedPlaintext& expected, Make make, size_t room = kMaxTrailerLength) {
  packet = plain;
  packet.resize(plain.size() + room, 0);
  size_t length = plain.size();
  expected = make(packet.data());
  const Status status = session.ProtectRtp(packet, length, expected);
  packet.resize(status == Status::kOk ? length : plain.size());
  return status;
}

TEST_P(EveryProfile, ProtectChecksTheExpectedBytesAsItEncryptsThem) {
  ASSERT_TRUE(CheckedWhileEncrypting());  // our cipher types are libsrtp's here
  Link link(GetParam());
  ASSERT_TRUE(link.ok());
  using Verdict = ExpectedPlaintext::Verdict;
  uint16_t seq = 500;
  for (const auto& [csrcs, ext_words] : {std::pair{0, 0}, std::pair{2, 3}}) {
    for (size_t payload : {size_t{1}, size_t{17}, size_t{160}, size_t{1180}}) {
      for (size_t skip : {size_t{0}, size_t{1}, size_t{4}}) {  // a codec descriptor
        if (skip > payload) continue;
        SCOPED_TRACE("payload " + std::to_string(payload) + " skip " + std::to_string(skip) +
                     " csrcs " + std::to_string(csrcs));
        const Bytes plain = MakeRtp(kSsrc, ++seq, payload, csrcs, ext_words);
        const size_t opaque = plain.size() - payload + skip;
        Bytes expected_bytes(plain.begin() + static_cast<std::ptrdiff_t>(opaque), plain.end());
        auto expecting = [&](const Bytes& bytes) {
          return [&](uint8_t* buffer) {
            return ExpectedPlaintext{buffer + opaque, bytes};
          };
        };
        // Intact: the bytes on the wire are the reference's, and the receiver gets `plain`.
        Bytes packet;
        ExpectedPlaintext e;
        ASSERT_EQ(Status::kOk, ProtectExpecting(link.sender(), plain, packet, e,
                                                expecting(expected_bytes)));
        EXPECT_EQ(Verdict::kIntact, e.verdict);
        EXPECT_EQ(ToHex(ProtectRtp(GetParam(), link.keys(KeysFor::kRtp), plain, 0)),
                  ToHex(packet));
        Bytes received;
        ASSERT_EQ(Status::kOk, link.Receive(packet, &received));
        EXPECT_EQ(ToHex(plain), ToHex(received));
        // One byte not as expected (the first, the last): kModified, encrypted all the same.
        for (size_t k : {size_t{0}, expected_bytes.size() - 1}) {
          if (expected_bytes.empty()) break;
          Bytes other = expected_bytes;
          other[k] ^= 0x01;
          ASSERT_EQ(Status::kOk, ProtectExpecting(link.sender(), plain, packet, e,
                                                  expecting(other)));
          EXPECT_EQ(Verdict::kModified, e.verdict) << "byte " << k;
        }
      }
    }
  }
  // Bytes that do not reach the packet's end are no expectation the cipher can check.
  const Bytes plain = MakeRtp(kSsrc, ++seq, 100);
  const Bytes middle(plain.begin() + 20, plain.end() - 1);
  Bytes packet;
  ExpectedPlaintext e;
  ASSERT_EQ(Status::kOk, ProtectExpecting(link.sender(), plain, packet, e, [&](uint8_t* b) {
              return ExpectedPlaintext{b + 20, middle};
            }));
  EXPECT_EQ(Verdict::kNotChecked, e.verdict);
  // A protect refused before encrypting leaves it unchecked, the packet as it was.
  const Bytes tail(plain.begin() + 20, plain.end());
  ASSERT_EQ(Status::kNoRoom, ProtectExpecting(link.sender(), plain, packet, e, [&](uint8_t* b) {
              return ExpectedPlaintext{b + 20, tail};
            }, 0));
  EXPECT_EQ(Verdict::kNotChecked, e.verdict);
  EXPECT_EQ(ToHex(plain), ToHex(packet));
}

TEST_P(EveryProfile, ProtectChecksTheExpectedBytesOfACryptexPacket) {
  SessionConfig outbound = Outbound();
  outbound.cryptex = true;
  SessionConfig inbound = Inbound();
  inbound.cryptex = true;
  Link link(GetParam(), inbound, outbound);
  ASSERT_TRUE(link.ok());
  uint16_t seq = 77;
  // With an extension block, and with CSRCs only (protect inserts an empty 0xC0DE block:
  // the payload, and with it the expected bytes, moves 4 bytes on before it is encrypted).
  for (const auto& [ext_words, changed] :
       {std::pair{3, false}, std::pair{3, true}, std::pair{0, false}, std::pair{0, true}}) {
    SCOPED_TRACE(std::to_string(ext_words) + " extension words, changed " +
                 std::to_string(changed));
    const Bytes plain = MakeRtp(kSsrc, seq++, 300, 2, ext_words);
    const size_t opaque = plain.size() - 290;
    Bytes expected_bytes(plain.begin() + static_cast<std::ptrdiff_t>(opaque), plain.end());
    if (changed) expected_bytes[100] ^= 0x80;
    Bytes packet;
    ExpectedPlaintext e;
    ASSERT_EQ(Status::kOk, ProtectExpecting(link.sender(), plain, packet, e, [&](uint8_t* b) {
                return ExpectedPlaintext{b + opaque, expected_bytes};
              }));
    EXPECT_EQ(changed ? ExpectedPlaintext::Verdict::kModified
                      : ExpectedPlaintext::Verdict::kIntact,
              e.verdict);
    if (!changed) {  // (an empty block a sender added stays: the payloads are compared)
      Bytes received;
      ASSERT_EQ(Status::kOk, link.Receive(packet, &received));
      ASSERT_GE(received.size(), 300u);
      EXPECT_EQ(ToHex(std::span(plain).last(300)), ToHex(std::span(received).last(300)));
    }
  }
}

// srtp_session.h: "replay_window = 64;  // packets; libsrtp accepts 64..32768".
TEST(SrtpSessionConfig, AcceptsTheDocumentedReplayWindowRangeAndNoMore) {
  const Profile profile = Profile::kAesCm128HmacSha1_80;
  const auto master = MasterKey::Create(profile, TestMasterKey(profile), TestMasterSalt(profile));
  ASSERT_TRUE(master);
  std::string error;
  EXPECT_EQ(nullptr, SrtpSession::Create(*master, Inbound(63), &error));
  EXPECT_FALSE(error.empty());
  // libsrtp's replay database takes at most 0x7FFF (it refuses 0x8000): our own check
  // refuses it first, with our message.
  EXPECT_EQ(nullptr, SrtpSession::Create(*master, Inbound(0x8000), &error));
  EXPECT_NE(std::string::npos, error.find("32767")) << error;
  EXPECT_NE(nullptr, SrtpSession::Create(*master, Inbound(0x7FFF), &error)) << error;
  SessionConfig no_streams = Inbound();
  no_streams.max_streams = 0;
  EXPECT_EQ(nullptr, SrtpSession::Create(*master, no_streams, &error));
}

}  // namespace
}  // namespace jvbfastpath::srtp::testing
