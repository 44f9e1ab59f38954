#include "native/crypto/aes_ctr.h"

#include <openssl/crypto.h>

#include <cstring>

namespace jvbfastpath::crypto {

const internal::AesKernels* KernelsFor(AesImpl impl) {
#if defined(__x86_64__)
  if (impl == AesImpl::kAesNi) return &internal::kAesNiKernels;
  if (impl == AesImpl::kVaes) return &internal::kVaesKernels;
#endif
  (void)impl;
  return nullptr;
}

AesCtr::~AesCtr() {
  Wipe();
  EVP_CIPHER_CTX_free(evp_);
}

void AesCtr::Wipe() {
  OPENSSL_cleanse(&schedule_, sizeof(schedule_));
  OPENSSL_cleanse(keystream_, sizeof(keystream_));
  OPENSSL_cleanse(counter_, sizeof(counter_));
  keystream_left_ = 0;
  if (evp_ != nullptr) EVP_CIPHER_CTX_reset(evp_);  // cleanses OpenSSL's key schedule
}

bool AesCtr::SetKey(std::span<const uint8_t> key, AesImpl impl) {
  if ((key.size() != 16 && key.size() != 32) || !Supported(impl)) return false;
  Wipe();
  kernels_ = KernelsFor(impl);
  impl_ = impl;
  if (kernels_ != nullptr) {
    kernels_->expand_key(key.data(), key.size(), &schedule_);
    return true;
  }
  if (evp_ == nullptr && (evp_ = EVP_CIPHER_CTX_new()) == nullptr) return false;
  const EVP_CIPHER* cipher = key.size() == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr();
  return EVP_EncryptInit_ex(evp_, cipher, nullptr, key.data(), nullptr) == 1;
}

void AesCtr::SetCounter(std::span<const uint8_t, 16> counter) {
  if (kernels_ == nullptr) {
    EVP_EncryptInit_ex(evp_, nullptr, nullptr, nullptr, counter.data());
    return;
  }
  std::memcpy(counter_, counter.data(), sizeof(counter_));
  keystream_left_ = 0;
}

void AesCtr::SetCounter(std::span<const uint8_t, 16> iv, std::span<const uint8_t, 16> mask) {
  for (size_t i = 0; i < sizeof(counter_); ++i) counter_[i] = iv[i] ^ mask[i];
  keystream_left_ = 0;
  if (kernels_ == nullptr) EVP_EncryptInit_ex(evp_, nullptr, nullptr, nullptr, counter_);
}

void AesCtr::Apply(std::span<uint8_t> data) {
  uint8_t* p = data.data();
  size_t n = data.size();
  if (kernels_ == nullptr) {
    int out = 0;
    if (n != 0) EVP_EncryptUpdate(evp_, p, &out, p, static_cast<int>(n));
    return;
  }
  for (; keystream_left_ != 0 && n != 0; --n) *p++ ^= keystream_[16 - keystream_left_--];
  while (n != 0) {
    // The kernel increments the last 32 bits only: stop where they wrap, carry by hand.
    const uint64_t low = (uint64_t{counter_[12]} << 24) | (uint64_t{counter_[13]} << 16) |
                         (uint64_t{counter_[14]} << 8) | counter_[15];
    const uint64_t room = (uint64_t{1} << 32) - low;  // blocks before the wrap
    const uint64_t blocks = (n + 15) / 16;
    if (blocks <= room) {
      kernels_->ctr32(&schedule_, counter_, p, p, n, keystream_, nullptr);
      if (n % 16 != 0) keystream_left_ = static_cast<uint8_t>(16 - n % 16);
      if (blocks == room) {
        for (int i = 11; i >= 0 && ++counter_[i] == 0; --i) {
        }
      }
      return;
    }
    const size_t bytes = static_cast<size_t>(room) * 16;
    kernels_->ctr32(&schedule_, counter_, p, p, bytes, keystream_, nullptr);
    for (int i = 11; i >= 0 && ++counter_[i] == 0; --i) {
    }
    p += bytes;
    n -= bytes;
  }
}

}  // namespace jvbfastpath::crypto
