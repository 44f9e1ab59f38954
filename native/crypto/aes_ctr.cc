#include "native/crypto/aes_ctr.h"

#include <openssl/crypto.h>

#include <cstring>

namespace jvbfastpath::crypto {

AesCtr::~AesCtr() {
  OPENSSL_cleanse(keystream_, sizeof(keystream_));
  OPENSSL_cleanse(counter_, sizeof(counter_));
}

bool AesCtr::SetKey(std::span<const uint8_t> key, AesImpl impl) {
  OPENSSL_cleanse(keystream_, sizeof(keystream_));
  keystream_left_ = 0;
  if (!key_.Set(key, impl, EVP_aes_128_ctr(), EVP_aes_256_ctr())) return false;
  return key_.kernels() != nullptr ||
         EVP_EncryptInit_ex(key_.evp(), nullptr, nullptr, key.data(), nullptr) == 1;
}

void AesCtr::SetCounter(std::span<const uint8_t, 16> counter) {
  if (key_.kernels() == nullptr) {
    EVP_EncryptInit_ex(key_.evp(), nullptr, nullptr, nullptr, counter.data());
    return;
  }
  std::memcpy(counter_, counter.data(), sizeof(counter_));
  keystream_left_ = 0;
}

void AesCtr::SetCounter(std::span<const uint8_t, 16> iv, std::span<const uint8_t, 16> mask) {
  for (size_t i = 0; i < sizeof(counter_); ++i) counter_[i] = iv[i] ^ mask[i];
  keystream_left_ = 0;
  if (key_.kernels() == nullptr) {
    EVP_EncryptInit_ex(key_.evp(), nullptr, nullptr, nullptr, counter_);
  }
}

void AesCtr::Apply(std::span<uint8_t> data) {
  uint8_t* p = data.data();
  size_t n = data.size();
  const internal::AesKernels* kernels = key_.kernels();
  if (kernels == nullptr) {
    int out = 0;
    if (n != 0) EVP_EncryptUpdate(key_.evp(), p, &out, p, static_cast<int>(n));
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
      kernels->ctr32(key_.schedule(), counter_, p, p, n, keystream_, nullptr);
      if (n % 16 != 0) keystream_left_ = static_cast<uint8_t>(16 - n % 16);
      if (blocks == room) {
        for (int i = 11; i >= 0 && ++counter_[i] == 0; --i) {
        }
      }
      return;
    }
    const size_t bytes = static_cast<size_t>(room) * 16;
    kernels->ctr32(key_.schedule(), counter_, p, p, bytes, keystream_, nullptr);
    for (int i = 11; i >= 0 && ++counter_[i] == 0; --i) {
    }
    p += bytes;
    n -= bytes;
  }
}

}  // namespace jvbfastpath::crypto
