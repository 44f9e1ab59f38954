// The key half shared by AesCtr and AesGcm: the key length check, the implementation chosen
// for the key (cpu.h), and either the expanded schedule for our kernels or an OpenSSL EVP
// context with the cipher set (the portable path; the caller finishes keying it, as its mode
// needs).
//
// Contract: Set wipes what an earlier key left, then keys; false (nothing keyed) for a key
// that is not 16 or 32 bytes, an implementation this CPU lacks, or an OpenSSL failure. The
// schedule is wiped and the EVP context freed (which cleanses it) on destruction.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/crypto/cpu.h"
#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto {

class AesKey {
 public:
  AesKey() = default;
  ~AesKey();
  AesKey(const AesKey&) = delete;
  AesKey& operator=(const AesKey&) = delete;

  // `aes128`/`aes256`: the EVP cipher for each key length, for the portable path.
  bool Set(std::span<const uint8_t> key, AesImpl impl, const EVP_CIPHER* aes128,
           const EVP_CIPHER* aes256);

  const internal::AesKernels* kernels() const { return kernels_; }  // null: portable
  const internal::AesSchedule* schedule() const { return &schedule_; }
  EVP_CIPHER_CTX* evp() const { return evp_; }
  AesImpl impl() const { return impl_; }

 private:
  void Wipe();

  const internal::AesKernels* kernels_ = nullptr;
  EVP_CIPHER_CTX* evp_ = nullptr;
  AesImpl impl_ = AesImpl::kPortable;
  internal::AesSchedule schedule_ = {};
};

}  // namespace jvbfastpath::crypto
