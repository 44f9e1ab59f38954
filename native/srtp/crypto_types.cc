#include "native/srtp/crypto_types.h"

#include <openssl/crypto.h>

#include <cstring>
#include <new>
#include <span>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/hmac_sha1.h"
#include "native/srtp/expected_plaintext.h"

extern "C" {
#include "auth.h"
#include "auth_test_cases.h"
#include "cipher.h"
#include "cipher_test_cases.h"
}

namespace jvbfastpath::srtp {
namespace {

// A cipher of `type` around a new State (libsrtp expects alloc_fail, not an exception).
template <typename State>
srtp_err_status_t NewCipher(srtp_cipher_t** cipher, const srtp_cipher_type_t* type,
                            int algorithm, int key_length_with_salt, State** state) {
  *state = new (std::nothrow) State();
  auto* c = new (std::nothrow) srtp_cipher_t();
  if (*state == nullptr || c == nullptr) {
    delete *state;
    delete c;
    return srtp_err_status_alloc_fail;
  }
  c->type = type;
  c->algorithm = algorithm;
  c->state = *state;
  c->key_len = key_length_with_salt;
  *cipher = c;
  return srtp_err_status_ok;
}

// Frees what NewCipher made; the State's destructor wipes its keys.
template <typename State>
srtp_err_status_t DeleteCipher(srtp_cipher_t* cipher) {
  delete static_cast<State*>(cipher->state);
  delete cipher;
  return srtp_err_status_ok;
}

// Encrypts through `encrypt(check)`: with the active expectation's check when this call is
// the one that encrypts it (expected_plaintext.h), its verdict then recorded; else with null.
template <typename Encrypt>
void EncryptChecking(uint8_t* buffer, unsigned int length, Encrypt encrypt) {
  ExpectedPlaintext* e = ActiveExpectation();
  const auto begin = reinterpret_cast<uintptr_t>(buffer);
  const auto at = reinterpret_cast<uintptr_t>(e != nullptr ? e->at : nullptr);
  if (e == nullptr || e->verdict != ExpectedPlaintext::Verdict::kNotChecked || at < begin ||
      at + e->bytes.size() != begin + length) {
    encrypt(nullptr);
    return;
  }
  const crypto::PlaintextCheck check{e->bytes, at - begin};
  e->verdict = encrypt(&check) ? ExpectedPlaintext::Verdict::kIntact
                               : ExpectedPlaintext::Verdict::kModified;
}

// --- AES-ICM: SRTP's AES counter mode (RFC 3711 section 4.1.1) ------------------------------

constexpr int kSaltLength = 14;

struct IcmState {
  ~IcmState() { OPENSSL_cleanse(offset, sizeof(offset)); }
  crypto::AesCtr ctr;
  int key_size = 0;
  alignas(16) uint8_t offset[16] = {};  // the salt, then two zero bytes
};

extern const srtp_cipher_type_t kIcm128;
extern const srtp_cipher_type_t kIcm256;

srtp_err_status_t IcmAlloc(srtp_cipher_t** cipher, int key_length_with_salt, int /*tag*/) {
  const bool is128 = key_length_with_salt == SRTP_AES_ICM_128_KEY_LEN_WSALT;
  if (!is128 && key_length_with_salt != SRTP_AES_ICM_256_KEY_LEN_WSALT) {
    return srtp_err_status_bad_param;
  }
  IcmState* state = nullptr;
  const srtp_err_status_t status =
      NewCipher(cipher, is128 ? &kIcm128 : &kIcm256, is128 ? SRTP_AES_ICM_128 : SRTP_AES_ICM_256,
                key_length_with_salt, &state);
  if (status == srtp_err_status_ok) {
    state->key_size = is128 ? SRTP_AES_128_KEY_LEN : SRTP_AES_256_KEY_LEN;
  }
  return status;
}

// `key` is the cipher key followed by the 14-byte salt.
srtp_err_status_t IcmInit(void* s, const uint8_t* key) {
  auto* state = static_cast<IcmState*>(s);
  const auto size = static_cast<size_t>(state->key_size);
  if (!state->ctr.SetKey({key, size})) return srtp_err_status_init_fail;
  std::memcpy(state->offset, key + size, kSaltLength);
  state->offset[14] = state->offset[15] = 0;
  return srtp_err_status_ok;
}

// The counter block is the IV libsrtp computed (SSRC, index) XOR the salt.
srtp_err_status_t IcmSetIv(void* s, uint8_t* iv, srtp_cipher_direction_t /*direction*/) {
  auto* state = static_cast<IcmState*>(s);
  state->ctr.SetCounter(std::span<const uint8_t, 16>(iv, 16), state->offset);
  return srtp_err_status_ok;
}

srtp_err_status_t IcmEncrypt(void* s, uint8_t* buffer, unsigned int* length) {
  crypto::AesCtr& ctr = static_cast<IcmState*>(s)->ctr;
  const std::span<uint8_t> data(buffer, *length);
  EncryptChecking(buffer, *length, [&](const crypto::PlaintextCheck* check) {
    if (check != nullptr) return ctr.Apply(data, *check);
    ctr.Apply(data);
    return true;
  });
  return srtp_err_status_ok;
}

const char kIcm128Description[] = "AES-128 counter mode (JVB Fastpath)";
const char kIcm256Description[] = "AES-256 counter mode (JVB Fastpath)";

const srtp_cipher_type_t kIcm128 = {
    IcmAlloc, DeleteCipher<IcmState>, IcmInit, nullptr, IcmEncrypt, IcmEncrypt, IcmSetIv, nullptr,
    kIcm128Description, &srtp_aes_icm_128_test_case_0, SRTP_AES_ICM_128,
};
const srtp_cipher_type_t kIcm256 = {
    IcmAlloc, DeleteCipher<IcmState>, IcmInit, nullptr, IcmEncrypt, IcmEncrypt, IcmSetIv, nullptr,
    kIcm256Description, &srtp_aes_icm_256_test_case_0, SRTP_AES_ICM_256,
};

// --- AES-GCM (RFC 7714) ---------------------------------------------------------------------

struct GcmState {
  crypto::AesGcm gcm;
  int key_size = 0;
  int tag_length = 0;
  srtp_cipher_direction_t direction = srtp_direction_any;
};

extern const srtp_cipher_type_t kGcm128;
extern const srtp_cipher_type_t kGcm256;

srtp_err_status_t GcmAlloc(srtp_cipher_t** cipher, int key_length_with_salt, int tag_length) {
  const bool is128 = key_length_with_salt == SRTP_AES_GCM_128_KEY_LEN_WSALT;
  const bool is256 = key_length_with_salt == SRTP_AES_GCM_256_KEY_LEN_WSALT;
  if ((!is128 && !is256) || (tag_length != 16 && tag_length != 8)) {
    return srtp_err_status_bad_param;
  }
  GcmState* state = nullptr;
  const srtp_err_status_t status =
      NewCipher(cipher, is128 ? &kGcm128 : &kGcm256, is128 ? SRTP_AES_GCM_128 : SRTP_AES_GCM_256,
                key_length_with_salt, &state);
  if (status == srtp_err_status_ok) {
    state->key_size = is128 ? SRTP_AES_128_KEY_LEN : SRTP_AES_256_KEY_LEN;
    state->tag_length = tag_length;
  }
  return status;
}

// libsrtp folds the salt into the IV itself; the cipher takes the key only.
srtp_err_status_t GcmInit(void* s, const uint8_t* key) {
  auto* state = static_cast<GcmState*>(s);
  state->direction = srtp_direction_any;
  return state->gcm.SetKey({key, static_cast<size_t>(state->key_size)})
             ? srtp_err_status_ok
             : srtp_err_status_init_fail;
}

srtp_err_status_t GcmSetIv(void* s, uint8_t* iv, srtp_cipher_direction_t direction) {
  auto* state = static_cast<GcmState*>(s);
  if (direction != srtp_direction_encrypt && direction != srtp_direction_decrypt) {
    return srtp_err_status_bad_param;
  }
  state->direction = direction;
  state->gcm.Start(std::span<const uint8_t, crypto::AesGcm::kIvSize>(iv, crypto::AesGcm::kIvSize),
                   direction == srtp_direction_encrypt ? crypto::AesGcm::Direction::kSeal
                                                       : crypto::AesGcm::Direction::kOpen);
  return srtp_err_status_ok;
}

srtp_err_status_t GcmSetAad(void* s, const uint8_t* aad, uint32_t aad_length) {
  static_cast<GcmState*>(s)->gcm.Aad({aad, aad_length});
  return srtp_err_status_ok;
}

srtp_err_status_t GcmEncrypt(void* s, uint8_t* buffer, unsigned int* length) {
  auto* state = static_cast<GcmState*>(s);
  if (state->direction != srtp_direction_encrypt) return srtp_err_status_algo_fail;
  const std::span<uint8_t> data(buffer, *length);
  EncryptChecking(buffer, *length, [&](const crypto::PlaintextCheck* check) {
    if (check != nullptr) return state->gcm.Encrypt(data, *check);
    state->gcm.Encrypt(data);
    return true;
  });
  return srtp_err_status_ok;
}

srtp_err_status_t GcmGetTag(void* s, uint8_t* tag, uint32_t* length) {
  auto* state = static_cast<GcmState*>(s);
  state->gcm.Finish({tag, static_cast<size_t>(state->tag_length)});
  *length = static_cast<uint32_t>(state->tag_length);
  return srtp_err_status_ok;
}

// `buffer` holds the ciphertext followed by the tag; on success *length loses the tag.
srtp_err_status_t GcmDecrypt(void* s, uint8_t* buffer, unsigned int* length) {
  auto* state = static_cast<GcmState*>(s);
  const auto tag_length = static_cast<unsigned int>(state->tag_length);
  if (state->direction != srtp_direction_decrypt || *length < tag_length) {
    return srtp_err_status_bad_param;
  }
  const unsigned int data_length = *length - tag_length;
  if (!state->gcm.Open({buffer, data_length}, {buffer + data_length, tag_length})) {
    return srtp_err_status_auth_fail;
  }
  *length = data_length;
  return srtp_err_status_ok;
}

const char kGcm128Description[] = "AES-128 GCM (JVB Fastpath)";
const char kGcm256Description[] = "AES-256 GCM (JVB Fastpath)";

const srtp_cipher_type_t kGcm128 = {
    GcmAlloc, DeleteCipher<GcmState>, GcmInit, GcmSetAad, GcmEncrypt, GcmDecrypt, GcmSetIv,
    GcmGetTag, kGcm128Description, &srtp_aes_gcm_128_test_case_0, SRTP_AES_GCM_128,
};
const srtp_cipher_type_t kGcm256 = {
    GcmAlloc, DeleteCipher<GcmState>, GcmInit, GcmSetAad, GcmEncrypt, GcmDecrypt, GcmSetIv,
    GcmGetTag, kGcm256Description, &srtp_aes_gcm_256_test_case_0, SRTP_AES_GCM_256,
};

// --- HMAC-SHA1 (RFC 3711 section 4.2.1) -----------------------------------------------------

extern const srtp_auth_type_t kHmacSha1;

srtp_err_status_t HmacAlloc(srtp_auth_t** auth, int key_length, int tag_length) {
  if (tag_length < 0 || tag_length > static_cast<int>(crypto::HmacSha1::kDigestSize) ||
      key_length < 0) {
    return srtp_err_status_bad_param;
  }
  auto* mac = new (std::nothrow) crypto::HmacSha1();
  auto* a = new (std::nothrow) srtp_auth_t();
  if (mac == nullptr || a == nullptr) {
    delete mac;
    delete a;
    return srtp_err_status_alloc_fail;
  }
  a->type = &kHmacSha1;
  a->state = mac;
  a->out_len = tag_length;
  a->key_len = key_length;
  a->prefix_len = 0;
  *auth = a;
  return srtp_err_status_ok;
}

srtp_err_status_t HmacDealloc(srtp_auth_t* auth) {
  delete static_cast<crypto::HmacSha1*>(auth->state);  // wipes its keyed states
  delete auth;
  return srtp_err_status_ok;
}

srtp_err_status_t HmacInit(void* s, const uint8_t* key, int key_length) {
  return static_cast<crypto::HmacSha1*>(s)->SetKey({key, static_cast<size_t>(key_length)})
             ? srtp_err_status_ok
             : srtp_err_status_init_fail;
}

srtp_err_status_t HmacStart(void* s) {
  static_cast<crypto::HmacSha1*>(s)->Start();
  return srtp_err_status_ok;
}

srtp_err_status_t HmacUpdate(void* s, const uint8_t* data, int length) {
  if (length < 0) return srtp_err_status_bad_param;
  static_cast<crypto::HmacSha1*>(s)->Update({data, static_cast<size_t>(length)});
  return srtp_err_status_ok;
}

// Authenticates `data` as the message's last part and writes the first tag_length bytes.
srtp_err_status_t HmacCompute(void* s, const uint8_t* data, int length, int tag_length,
                              uint8_t* tag) {
  if (length < 0 || tag_length < 0 ||
      tag_length > static_cast<int>(crypto::HmacSha1::kDigestSize)) {
    return srtp_err_status_bad_param;
  }
  auto* mac = static_cast<crypto::HmacSha1*>(s);
  mac->Update({data, static_cast<size_t>(length)});
  uint8_t full[crypto::HmacSha1::kDigestSize];
  mac->Finish(full);
  std::memcpy(tag, full, static_cast<size_t>(tag_length));
  OPENSSL_cleanse(full, sizeof(full));
  return srtp_err_status_ok;
}

const char kHmacDescription[] = "HMAC-SHA1 (JVB Fastpath)";

const srtp_auth_type_t kHmacSha1 = {
    HmacAlloc, HmacDealloc, HmacInit, HmacCompute, HmacUpdate, HmacStart,
    kHmacDescription, &srtp_hmac_test_case_0, SRTP_HMAC_SHA1,
};

}  // namespace

bool InstallCryptoTypes() {
  bool ok = true;
  ok &= srtp_replace_cipher_type(&kIcm128, SRTP_AES_ICM_128) == srtp_err_status_ok;
  ok &= srtp_replace_cipher_type(&kIcm256, SRTP_AES_ICM_256) == srtp_err_status_ok;
  ok &= srtp_replace_cipher_type(&kGcm128, SRTP_AES_GCM_128) == srtp_err_status_ok;
  ok &= srtp_replace_cipher_type(&kGcm256, SRTP_AES_GCM_256) == srtp_err_status_ok;
  SetCheckedWhileEncrypting(ok);
  ok &= srtp_replace_auth_type(&kHmacSha1, SRTP_HMAC_SHA1) == srtp_err_status_ok;
  return ok;
}

}  // namespace jvbfastpath::srtp
