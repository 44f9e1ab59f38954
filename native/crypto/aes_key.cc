#include "native/crypto/aes_key.h"

#include <openssl/crypto.h>

namespace jvbfastpath::crypto {
namespace {

const internal::AesKernels* KernelsFor(AesImpl impl) {
#if defined(__x86_64__)
  if (impl == AesImpl::kAesNi) return &internal::kAesNiKernels;
  if (impl == AesImpl::kVaes) return &internal::kVaesKernels;
#endif
  (void)impl;
  return nullptr;
}

}  // namespace

AesKey::~AesKey() {
  Wipe();
  EVP_CIPHER_CTX_free(evp_);
}

void AesKey::Wipe() {
  OPENSSL_cleanse(&schedule_, sizeof(schedule_));
  if (evp_ != nullptr) EVP_CIPHER_CTX_reset(evp_);  // cleanses OpenSSL's key schedule
}

bool AesKey::Set(std::span<const uint8_t> key, AesImpl impl, const EVP_CIPHER* aes128,
                 const EVP_CIPHER* aes256) {
  if ((key.size() != 16 && key.size() != 32) || !Supported(impl)) return false;
  Wipe();
  kernels_ = KernelsFor(impl);
  impl_ = impl;
  if (kernels_ != nullptr) {
    kernels_->expand_key(key.data(), key.size(), &schedule_);
    return true;
  }
  if (evp_ == nullptr && (evp_ = EVP_CIPHER_CTX_new()) == nullptr) return false;
  return EVP_CipherInit_ex(evp_, key.size() == 16 ? aes128 : aes256, nullptr, nullptr, nullptr,
                           1) == 1;
}

}  // namespace jvbfastpath::crypto
