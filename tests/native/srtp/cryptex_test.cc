// Cryptex (RFC 9335) through SrtpSession: the RFC's test vectors (Appendix A, AES-CTR and
// AES-GCM) byte for byte in both directions, then behaviour the vectors do not cover: every
// profile, CSRC-only packets (the empty block), Cryptex and plain packets sharing one
// stream's index across a rollover, a new SSRC, replays, tampering, truncation, the
// not-negotiated refusal, and what stays plain.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "native/srtp/cryptex.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/srtp/hex.h"
#include "tests/native/srtp/test_packets.h"
#include "tests/native/srtp/vectors.h"

namespace jvbfastpath::srtp::testing {
namespace {

SessionConfig WithCryptex(SessionConfig config) {
  config.cryptex = true;
  return config;
}

// RFC 9335 Appendix A's vectors, from tests/data/srtp/rfc_vectors.txt (the Java CryptexTest
// reads the same): the key, and each vector's plain and Cryptex packets.
constexpr const char* kVectorNames[] = {"one_byte",      "two_byte",
                                        "one_byte_csrc", "two_byte_csrc",
                                        "empty_one_byte_csrc", "empty_two_byte_csrc"};

void CheckVectors(Profile profile, const std::string& appendix) {
  const Bytes& key = Vector(appendix + "_master_key");
  const Bytes& salt = Vector(appendix + "_master_salt");
  for (const char* name : kVectorNames) {
    SCOPED_TRACE(name);
    const Bytes& plain_packet = Vector(appendix + "_" + name + "_plain");
    const Bytes& srtp_packet = Vector(appendix + "_" + name + "_srtp");
    // Fresh sessions per vector: each is the first packet of its stream (ROC 0).
    auto sender = MakeSession(profile, key, salt, WithCryptex(Outbound()));
    auto receiver = MakeSession(profile, key, salt, WithCryptex(Inbound()));
    ASSERT_TRUE(sender && receiver);
    Bytes packet = plain_packet;
    ASSERT_EQ(Status::kOk, Protect(*sender, PacketKind::kRtp, packet));
    EXPECT_EQ(srtp_packet, packet);
    Bytes plain;
    ASSERT_EQ(Status::kOk, Unprotect(*receiver, PacketKind::kRtp, srtp_packet, &plain));
    EXPECT_EQ(plain_packet, plain);
  }
}

TEST(CryptexTest, Rfc9335AesCtrVectors) {
  CheckVectors(Profile::kAesCm128HmacSha1_80, "rfc9335_a1");
}

TEST(CryptexTest, Rfc9335AesGcmVectors) {
  CheckVectors(Profile::kAeadAes128Gcm, "rfc9335_a2");
}

TEST(CryptexTest, FormOfTheHeader) {
  using cryptex::Form;
  EXPECT_EQ(Form::kNothingToHide, cryptex::FormOf(MakeRtp(1, 1, 10)));
  EXPECT_EQ(Form::kPlain8285, cryptex::FormOf(MakeRtp(1, 1, 10, 2)));
  EXPECT_EQ(Form::kPlain8285, cryptex::FormOf(MakeRtp(1, 1, 10, 0, 2)));
  EXPECT_EQ(Form::kCryptex, cryptex::FormOf(Vector("rfc9335_a1_one_byte_srtp")));
  Bytes generic = MakeRtp(1, 1, 10, 0, 1);
  generic[12] = 0x12;  // an RFC 3550 extension of another profile
  EXPECT_EQ(Form::kOtherExtension, cryptex::FormOf(generic));
  Bytes truncated = MakeRtp(1, 1, 0, 3);
  truncated.resize(12 + 8);  // three CSRCs announced, two present
  EXPECT_EQ(Form::kMalformed, cryptex::FormOf(truncated));
  Bytes long_extension = MakeRtp(1, 1, 0, 0, 1);
  long_extension[15] = 9;  // nine words announced, one present
  EXPECT_EQ(Form::kMalformed, cryptex::FormOf(long_extension));
}

class CryptexEveryProfile : public ::testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    sender_ = MakeSession(GetParam(), TestMasterKey(GetParam()), TestMasterSalt(GetParam()),
                          WithCryptex(Outbound()));
    receiver_ = MakeSession(GetParam(), TestMasterKey(GetParam()), TestMasterSalt(GetParam()),
                            WithCryptex(Inbound()));
    ASSERT_TRUE(sender_ && receiver_);
  }
  std::unique_ptr<SrtpSession> sender_;
  std::unique_ptr<SrtpSession> receiver_;
};
INSTANTIATE_TEST_SUITE_P(AllProfiles, CryptexEveryProfile, ::testing::ValuesIn(kAllProfiles),
                         ProfileTestName);

