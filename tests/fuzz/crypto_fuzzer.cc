// Fuzz target: our AES-CTR, AES-GCM and HMAC-SHA1 (native/crypto) against OpenSSL's EVP as
// the reference, on every implementation this CPU supports, each forced in turn.
//
// Input: byte 0 picks the operation (bits 0-1: 0 AES-CTR, 1 GCM seal, 2 GCM open of a
// (maybe tampered) message, 3 HMAC-SHA1) and AES-256 (bit 2); byte 1 the piece size for
// streaming calls (0: one call); bytes 2-3 the data length (little-endian, mod 2049); byte 4
// the AAD length (GCM) or the key length (HMAC, mod 100); byte 5 which bit to flip (GCM open;
// 255: none). Then the key (16 or 32 bytes), the IV or initial counter block (16 bytes, GCM
// uses 12), the AAD, the data; bytes the input lacks are filled with a pattern from what it
// has, so any length up to 2048 is reachable from a short input.
// AES-CTR and GCM seal: the last piece carries a plaintext check (plaintext_check.h) from
// offset (byte 5 * 7) mod (piece + 1); byte 5 odd: one expected byte (the range's middle)
// differs.
// Aborts when an implementation disagrees with the reference: other bytes, another tag,
// another verdict on a tampered message, or a check's verdict other than the truth.
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/cpu.h"
#include "native/crypto/hmac_sha1.h"

namespace {

using namespace jvbfastpath::crypto;
using Bytes = std::vector<uint8_t>;

void Check(bool ok) {
  if (!ok) std::abort();
}

// Reads fields; past the end, yields a pattern seeded by what was read.
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() {
    if (at_ < size_) return data_[at_++];
    seed_ = seed_ * 1103515245u + 12345u + static_cast<uint32_t>(size_);
    return static_cast<uint8_t>(seed_ >> 16);
  }
  Bytes Take(size_t n) {
    Bytes out(n);
    for (auto& b : out) b = Byte();
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
  uint32_t seed_ = 7;
};

// Calls f(offset, length) for consecutive pieces of `total` bytes.
template <typename F>
void InPieces(size_t total, size_t piece, F f) {
  if (piece == 0 || total == 0) {
    f(0, total);
    return;
  }
  for (size_t at = 0; at < total; at += piece) f(at, total - at < piece ? total - at : piece);
}

// The check the last piece carries (see the input format), and whether it must hold.
struct LastPieceCheck {
  Bytes expected;
  PlaintextCheck check;
  bool holds = true;

