#include "native/crypto/aes_gcm.h"

#include <openssl/crypto.h>

#include <cstring>


namespace jvbfastpath::crypto {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "Start builds J0 from little-endian words");

void StoreBigEndian64(uint8_t* out, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}

}  // namespace

AesGcm::~AesGcm() { Wipe(); }

void AesGcm::Wipe() {
  OPENSSL_cleanse(&ghash_key_, sizeof(ghash_key_));
  OPENSSL_cleanse(tag_mask_, sizeof(tag_mask_));
  OPENSSL_cleanse(xi_, sizeof(xi_));
  OPENSSL_cleanse(pending_bytes_, sizeof(pending_bytes_));
  OPENSSL_cleanse(keystream_, sizeof(keystream_));
  pending_ = 0;
  keystream_left_ = 0;
}

bool AesGcm::SetKey(std::span<const uint8_t> key, AesImpl impl) {
  Wipe();
  kernels_ = nullptr;
  if (!key_.Set(key, impl, EVP_aes_128_gcm(), EVP_aes_256_gcm())) return false;
  kernels_ = key_.kernels();
  if (kernels_ != nullptr) {
    alignas(16) uint8_t h[16] = {};
    kernels_->encrypt_block(key_.schedule(), h, h);
    kernels_->ghash_key(h, &ghash_key_);
    OPENSSL_cleanse(h, sizeof(h));
    return true;
  }
  // The IV length is set once per key, not per message (each ctrl is a parameter lookup).
  return EVP_CIPHER_CTX_ctrl(key_.evp(), EVP_CTRL_GCM_SET_IVLEN, kIvSize, nullptr) == 1 &&
         EVP_CipherInit_ex(key_.evp(), nullptr, nullptr, key.data(), nullptr, -1) == 1;
}

void AesGcm::Start(std::span<const uint8_t, kIvSize> iv, Direction direction) {
  if (kernels_ == nullptr) {
    EVP_CipherInit_ex(key_.evp(), nullptr, nullptr, nullptr, iv.data(),
                      direction == Direction::kSeal ? 1 : 0);
    return;
  }
  // J0 = IV || 0^31 || 1 (encrypted with the first data), and inc32(J0) for the first data
  // block: written as whole words, so that the 16-byte loads that follow get them from the
  // store buffer (byte stores would stall them).
  uint64_t front;
  uint32_t back;
  std::memcpy(&front, iv.data(), 8);
  std::memcpy(&back, iv.data() + 8, 4);
  const uint64_t j0_back = back | (uint64_t{0x01000000} << 32);  // bytes 12..15: 00 00 00 01
  const uint64_t first_back = back | (uint64_t{0x02000000} << 32);
  std::memcpy(tag_mask_, &front, 8);
  std::memcpy(tag_mask_ + 8, &j0_back, 8);
  std::memcpy(counter_, &front, 8);
  std::memcpy(counter_ + 8, &first_back, 8);
  mask_ready_ = false;
  std::memset(xi_, 0, sizeof(xi_));
  in_aad_ = true;
  pending_ = 0;
  keystream_left_ = 0;
  aad_length_ = 0;
  data_length_ = 0;
}

void AesGcm::HashBytes(const uint8_t* data, size_t length) {
  if (length == 0) return;
  if (pending_ + length <= kPendingCapacity) {
    std::memcpy(pending_bytes_ + pending_, data, length);
    pending_ = static_cast<uint16_t>(pending_ + length);
    return;
  }
  // Fill the pending blocks up, hash them, hash what follows straight from `data`.
  const size_t fill = kPendingCapacity - pending_;
  std::memcpy(pending_bytes_ + pending_, data, fill);
  kernels_->ghash(&ghash_key_, xi_, pending_bytes_, kPendingCapacity / 16);
  data += fill;
  length -= fill;
  const size_t whole = length / 16;
  if (whole != 0) kernels_->ghash(&ghash_key_, xi_, data, whole);
  pending_ = static_cast<uint16_t>(length - whole * 16);
  std::memcpy(pending_bytes_, data + whole * 16, pending_);
}