// Nothing of the CSRCs, extensions or payload shows (the 4-byte extension header is never
// encrypted: its length stays, and 0xBEDE and 0xC0DE share a byte).
void ExpectHidden(const Bytes& plain, const Bytes& sent, size_t from) {
  ASSERT_GE(sent.size(), plain.size());
  size_t same = 0;
  for (size_t i = from; i < plain.size(); ++i) same += plain[i] == sent[i];
  EXPECT_LT(same, (plain.size() - from) / 8 + 5) << "too many bytes unchanged";
}

TEST_P(CryptexEveryProfile, RoundTripsCsrcsAndExtensionsOfEveryShape) {
  uint16_t seq = 100;
  for (int csrcs : {0, 1, 15}) {
    for (int words : {0, 1, 3}) {
      for (size_t payload : {size_t{0}, size_t{1}, size_t{160}, size_t{1200}}) {
        SCOPED_TRACE(::testing::Message() << csrcs << " CSRCs, " << words << " words, "
                                        << payload << " bytes");
        const Bytes plain = MakeRtp(0x1234, seq++, payload, csrcs, words);
        Bytes sent = plain;
        ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, sent));
        const bool hidden = csrcs > 0 || words > 0;
        EXPECT_EQ(hidden ? cryptex::Form::kCryptex : cryptex::Form::kNothingToHide,
                  cryptex::FormOf(sent));
        if (hidden) ExpectHidden(plain, sent, 12);
        Bytes received;
        ASSERT_EQ(Status::kOk, Unprotect(*receiver_, PacketKind::kRtp, sent, &received));
        if (csrcs > 0 && words == 0) {
          // The sender added an empty block to mark the CSRCs encrypted; it stays.
          Bytes expected = plain;
          expected[0] |= 0x10;
          const size_t at = 12 + 4 * csrcs;
          expected.insert(expected.begin() + at, {0xbe, 0xde, 0x00, 0x00});
          EXPECT_EQ(expected, received);
        } else {
          EXPECT_EQ(plain, received);
        }
      }
    }
  }
}

TEST_P(CryptexEveryProfile, CryptexAndPlainPacketsShareTheStreamAcrossARollover) {
  for (uint32_t i = 0; i < 40; ++i) {
    const uint16_t seq = static_cast<uint16_t>(65520 + i);
    const Bytes plain = MakeRtp(0x77, seq, 50, 0, i % 2 == 0 ? 1 : 0);
    Bytes sent = plain;
    ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, sent)) << seq;
    Bytes received;
    ASSERT_EQ(Status::kOk, Unprotect(*receiver_, PacketKind::kRtp, sent, &received)) << seq;
    EXPECT_EQ(plain, received);
  }
  EXPECT_EQ(1u, sender_->GetRolloverCounter(0x77).value_or(0));
  EXPECT_EQ(1u, receiver_->GetRolloverCounter(0x77).value_or(0));
}

