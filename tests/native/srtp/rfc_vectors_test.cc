// The RFCs' own numbers, first against the test-side reference (reference_srtp.h), then against
// SrtpSession through that reference.
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

namespace jvbfastpath::srtp::testing {
namespace {

// ---------------------------------------------------------------------------------------------
// RFC 3711 Appendix B.2: AES-CM keystream.

const Bytes kB2SessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
// Session salt F0F1F2F3F4F5F6F7F8F9FAFBFCFD times 2^16, SSRC 0, ROC 0, SEQ 0.
const Bytes kB2Iv = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

TEST(Rfc3711B2, AesCmKeystreamMatchesTheRfc) {
  const Bytes keystream = AesCmKeystream(kB2SessionKey, kB2Iv, 0xff02 * 16);
  auto block = [&](size_t counter) {
    return ToHex(std::span(keystream).subspan(counter * 16, 16));
  };
  EXPECT_EQ(ToHex(Hex("E03EAD0935C95E80E166B16DD92B4EB4")), block(0x0000));
  EXPECT_EQ(ToHex(Hex("D23513162B02D0F72A43A2FE4A5F97AB")), block(0x0001));
  EXPECT_EQ(ToHex(Hex("41E95B3BB0A2E8DD477901E4FCA894C0")), block(0x0002));
  EXPECT_EQ(ToHex(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4")), block(0xfeff));
  EXPECT_EQ(ToHex(Hex("362B7C3C6773516318A077D7FC5073AE")), block(0xff00));
  EXPECT_EQ(ToHex(Hex("6A2CC3787889374FBEB4C81B17BA6C44")), block(0xff01));
}

TEST(Rfc3711B2, IvFormationGivesTheRfcIvForSsrcZeroIndexZero) {
  EXPECT_EQ(ToHex(kB2Iv), ToHex(AesCmIv(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, 0)));
}

// ---------------------------------------------------------------------------------------------
// RFC 3711 Appendix B.3: key derivation.

const Bytes kB3MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
const Bytes kB3MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

TEST(Rfc3711B3, KeyDerivationMatchesTheRfc) {
  EXPECT_EQ(ToHex(Hex("C61E7A93744F39EE10734AFE3FF7A087")),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpCipher, 16)));
  EXPECT_EQ(ToHex(Hex("30CBBC08863D8C85D49DB34A9AE1")),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpSalt, 14)));
  // The RFC prints 94 octets of the authentication-key keystream: six AES blocks, so this
  // also pins the counter across block boundaries.
  EXPECT_EQ(ToHex(Hex("CEBE321F6FF7716B6FD4AB49AF256A15"
                      "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                      "E049646C43D9327AD175578EF7227098"
                      "6371C10C9A369AC2F94A8C5FBCDDDC25"
                      "6D6E919A48B610EF17C2041E47403576"
                      "6B68642C59BBFC2F34DB60DBDFB2")),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, kLabelRtpAuth, 94)));
}

TEST(Rfc3711B3, KeyDerivationUsesTheRfcAesCmInputBlocks) {
  // B.3's AES-CM input blocks for labels 0, 2 and 1: the keystream from them must be the
  // derived key, i.e. DeriveKey forms exactly these IVs.
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Hex("0EC675AD498AFEEBB6960B3AABE60000"), 16)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x00, 16)));
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Hex("0EC675AD498AFEE9B6960B3AABE60000"), 14)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x02, 14)));
  EXPECT_EQ(ToHex(AesCmKeystream(kB3MasterKey, Hex("0EC675AD498AFEEAB6960B3AABE60000"), 20)),
            ToHex(DeriveKey(kB3MasterKey, kB3MasterSalt, 0x01, 20)));
}

// ---------------------------------------------------------------------------------------------
// RFC 7714 section 16: SRTP AEAD_AES_128_GCM and AEAD_AES_256_GCM.

// "Gallia est omnis divisa in partes tres", SSRC 5501a0b2, SEQ f17b.
const Bytes kRfc7714Rtp = Hex(
    "8040f17b 8041f8d3 5501a0b2 47616c6c"
    "69612065 7374206f 6d6e6973 20646976"
    "69736120 696e2070 61727465 73207472"
    "6573");