// Zero-pads the pending bytes to a whole block (GHASH pads the AAD and the ciphertext).
void AesGcm::PadPending() {
  const size_t rest = pending_ % 16;
  if (rest == 0) return;
  std::memset(pending_bytes_ + pending_, 0, 16 - rest);
  pending_ = static_cast<uint16_t>(pending_ + 16 - rest);
}

void AesGcm::EndAad() {
  if (!in_aad_) return;
  in_aad_ = false;
  PadPending();
}

void AesGcm::Aad(std::span<const uint8_t> aad) {
  if (aad.empty()) return;
  if (kernels_ == nullptr) {
    int out = 0;
    EVP_CipherUpdate(key_.evp(), nullptr, &out, aad.data(), static_cast<int>(aad.size()));
    return;
  }
  aad_length_ += aad.size();
  HashBytes(aad.data(), aad.size());
}

bool AesGcm::Seal(std::span<uint8_t> data, const PlaintextCheck* check) {
  uint8_t* p = data.data();
  size_t n = data.size();
  // A check of another shape is a difference (plaintext_check.h), not run.
  bool intact = check == nullptr || check->FitsMessageOf(n);
  if (!intact) check = nullptr;
  if (n == 0) return intact;
  if (kernels_ == nullptr) {
    if (check != nullptr) intact = check->HeldBy(data);
    int out = 0;
    EVP_CipherUpdate(key_.evp(), p, &out, p, static_cast<int>(n));
    return intact;
  }
  EndAad();
  data_length_ += n;
  // First the rest of a block an earlier call began.
  const size_t k = n < keystream_left_ ? n : keystream_left_;
  for (size_t i = 0; i < k; ++i) {
    if (check != nullptr) intact &= check->Allows(i, p[i]);
    p[i] ^= keystream_[16 - keystream_left_ + i];
  }
  keystream_left_ = static_cast<uint8_t>(keystream_left_ - k);
  HashBytes(p, k);
  p += k;
  n -= k;
  if (n == 0) return intact;
  const PlaintextCheck::Slice slice =
      check != nullptr ? check->SliceAt(k, n) : PlaintextCheck::Slice{nullptr, 0};
  intact &= kernels_->ctr32(key_.schedule(), counter_, p, p, n, keystream_,
                            mask_ready_ ? nullptr : tag_mask_, slice.expected, slice.from);
  mask_ready_ = true;
  if (n % 16 != 0) keystream_left_ = static_cast<uint8_t>(16 - n % 16);
  HashBytes(p, n);
  return intact;
}

// The lengths block (the AAD's and the ciphertext's lengths in bits) after the pending bytes,
// padded; pending_ does not count it.
const uint8_t* AesGcm::AppendLengths() {
  PadPending();
  StoreBigEndian64(pending_bytes_ + pending_, aad_length_ * 8);
  StoreBigEndian64(pending_bytes_ + pending_ + 8, data_length_ * 8);
  return pending_bytes_ + pending_;
}

// The tag is GHASH (xi_ when everything is hashed, byte-reversed back) XOR E(K, J0).
void AesGcm::TagFromXi(uint8_t tag[kTagSize]) const {
  uint64_t x[2], m[2];
  std::memcpy(x, xi_, sizeof(x));
  std::memcpy(m, tag_mask_, sizeof(m));
  const uint64_t t[2] = {__builtin_bswap64(x[1]) ^ m[0], __builtin_bswap64(x[0]) ^ m[1]};
  std::memcpy(tag, t, sizeof(t));
}

// The tag: the pending bytes padded, then the lengths block, in one GHASH call.
void AesGcm::ComputeTag(uint8_t tag[kTagSize]) {
  if (!mask_ready_) {
    kernels_->encrypt_block(key_.schedule(), tag_mask_, tag_mask_);
    mask_ready_ = true;
  }
  AppendLengths();
  kernels_->ghash(&ghash_key_, xi_, pending_bytes_, pending_ / 16u + 1);
  pending_ = 0;
  TagFromXi(tag);
}

