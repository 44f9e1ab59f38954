#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/cpu.h"
#include "native/crypto/hmac_sha1.h"
#include "tests/native/common/hex.h"

namespace jvbfastpath::crypto {
namespace {

using testing::Bytes;
using testing::Hex;
using testing::ToHex;

std::vector<AesImpl> AesImpls() {
  std::vector<AesImpl> out;
  for (AesImpl impl : kAllAesImpls) {
    if (Supported(impl)) out.push_back(impl);
  }
  return out;
}

std::vector<Sha1Impl> Sha1Impls() {
  std::vector<Sha1Impl> out;
  for (Sha1Impl impl : kAllSha1Impls) {
    if (Supported(impl)) out.push_back(impl);
  }
  return out;
}

// The first 16 (12) bytes: counter blocks and GCM IVs.
std::span<const uint8_t, 16> Block(const Bytes& b) {
  return std::span<const uint8_t, 16>(b.data(), 16);
}
std::span<const uint8_t, 12> Iv(const Bytes& b) {
  return std::span<const uint8_t, 12>(b.data(), 12);
}

// --- NIST SP 800-38A, Appendix F.5.1 (CTR-AES128.Encrypt) and F.5.5 (CTR-AES256.Encrypt) ---

struct CtrVector {
  const char* name;
  const char* key;
};

constexpr char kCtrCounter[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
constexpr char kCtrPlain[] =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

TEST(AesCtr, Sp800_38aVectorsInOneCallAndInPieces) {
  const struct {
    const char* key;
    const char* cipher;
  } vectors[] = {
      {"2b7e151628aed2a6abf7158809cf4f3c",
       "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff"
       "5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee"},
      {"603deb1015ca71be2b73aef0857d7781 1f352c073b6108d72d9810a30914dff4",
       "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5"
       "2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6"},
  };
  for (AesImpl impl : AesImpls()) {
    for (const auto& v : vectors) {
      SCOPED_TRACE(std::string(Name(impl)) + " key " + v.key);
      AesCtr ctr;
      ASSERT_TRUE(ctr.SetKey(Hex(v.key), impl));
      EXPECT_EQ(impl, ctr.impl());
      const Bytes counter = Hex(kCtrCounter);
      // Whole, then in pieces of every size from 1 to 17 bytes (the key stream carries over).
      for (size_t piece = 0; piece <= 17; ++piece) {
        Bytes data = Hex(kCtrPlain);
        ctr.SetCounter(Block(counter));
        if (piece == 0) {
          ctr.Apply(data);
        } else {
          for (size_t at = 0; at < data.size(); at += piece) {
            ctr.Apply(std::span(data).subspan(at, std::min(piece, data.size() - at)));
          }
        }
        EXPECT_EQ(ToHex(Hex(v.cipher)), ToHex(data)) << "pieces of " << piece;
      }
    }
  }
}

// The whole 128-bit counter increments (SP 800-38A B.1): across the 32-bit and 64-bit
// boundaries and the 128-bit wrap, as OpenSSL's CTR mode does.
TEST(AesCtr, CounterCarriesAcrossEveryWordAsOpensslDoes) {
  const Bytes key = Hex("000102030405060708090a0b0c0d0e0f");
  const char* counters[] = {
      "00000000 00000000 00000000 fffffffd", "00000000 00000000 ffffffff fffffffe",
      "00000000 ffffffff ffffffff ffffffff", "ffffffff ffffffff ffffffff fffffffc",
  };
  for (AesImpl impl : AesImpls()) {
    for (const char* c : counters) {
      SCOPED_TRACE(std::string(Name(impl)) + " counter " + c);
      Bytes ours(200, 0x5a);
      Bytes theirs = ours;
      AesCtr ctr;
      ASSERT_TRUE(ctr.SetKey(key, impl));
      ctr.SetCounter(Block(Hex(c)));
      ctr.Apply(std::span(ours).first(37));
      ctr.Apply(std::span(ours).subspan(37));
      EVP_CIPHER_CTX* evp = EVP_CIPHER_CTX_new();
      int out = 0;
      ASSERT_EQ(1, EVP_EncryptInit_ex(evp, EVP_aes_128_ctr(), nullptr, key.data(), Hex(c).data()));
      ASSERT_EQ(1, EVP_EncryptUpdate(evp, theirs.data(), &out, theirs.data(), 200));
      EVP_CIPHER_CTX_free(evp);
      EXPECT_EQ(ToHex(theirs), ToHex(ours));
    }
  }
}

TEST(AesCtr, RefusesOtherKeyLengths) {
  AesCtr ctr;
  EXPECT_FALSE(ctr.SetKey(Bytes(24, 1)));
  EXPECT_FALSE(ctr.SetKey(Bytes(15, 1)));
  AesGcm gcm;
  EXPECT_FALSE(gcm.SetKey(Bytes(24, 1)));
  EXPECT_FALSE(gcm.SetKey(Bytes()));
}

// --- The GCM specification's test cases 1-4 (AES-128) and 13-16 (AES-256), 96-bit IVs -------

struct GcmVector {
  int number;
  const char* key;
  const char* iv;
  const char* aad;
  const char* plain;
  const char* cipher;
  const char* tag;
};

constexpr char kGcmPlain64[] =
    "d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255";
constexpr char kGcmPlain60[] =
    "d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39";
constexpr char kGcmAad[] = "feedfacedeadbeeffeedfacedeadbeef abaddad2";
constexpr char kKey128[] = "feffe9928665731c6d6a8f9467308308";
constexpr char kKey256[] = "feffe9928665731c6d6a8f9467308308 feffe9928665731c6d6a8f9467308308";
constexpr char kIv[] = "cafebabefacedbaddecaf888";
constexpr char kZeroIv[] = "000000000000000000000000";
constexpr char kZero128[] = "00000000000000000000000000000000";
constexpr char kZero256[] = "00000000000000000000000000000000 00000000000000000000000000000000";

const GcmVector kGcmVectors[] = {
    {1, kZero128, kZeroIv, "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
    {2, kZero128, kZeroIv, "", kZero128, "0388dace60b6a392f328c2b971b2fe78",
     "ab6e47d42cec13bdf53a67b21257bddf"},
    {3, kKey128, kIv, "", kGcmPlain64,
     "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985",
     "4d5c2af327cd64a62cf35abd2ba6fab4"},
    {4, kKey128, kIv, kGcmAad, kGcmPlain60,
     "42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {13, kZero256, kZeroIv, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {14, kZero256, kZeroIv, "", kZero128, "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {15, kKey256, kIv, "", kGcmPlain64,
     "522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {16, kKey256, kIv, kGcmAad, kGcmPlain60,
     "522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
};

TEST(AesGcm, SpecTestCasesSealAndOpen) {
  for (AesImpl impl : AesImpls()) {
    for (const GcmVector& v : kGcmVectors) {
      SCOPED_TRACE(std::string(Name(impl)) + " test case " + std::to_string(v.number));
      AesGcm gcm;
      ASSERT_TRUE(gcm.SetKey(Hex(v.key), impl));
      const Bytes iv = Hex(v.iv);
      Bytes data = Hex(v.plain);
      Bytes tag(16);
      gcm.Start(Iv(iv), AesGcm::Direction::kSeal);
      gcm.Aad(Hex(v.aad));
      gcm.Encrypt(data);
      gcm.Finish(tag);
      EXPECT_EQ(ToHex(Hex(v.cipher)), ToHex(data));
      EXPECT_EQ(v.tag, ToHex(tag));

      gcm.Start(Iv(iv), AesGcm::Direction::kOpen);
      gcm.Aad(Hex(v.aad));
      EXPECT_TRUE(gcm.Open(data, tag));
      EXPECT_EQ(ToHex(Hex(v.plain)), ToHex(data));
      // A truncated tag (SRTP's 8-byte GCM tags) is its prefix.
      Bytes ciphertext = Hex(v.cipher);
      gcm.Start(Iv(iv), AesGcm::Direction::kOpen);
      gcm.Aad(Hex(v.aad));
      EXPECT_TRUE(gcm.Open(ciphertext, std::span(tag).first(8)));
    }
  }
}

TEST(AesGcm, SealInPiecesMatchesOneCall) {
  const GcmVector& v = kGcmVectors[3];
  for (AesImpl impl : AesImpls()) {
    for (size_t piece = 1; piece <= 17; ++piece) {
      SCOPED_TRACE(std::string(Name(impl)) + " pieces of " + std::to_string(piece));
      AesGcm gcm;
      ASSERT_TRUE(gcm.SetKey(Hex(v.key), impl));
      gcm.Start(Iv(Hex(v.iv)), AesGcm::Direction::kSeal);
      const Bytes aad = Hex(v.aad);
      for (size_t at = 0; at < aad.size(); at += piece) {
        gcm.Aad(std::span(aad).subspan(at, std::min(piece, aad.size() - at)));
      }
      Bytes data = Hex(v.plain);
      for (size_t at = 0; at < data.size(); at += piece) {
        gcm.Encrypt(std::span(data).subspan(at, std::min(piece, data.size() - at)));
      }
      Bytes tag(16);
      gcm.Finish(tag);
      EXPECT_EQ(ToHex(Hex(v.cipher)), ToHex(data));
      EXPECT_EQ(v.tag, ToHex(tag));
    }
  }
}

TEST(AesGcm, WrongTagIsRefusedAndOurKernelsLeaveTheCiphertext) {
  const GcmVector& v = kGcmVectors[7];
  for (AesImpl impl : AesImpls()) {
    SCOPED_TRACE(Name(impl));
    AesGcm gcm;
    ASSERT_TRUE(gcm.SetKey(Hex(v.key), impl));
    for (size_t flip : {size_t{0}, size_t{15}, size_t{100}}) {
      Bytes data = Hex(v.cipher);
      Bytes tag = Hex(v.tag);
      Bytes aad = Hex(v.aad);
      if (flip < 16) {
        tag[flip] ^= 1;
      } else {
        aad[3] ^= 0x80;
      }
      gcm.Start(Iv(Hex(v.iv)), AesGcm::Direction::kOpen);
      gcm.Aad(aad);
      EXPECT_FALSE(gcm.Open(data, tag));
      if (impl != AesImpl::kPortable) {
        EXPECT_EQ(ToHex(Hex(v.cipher)), ToHex(data));
      }
    }
    Bytes data = Hex(v.cipher);
    gcm.Start(Iv(Hex(v.iv)), AesGcm::Direction::kOpen);
    EXPECT_FALSE(gcm.Open(data, Bytes()));          // no tag
    EXPECT_FALSE(gcm.Open(data, Bytes(17, 0)));     // longer than a tag
  }
}

// --- RFC 2202 section 3: HMAC-SHA-1 test cases 1-7 ------------------------------------------

Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(HmacSha1, Rfc2202TestCasesWholeAndInPieces) {
  const struct {
    Bytes key;
    Bytes data;
    const char* digest;
  } cases[] = {
      {Bytes(20, 0x0b), Text("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
      {Text("Jefe"), Text("what do ya want for nothing?"),
       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {Bytes(20, 0xaa), Bytes(50, 0xdd), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
      {Hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, 0xcd),
       "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
      {Bytes(20, 0x0c), Text("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
      {Bytes(80, 0xaa), Text("Test Using Larger Than Block-Size Key - Hash Key First"),
       "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
      {Bytes(80, 0xaa),
       Text("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
       "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
  };
  for (Sha1Impl impl : Sha1Impls()) {
    for (const auto& c : cases) {
      SCOPED_TRACE(std::string(Name(impl)) + " digest " + c.digest);
      HmacSha1 mac;
      ASSERT_TRUE(mac.SetKey(c.key, impl));
      EXPECT_EQ(impl, mac.impl());
      for (size_t piece = 0; piece <= 65; piece += (piece < 3 ? 1 : 31)) {
        uint8_t out[20];
        mac.Start();
        if (piece == 0) {
          mac.Update(c.data);
        } else {
          for (size_t at = 0; at < c.data.size(); at += piece) {
            mac.Update(std::span(c.data).subspan(at, std::min(piece, c.data.size() - at)));
          }
        }
        mac.Finish(out);
        EXPECT_EQ(c.digest, ToHex(out)) << "pieces of " << piece;
      }
    }
  }
}

// --- agreement with OpenSSL EVP on pseudo-random inputs (fixed seed) ------------------------

Bytes Random(std::mt19937& rng, size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

TEST(Crypto, AgreesWithOpensslOnEveryLengthUpTo300) {
  std::mt19937 rng(16);
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  ASSERT_NE(nullptr, hmac);
  for (size_t length = 0; length <= 300; ++length) {
    SCOPED_TRACE("length " + std::to_string(length));
    const size_t key_length = length % 2 == 0 ? 16 : 32;
    const Bytes key = Random(rng, key_length);
    const Bytes iv = Random(rng, 16);
    const Bytes aad = Random(rng, length % 41);
    const Bytes plain = Random(rng, length);
    // Reference results from OpenSSL.
    Bytes ctr_ref = plain, gcm_ref = plain, gcm_tag(16), mac_ref(20);
    int out = 0;
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(c, key_length == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr(), nullptr,
                       key.data(), iv.data());
    EVP_EncryptUpdate(c, ctr_ref.data(), &out, ctr_ref.data(), static_cast<int>(length));
    EVP_EncryptInit_ex(c, key_length == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(), nullptr,
                       key.data(), iv.data());
    EVP_EncryptUpdate(c, nullptr, &out, aad.data(), static_cast<int>(aad.size()));
    EVP_EncryptUpdate(c, gcm_ref.data(), &out, gcm_ref.data(), static_cast<int>(length));
    EVP_EncryptFinal_ex(c, gcm_tag.data(), &out);
    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, gcm_tag.data());
    EVP_CIPHER_CTX_free(c);
    EVP_MAC_CTX* m = EVP_MAC_CTX_new(hmac);
    char digest[] = "SHA1";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_end()};
    size_t mac_length = 0;
    EVP_MAC_init(m, key.data(), key.size(), params);
    EVP_MAC_update(m, plain.data(), plain.size());
    EVP_MAC_final(m, mac_ref.data(), &mac_length, 20);
    EVP_MAC_CTX_free(m);

    for (AesImpl impl : AesImpls()) {
      SCOPED_TRACE(Name(impl));
      Bytes data = plain;
      AesCtr ctr;
      ASSERT_TRUE(ctr.SetKey(key, impl));
      ctr.SetCounter(Block(iv));
      ctr.Apply(data);
      EXPECT_EQ(ToHex(ctr_ref), ToHex(data));
      data = plain;
      AesGcm gcm;
      ASSERT_TRUE(gcm.SetKey(key, impl));
      Bytes tag(16);
      gcm.Start(Iv(iv), AesGcm::Direction::kSeal);
      gcm.Aad(aad);
      gcm.Encrypt(data);
      gcm.Finish(tag);
      EXPECT_EQ(ToHex(gcm_ref), ToHex(data));
      EXPECT_EQ(ToHex(gcm_tag), ToHex(tag));
      gcm.Start(Iv(iv), AesGcm::Direction::kOpen);
      gcm.Aad(aad);
      EXPECT_TRUE(gcm.Open(data, tag));
      EXPECT_EQ(ToHex(plain), ToHex(data));
    }
    for (Sha1Impl impl : Sha1Impls()) {
      SCOPED_TRACE(Name(impl));
      HmacSha1 mac;
      ASSERT_TRUE(mac.SetKey(key, impl));
      uint8_t ours[20];
      mac.Start();
      mac.Update(plain);
      mac.Finish(ours);
      EXPECT_EQ(ToHex(mac_ref), ToHex(ours));
    }
  }
  EVP_MAC_free(hmac);
}

// OpenSSL's AES-GCM seal of `plain` in place, with its 16-byte tag.
void OpensslGcmSeal(const Bytes& key, const Bytes& iv, const Bytes& aad, Bytes& data,
                    Bytes& tag) {
  int out = 0;
  tag.assign(16, 0);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(c, key.size() == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(), nullptr,
                     key.data(), iv.data());
  EVP_EncryptUpdate(c, nullptr, &out, aad.data(), static_cast<int>(aad.size()));
  EVP_EncryptUpdate(c, data.data(), &out, data.data(), static_cast<int>(data.size()));
  EVP_EncryptFinal_ex(c, tag.data(), &out);
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag.data());
  EVP_CIPHER_CTX_free(c);
}

// Open (one pass on the VAES kernels: 256-byte chunks, 64-byte registers, every tail of
// both) at every length up to 1300 against OpenSSL's seal, AES-128 and AES-256, AAD of
// 0..250 bytes (past the pending capacity too); then with a bit flipped in the ciphertext or
// in the tag: refused, and on our kernels the data is given back as it was.
TEST(AesGcm, OpenAgreesWithOpensslOnEveryLengthUpTo1300AndRestoresOnMismatch) {
  std::mt19937 rng(7714);
  const size_t aad_lengths[] = {12, 0, 13, 28, 200, 240, 250};
  for (size_t key_length : {size_t{16}, size_t{32}}) {
    const Bytes key = Random(rng, key_length);
    for (AesImpl impl : AesImpls()) {
      SCOPED_TRACE(std::string(Name(impl)) + " key length " + std::to_string(key_length));
      AesGcm gcm;
      ASSERT_TRUE(gcm.SetKey(key, impl));
      for (size_t length = 0; length <= 1300 && !HasFailure(); ++length) {
        SCOPED_TRACE("length " + std::to_string(length));
        const Bytes iv = Random(rng, 12);
        const Bytes aad = Random(rng, aad_lengths[length % 7]);
        const Bytes plain = Random(rng, length);
        Bytes cipher = plain, tag;
        OpensslGcmSeal(key, iv, aad, cipher, tag);
        Bytes data = cipher;
        gcm.Start(Iv(iv), AesGcm::Direction::kOpen);
        gcm.Aad(aad);
        EXPECT_TRUE(gcm.Open(data, tag));
        EXPECT_EQ(ToHex(plain), ToHex(data));

        Bytes bad_tag = tag;
        data = cipher;
        if (length % 2 == 0 && length != 0) {
          data[rng() % length] ^= static_cast<uint8_t>(1u << (rng() % 8));
        } else {
          bad_tag[rng() % 16] ^= static_cast<uint8_t>(1u << (rng() % 8));
        }
        const Bytes tampered = data;
        gcm.Start(Iv(iv), AesGcm::Direction::kOpen);
        gcm.Aad(aad);
        EXPECT_FALSE(gcm.Open(data, bad_tag));
        if (impl != AesImpl::kPortable) {
          EXPECT_EQ(ToHex(tampered), ToHex(data));
        }
      }
    }
  }
}

TEST(Crypto, ThisMachineRunsOurKernels) {
  // Not an assertion about speed: a record, in the test log, of what was tested here.
  for (AesImpl impl : kAllAesImpls) {
    std::printf("aes %-8s %s\n", std::string(Name(impl)).c_str(),
                Supported(impl) ? "supported" : "not supported");
  }
  for (Sha1Impl impl : kAllSha1Impls) {
    std::printf("sha1 %-8s %s\n", std::string(Name(impl)).c_str(),
                Supported(impl) ? "supported" : "not supported");
  }
  std::printf("defaults: %s, %s\n", std::string(Name(DefaultAesImpl())).c_str(),
              std::string(Name(DefaultSha1Impl())).c_str());
}

}  // namespace
}  // namespace jvbfastpath::crypto