  // `piece`: the plaintext of the last piece.
  LastPieceCheck(uint8_t byte, std::span<const uint8_t> piece) {
    const size_t from = (static_cast<size_t>(byte) * 7) % (piece.size() + 1);
    expected.assign(piece.begin() + static_cast<std::ptrdiff_t>(from), piece.end());
    if ((byte & 1) != 0 && !expected.empty()) {
      expected[expected.size() / 2] ^= 0x20;
      holds = false;
    }
    check = PlaintextCheck{expected, from};
  }
};

// Encrypts `data` in place in pieces through `encrypt(part, check)`: check null for every
// piece but the last, which carries the check `selector` makes (LastPieceCheck); the verdict
// `encrypt` returns for it must be the truth.
template <typename Encrypt>
void EncryptInPieces(Bytes& data, size_t piece, uint8_t selector, Encrypt encrypt) {
  InPieces(data.size(), piece, [&](size_t at, size_t n) {
    const std::span<uint8_t> part = std::span(data).subspan(at, n);
    if (at + n < data.size()) {
      encrypt(part, nullptr);
      return;
    }
    const LastPieceCheck last(selector, part);
    Check(encrypt(part, &last.check) == last.holds);
  });
}

void CheckCtr(const Bytes& key, const Bytes& iv, const Bytes& plain, size_t piece,
              uint8_t selector) {
  Bytes expected = plain;
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  int out = 0;
  Check(EVP_EncryptInit_ex(c, key.size() == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr(),
                           nullptr, key.data(), iv.data()) == 1);
  Check(EVP_EncryptUpdate(c, expected.data(), &out, expected.data(),
                          static_cast<int>(expected.size())) == 1);
  EVP_CIPHER_CTX_free(c);
  for (AesImpl impl : kAllAesImpls) {
    if (!Supported(impl)) continue;
    AesCtr ctr;
    Check(ctr.SetKey(key, impl));
    ctr.SetCounter(std::span<const uint8_t, 16>(iv.data(), 16));
    Bytes data = plain;
    EncryptInPieces(data, piece, selector, [&](std::span<uint8_t> part, const PlaintextCheck* c) {
      if (c != nullptr) return ctr.Apply(part, *c);
      ctr.Apply(part);
      return true;
    });
    Check(data == expected);
  }
}

// The reference seal: ciphertext and 16-byte tag.
void SealReference(const Bytes& key, const Bytes& iv, const Bytes& aad, Bytes& data, Bytes& tag) {
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  int out = 0;
  Check(EVP_EncryptInit_ex(c, key.size() == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(),
                           nullptr, key.data(), iv.data()) == 1);
  if (!aad.empty()) {
    Check(EVP_EncryptUpdate(c, nullptr, &out, aad.data(), static_cast<int>(aad.size())) == 1);
  }
  if (!data.empty()) {
    Check(EVP_EncryptUpdate(c, data.data(), &out, data.data(), static_cast<int>(data.size())) == 1);
  }
  Check(EVP_EncryptFinal_ex(c, tag.data(), &out) == 1);
  Check(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1);
  EVP_CIPHER_CTX_free(c);
}

void CheckGcmSeal(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& plain,
                  size_t piece, uint8_t selector) {
  Bytes expected = plain;
  Bytes expected_tag(16);
  SealReference(key, iv, aad, expected, expected_tag);
  for (AesImpl impl : kAllAesImpls) {
    if (!Supported(impl)) continue;
    AesGcm gcm;
    Check(gcm.SetKey(key, impl));
    gcm.Start(std::span<const uint8_t, 12>(iv.data(), 12), AesGcm::Direction::kSeal);
    InPieces(aad.size(), piece, [&](size_t at, size_t n) {
      gcm.Aad(std::span(aad).subspan(at, n));
    });
    Bytes data = plain;
    EncryptInPieces(data, piece, selector, [&](std::span<uint8_t> part, const PlaintextCheck* c) {
      if (c != nullptr) return gcm.Encrypt(part, *c);
      gcm.Encrypt(part);
      return true;
    });
    Bytes tag(16);
    gcm.Finish(tag);
    Check(data == expected);
    Check(tag == expected_tag);
  }
}

// Seals with the reference, flips one bit of AAD, ciphertext or tag (or none), opens with
// ours: the verdict must be the reference's, and an accepted message must be the plaintext.
void CheckGcmOpen(const Bytes& key, const Bytes& iv, Bytes aad, const Bytes& plain,
                  uint8_t flip, size_t tag_length) {
  Bytes sealed = plain;
  Bytes tag(16);
  SealReference(key, iv, aad, sealed, tag);
  tag.resize(tag_length);
  const size_t bits = 8 * (aad.size() + sealed.size() + tag.size());
  bool tampered = false;
  if (flip != 255) {
    size_t bit = (static_cast<size_t>(flip) * 131) % bits;
    Bytes* target = &aad;
    if (bit >= 8 * aad.size()) {
      bit -= 8 * aad.size();
      target = &sealed;
      if (bit >= 8 * sealed.size()) {
        bit -= 8 * sealed.size();
        target = &tag;
      }
    }
    (*target)[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    tampered = true;
  }
  for (AesImpl impl : kAllAesImpls) {
    if (!Supported(impl)) continue;
    AesGcm gcm;
    Check(gcm.SetKey(key, impl));
    gcm.Start(std::span<const uint8_t, 12>(iv.data(), 12), AesGcm::Direction::kOpen);
    gcm.Aad(aad);
    Bytes data = sealed;
    const bool ok = gcm.Open(data, tag);
    Check(ok == !tampered);
    if (ok) Check(data == plain);
    if (!ok && impl != AesImpl::kPortable) Check(data == sealed);  // left as it was
  }
}

void CheckHmac(const Bytes& key, const Bytes& message, size_t piece) {
  uint8_t expected[20];
  size_t length = 0;
  static const uint8_t kEmpty = 0;  // OpenSSL takes a null key as "no key", not as empty
  Check(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, key.empty() ? &kEmpty : key.data(),
                  key.size(), message.data(), message.size(), expected, sizeof(expected),
                  &length) != nullptr);
  for (Sha1Impl impl : kAllSha1Impls) {
    if (!Supported(impl)) continue;
    HmacSha1 mac;
    Check(mac.SetKey(key, impl));
    for (int round = 0; round < 2; ++round) {  // the keyed states are reused
      mac.Start();
      InPieces(message.size(), piece, [&](size_t at, size_t n) {
        mac.Update(std::span(message).subspan(at, n));
      });
      uint8_t ours[20];
      mac.Finish(ours);
      Check(std::memcmp(ours, expected, 20) == 0);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 6) return 0;
  Reader r(data, size);
  const uint8_t mode = r.Byte();
  const size_t piece = r.Byte();
  const size_t low = r.Byte();
  const size_t length = (low | (static_cast<size_t>(r.Byte()) << 8)) % 2049;
  const size_t extra = r.Byte();
  const uint8_t flip = r.Byte();
  const int op = mode & 3;
  const bool aes256 = (mode & 4) != 0;
  if (op == 3) {
    const Bytes key = r.Take(extra % 100);
    CheckHmac(key, r.Take(length), piece);
    return 0;
  }
  const Bytes key = r.Take(aes256 ? 32 : 16);
  const Bytes iv = r.Take(16);
  const Bytes aad = r.Take(op == 0 ? 0 : extra);
  const Bytes plain = r.Take(length);
  switch (op) {
    case 0: CheckCtr(key, iv, plain, piece, flip); break;
    case 1: CheckGcmSeal(key, iv, aad, plain, piece, flip); break;
    default: CheckGcmOpen(key, iv, aad, plain, flip, (mode & 8) != 0 ? 8 : 16); break;
  }
  return 0;
}
