#include "native/srtp/openssl_gcm_cipher.h"

#include <openssl/evp.h>

#include <new>

extern "C" {
#include "cipher.h"
#include "cipher_test_cases.h"
}

namespace jvbfastpath::srtp {
namespace {

constexpr int kTagLength = 16;
constexpr int kShortTagLength = 8;
constexpr int kIvLength = 12;

struct GcmState {
  EVP_CIPHER_CTX* ctx = nullptr;
  int key_size = 0;
  int tag_length = 0;
  srtp_cipher_direction_t direction = srtp_direction_any;
};

extern const srtp_cipher_type_t kGcm128;
extern const srtp_cipher_type_t kGcm256;

srtp_err_status_t Alloc(srtp_cipher_t** cipher, int key_length_with_salt, int tag_length) {
  const bool is128 = key_length_with_salt == SRTP_AES_GCM_128_KEY_LEN_WSALT;
  const bool is256 = key_length_with_salt == SRTP_AES_GCM_256_KEY_LEN_WSALT;
  if ((!is128 && !is256) || (tag_length != kTagLength && tag_length != kShortTagLength)) {
    return srtp_err_status_bad_param;
  }
  auto* state = new (std::nothrow) GcmState();
  auto* c = new (std::nothrow) srtp_cipher_t();
  if (state == nullptr || c == nullptr || (state->ctx = EVP_CIPHER_CTX_new()) == nullptr) {
    delete state;
    delete c;
    return srtp_err_status_alloc_fail;
  }
  state->key_size = is128 ? SRTP_AES_128_KEY_LEN : SRTP_AES_256_KEY_LEN;
  state->tag_length = tag_length;
  c->type = is128 ? &kGcm128 : &kGcm256;
  c->algorithm = is128 ? SRTP_AES_GCM_128 : SRTP_AES_GCM_256;
  c->state = state;
  c->key_len = key_length_with_salt;
  *cipher = c;
  return srtp_err_status_ok;
}

srtp_err_status_t Dealloc(srtp_cipher_t* cipher) {
  auto* state = static_cast<GcmState*>(cipher->state);
  if (state != nullptr) {
    EVP_CIPHER_CTX_free(state->ctx);  // cleanses the key schedule
    delete state;
  }
  delete cipher;
  return srtp_err_status_ok;
}

srtp_err_status_t Init(void* s, const uint8_t* key) {
  auto* state = static_cast<GcmState*>(s);
  const EVP_CIPHER* evp = state->key_size == SRTP_AES_128_KEY_LEN ? EVP_aes_128_gcm()
                                                                   : EVP_aes_256_gcm();
  state->direction = srtp_direction_any;
  EVP_CIPHER_CTX_reset(state->ctx);
  if (EVP_CipherInit_ex(state->ctx, evp, nullptr, nullptr, nullptr, 0) != 1 ||
      EVP_CIPHER_CTX_ctrl(state->ctx, EVP_CTRL_GCM_SET_IVLEN, kIvLength, nullptr) != 1 ||
      EVP_CipherInit_ex(state->ctx, nullptr, nullptr, key, nullptr, 0) != 1) {
    return srtp_err_status_init_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t SetIv(void* s, uint8_t* iv, srtp_cipher_direction_t direction) {
  auto* state = static_cast<GcmState*>(s);
  if (direction != srtp_direction_encrypt && direction != srtp_direction_decrypt) {
    return srtp_err_status_bad_param;
  }
  state->direction = direction;
  if (EVP_CipherInit_ex(state->ctx, nullptr, nullptr, nullptr, iv,
                        direction == srtp_direction_encrypt ? 1 : 0) != 1) {
    return srtp_err_status_init_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t SetAad(void* s, const uint8_t* aad, uint32_t aad_length) {
  auto* state = static_cast<GcmState*>(s);
  int out = 0;
  if (EVP_CipherUpdate(state->ctx, nullptr, &out, aad, static_cast<int>(aad_length)) != 1) {
    return srtp_err_status_algo_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t Encrypt(void* s, uint8_t* buffer, unsigned int* length) {
  auto* state = static_cast<GcmState*>(s);
  int out = 0;
  if (state->direction != srtp_direction_encrypt ||
      EVP_CipherUpdate(state->ctx, buffer, &out, buffer, static_cast<int>(*length)) != 1) {
    return srtp_err_status_algo_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t GetTag(void* s, uint8_t* tag, uint32_t* length) {
  auto* state = static_cast<GcmState*>(s);
  int out = 0;
  if (EVP_CipherFinal_ex(state->ctx, nullptr, &out) != 1 ||
      EVP_CIPHER_CTX_ctrl(state->ctx, EVP_CTRL_GCM_GET_TAG, state->tag_length, tag) != 1) {
    return srtp_err_status_algo_fail;
  }
  *length = static_cast<uint32_t>(state->tag_length);
  return srtp_err_status_ok;
}

// `buffer` holds the ciphertext followed by the tag; on success *length loses the tag.
srtp_err_status_t Decrypt(void* s, uint8_t* buffer, unsigned int* length) {
  auto* state = static_cast<GcmState*>(s);
  if (state->direction != srtp_direction_decrypt ||
      *length < static_cast<unsigned int>(state->tag_length)) {
    return srtp_err_status_bad_param;
  }
  const int data_length = static_cast<int>(*length) - state->tag_length;
  int out = 0;
  if (EVP_CIPHER_CTX_ctrl(state->ctx, EVP_CTRL_GCM_SET_TAG, state->tag_length,
                          buffer + data_length) != 1 ||
      EVP_CipherUpdate(state->ctx, buffer, &out, buffer, data_length) != 1 ||
      EVP_CipherFinal_ex(state->ctx, nullptr, &out) != 1) {
    return srtp_err_status_auth_fail;
  }
  *length = static_cast<unsigned int>(data_length);
  return srtp_err_status_ok;
}

const char kDescription128[] = "AES-128 GCM (JVB Fastpath, OpenSSL 3)";
const char kDescription256[] = "AES-256 GCM (JVB Fastpath, OpenSSL 3)";

const srtp_cipher_type_t kGcm128 = {
    Alloc, Dealloc, Init, SetAad, Encrypt, Decrypt, SetIv, GetTag,
    kDescription128, &srtp_aes_gcm_128_test_case_0, SRTP_AES_GCM_128,
};
const srtp_cipher_type_t kGcm256 = {
    Alloc, Dealloc, Init, SetAad, Encrypt, Decrypt, SetIv, GetTag,
    kDescription256, &srtp_aes_gcm_256_test_case_0, SRTP_AES_GCM_256,
};

}  // namespace

bool InstallOpensslGcmCipher() {
  return srtp_replace_cipher_type(&kGcm128, SRTP_AES_GCM_128) == srtp_err_status_ok &&
         srtp_replace_cipher_type(&kGcm256, SRTP_AES_GCM_256) == srtp_err_status_ok;
}

}  // namespace jvbfastpath::srtp
