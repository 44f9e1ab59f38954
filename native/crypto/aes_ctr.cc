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

bool AesCtr::Run(std::span<uint8_t> data, const PlaintextCheck* check) {
  uint8_t* p = data.data();
  size_t n = data.size();
  // A check of another shape is a difference (plaintext_check.h), not run.
  bool intact = check == nullptr || check->FitsMessageOf(n);
  if (!intact) check = nullptr;
  const internal::AesKernels* kernels = key_.kernels();
  if (kernels == nullptr) {
    if (check != nullptr) intact = check->HeldBy(data);
    int out = 0;
    if (n != 0) EVP_EncryptUpdate(key_.evp(), p, &out, p, static_cast<int>(n));
    return intact;
  }
  size_t at = 0;  // offset of p in data
  for (; keystream_left_ != 0 && n != 0; --n, ++at) {
    if (check != nullptr) intact &= check->Allows(at, *p);
    *p++ ^= keystream_[16 - keystream_left_--];
  }
  while (n != 0) {
    // The kernel increments the last 32 bits only: stop where they wrap, carry by hand.
    const uint64_t low = (uint64_t{counter_[12]} << 24) | (uint64_t{counter_[13]} << 16) |
                         (uint64_t{counter_[14]} << 8) | counter_[15];
    const uint64_t room = (uint64_t{1} << 32) - low;  // blocks before the wrap
    const uint64_t blocks = (n + 15) / 16;
    const size_t bytes = blocks <= room ? n : static_cast<size_t>(room) * 16;
    const PlaintextCheck::Slice slice =
        check != nullptr ? check->SliceAt(at, bytes) : PlaintextCheck::Slice{nullptr, 0};
    intact &= kernels->ctr32(key_.schedule(), counter_, p, p, bytes, keystream_, nullptr,
                             slice.expected, slice.from);
    if (blocks < room) {
      if (n % 16 != 0) keystream_left_ = static_cast<uint8_t>(16 - n % 16);
      return intact;
    }
    for (int i = 11; i >= 0 && ++counter_[i] == 0; --i) {
    }
    if (blocks == room) {
      if (n % 16 != 0) keystream_left_ = static_cast<uint8_t>(16 - n % 16);
      return intact;
    }
    p += bytes;
    at += bytes;
    n -= bytes;
  }
  return intact;
}

}  // namespace jvbfastpath::crypto