TEST_P(CryptexEveryProfile, ReplaysTamperingAndTruncationAreRefused) {
  const Bytes plain = MakeRtp(0x99, 7, 80, 2, 2);
  Bytes sent = plain;
  ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, sent));
  // A new SSRC whose first packet fails keeps no stream; then the good one is accepted once.
  Bytes tampered = sent;
  tampered[12 + 8 + 4 + 1] ^= 0x01;  // inside the encrypted extension
  EXPECT_EQ(Status::kAuthFail, Unprotect(*receiver_, PacketKind::kRtp, tampered));
  EXPECT_EQ(0u, receiver_->stream_count());
  Bytes csrc_tampered = sent;
  csrc_tampered[13] ^= 0x80;  // inside the encrypted CSRCs
  EXPECT_EQ(Status::kAuthFail, Unprotect(*receiver_, PacketKind::kRtp, csrc_tampered));
  Bytes profile_tampered = sent;
  profile_tampered[12 + 8 + 1] ^= 0x01;  // 0xC0DE -> 0xC0DF: no longer Cryptex, and altered
  EXPECT_NE(Status::kOk, Unprotect(*receiver_, PacketKind::kRtp, profile_tampered));
  for (size_t cut : {size_t{1}, size_t{4}, sent.size() - 12 - 8}) {
    Bytes truncated(sent.begin(), sent.end() - static_cast<std::ptrdiff_t>(cut));
    EXPECT_NE(Status::kOk, Unprotect(*receiver_, PacketKind::kRtp, truncated)) << cut;
  }
  EXPECT_EQ(Status::kOk, Unprotect(*receiver_, PacketKind::kRtp, sent));
  EXPECT_EQ(1u, receiver_->stream_count());
  EXPECT_EQ(Status::kReplayFail, Unprotect(*receiver_, PacketKind::kRtp, sent));
}

TEST_P(CryptexEveryProfile, RtcpAndPacketsWithNothingToHideStayPlainSrtp) {
  auto plain_receiver = MakeSession(GetParam(), TestMasterKey(GetParam()),
                                    TestMasterSalt(GetParam()), Inbound());
  Bytes rtp = MakeRtp(0x55, 1, 100);
  ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, rtp));
  EXPECT_EQ(Status::kOk, Unprotect(*plain_receiver, PacketKind::kRtp, rtp));
  Bytes rtcp = MakeRtcp(0x55);
  ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtcp, rtcp));
  EXPECT_EQ(Status::kOk, Unprotect(*plain_receiver, PacketKind::kRtcp, rtcp));
  // An RFC 3550 extension of another profile cannot be Cryptex: sent as plain SRTP.
  Bytes generic = MakeRtp(0x55, 2, 100, 0, 1);
  generic[12] = 0x12;
  Bytes sent = generic;
  ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, sent));
  Bytes received;
  ASSERT_EQ(Status::kOk, Unprotect(*plain_receiver, PacketKind::kRtp, sent, &received));
  EXPECT_EQ(generic, received);
}

TEST_P(CryptexEveryProfile, NotNegotiatedRefusesCryptexPackets) {
  auto plain_receiver = MakeSession(GetParam(), TestMasterKey(GetParam()),
                                    TestMasterSalt(GetParam()), Inbound());
  Bytes sent = MakeRtp(0x66, 1, 100, 0, 1);
  ASSERT_EQ(Status::kOk, Protect(*sender_, PacketKind::kRtp, sent));
  EXPECT_EQ(Status::kCryptexNotNegotiated, Unprotect(*plain_receiver, PacketKind::kRtp, sent));
  EXPECT_EQ(1u, plain_receiver->counters().Get(PacketKind::kRtp, Status::kCryptexNotNegotiated));
  EXPECT_EQ(BridgeOutcome::kInvalidPacket, OutcomeOf(Status::kCryptexNotNegotiated));
  // And a session without Cryptex sends extensions in the clear, as before.
  auto plain_sender = MakeSession(GetParam(), TestMasterKey(GetParam()),
                                  TestMasterSalt(GetParam()), Outbound());
  const Bytes plain = MakeRtp(0x67, 1, 100, 1, 1);
  Bytes clear = plain;
  ASSERT_EQ(Status::kOk, Protect(*plain_sender, PacketKind::kRtp, clear));
  EXPECT_TRUE(std::equal(plain.begin(), plain.begin() + 24, clear.begin()));
}

TEST_P(CryptexEveryProfile, NoRoomForTheEmptyBlockAndTheTag) {
  const Bytes plain = MakeRtp(0x44, 1, 20, 1, 0);
  const size_t tag = Info(GetParam()).rtp_trailer_length;
  EXPECT_EQ(tag + 4, sender_->ProtectRoom(PacketKind::kRtp));
  Bytes buffer = plain;
  buffer.resize(plain.size() + tag + 3);  // one byte short
  size_t length = plain.size();
  EXPECT_EQ(Status::kNoRoom, sender_->ProtectRtp(buffer, length));
  EXPECT_EQ(plain.size(), length);
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(), buffer.begin()));
}

}  // namespace
}  // namespace jvbfastpath::srtp::testing
