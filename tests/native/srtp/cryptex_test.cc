// Cryptex (RFC 9335) through SrtpSession: the RFC's test vectors (Appendix A, AES-CTR and
// AES-GCM) byte for byte in both directions, then behaviour the vectors do not cover: every
// profile, CSRC-only packets (the empty block), Cryptex and plain packets sharing one
// stream's index across a rollover, a new SSRC, replays, tampering, truncation, the
// not-negotiated refusal, and what stays plain.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "native/srtp/cryptex.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/srtp/hex.h"
#include "tests/native/srtp/test_packets.h"

namespace jvbfastpath::srtp::testing {
namespace {

SessionConfig WithCryptex(SessionConfig config) {
  config.cryptex = true;
  return config;
}

struct Vector {
  const char* name;
  std::string_view plain;
  std::string_view encrypted;
};

// RFC 9335 Appendix A.1: AES_CM_128_HMAC_SHA1_80, ROC 0.
constexpr std::string_view kCtrKey = "e1f97a0d3e018be0d64fa32c06de4139";
constexpr std::string_view kCtrSalt = "0ec675ad498afeebb6960b3aabe6";
const Vector kCtrVectors[] = {
    {"OneByte", "900f1235 decafbad cafebabe bede0001 51000200 abababab abababab abababab abababab",
     "900f1235 decafbad cafebabe c0de0001 eb923652 51c3e036 f8de27e9 c27ee3e0 b4651d9f bc4218a7"
     " 0244522f 34a5"},
    {"TwoByte", "900f1236 decafbad cafebabe 10000001 05020002 abababab abababab abababab abababab",
     "900f1236 decafbad cafebabe c2de0001 4ed9cc4e 6a712b30 96c5ca77 339d4204 ce0d7739 6cab6958"
     " 5fbce381 94a5"},
    {"OneByteCsrc",
     "920f1238 decafbad cafebabe 0001e240 0000b26e bede0001 51000200 abababab abababab abababab"
     " abababab",
     "920f1238 decafbad cafebabe 8bb6e12b 5cff16dd c0de0001 92838c8c 09e58393 e1de3a9a 74734d67"
     " 45671338 c3acf11d a2df8423 bee0"},
    {"TwoByteCsrc",
     "920f1239 decafbad cafebabe 0001e240 0000b26e 10000001 05020002 abababab abababab abababab"
     " abababab",
     "920f1239 decafbad cafebabe f70e513e b90b9b25 c2de0001 bbed4848 faa64466 5f3d7f34 125914e9"
     " f4d0ae92 3c6f479b 95a0f7b5 3133"},
    {"EmptyOneByteCsrc",
     "920f123a decafbad cafebabe 0001e240 0000b26e bede0000 abababab abababab abababab abababab",
     "920f123a decafbad cafebabe 7130b6ab fe2ab0e3 c0de0000 e3d9f64b 25c9e74c b4cf8e43 fb92e378"
     " 1c2c0cea b6b3a499 a14c"},
    {"EmptyTwoByteCsrc",
     "920f123b decafbad cafebabe 0001e240 0000b26e 10000000 abababab abababab abababab abababab",
     "920f123b decafbad cafebabe cbf24c12 4330e1c8 c2de0000 599dd45b c9d687b6 03e8b59d 771fd38e"
     " 88b170e0 cd31e125 eabe"},
};

// RFC 9335 Appendix A.2: AEAD_AES_128_GCM, ROC 0.
constexpr std::string_view kGcmKey = "000102030405060708090a0b0c0d0e0f";
constexpr std::string_view kGcmSalt = "a0a1a2a3a4a5a6a7a8a9aaab";
const Vector kGcmVectors[] = {
    {"OneByte", "900f1235 decafbad cafebabe bede0001 51000200 abababab abababab abababab abababab",
     "900f1235 decafbad cafebabe c0de0001 39972dc9 572c4d99 e8fc355d e743fb2e 94f9d8ff 54e72f41"
     " 93bbc5c7 4ffab0fa 9fa0fbeb"},
    {"TwoByte", "900f1236 decafbad cafebabe 10000001 05020002 abababab abababab abababab abababab",
     "900f1236 decafbad cafebabe c2de0001 bb75a4c5 45cd1f41 3bdb7daa 2b1e3263 de313667 c9632490"
     " 81b35a65 f5cb6c88 b394235f"},
    {"OneByteCsrc",
     "920f1238 decafbad cafebabe 0001e240 0000b26e bede0001 51000200 abababab abababab abababab"
     " abababab",
     "920f1238 decafbad cafebabe 63bbccc4 a7f695c4 c0de0001 8ad7c71f ac70a80c 92866b4c 6ba98546"
     " ef913586 e95ffaaf fe956885 bb0647a8 bc094ac8"},
    {"TwoByteCsrc",
     "920f1239 decafbad cafebabe 0001e240 0000b26e 10000001 05020002 abababab abababab abababab"
     " abababab",
     "920f1239 decafbad cafebabe 3680524f 8d312b00 c2de0001 c78d1200 38422bc1 11a7187a 18246f98"
     " 0c059cc6 bc9df8b6 26394eca 344e4b05 d80fea83"},
    {"EmptyOneByteCsrc",
     "920f123a decafbad cafebabe 0001e240 0000b26e bede0000 abababab abababab abababab abababab",
     "920f123a decafbad cafebabe 15b6bb43 37906fff c0de0000 b7b96453 7a2b03ab 7ba5389c e9331712"
     " 6b5d974d f30c6884 dcb651c5 e120c1da"},
    {"EmptyTwoByteCsrc",
     "920f123b decafbad cafebabe 0001e240 0000b26e 10000000 abababab abababab abababab abababab",
     "920f123b decafbad cafebabe dcb38c9e 48bf95f4 c2de0000 61ee432c f9203170 76613258 d3ce4236"
     " c06ac429 681ad084 13512dc9 8b5207d8"},
};

void CheckVectors(Profile profile, std::string_view key, std::string_view salt,
                  std::span<const Vector> vectors) {
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.name);
    // Fresh sessions per vector: each is the first packet of its stream (ROC 0).
    auto sender = MakeSession(profile, Hex(key), Hex(salt), WithCryptex(Outbound()));
    auto receiver = MakeSession(profile, Hex(key), Hex(salt), WithCryptex(Inbound()));
    ASSERT_TRUE(sender && receiver);
    Bytes packet = Hex(v.plain);
    ASSERT_EQ(Status::kOk, Protect(*sender, PacketKind::kRtp, packet));
    EXPECT_EQ(Hex(v.encrypted), packet);
    Bytes plain;
    ASSERT_EQ(Status::kOk, Unprotect(*receiver, PacketKind::kRtp, Hex(v.encrypted), &plain));
    EXPECT_EQ(Hex(v.plain), plain);
  }
}

TEST(CryptexTest, Rfc9335AesCtrVectors) {
  CheckVectors(Profile::kAesCm128HmacSha1_80, kCtrKey, kCtrSalt, kCtrVectors);
}

TEST(CryptexTest, Rfc9335AesGcmVectors) {
  CheckVectors(Profile::kAeadAes128Gcm, kGcmKey, kGcmSalt, kGcmVectors);
}

TEST(CryptexTest, FormOfTheHeader) {
  using cryptex::Form;
  EXPECT_EQ(Form::kNothingToHide, cryptex::FormOf(MakeRtp(1, 1, 10)));
  EXPECT_EQ(Form::kPlain8285, cryptex::FormOf(MakeRtp(1, 1, 10, 2)));
  EXPECT_EQ(Form::kPlain8285, cryptex::FormOf(MakeRtp(1, 1, 10, 0, 2)));
  EXPECT_EQ(Form::kCryptex, cryptex::FormOf(Hex(kCtrVectors[0].encrypted)));
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
