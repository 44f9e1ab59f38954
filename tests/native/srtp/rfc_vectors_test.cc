// The RFCs' own numbers (tests/data/srtp/rfc_vectors.txt, read by the Java tests too), first
// against the test-side reference (reference_srtp.h), then against SrtpSession through that
// reference.
//
// RFC 7714's examples (sections 16 and 17) give *session* keys ("Key" and "salt" feed the GCM
// directly; no master key or KDF is involved), and SrtpSession only takes master keys, so they
// cannot be fed through libsrtp as they stand. Instead:
//   1. RFC 3711 B.2 and B.3 pin the reference's AES-CM keystream and key derivation;
//   2. RFC 7714 16 and 17 pin the reference's AEAD packet construction (IV, AAD, layout);
//   3. SrtpSession, keyed with master keys, must produce exactly the reference's bytes
//      (derived session keys + RFC packet transform), and must unprotect the reference's
//      packets back to the plaintext.
#include <gtest/gtest.h>

#include <cstdint>

#include "native/srtp/srtp_session.h"
#include "tests/native/srtp/hex.h"
#include "tests/native/srtp/reference_srtp.h"
#include "tests/native/srtp/test_packets.h"
#include "tests/native/srtp/vectors.h"

namespace jvbfastpath::srtp::testing {
namespace {

// ---------------------------------------------------------------------------------------------
// RFC 3711 Appendix B.2: AES-CM keystream.

const Bytes kB2SessionKey = Vector("rfc3711_b2_session_key");
// Session salt times 2^16, SSRC 0, ROC 0, SEQ 0.
const Bytes kB2Iv = Vector("rfc3711_b2_iv");

TEST(Rfc3711B2, AesCmKeystreamMatchesTheRfc) {
  const Bytes keystream = AesCmKeystream(kB2SessionKey, kB2Iv, 0xff02 * 16);
  auto block = [&](size_t counter) {
    return ToHex(std::span(keystream).subspan(counter * 16, 16));
  };
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_0000")), block(0x0000));
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_0001")), block(0x0001));
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_0002")), block(0x0002));
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_feff")), block(0xfeff));
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_ff00")), block(0xff00));
  EXPECT_EQ(ToHex(Vector("rfc3711_b2_block_ff01")), block(0xff01));
}

TEST(Rfc3711B2, IvFormationGivesTheRfcIvForSsrcZeroIndexZero) {
  EXPECT_EQ(ToHex(kB2Iv), ToHex(AesCmIv(Vector("rfc3711_b2_session_salt"), 0, 0)));
}

// ---------------------------------------------------------------------------------------------
// RFC 3711 Appendix B.3: key derivation.

const Bytes kB3MasterKey = Vector("rfc3711_b3_master_key");
const Bytes kB3MasterSalt = Vector("rfc3711_b3_master_salt");

TEST(Rfc3711B3, KeyDerivationMatchesTheRfc) {
  EXPECT_EQ(ToHex(Vector("rfc3711_b3_cipher_key")),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpCipher, 16)));
  EXPECT_EQ(ToHex(Vector("rfc3711_b3_cipher_salt")),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpSalt, 14)));
  // The RFC prints 94 octets of the authentication-key keystream: six AES blocks, so this
  // also pins the counter across block boundaries.
  const Bytes& auth = Vector("rfc3711_b3_auth_key_keystream");
  ASSERT_EQ(94u, auth.size());
  EXPECT_EQ(ToHex(auth), ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpAuth, 94)));
}

TEST(Rfc3711B3, KeyDerivationUsesTheRfcAesCmInputBlocks) {
  // B.3's AES-CM input blocks for labels 0, 2 and 1: the keystream from them must be the
  // derived key, i.e. DeriveKey forms exactly these IVs.
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Vector("rfc3711_b3_iv_label0"), 16)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x00, 16)));
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Vector("rfc3711_b3_iv_label2"), 14)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x02, 14)));
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Vector("rfc3711_b3_iv_label1"), 20)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x01, 20)));
}

// ---------------------------------------------------------------------------------------------
// RFC 7714 section 16: SRTP AEAD_AES_128_GCM and AEAD_AES_256_GCM.

// "Gallia est omnis divisa in partes tres", SSRC 5501a0b2, SEQ f17b.
const Bytes kRfc7714Rtp = Vector("rfc7714_rtp");
const Bytes kRfc7714Key128 = Vector("rfc7714_key_128");
const Bytes kRfc7714Key256 = Vector("rfc7714_key_256");
const Bytes kRfc7714Salt = Vector("rfc7714_salt");  // "Quid pro quo"