const Bytes kRfc7714Key128 = Hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
const Bytes kRfc7714Key256 = Hex(
    "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
    "10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");
const Bytes kRfc7714Salt = Hex("51 75 69 64 20 70 72 6f 20 71 75 6f");  // "Quid pro quo"

// 16.1.1
const Bytes kRfc7714Srtp128 = Hex(
    "8040f17b 8041f8d3 5501a0b2 f24de3a3"
    "fb34de6c acba861c 9d7e4bca be633bd5"
    "0d294e6f 42a5f47a 51c7d19b 36de3adf"
    "8833899d 7f27beb1 6a9152cf 765ee439"
    "0cce");
// 16.2.1
const Bytes kRfc7714Srtp256 = Hex(
    "8040f17b 8041f8d3 5501a0b2 32b1de78"
    "a822fe12 ef9f78fa 332e33aa b1801238"
    "9a58e2f3 b50b2a02 76ffae0f 1ba63799"
    "b87b7aa3 db36dfff d6b0f9bb 7878d7a7"
    "6c13");

SessionKeys Rfc7714SessionKeys(const Bytes& key) { return {key, {}, kRfc7714Salt}; }

TEST(Rfc7714Section16, IvIsTheRfcIv) {
  EXPECT_EQ(ToHex(Hex("51 75 3c 65 80 c2 72 6f 20 71 84 14")),
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

const Bytes kRfc7714Rtcp = Hex(
    "81c8000d 4d617273 4e545031 4e545032"
    "52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef"
    "deadbeef");
constexpr uint32_t kRfc7714SrtcpIndex = 0x000005d4;
// 17.1 (AEAD_AES_128_GCM, encrypted)
const Bytes kRfc7714Srtcp128 = Hex(
    "81c8000d 4d617273 63e94885 dcdab67c"
    "a727d766 2f6b7e99 7ff5c0f7 6c06f32d"
    "c676a5f1 730d6fda 4ce09b46 86303ded"
    "0bb9275b c84aa458 96cf4d2f c5abf872"
    "45d9eade 800005d4");
// 17.2 (AEAD_AES_256_GCM, encrypted)
const Bytes kRfc7714Srtcp256 = Hex(
    "81c8000d 4d617273 d50ae4d1 f5ce5d30"
    "4ba297e4 7d470c28 2c3ece5d bffe0a50"
    "a2eaa5c1 110555be 8415f658 c61de047"
    "6f1b6fad 1d1eb30c 4446839f 57ff6f6c"
    "b26ac3be 800005d4");
// 17.3 (AEAD_AES_128_GCM, tagged only)
const Bytes kRfc7714SrtcpTagged128 = Hex(
    "81c8000d 4d617273 4e545031 4e545032"
    "52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef"
    "deadbeef 841dd968 3dd78ec9 2ae58790"
    "125f62b3 000005d4");
// 17.4 (AEAD_AES_256_GCM, tagged only)
const Bytes kRfc7714SrtcpTagged256 = Hex(
    "81c8000d 4d617273 4e545031 4e545032"
    "52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef"
    "deadbeef 91db4afb feee5a97 8fab4393"
    "ed2615fe 000005d4");

TEST(Rfc7714Section17, IvIsTheRfcIv) {
  EXPECT_EQ(ToHex(Hex("51 75 24 05 52 03 72 6f 20 71 70 bb")),
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
    if (i > 0) ASSERT_EQ(previous_index + 1, index) << "SRTCP index must count up by one";
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
    // srtp_unprotect_rtcp: e_bit_in_packet != sec_serv_confidentiality -> cant_check).
    // Documented here, not endorsed: see the report on how it is counted.
    EXPECT_NE(Status::kOk, Unprotect(*session, PacketKind::kRtcp, tagged_only));
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

    const Bytes k_e = Hex("C61E7A93744F39EE10734AFE3FF7A087");  // B.3's derived keys
    const Bytes k_s = Hex("30CBBC08863D8C85D49DB34A9AE1");
    const Bytes k_a = Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
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
