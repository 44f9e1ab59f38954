#include "tests/native/e2ee/test_frame_crypto.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/native/common/hex.h"

namespace jvbfastpath::e2ee::testing {
namespace {

struct Rfc9605HeaderVector {
  uint64_t kid;
  uint64_t ctr;
  const char* header;
};
struct Rfc9605AesCtrHmacVector {
  uint16_t cipher_suite;
  const char* key;
  const char* enc_key;
  const char* auth_key;
  const char* nonce;
  const char* aad;
  const char* pt;
  const char* ct;
};
struct Rfc9605SFrameVector {
  uint16_t cipher_suite;
  uint64_t kid;
  uint64_t ctr;
  const char* base_key;
  const char* sframe_key_label;
  const char* sframe_salt_label;
  const char* sframe_secret;
  const char* sframe_key;
  const char* sframe_salt;
  const char* metadata;
  const char* nonce;
  const char* aad;
  const char* pt;
  const char* ct;
};

#include "tests/native/e2ee/rfc9605_test_vectors.inc"

using jvbfastpath::testing::Concat;
using jvbfastpath::testing::Hex;
using jvbfastpath::testing::ToHex;

// ======================================================================================
// SFrame: RFC 9605 Appendix C
// ======================================================================================

TEST(SFrameSuiteTest, ConstantsMatchRfc9605Table) {
  struct Row {
    uint16_t id;
    std::string_view name;
    size_t nh, nka, nk, nn, nt;
  };
  // RFC 9605 Section 4.5 (constants) and Section 8.1 (values).
  const Row rows[] = {
      {1, "AES_128_CTR_HMAC_SHA256_80", 32, 16, 48, 12, 10},
      {2, "AES_128_CTR_HMAC_SHA256_64", 32, 16, 48, 12, 8},
      {3, "AES_128_CTR_HMAC_SHA256_32", 32, 16, 48, 12, 4},
      {4, "AES_128_GCM_SHA256_128", 32, 0, 16, 12, 16},
      {5, "AES_256_GCM_SHA512_128", 64, 0, 32, 12, 16},
  };
  for (const Row& row : rows) {
    const auto suite = SFrameSuite(row.id);
    ASSERT_TRUE(suite.has_value()) << row.name;
    EXPECT_EQ(row.name, suite->name);
    EXPECT_EQ(row.nh, suite->nh) << row.name;
    EXPECT_EQ(row.nka, suite->nka) << row.name;
    EXPECT_EQ(row.nk, suite->nk) << row.name;
    EXPECT_EQ(row.nn, suite->nn) << row.name;
    EXPECT_EQ(row.nt, suite->nt) << row.name;
  }
  EXPECT_FALSE(SFrameSuite(0x0000).has_value());  // Reserved
  EXPECT_FALSE(SFrameSuite(0x0006).has_value());
  EXPECT_FALSE(SFrameSuite(0xF000).has_value());  // Private use
}

TEST(SFrameHeaderTest, AllRfc9605HeaderVectorsEncode) {
  ASSERT_EQ(289u, std::size(kRfc9605HeaderVectors));
  for (const auto& v : kRfc9605HeaderVectors) {
    EXPECT_EQ(v.header, ToHex(SFrameEncodeHeader(v.kid, v.ctr)))
        << "kid=" << v.kid << " ctr=" << v.ctr;
  }
}

TEST(SFrameHeaderTest, AllRfc9605HeaderVectorsDecode) {
  for (const auto& v : kRfc9605HeaderVectors) {
    const std::vector<uint8_t> bytes = Hex(v.header);
    SFrameHeader header;
    ASSERT_EQ(CryptoStatus::kOk, SFrameParseHeader(bytes, header)) << v.header;
    EXPECT_EQ(v.kid, header.kid) << v.header;
    EXPECT_EQ(v.ctr, header.ctr) << v.header;
    EXPECT_EQ(bytes.size(), header.length) << v.header;
    // Followed by payload, the header still ends where it did.
    std::vector<uint8_t> with_payload = bytes;
    with_payload.push_back(0xAB);
    ASSERT_EQ(CryptoStatus::kOk, SFrameParseHeader(with_payload, header));
    EXPECT_EQ(bytes.size(), header.length) << v.header;
  }
}

TEST(SFrameHeaderTest, TruncatedHeadersAreMalformed) {
  for (const auto& v : kRfc9605HeaderVectors) {
    const std::vector<uint8_t> bytes = Hex(v.header);
    for (size_t cut = 1; cut < bytes.size(); ++cut) {
      SFrameHeader header;
      EXPECT_EQ(CryptoStatus::kMalformed,
                SFrameParseHeader(std::span<const uint8_t>(bytes).first(cut), header))
          << v.header << " cut at " << cut;
    }
  }
  SFrameHeader header;
  EXPECT_EQ(CryptoStatus::kFrameTooShort, SFrameParseHeader({}, header));
}

TEST(SFrameHeaderTest, ConfigByteBits) {
  // X|K|Y|C, most significant bit first (RFC 9605 Section 4.3).
  EXPECT_EQ("75", ToHex(SFrameEncodeHeader(7, 5)));             // 0 111 0 101
  EXPECT_EQ("8008", ToHex(SFrameEncodeHeader(8, 0)));           // X, KLEN-1 = 0
  EXPECT_EQ("0808", ToHex(SFrameEncodeHeader(0, 8)));           // Y, CLEN-1 = 0
  EXPECT_EQ("f9" "ffffffffffffffff" "0100",                     // 8-byte KID, 2-byte CTR
            ToHex(SFrameEncodeHeader(UINT64_MAX, 256)));
  EXPECT_EQ(kSFrameMaxHeaderLength, SFrameEncodeHeader(UINT64_MAX, UINT64_MAX).size());
}

TEST(SFrameAesCtrHmacTest, Rfc9605AeadVectors) {
  ASSERT_EQ(3u, std::size(kRfc9605AesCtrHmacVectors));
  for (const auto& v : kRfc9605AesCtrHmacVectors) {
    SCOPED_TRACE(v.cipher_suite);
    const auto suite = SFrameSuite(v.cipher_suite);
    ASSERT_TRUE(suite.has_value());
    const auto key = Hex(v.key);
    // derive_subkeys: enc_key = key[..Nka], auth_key = key[Nka..].
    EXPECT_EQ(v.enc_key, ToHex(std::span<const uint8_t>(key).first(suite->nka)));
    EXPECT_EQ(v.auth_key, ToHex(std::span<const uint8_t>(key).subspan(suite->nka)));
    std::vector<uint8_t> out;
    ASSERT_EQ(CryptoStatus::kOk, SFrameAeadEncrypt(v.cipher_suite, key, Hex(v.nonce),
                                                   Hex(v.aad), Hex(v.pt), out));
    EXPECT_EQ(v.ct, ToHex(out));
    ASSERT_EQ(CryptoStatus::kOk, SFrameAeadDecrypt(v.cipher_suite, key, Hex(v.nonce),
                                                   Hex(v.aad), Hex(v.ct), out));
    EXPECT_EQ(v.pt, ToHex(out));
  }
}

TEST(SFrameAesCtrHmacTest, EveryTamperedByteFailsAuthentication) {
  for (const auto& v : kRfc9605AesCtrHmacVectors) {
    const auto ct = Hex(v.ct);
    for (size_t i = 0; i < ct.size(); ++i) {
      auto bad = ct;
      bad[i] ^= 0x01;
      std::vector<uint8_t> out;
      EXPECT_EQ(CryptoStatus::kAuthFailed,
                SFrameAeadDecrypt(v.cipher_suite, Hex(v.key), Hex(v.nonce), Hex(v.aad), bad, out))
          << "suite " << v.cipher_suite << " byte " << i;
      EXPECT_TRUE(out.empty());
    }
    auto bad_aad = Hex(v.aad);
    bad_aad.back() ^= 0x80;
    std::vector<uint8_t> out;
    EXPECT_EQ(CryptoStatus::kAuthFailed,
              SFrameAeadDecrypt(v.cipher_suite, Hex(v.key), Hex(v.nonce), bad_aad, ct, out));
  }
}

TEST(SFrameTest, Rfc9605KeyDerivationVectors) {
  ASSERT_EQ(5u, std::size(kRfc9605SFrameVectors));
  for (const auto& v : kRfc9605SFrameVectors) {
    SCOPED_TRACE(v.cipher_suite);
    EXPECT_EQ(v.sframe_key_label, ToHex(SFrameKeyLabel(v.kid, v.cipher_suite)));
    EXPECT_EQ(v.sframe_salt_label, ToHex(SFrameSaltLabel(v.kid, v.cipher_suite)));
    SFrameKeys keys;
    ASSERT_EQ(CryptoStatus::kOk,
              SFrameDeriveKeySalt(v.cipher_suite, v.kid, Hex(v.base_key), keys));
    EXPECT_EQ(v.sframe_secret, ToHex(keys.secret));
    EXPECT_EQ(v.sframe_key, ToHex(keys.key));
    EXPECT_EQ(v.sframe_salt, ToHex(keys.salt));
    EXPECT_EQ(v.nonce, ToHex(SFrameNonce(keys.salt, v.ctr)));
    EXPECT_EQ(v.aad, ToHex(Concat(SFrameEncodeHeader(v.kid, v.ctr), Hex(v.metadata))));
  }
}

TEST(SFrameTest, Rfc9605EncryptionVectors) {
  for (const auto& v : kRfc9605SFrameVectors) {
    SCOPED_TRACE(v.cipher_suite);
    std::vector<uint8_t> ct;
    ASSERT_EQ(CryptoStatus::kOk, SFrameEncrypt(v.cipher_suite, Hex(v.base_key), v.kid, v.ctr,
                                               Hex(v.metadata), Hex(v.pt), ct));
    EXPECT_EQ(v.ct, ToHex(ct));
  }
}

TEST(SFrameTest, Rfc9605DecryptionVectors) {
  for (const auto& v : kRfc9605SFrameVectors) {
    SCOPED_TRACE(v.cipher_suite);
    std::vector<uint8_t> pt;
    SFrameHeader header;
    ASSERT_EQ(CryptoStatus::kOk, SFrameDecrypt(v.cipher_suite, Hex(v.base_key), Hex(v.metadata),
                                               Hex(v.ct), pt, &header));
    EXPECT_EQ(v.pt, ToHex(pt));
    EXPECT_EQ(v.kid, header.kid);
    EXPECT_EQ(v.ctr, header.ctr);
    // The ciphertext is header | AEAD output of len(pt) + Nt bytes.
    EXPECT_EQ(Hex(v.ct).size(), header.length + Hex(v.pt).size() + SFrameSuite(v.cipher_suite)->nt);
  }
}

TEST(SFrameTest, WrongMetadataKeyOrSuiteFails) {
  for (const auto& v : kRfc9605SFrameVectors) {
    SCOPED_TRACE(v.cipher_suite);
    std::vector<uint8_t> pt;
    EXPECT_EQ(CryptoStatus::kAuthFailed,
              SFrameDecrypt(v.cipher_suite, Hex(v.base_key), {}, Hex(v.ct), pt));
    auto other_key = Hex(v.base_key);
    other_key[0] ^= 1;
    EXPECT_EQ(CryptoStatus::kAuthFailed,
              SFrameDecrypt(v.cipher_suite, other_key, Hex(v.metadata), Hex(v.ct), pt));
    // Suites 1-3 share the key layout; the suite id is in the labels, so keys differ.
    const uint16_t other_suite = v.cipher_suite == 1 ? 2 : 1;
    if (SFrameSuite(other_suite)->nk == SFrameSuite(v.cipher_suite)->nk) {
      EXPECT_EQ(CryptoStatus::kAuthFailed,
                SFrameDecrypt(other_suite, Hex(v.base_key), Hex(v.metadata), Hex(v.ct), pt));
    }
    // A changed header byte changes KID or CTR, hence key or nonce, and the AAD.
    auto bad = Hex(v.ct);
    bad[2] ^= 0x01;
    EXPECT_NE(CryptoStatus::kOk,
              SFrameDecrypt(v.cipher_suite, Hex(v.base_key), Hex(v.metadata), bad, pt));
  }
}

TEST(SFrameTest, RoundTripEverySuiteAndHeaderShape) {
  const std::vector<uint8_t> base_key = Hex("101112131415161718191a1b1c1d1e1f");
  const std::vector<uint8_t> frame = Hex("9d012a0002e00100aabbccddeeff");
  const uint64_t shapes[][2] = {{0, 0}, {7, 7}, {3, 1000}, {1000, 3}, {UINT64_MAX, UINT64_MAX}};
  for (SFrameCipherSuite s : kSFrameAllSuites) {
    const uint16_t suite = static_cast<uint16_t>(s);
    for (const auto& shape : shapes) {
      std::vector<uint8_t> ct;
      ASSERT_EQ(CryptoStatus::kOk,
                SFrameEncrypt(suite, base_key, shape[0], shape[1], {}, frame, ct));
      const size_t header_length = SFrameEncodeHeader(shape[0], shape[1]).size();
      EXPECT_EQ(header_length + frame.size() + SFrameSuite(suite)->nt, ct.size());
      std::vector<uint8_t> pt;
      SFrameHeader header;
      ASSERT_EQ(CryptoStatus::kOk, SFrameDecrypt(suite, base_key, {}, ct, pt, &header));
      EXPECT_EQ(frame, pt);
      EXPECT_EQ(shape[0], header.kid);
      EXPECT_EQ(shape[1], header.ctr);
    }
    // An empty frame is header + tag.
    std::vector<uint8_t> ct;
    ASSERT_EQ(CryptoStatus::kOk, SFrameEncrypt(suite, base_key, 1, 2, {}, {}, ct));
    EXPECT_EQ(1 + SFrameSuite(suite)->nt, ct.size());
    std::vector<uint8_t> pt;
    ASSERT_EQ(CryptoStatus::kOk, SFrameDecrypt(suite, base_key, {}, ct, pt));
    EXPECT_TRUE(pt.empty());
    // Shorter than header + tag.
    ct.pop_back();
    EXPECT_EQ(CryptoStatus::kFrameTooShort, SFrameDecrypt(suite, base_key, {}, ct, pt));
  }
}

TEST(SFrameTest, BadArguments) {
  std::vector<uint8_t> out;
  EXPECT_EQ(CryptoStatus::kBadArgument, SFrameEncrypt(0, Hex("00"), 0, 0, {}, {}, out));
  EXPECT_EQ(CryptoStatus::kBadArgument,
            SFrameAeadEncrypt(4, Hex("00"), Hex("000000000000000000000000"), {}, {}, out));
  EXPECT_EQ(CryptoStatus::kBadArgument,
            SFrameAeadEncrypt(4, Hex("000102030405060708090a0b0c0d0e0f"), Hex("00"), {}, {}, out));
}

// ======================================================================================
// JFrame
// ======================================================================================

// Known answers recorded by running lib-jitsi-meet's own modules/e2ee/Context.ts and
// crypto-utils.ts (commit 01daa07c3f8c, transpiled unmodified, Node 20 WebCrypto) with
// Math.random() fixed at 0.25, so the first send count of each SSRC is
// floor(0.25 * 0xFFFF) = 16383 = 0x3fff. Inputs:
//   key material 000102...1f (32 bytes), Context.setKey(material, 3)
//   VP8 key frame  type "key",   SSRC 0x11223344, timestamp 0xdeadbeef
//   VP8 delta      type "delta", SSRC 0x11223344, timestamp 0xdeadbef0 (send count 0x4000)
//   Opus           type unset,   SSRC 0x55667788, timestamp 960
//   then ratchet(material), a new Context.setKey(ratcheted, 19): delta, SSRC 0x11223344, ts 0
constexpr char kMaterial[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kVp8KeyFrameHex[] = "5002009d012a8002e001112233445566" "77";
constexpr char kVp8KeyEnvelope[] =
    "5002009d012a8002e001" "16ecd1a1fcb4a61a7acf22a67ce54f89d079e07a8164a5"
    "11223344deadbeef00003fff" "0c" "03";
constexpr char kVp8DeltaFrame[] = "310500aabbccddee";
constexpr char kVp8DeltaEnvelope[] =
    "310500" "a422271526150c8803e21ef6223d47eca0c0bd287b" "11223344deadbef000004000" "0c" "03";
constexpr char kOpusFrame[] = "780102030405";
constexpr char kOpusEnvelope[] =
    "78" "bc00e0173b49ea90e5e8674b91c75a681a1029e3b8" "55667788000003c000003fff" "0c" "03";
constexpr char kRatchetedMaterial[] =
    "9cd33ec25c547bf5cfe62de2a08f9b767369d9eeff69fa4964abecf1cbea2a71";
constexpr char kRatchetedDeltaEnvelope[] =
    "310500" "f970cd7c63afe947dd16e844e397a9c614ef06fe55" "1122334400000000" "00003fff" "0c" "03";

TEST(JFrameTest, ClearPrefixPerFrameType) {
  EXPECT_EQ(10u, JFrameClearBytes(JFrameType::kVideoKey));
  EXPECT_EQ(3u, JFrameClearBytes(JFrameType::kVideoDelta));
  EXPECT_EQ(1u, JFrameClearBytes(JFrameType::kAudio));
  EXPECT_EQ(30u, kJFrameOverhead);  // lib-jitsi-meet Context.spec.ts: "overhead of 30 bytes"
}

TEST(JFrameTest, IvLayoutAndSendCountModulo) {
  EXPECT_EQ("11223344" "deadbeef" "00003fff", ToHex(JFrameMakeIv(0x11223344, 0xdeadbeef, 16383)));
  // sendCount % 0xFFFF: 0xFFFF wraps to 0 (not 0x10000), so bytes 8-9 are always zero.
  EXPECT_EQ("00000000" "00000000" "00000000", ToHex(JFrameMakeIv(0, 0, 0xFFFF)));
  EXPECT_EQ("00000000" "00000000" "0000fffe", ToHex(JFrameMakeIv(0, 0, 0xFFFE)));
  EXPECT_EQ("00000000" "00000000" "00000001", ToHex(JFrameMakeIv(0, 0, 0x10000)));
}

TEST(JFrameTest, RatchetMatchesLibJitsiMeet) {
  std::vector<uint8_t> next;
  ASSERT_EQ(CryptoStatus::kOk, JFrameRatchet(Hex(kMaterial), next));
  EXPECT_EQ(kRatchetedMaterial, ToHex(next));
}

TEST(JFrameTest, SenderMatchesLibJitsiMeetByteForByte) {
  JFrameSender sender;
  ASSERT_EQ(CryptoStatus::kOk, sender.SetKey(Hex(kMaterial), 3));
  sender.SetInitialSendCount(0x11223344, 16383);
  sender.SetInitialSendCount(0x55667788, 16383);
  std::vector<uint8_t> envelope;
  ASSERT_EQ(CryptoStatus::kOk, sender.Encrypt(JFrameType::kVideoKey, 0x11223344, 0xdeadbeef,
                                              Hex(kVp8KeyFrameHex), envelope));
  EXPECT_EQ(kVp8KeyEnvelope, ToHex(envelope));
  ASSERT_EQ(CryptoStatus::kOk, sender.Encrypt(JFrameType::kVideoDelta, 0x11223344, 0xdeadbef0,
                                              Hex(kVp8DeltaFrame), envelope));
  EXPECT_EQ(kVp8DeltaEnvelope, ToHex(envelope));
  ASSERT_EQ(CryptoStatus::kOk,
            sender.Encrypt(JFrameType::kAudio, 0x55667788, 960, Hex(kOpusFrame), envelope));
  EXPECT_EQ(kOpusEnvelope, ToHex(envelope));

  JFrameSender ratcheted;
  std::vector<uint8_t> material;
  ASSERT_EQ(CryptoStatus::kOk, JFrameRatchet(Hex(kMaterial), material));
  ASSERT_EQ(CryptoStatus::kOk, ratcheted.SetKey(material, 19));  // slot 19 % 16 = 3
  EXPECT_EQ(3, ratcheted.current_key_index());
  ratcheted.SetInitialSendCount(0x11223344, 16383);
  ASSERT_EQ(CryptoStatus::kOk, ratcheted.Encrypt(JFrameType::kVideoDelta, 0x11223344, 0,
                                                 Hex(kVp8DeltaFrame), envelope));
  EXPECT_EQ(kRatchetedDeltaEnvelope, ToHex(envelope));
}

TEST(JFrameTest, SenderRatchetEqualsSetKeyOfRatchetedMaterial) {
  JFrameSender a;
  ASSERT_EQ(CryptoStatus::kOk, a.SetKey(Hex(kMaterial), 3));
  ASSERT_EQ(CryptoStatus::kOk, a.RatchetCurrentKey());
  JFrameAesKey expected;
  ASSERT_EQ(CryptoStatus::kOk, JFrameDeriveEncryptionKey(Hex(kRatchetedMaterial), expected));
  EXPECT_EQ(expected, a.current_aes_key());
  EXPECT_EQ(3, a.current_key_index());
}

TEST(JFrameTest, KnownEnvelopesDecrypt) {
  JFrameAesKey key;
  ASSERT_EQ(CryptoStatus::kOk, JFrameDeriveEncryptionKey(Hex(kMaterial), key));
  std::vector<uint8_t> frame;
  ASSERT_EQ(CryptoStatus::kOk,
            JFrameDecrypt(key, JFrameType::kVideoKey, Hex(kVp8KeyEnvelope), frame));
  EXPECT_EQ(kVp8KeyFrameHex, ToHex(frame));
  ASSERT_EQ(CryptoStatus::kOk,
            JFrameDecrypt(key, JFrameType::kVideoDelta, Hex(kVp8DeltaEnvelope), frame));
  EXPECT_EQ(kVp8DeltaFrame, ToHex(frame));
  ASSERT_EQ(CryptoStatus::kOk, JFrameDecrypt(key, JFrameType::kAudio, Hex(kOpusEnvelope), frame));
  EXPECT_EQ(kOpusFrame, ToHex(frame));
  // The wrong frame type moves the AAD/ciphertext boundary: authentication fails.
  EXPECT_EQ(CryptoStatus::kAuthFailed,
            JFrameDecrypt(key, JFrameType::kVideoDelta, Hex(kVp8KeyEnvelope), frame));
}

TEST(JFrameTest, ReceiverRecoversARatchetedSenderLikeLibJitsiMeet) {
  // lib-jitsi-meet's decodeFunction, holding the original material at index 3, decrypted
  // kRatchetedDeltaEnvelope's sibling (timestamp 1) after one ratchet step.
  JFrameReceiver receiver;
  ASSERT_EQ(CryptoStatus::kOk, receiver.SetKey(Hex(kMaterial), 3));
  std::vector<uint8_t> frame;
  size_t steps = 0;
  ASSERT_EQ(CryptoStatus::kOk, receiver.Decrypt(JFrameType::kVideoDelta,
                                                Hex(kRatchetedDeltaEnvelope), frame, &steps));
  EXPECT_EQ(kVp8DeltaFrame, ToHex(frame));
  EXPECT_EQ(1u, steps);
  // The slot now holds the ratcheted key: no further step needed.
  ASSERT_EQ(CryptoStatus::kOk, receiver.Decrypt(JFrameType::kVideoDelta,
                                                Hex(kRatchetedDeltaEnvelope), frame, &steps));
  EXPECT_EQ(0u, steps);
}

TEST(JFrameTest, ReceiverGivesUpAfterRatchetWindowAndKeepsItsKey) {
  std::vector<uint8_t> material = Hex(kMaterial);
  for (size_t i = 0; i < kJFrameRatchetWindow + 1; ++i) {
    std::vector<uint8_t> next;
    ASSERT_EQ(CryptoStatus::kOk, JFrameRatchet(material, next));
    material = next;
  }
  JFrameSender far_ahead;
  ASSERT_EQ(CryptoStatus::kOk, far_ahead.SetKey(material, 3));
  std::vector<uint8_t> envelope;
  ASSERT_EQ(CryptoStatus::kOk, far_ahead.Encrypt(JFrameType::kAudio, 1, 2, Hex(kOpusFrame),
                                                 envelope));
  JFrameReceiver receiver;
  ASSERT_EQ(CryptoStatus::kOk, receiver.SetKey(Hex(kMaterial), 3));
  std::vector<uint8_t> frame;
  EXPECT_EQ(CryptoStatus::kAuthFailed, receiver.Decrypt(JFrameType::kAudio, envelope, frame));
  ASSERT_EQ(CryptoStatus::kOk,
            receiver.Decrypt(JFrameType::kAudio, Hex(kOpusEnvelope), frame));  // still index 3
  EXPECT_EQ(kOpusFrame, ToHex(frame));
}

TEST(JFrameTest, ReceiverDropsFramesForEmptySlots) {
  JFrameReceiver receiver;
  ASSERT_EQ(CryptoStatus::kOk, receiver.SetKey(Hex(kMaterial), 4));
  std::vector<uint8_t> frame;
  EXPECT_EQ(CryptoStatus::kBadArgument,
            receiver.Decrypt(JFrameType::kAudio, Hex(kOpusEnvelope), frame));  // index 3
}

// Structure: what the bridge can check without a key.
void ExpectJFrameStructure(JFrameType type, std::span<const uint8_t> frame,
                           std::span<const uint8_t> envelope, uint32_t ssrc, uint32_t timestamp,
                           uint8_t key_index) {
  const size_t clear = JFrameClearBytes(type);
  ASSERT_EQ(frame.size() + kJFrameOverhead, envelope.size());
  EXPECT_TRUE(std::equal(frame.begin(), frame.begin() + static_cast<ptrdiff_t>(clear),
                         envelope.begin()))
      << "clear prefix changed";
  EXPECT_EQ(12, envelope[envelope.size() - 2]) << "IV length byte";
  EXPECT_EQ(key_index, envelope[envelope.size() - 1]) << "key index byte";
  JFrameTrailer parts;
  ASSERT_EQ(CryptoStatus::kOk, JFrameSplit(envelope, type, parts));
  EXPECT_EQ(kJFrameIvLength, parts.iv_length);
  EXPECT_EQ(clear, parts.ciphertext_offset);
  EXPECT_EQ(frame.size() - clear + kJFrameTagLength, parts.ciphertext_length);
  EXPECT_EQ(envelope.data() + envelope.size() - 14, parts.iv.data());
  // IV: SSRC | timestamp | 0x0000 | low 16 bits of the send count.
  EXPECT_EQ(ssrc, uint32_t{parts.iv[0]} << 24 | uint32_t{parts.iv[1]} << 16 |
                      uint32_t{parts.iv[2]} << 8 | parts.iv[3]);
  EXPECT_EQ(timestamp, uint32_t{parts.iv[4]} << 24 | uint32_t{parts.iv[5]} << 16 |
                           uint32_t{parts.iv[6]} << 8 | parts.iv[7]);
  EXPECT_EQ(0, parts.iv[8]);
  EXPECT_EQ(0, parts.iv[9]);
}

TEST(JFrameTest, RoundTripAndStructureForEveryFrameTypeAndSize) {
  JFrameSender sender;
  JFrameReceiver receiver;
  const std::vector<uint8_t> material = Hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");  // 16 bytes
  ASSERT_EQ(CryptoStatus::kOk, sender.SetKey(material, 7));
  ASSERT_EQ(CryptoStatus::kOk, receiver.SetKey(material, 7));
  const JFrameType types[] = {JFrameType::kVideoKey, JFrameType::kVideoDelta, JFrameType::kAudio};
  uint32_t timestamp = 1000;
  for (JFrameType type : types) {
    for (size_t size : {JFrameClearBytes(type), JFrameClearBytes(type) + 1, size_t{100},
                        size_t{1200}, size_t{5000}}) {
      std::vector<uint8_t> frame(size);
      for (size_t i = 0; i < size; ++i) frame[i] = static_cast<uint8_t>(i * 7 + 1);
      std::vector<uint8_t> envelope;
      timestamp += 3000;
      ASSERT_EQ(CryptoStatus::kOk, sender.Encrypt(type, 0xCAFEBABE, timestamp, frame, envelope));
      ExpectJFrameStructure(type, frame, envelope, 0xCAFEBABE, timestamp, 7);
      std::vector<uint8_t> decrypted;
      ASSERT_EQ(CryptoStatus::kOk, receiver.Decrypt(type, envelope, decrypted));
      EXPECT_EQ(frame, decrypted);
      // Any single changed byte before the trailer is caught (prefix: AAD; then ct, tag, IV).
      for (size_t i : {size_t{0}, envelope.size() / 2, envelope.size() - 3}) {
        auto bad = envelope;
        bad[i] ^= 0x40;
        EXPECT_NE(CryptoStatus::kOk, JFrameDecrypt(sender.current_aes_key(), type, bad, decrypted))
            << "byte " << i;
      }
    }
  }
}

TEST(JFrameTest, FramesShorterThanThePrefixAreNotEncrypted) {
  JFrameAesKey key{};
  std::vector<uint8_t> envelope;
  const JFrameIv iv = JFrameMakeIv(1, 2, 3);
  EXPECT_EQ(CryptoStatus::kFrameTooShort,
            JFrameEncrypt(key, 0, JFrameType::kVideoKey, iv, Hex("500200"), envelope));
  EXPECT_EQ(CryptoStatus::kFrameTooShort,
            JFrameEncrypt(key, 0, JFrameType::kAudio, iv, {}, envelope));
  EXPECT_TRUE(envelope.empty());
}

TEST(JFrameTest, MalformedTrailers) {
  JFrameTrailer parts;
  EXPECT_EQ(CryptoStatus::kFrameTooShort, JFrameSplit(Hex("78"), JFrameType::kAudio, parts));
  // IV length 200 does not fit in a 20-byte envelope.
  std::vector<uint8_t> envelope(20, 0);
  envelope[18] = 200;
  EXPECT_EQ(CryptoStatus::kMalformed, JFrameSplit(envelope, JFrameType::kAudio, parts));
  // A well-formed split with a non-12 IV length is refused by decrypt.
  envelope[18] = 8;
  ASSERT_EQ(CryptoStatus::kOk, JFrameSplit(envelope, JFrameType::kAudio, parts));
  std::vector<uint8_t> frame;
  JFrameAesKey key{};
  EXPECT_EQ(CryptoStatus::kMalformed, JFrameDecrypt(key, JFrameType::kAudio, envelope, frame));
}

TEST(CryptoStatusTest, EveryStatusHasAName) {
  for (CryptoStatus s : {CryptoStatus::kOk, CryptoStatus::kBadArgument,
                         CryptoStatus::kFrameTooShort, CryptoStatus::kMalformed,
                         CryptoStatus::kAuthFailed, CryptoStatus::kOpenSslError}) {
    EXPECT_NE("unknown", CryptoStatusName(s));
  }
}

}  // namespace
}  // namespace jvbfastpath::e2ee::testing