// 16.1.1
const Bytes kRfc7714Srtp128 = Vector("rfc7714_srtp_128");
// 16.2.1
const Bytes kRfc7714Srtp256 = Vector("rfc7714_srtp_256");

SessionKeys Rfc7714SessionKeys(const Bytes& key) { return {key, {}, kRfc7714Salt}; }

TEST(Rfc7714Section16, IvIsTheRfcIv) {
  EXPECT_EQ(ToHex(Vector("rfc7714_rtp_iv")),
            ToHex(AeadRtpIv(kRfc7714Salt, 0x5501a0b2, 0, 0xf17b)));
}

TEST(Rfc7714Section16, ReferenceEncryptsToTheRfcPacket) {
  EXPECT_EQ(ToHex(kRfc7714Srtp128), ToHex(ProtectRtp(Profile::kAeadAes128Gcm,
                                                      Rfc7714SessionKeys(kRfc7714Key128),
                                                      kRfc7714Rtp, 0)));
  EXPECT_EQ(ToHex(kRfc7714Srtp256), ToHex(ProtectRtp(Profile::kAeadAes256Gcm,
                                                      Rfc7714SessionKeys(kRfc7714Key256),
                                                      kRfc7714Rtp, 0)));
}

TEST(Rfc7714Section16, ReferenceDecryptsTheRfcPacket) {
  for (const auto& [key, srtp] :
       {std::pair{kRfc7714Key128, kRfc7714Srtp128}, std::pair{kRfc7714Key256, kRfc7714Srtp256}}) {
    const std::span<const uint8_t> packet(srtp);
    std::optional<Bytes> payload =
        AesGcmOpen(key, AeadRtpIv(kRfc7714Salt, 0x5501a0b2, 0, 0xf17b), packet.first(12),
                   packet.subspan(12, packet.size() - 12 - 16), packet.last(16));
    ASSERT_TRUE(payload.has_value());
    EXPECT_EQ(ToHex(std::span(kRfc7714Rtp).subspan(12)), ToHex(*payload));
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 7714 section 17: SRTCP, SSRC 4d617273, SRTCP index 000005d4.

const Bytes kRfc7714Rtcp = Vector("rfc7714_rtcp");
const uint32_t kRfc7714SrtcpIndex = [] {
  const Bytes& b = Vector("rfc7714_srtcp_index");
  return (uint32_t{b.at(0)} << 24) | (uint32_t{b.at(1)} << 16) | (uint32_t{b.at(2)} << 8) | b.at(3);
}();
// 17.1 (AEAD_AES_128_GCM, encrypted)
const Bytes kRfc7714Srtcp128 = Vector("rfc7714_srtcp_128");
// 17.2 (AEAD_AES_256_GCM, encrypted)
const Bytes kRfc7714Srtcp256 = Vector("rfc7714_srtcp_256");
// 17.3 (AEAD_AES_128_GCM, tagged only)
const Bytes kRfc7714SrtcpTagged128 = Vector("rfc7714_srtcp_tagged_128");
// 17.4 (AEAD_AES_256_GCM, tagged only)
const Bytes kRfc7714SrtcpTagged256 = Vector("rfc7714_srtcp_tagged_256");

TEST(Rfc7714Section17, IvIsTheRfcIv) {
  EXPECT_EQ(ToHex(Vector("rfc7714_rtcp_iv")),
            ToHex(AeadRtcpIv(kRfc7714Salt, 0x4d617273, kRfc7714SrtcpIndex)));
}

TEST(Rfc7714Section17, ReferenceProducesTheRfcPackets) {
  EXPECT_EQ(ToHex(kRfc7714Srtcp128),
            ToHex(ProtectRtcp(Profile::kAeadAes128Gcm, Rfc7714SessionKeys(kRfc7714Key128),
                              kRfc7714Rtcp, kRfc7714SrtcpIndex)));
  EXPECT_EQ(ToHex(kRfc7714Srtcp256),
            ToHex(ProtectRtcp(Profile::kAeadAes256Gcm, Rfc7714SessionKeys(kRfc7714Key256),
                              kRfc7714Rtcp, kRfc7714SrtcpIndex)));
  EXPECT_EQ(ToHex(kRfc7714SrtcpTagged128),
            ToHex(ProtectRtcp(Profile::kAeadAes128Gcm, Rfc7714SessionKeys(kRfc7714Key128),
                              kRfc7714Rtcp, kRfc7714SrtcpIndex, /*encrypt=*/false)));
  EXPECT_EQ(ToHex(kRfc7714SrtcpTagged256),
            ToHex(ProtectRtcp(Profile::kAeadAes256Gcm, Rfc7714SessionKeys(kRfc7714Key256),
                              kRfc7714Rtcp, kRfc7714SrtcpIndex, /*encrypt=*/false)));
}

// ---------------------------------------------------------------------------------------------
// SrtpSession against the validated reference. AEAD profiles are keyed with RFC 7714's key and
// salt used as *master* key and salt; AES-CM profiles with RFC 3711 B.3's master key and salt.

struct MasterFor {
  Bytes key;
  Bytes salt;
};

MasterFor RfcMaster(Profile profile) {
  switch (profile) {
    case Profile::kAeadAes128Gcm: return {kRfc7714Key128, kRfc7714Salt};
    case Profile::kAeadAes256Gcm: return {kRfc7714Key256, kRfc7714Salt};
    default: return {kB3MasterKey, kB3MasterSalt};
  }
}

class SessionMatchesReference : public ::testing::TestWithParam<Profile> {};

TEST_P(SessionMatchesReference, ProtectRtpGivesTheReferenceBytes) {
  const Profile profile = GetParam();
  const MasterFor master = RfcMaster(profile);
  auto session = MakeSession(profile, master.key, master.salt, Outbound());
  ASSERT_NE(nullptr, session);
  const SessionKeys keys =
      DeriveSessionKeys(profile, master.key, master.salt, KeysFor::kRtp);

  Bytes packet = kRfc7714Rtp;
  ASSERT_EQ(Status::kOk, Protect(*session, PacketKind::kRtp, packet));
  EXPECT_EQ(ToHex(ProtectRtp(profile, keys, kRfc7714Rtp, 0)), ToHex(packet));

  // A second packet of the stream (next SEQ), still ROC 0.
  Bytes next = kRfc7714Rtp;
  next[3] = 0x7c;
  const Bytes next_plain = next;
  ASSERT_EQ(Status::kOk, Protect(*session, PacketKind::kRtp, next));
  EXPECT_EQ(ToHex(ProtectRtp(profile, keys, next_plain, 0)), ToHex(next));
}

TEST_P(SessionMatchesReference, UnprotectRtpOfReferenceBytesGivesThePlaintext) {
  const Profile profile = GetParam();
  const MasterFor master = RfcMaster(profile);
  auto session = MakeSession(profile, master.key, master.salt, Inbound());
  ASSERT_NE(nullptr, session);
  const SessionKeys keys =
      DeriveSessionKeys(profile, master.key, master.salt, KeysFor::kRtp);

  Bytes plain;
  ASSERT_EQ(Status::kOk, Unprotect(*session, PacketKind::kRtp,
                                   ProtectRtp(profile, keys, kRfc7714Rtp, 0), &plain));
  EXPECT_EQ(ToHex(kRfc7714Rtp), ToHex(plain));
}

TEST_P(SessionMatchesReference, ProtectRtcpGivesTheReferenceBytes) {
  const Profile profile = GetParam();
  const MasterFor master = RfcMaster(profile);
  auto session = MakeSession(profile, master.key, master.salt, Outbound());
  ASSERT_NE(nullptr, session);
  const SessionKeys keys =
      DeriveSessionKeys(profile, master.key, master.salt, KeysFor::kRtcp);

  // Walk the sender's SRTCP index up to the RFC's 0x5d4 and compare every packet on the way.
  uint32_t previous_index = 0;
  for (int i = 0; i < 0x5d4 + 2; ++i) {
    Bytes packet = kRfc7714Rtcp;
    ASSERT_EQ(Status::kOk, Protect(*session, PacketKind::kRtcp, packet));
    // E || index sits right after the tag (AES-CM: before the 10-byte tag; AEAD: at the end).
    const size_t at = Info(profile).aead ? packet.size() - 4 : packet.size() - 10 - 4;
    const uint32_t e_index = (uint32_t{packet[at]} << 24) | (uint32_t{packet[at + 1]} << 16) |
                             (uint32_t{packet[at + 2]} << 8) | packet[at + 3];
    ASSERT_TRUE(e_index & 0x80000000u) << "E flag not set";
    const uint32_t index = e_index & 0x7fffffff;
    if (i > 0) {
      ASSERT_EQ(previous_index + 1, index) << "SRTCP index must count up by one";
    }
    previous_index = index;
    ASSERT_EQ(ToHex(ProtectRtcp(profile, keys, kRfc7714Rtcp, index)), ToHex(packet))
        << "SRTCP index " << index;
    if (index == kRfc7714SrtcpIndex) break;
  }
  EXPECT_EQ(kRfc7714SrtcpIndex, previous_index);
}

TEST_P(SessionMatchesReference, UnprotectRtcpOfReferenceBytesGivesThePlaintext) {
  const Profile profile = GetParam();
  const MasterFor master = RfcMaster(profile);
  auto session = MakeSession(profile, master.key, master.salt, Inbound());
  ASSERT_NE(nullptr, session);
  const SessionKeys keys =
      DeriveSessionKeys(profile, master.key, master.salt, KeysFor::kRtcp);

  Bytes plain;
  ASSERT_EQ(Status::kOk,
            Unprotect(*session, PacketKind::kRtcp,
                      ProtectRtcp(profile, keys, kRfc7714Rtcp, kRfc7714SrtcpIndex), &plain));
  EXPECT_EQ(ToHex(kRfc7714Rtcp), ToHex(plain));
  // The E = 0 form (authenticated, not encrypted; RFC 3711 3.4, RFC 7714 9.3) from a peer.
  const Bytes tagged_only = ProtectRtcp(profile, keys, kRfc7714Rtcp, kRfc7714SrtcpIndex + 1,
                                        /*encrypt=*/false);
  if (Info(profile).aead) {
    // libsrtp's AEAD path verifies the tag-only form (RFC 7714 17.4).
    ASSERT_EQ(Status::kOk, Unprotect(*session, PacketKind::kRtcp, tagged_only, &plain));
    EXPECT_EQ(ToHex(kRfc7714Rtcp), ToHex(plain));
  } else {
    // libsrtp's AES-CM path refuses E = 0 when the policy encrypts (srtp.c,
    // srtp_unprotect_rtcp: e_bit_in_packet != sec_serv_confidentiality -> cant_check),
    // counted as the bridge's SRTP counts an altered E flag: kAuthFail (docs/srtp.md).
    EXPECT_EQ(Status::kAuthFail, Unprotect(*session, PacketKind::kRtcp, tagged_only));
  }
}

INSTANTIATE_TEST_SUITE_P(AllProfiles, SessionMatchesReference, ::testing::ValuesIn(kAllProfiles),
                         ProfileTestName);

// The AES-CM check spelled out as RFC 3711 states it, without ProtectRtp: header ||
// (payload XOR keystream) || HMAC-SHA1(k_a, header || ciphertext || ROC) truncated.
TEST(Rfc3711OnSession, AesCmPacketIsHeaderCiphertextAndTruncatedHmac) {
  for (const auto& [profile, tag_length] : {std::pair{Profile::kAesCm128HmacSha1_80, 10},
                                            std::pair{Profile::kAesCm128HmacSha1_32, 4}}) {
    auto session = MakeSession(profile, kB3MasterKey, kB3MasterSalt, Outbound());
    ASSERT_NE(nullptr, session);
    const Bytes plain = MakeRtp(0xcafebabe, 0x1234, 100);
    Bytes packet = plain;
    ASSERT_EQ(Status::kOk, Protect(*session, PacketKind::kRtp, packet));

    const Bytes& k_e = Vector("rfc3711_b3_cipher_key");  // B.3's derived keys
    const Bytes& k_s = Vector("rfc3711_b3_cipher_salt");
    const Bytes k_a(Vector("rfc3711_b3_auth_key_keystream").begin(),
                    Vector("rfc3711_b3_auth_key_keystream").begin() + 20);
    const Bytes keystream = AesCmKeystream(k_e, AesCmIv(k_s, 0xcafebabe, 0x1234), 100);
    Bytes expected(plain.begin(), plain.begin() + 12);
    for (size_t i = 0; i < 100; ++i) expected.push_back(plain[12 + i] ^ keystream[i]);
    const Bytes mac = HmacSha1(k_a, Concat(expected, Hex("00000000")));
    expected.insert(expected.end(), mac.begin(), mac.begin() + tag_length);
    EXPECT_EQ(ToHex(expected), ToHex(packet)) << ProfileTestName({profile, 0});
  }
}

}  // namespace
}  // namespace jvbfastpath::srtp::testing