void AesGcm::Finish(std::span<uint8_t> tag) {
  alignas(16) uint8_t full[kTagSize];  // the tag goes on the wire: nothing to wipe
  if (kernels_ == nullptr) {
    int out = 0;
    EVP_CipherFinal_ex(key_.evp(), full, &out);
    EVP_CIPHER_CTX_ctrl(key_.evp(), EVP_CTRL_GCM_GET_TAG, kTagSize, full);
  } else {
    EndAad();
    ComputeTag(full);
  }
  std::memcpy(tag.data(), full, tag.size() < kTagSize ? tag.size() : kTagSize);
}

bool AesGcm::Open(std::span<uint8_t> data, std::span<const uint8_t> tag) {
  if (tag.empty() || tag.size() > kTagSize) return false;
  uint8_t* p = data.data();
  const size_t n = data.size();
  if (kernels_ == nullptr) {
    uint8_t expected[kTagSize];
    std::memcpy(expected, tag.data(), tag.size());
    int out = 0;
    return EVP_CIPHER_CTX_ctrl(key_.evp(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                               expected) == 1 &&
           (n == 0 || EVP_CipherUpdate(key_.evp(), p, &out, p, static_cast<int>(n)) == 1) &&
           EVP_CipherFinal_ex(key_.evp(), expected, &out) == 1;
  }
  if (!in_aad_ && data_length_ != 0) return false;  // Open is the message's only data call
  // E(K, J0) first: its rounds overlap the hashing that follows.
  kernels_->encrypt_block(key_.schedule(), tag_mask_, tag_mask_);
  mask_ready_ = true;
  EndAad();
  data_length_ = n;
  // A message whose AAD and ciphertext fit in pending_bytes_ is hashed in one GHASH call and
  // its CTR runs beside that call's reduction (out of order, past the predicted tag check):
  // measured faster so than in one pass. A larger one is read once.
  if (kernels_->gcm_open == nullptr || pending_ + n <= kPendingCapacity) {
    HashBytes(p, n);
    alignas(16) uint8_t computed[kTagSize];
    ComputeTag(computed);
    if (!TagMatches(computed, tag)) return false;
    if (n != 0) {
      kernels_->ctr32(key_.schedule(), counter_, p, p, n, keystream_, nullptr, nullptr, 0);
    }
    return true;
  }
  return OpenInOnePass(p, n, tag);
}

// The kernel hashes the AAD's blocks still pending, the ciphertext and the lengths block, and
// decrypts, in one pass. The plaintext is written before the tag is known: on a mismatch the
// same key stream again gives the ciphertext back (aes_gcm.h).
bool AesGcm::OpenInOnePass(uint8_t* p, size_t n, std::span<const uint8_t> tag) {
  const uint8_t* lengths = AppendLengths();
  alignas(16) uint8_t first_counter[16];  // from the IV: nothing to wipe
  std::memcpy(first_counter, counter_, sizeof(first_counter));
  kernels_->gcm_open(key_.schedule(), &ghash_key_, counter_, xi_, pending_bytes_, pending_ / 16u,
                     p, n, lengths);
  pending_ = 0;
  alignas(16) uint8_t computed[kTagSize];
  TagFromXi(computed);
  if (TagMatches(computed, tag)) return true;
  kernels_->ctr32(key_.schedule(), first_counter, p, p, n, keystream_, nullptr, nullptr, 0);
  return false;
}

// Compares `computed` with `tag` in constant time, then wipes it.
bool AesGcm::TagMatches(uint8_t computed[kTagSize], std::span<const uint8_t> tag) {
  const bool ok = CRYPTO_memcmp(computed, tag.data(), tag.size()) == 0;
  OPENSSL_cleanse(computed, kTagSize);
  return ok;
}

}  // namespace jvbfastpath::crypto
