#include "tests/native/e2ee/test_frame_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

namespace jvbfastpath::e2ee::testing {
namespace {

// ---- OpenSSL plumbing -----------------------------------------------------------------

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct KdfFree {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};
struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// OSSL_PARAM wants non-const pointers even for inputs it only reads.
void* Mutable(std::span<const uint8_t> bytes) {
  static uint8_t empty = 0;
  return bytes.empty() ? &empty : const_cast<uint8_t*>(bytes.data());
}

// One HKDF call. mode: EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND, _EXTRACT_ONLY or _EXPAND_ONLY.
// An empty salt is passed as a zero-length salt, which HMAC pads to HashLen zero bytes,
// exactly RFC 5869's "not provided" salt (and WebCrypto's empty-salt behaviour).
CryptoStatus Hkdf(int mode, const char* digest, std::span<const uint8_t> ikm,
                  std::span<const uint8_t> salt, std::span<const uint8_t> info,
                  std::vector<uint8_t>& out, size_t out_length) {
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (!kdf) return CryptoStatus::kOpenSslError;
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return CryptoStatus::kOpenSslError;
  OSSL_PARAM params[6];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                                 const_cast<char*>(digest), 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, Mutable(ikm), ikm.size());
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, Mutable(salt),
                                                  salt.size());
  if (!info.empty()) {
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, Mutable(info),
                                                    info.size());
  }
  params[n] = OSSL_PARAM_construct_end();
  if (mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY) {
    out_length = EVP_MD_get_size(EVP_get_digestbyname(digest));
  }
  out.assign(out_length, 0);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    out.clear();
    return CryptoStatus::kOpenSslError;
  }
  return CryptoStatus::kOk;
}

CryptoStatus Hmac(const char* digest, std::span<const uint8_t> key,
                  std::span<const uint8_t> data, std::vector<uint8_t>& out) {
  std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
  if (!mac) return CryptoStatus::kOpenSslError;
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) return CryptoStatus::kOpenSslError;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) {
    return CryptoStatus::kOpenSslError;
  }
  if (EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1) {
    return CryptoStatus::kOpenSslError;
  }
  out.assign(EVP_MAX_MD_SIZE, 0);
  size_t length = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1) {
    return CryptoStatus::kOpenSslError;
  }
  out.resize(length);
  return CryptoStatus::kOk;
}

const EVP_CIPHER* GcmFor(size_t key_length) {
  if (key_length == 16) return EVP_aes_128_gcm();
  if (key_length == 32) return EVP_aes_256_gcm();
  return nullptr;
}

// AES-GCM with a 12-byte nonce: out = ciphertext | tag (tag_length bytes).
CryptoStatus GcmSeal(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                     std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                     size_t tag_length, std::vector<uint8_t>& out) {
  const EVP_CIPHER* cipher = GcmFor(key.size());
  if (cipher == nullptr || nonce.size() != 12) return CryptoStatus::kBadArgument;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return CryptoStatus::kOpenSslError;
  int length = 0;
  out.assign(plaintext.size() + tag_length, 0);
  if (EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), nonce.data()) != 1 ||
      (!aad.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &length, aad.data(), static_cast<int>(aad.size())) !=
           1) ||
      (!plaintext.empty() &&
       EVP_EncryptUpdate(ctx.get(), out.data(), &length, plaintext.data(),
                         static_cast<int>(plaintext.size())) != 1) ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + plaintext.size(), &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_length),
                          out.data() + plaintext.size()) != 1) {
    out.clear();
    return CryptoStatus::kOpenSslError;
  }
  return CryptoStatus::kOk;
}

CryptoStatus GcmOpen(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                     std::span<const uint8_t> aad, std::span<const uint8_t> sealed,
                     size_t tag_length, std::vector<uint8_t>& out) {
  const EVP_CIPHER* cipher = GcmFor(key.size());
  if (cipher == nullptr || nonce.size() != 12) return CryptoStatus::kBadArgument;
  if (sealed.size() < tag_length) return CryptoStatus::kFrameTooShort;
  const size_t ct_length = sealed.size() - tag_length;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return CryptoStatus::kOpenSslError;
  int length = 0;
  out.assign(ct_length, 0);
  if (EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, key.data(), nonce.data()) != 1 ||
      (!aad.empty() &&
       EVP_DecryptUpdate(ctx.get(), nullptr, &length, aad.data(), static_cast<int>(aad.size())) !=
           1) ||
      (ct_length != 0 &&
       EVP_DecryptUpdate(ctx.get(), out.data(), &length, sealed.data(),
                         static_cast<int>(ct_length)) != 1) ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_length),
                          const_cast<uint8_t*>(sealed.data() + ct_length)) != 1) {
    out.clear();
    return CryptoStatus::kOpenSslError;
  }
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + ct_length, &length) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    out.clear();
    return CryptoStatus::kAuthFailed;
  }
  return CryptoStatus::kOk;
}

// AES-128-CTR with a 16-byte initial counter block; encryption and decryption are the same.
CryptoStatus AesCtr(std::span<const uint8_t> key, std::span<const uint8_t> counter_block,
                    std::span<const uint8_t> in, std::vector<uint8_t>& out) {
  if (key.size() != 16 || counter_block.size() != 16) return CryptoStatus::kBadArgument;
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return CryptoStatus::kOpenSslError;
  out.assign(in.size(), 0);
  int length = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ctr(), nullptr, key.data(),
                         counter_block.data()) != 1 ||
      (!in.empty() && EVP_EncryptUpdate(ctx.get(), out.data(), &length, in.data(),
                                        static_cast<int>(in.size())) != 1) ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + in.size(), &length) != 1) {
    out.clear();
    return CryptoStatus::kOpenSslError;
  }
  return CryptoStatus::kOk;
}

void AppendBigEndian(std::vector<uint8_t>& out, uint64_t value, size_t bytes) {
  for (size_t i = bytes; i-- > 0;) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

std::span<const uint8_t> Ascii(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// ---- JFrame ---------------------------------------------------------------------------

constexpr std::string_view kJFrameEncryptionSalt = "JFrameEncryptionKey";
constexpr std::string_view kJFrameRatchetSalt = "JFrameRatchetKey";

// ---- SFrame ---------------------------------------------------------------------------

// RFC 9605 Section 4.5 table; ids from Section 8.1.
constexpr SFrameSuiteParams kSuites[] = {
    {0x0001, "AES_128_CTR_HMAC_SHA256_80", 32, 16, 48, 12, 10, false},
    {0x0002, "AES_128_CTR_HMAC_SHA256_64", 32, 16, 48, 12, 8, false},
    {0x0003, "AES_128_CTR_HMAC_SHA256_32", 32, 16, 48, 12, 4, false},
    {0x0004, "AES_128_GCM_SHA256_128", 32, 0, 16, 12, 16, true},
    {0x0005, "AES_256_GCM_SHA512_128", 64, 0, 32, 12, 16, true},
};

const char* DigestFor(const SFrameSuiteParams& suite) {
  return suite.nh == 64 ? "SHA512" : "SHA256";
}

size_t MinimalLength(uint64_t value) {
  size_t length = 1;
  while (length < 8 && (value >> (8 * length)) != 0) ++length;
  return length;
}

// RFC 9605 Section 4.5.1 compute_tag: HMAC over
// len(aad) (8) | len(ct) (8) | Nt (8) | nonce | aad | ct, truncated to Nt.
CryptoStatus CtrHmacTag(const SFrameSuiteParams& suite, std::span<const uint8_t> auth_key,
                        std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                        std::span<const uint8_t> ct, std::vector<uint8_t>& tag) {
  std::vector<uint8_t> auth_data;
  auth_data.reserve(24 + nonce.size() + aad.size() + ct.size());
  AppendBigEndian(auth_data, aad.size(), 8);
  AppendBigEndian(auth_data, ct.size(), 8);
  AppendBigEndian(auth_data, suite.nt, 8);
  auth_data.insert(auth_data.end(), nonce.begin(), nonce.end());
  auth_data.insert(auth_data.end(), aad.begin(), aad.end());
  auth_data.insert(auth_data.end(), ct.begin(), ct.end());
  CryptoStatus status = Hmac(DigestFor(suite), auth_key, auth_data, tag);
  if (status != CryptoStatus::kOk) return status;
  tag.resize(suite.nt);
  return CryptoStatus::kOk;
}

std::vector<uint8_t> CtrInitialCounter(std::span<const uint8_t> nonce) {
  std::vector<uint8_t> block(nonce.begin(), nonce.end());
  block.resize(16, 0);  // nonce + 0x00000000
  return block;
}

}  // namespace

std::string_view CryptoStatusName(CryptoStatus status) {
  switch (status) {
    case CryptoStatus::kOk: return "ok";
    case CryptoStatus::kBadArgument: return "bad_argument";
    case CryptoStatus::kFrameTooShort: return "frame_too_short";
    case CryptoStatus::kMalformed: return "malformed";
    case CryptoStatus::kAuthFailed: return "auth_failed";
    case CryptoStatus::kOpenSslError: return "openssl_error";
  }
  return "unknown";
}

// ---- JFrame ---------------------------------------------------------------------------

size_t JFrameClearBytes(JFrameType type) {
  switch (type) {
    case JFrameType::kVideoKey: return 10;
    case JFrameType::kVideoDelta: return 3;
    case JFrameType::kAudio: return 1;
  }
  return 0;
}

CryptoStatus JFrameDeriveEncryptionKey(std::span<const uint8_t> material, JFrameAesKey& key) {
  std::vector<uint8_t> derived;
  CryptoStatus status = Hkdf(EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND, "SHA256", material,
                             Ascii(kJFrameEncryptionSalt), {}, derived, kJFrameKeyLength);
  if (status != CryptoStatus::kOk) return status;
  std::copy(derived.begin(), derived.end(), key.begin());
  OPENSSL_cleanse(derived.data(), derived.size());
  return CryptoStatus::kOk;
}

CryptoStatus JFrameRatchet(std::span<const uint8_t> material, std::vector<uint8_t>& next) {
  return Hkdf(EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND, "SHA256", material,
              Ascii(kJFrameRatchetSalt), {}, next, 32);
}

JFrameIv JFrameMakeIv(uint32_t ssrc, uint32_t timestamp, uint64_t send_count) {
  const uint32_t counter = static_cast<uint32_t>(send_count % 0xFFFF);
  JFrameIv iv{};
  for (int i = 0; i < 4; ++i) {
    iv[i] = static_cast<uint8_t>(ssrc >> (24 - 8 * i));
    iv[4 + i] = static_cast<uint8_t>(timestamp >> (24 - 8 * i));
    iv[8 + i] = static_cast<uint8_t>(counter >> (24 - 8 * i));
  }
  return iv;
}

CryptoStatus JFrameEncrypt(std::span<const uint8_t> aes_key, uint8_t key_index, JFrameType type,
                           const JFrameIv& iv, std::span<const uint8_t> frame,
                           std::vector<uint8_t>& envelope) {
  envelope.clear();
  if (aes_key.size() != kJFrameKeyLength) return CryptoStatus::kBadArgument;
  const size_t clear = JFrameClearBytes(type);
  // lib-jitsi-meet's new Uint8Array(data, 0, clear) throws on a shorter frame: nothing sent.
  if (frame.size() < clear) return CryptoStatus::kFrameTooShort;
  const auto prefix = frame.first(clear);
  std::vector<uint8_t> sealed;
  CryptoStatus status =
      GcmSeal(aes_key, iv, prefix, frame.subspan(clear), kJFrameTagLength, sealed);
  if (status != CryptoStatus::kOk) return status;
  envelope.reserve(frame.size() + kJFrameOverhead);
  envelope.assign(prefix.begin(), prefix.end());
  envelope.insert(envelope.end(), sealed.begin(), sealed.end());
  envelope.insert(envelope.end(), iv.begin(), iv.end());
  envelope.push_back(static_cast<uint8_t>(kJFrameIvLength));
  envelope.push_back(key_index);
  return CryptoStatus::kOk;
}

CryptoStatus JFrameSplit(std::span<const uint8_t> envelope, JFrameType type, JFrameTrailer& out) {
  out = JFrameTrailer{};
  const size_t clear = JFrameClearBytes(type);
  if (envelope.size() < clear + kJFrameTrailerLength) return CryptoStatus::kFrameTooShort;
  const size_t iv_length = envelope[envelope.size() - 2];
  if (envelope.size() < clear + iv_length + kJFrameTrailerLength) return CryptoStatus::kMalformed;
  out.iv_length = iv_length;
  out.key_index = envelope[envelope.size() - 1];
  out.iv = envelope.subspan(envelope.size() - kJFrameTrailerLength - iv_length, iv_length);
  out.ciphertext_offset = clear;
  out.ciphertext_length = envelope.size() - clear - iv_length - kJFrameTrailerLength;
  return CryptoStatus::kOk;
}

CryptoStatus JFrameDecrypt(std::span<const uint8_t> aes_key, JFrameType type,
                           std::span<const uint8_t> envelope, std::vector<uint8_t>& frame) {
  frame.clear();
  if (aes_key.size() != kJFrameKeyLength) return CryptoStatus::kBadArgument;
  JFrameTrailer parts;
  CryptoStatus status = JFrameSplit(envelope, type, parts);
  if (status != CryptoStatus::kOk) return status;
  // WebCrypto takes any non-empty IV length for AES-GCM; lib-jitsi-meet only ever writes 12.
  if (parts.iv_length != kJFrameIvLength) return CryptoStatus::kMalformed;
  const auto prefix = envelope.first(parts.ciphertext_offset);
  std::vector<uint8_t> plain;
  status = GcmOpen(aes_key, parts.iv, prefix,
                   envelope.subspan(parts.ciphertext_offset, parts.ciphertext_length),
                   kJFrameTagLength, plain);
  if (status != CryptoStatus::kOk) return status;
  frame.assign(prefix.begin(), prefix.end());
  frame.insert(frame.end(), plain.begin(), plain.end());
  OPENSSL_cleanse(plain.data(), plain.size());
  return CryptoStatus::kOk;
}

CryptoStatus JFrameSender::SetKey(std::span<const uint8_t> material, uint32_t key_index) {
  const size_t slot = key_index % kJFrameKeyRingSize;
  CryptoStatus status = JFrameDeriveEncryptionKey(material, aes_keys_[slot]);
  if (status != CryptoStatus::kOk) return status;
  materials_[slot].assign(material.begin(), material.end());
  has_key_[slot] = true;
  current_index_ = slot;
  return CryptoStatus::kOk;
}

CryptoStatus JFrameSender::RatchetCurrentKey() {
  if (!has_key_[current_index_]) return CryptoStatus::kBadArgument;
  std::vector<uint8_t> next;
  CryptoStatus status = JFrameRatchet(materials_[current_index_], next);
  if (status != CryptoStatus::kOk) return status;
  return SetKey(next, static_cast<uint32_t>(current_index_));
}

CryptoStatus JFrameSender::Encrypt(JFrameType type, uint32_t ssrc, uint32_t timestamp,
                                   std::span<const uint8_t> frame,
                                   std::vector<uint8_t>& envelope) {
  envelope.clear();
  if (!has_key_[current_index_]) return CryptoStatus::kBadArgument;
  // Context._makeIV: the counter advances even if the encryption then fails.
  uint64_t& count = send_counts_[ssrc];  // 0 if the caller set none
  const JFrameIv iv = JFrameMakeIv(ssrc, timestamp, count);
  ++count;
  return JFrameEncrypt(aes_keys_[current_index_], static_cast<uint8_t>(current_index_), type,
                       iv, frame, envelope);
}

CryptoStatus JFrameReceiver::SetKey(std::span<const uint8_t> material, uint32_t key_index) {
  const size_t slot = key_index % kJFrameKeyRingSize;
  CryptoStatus status = JFrameDeriveEncryptionKey(material, aes_keys_[slot]);
  if (status != CryptoStatus::kOk) return status;
  materials_[slot].assign(material.begin(), material.end());
  has_key_[slot] = true;
  current_index_ = slot;
  return CryptoStatus::kOk;
}

CryptoStatus JFrameReceiver::Decrypt(JFrameType type, std::span<const uint8_t> envelope,
                                     std::vector<uint8_t>& frame, size_t* ratchet_steps) {
  frame.clear();
  if (ratchet_steps != nullptr) *ratchet_steps = 0;
  if (envelope.empty()) return CryptoStatus::kFrameTooShort;
  const uint8_t index = envelope.back();
  // Context.decodeFunction drops a frame whose slot is empty (and an index >= 16 has none).
  if (index >= kJFrameKeyRingSize || !has_key_[index]) return CryptoStatus::kBadArgument;
  CryptoStatus status = JFrameDecrypt(aes_keys_[index], type, envelope, frame);
  if (status != CryptoStatus::kAuthFailed) return status;
  // Context._decryptFrame ratchets the material of the frame's slot but stores the result
  // in the *current* slot and re-reads the frame's slot: so ratcheting only ever helps
  // when the frame's key index is the current one. Otherwise the retries change nothing.
  if (index != current_index_) return status;
  std::vector<uint8_t> material = materials_[index];
  for (size_t step = 1; step <= kJFrameRatchetWindow; ++step) {
    std::vector<uint8_t> next;
    if (JFrameRatchet(material, next) != CryptoStatus::kOk) return CryptoStatus::kOpenSslError;
    material = std::move(next);
    JFrameAesKey key;
    if (JFrameDeriveEncryptionKey(material, key) != CryptoStatus::kOk) {
      return CryptoStatus::kOpenSslError;
    }
    status = JFrameDecrypt(key, type, envelope, frame);
    if (status == CryptoStatus::kOk) {
      materials_[index] = material;
      aes_keys_[index] = key;
      if (ratchet_steps != nullptr) *ratchet_steps = step;
      return status;
    }
  }
  return CryptoStatus::kAuthFailed;  // the slot keeps its initial key, as in lib-jitsi-meet
}

// ---- SFrame ---------------------------------------------------------------------------

std::optional<SFrameSuiteParams> SFrameSuite(uint16_t id) {
  for (const SFrameSuiteParams& suite : kSuites) {
    if (suite.id == id) return suite;
  }
  return std::nullopt;
}

std::vector<uint8_t> SFrameEncodeHeader(uint64_t kid, uint64_t ctr) {
  std::vector<uint8_t> header(1, 0);
  if (kid < 8) {
    header[0] |= static_cast<uint8_t>(kid << 4);
  } else {
    const size_t length = MinimalLength(kid);
    header[0] |= static_cast<uint8_t>(0x80 | ((length - 1) << 4));
    AppendBigEndian(header, kid, length);
  }
  if (ctr < 8) {
    header[0] |= static_cast<uint8_t>(ctr);
  } else {
    const size_t length = MinimalLength(ctr);
    header[0] |= static_cast<uint8_t>(0x08 | (length - 1));
    AppendBigEndian(header, ctr, length);
  }
  return header;
}

CryptoStatus SFrameParseHeader(std::span<const uint8_t> bytes, SFrameHeader& header) {
  header = SFrameHeader{};
  if (bytes.empty()) return CryptoStatus::kFrameTooShort;
  const uint8_t config = bytes[0];
  const bool x = (config & 0x80) != 0;
  const uint8_t k = (config >> 4) & 0x07;
  const bool y = (config & 0x08) != 0;
  const uint8_t c = config & 0x07;
  size_t offset = 1;
  auto read = [&](size_t length, uint64_t& value) {
    if (bytes.size() - offset < length) return false;
    value = 0;
    for (size_t i = 0; i < length; ++i) value = (value << 8) | bytes[offset + i];
    offset += length;
    return true;
  };
  if (!x) {
    header.kid = k;
  } else if (!read(static_cast<size_t>(k) + 1, header.kid)) {
    return CryptoStatus::kMalformed;
  }
  if (!y) {
    header.ctr = c;
  } else if (!read(static_cast<size_t>(c) + 1, header.ctr)) {
    return CryptoStatus::kMalformed;
  }
  header.length = offset;
  return CryptoStatus::kOk;
}

namespace {
std::vector<uint8_t> Label(std::string_view prefix, uint64_t kid, uint16_t suite) {
  std::vector<uint8_t> label(prefix.begin(), prefix.end());
  AppendBigEndian(label, kid, 8);
  AppendBigEndian(label, suite, 2);
  return label;
}
}  // namespace

std::vector<uint8_t> SFrameKeyLabel(uint64_t kid, uint16_t suite) {
  return Label("SFrame 1.0 Secret key ", kid, suite);
}

std::vector<uint8_t> SFrameSaltLabel(uint64_t kid, uint16_t suite) {
  return Label("SFrame 1.0 Secret salt ", kid, suite);
}

CryptoStatus SFrameDeriveKeySalt(uint16_t suite_id, uint64_t kid,
                                 std::span<const uint8_t> base_key, SFrameKeys& keys) {
  keys = SFrameKeys{};
  const auto suite = SFrameSuite(suite_id);
  if (!suite) return CryptoStatus::kBadArgument;
  const char* digest = DigestFor(*suite);
  CryptoStatus status =
      Hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, digest, base_key, {}, {}, keys.secret, 0);
  if (status != CryptoStatus::kOk) return status;
  status = Hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, digest, keys.secret, {},
                SFrameKeyLabel(kid, suite_id), keys.key, suite->nk);
  if (status != CryptoStatus::kOk) return status;
  return Hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, digest, keys.secret, {},
              SFrameSaltLabel(kid, suite_id), keys.salt, suite->nn);
}

std::vector<uint8_t> SFrameNonce(std::span<const uint8_t> salt, uint64_t ctr) {
  std::vector<uint8_t> nonce(salt.begin(), salt.end());
  for (size_t i = 0; i < nonce.size() && i < 8; ++i) {
    nonce[nonce.size() - 1 - i] ^= static_cast<uint8_t>(ctr >> (8 * i));
  }
  return nonce;
}

CryptoStatus SFrameAeadEncrypt(uint16_t suite_id, std::span<const uint8_t> key,
                               std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                               std::span<const uint8_t> plaintext, std::vector<uint8_t>& out) {
  out.clear();
  const auto suite = SFrameSuite(suite_id);
  if (!suite || key.size() != suite->nk || nonce.size() != suite->nn) {
    return CryptoStatus::kBadArgument;
  }
  if (suite->gcm) return GcmSeal(key, nonce, aad, plaintext, suite->nt, out);
  const auto enc_key = key.first(suite->nka);
  const auto auth_key = key.subspan(suite->nka);
  CryptoStatus status = AesCtr(enc_key, CtrInitialCounter(nonce), plaintext, out);
  if (status != CryptoStatus::kOk) return status;
  std::vector<uint8_t> tag;
  status = CtrHmacTag(*suite, auth_key, nonce, aad, out, tag);
  if (status != CryptoStatus::kOk) {
    out.clear();
    return status;
  }
  out.insert(out.end(), tag.begin(), tag.end());
  return CryptoStatus::kOk;
}

CryptoStatus SFrameAeadDecrypt(uint16_t suite_id, std::span<const uint8_t> key,
                               std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                               std::span<const uint8_t> ciphertext, std::vector<uint8_t>& out) {
  out.clear();
  const auto suite = SFrameSuite(suite_id);
  if (!suite || key.size() != suite->nk || nonce.size() != suite->nn) {
    return CryptoStatus::kBadArgument;
  }
  if (ciphertext.size() < suite->nt) return CryptoStatus::kFrameTooShort;
  if (suite->gcm) return GcmOpen(key, nonce, aad, ciphertext, suite->nt, out);
  const auto inner = ciphertext.first(ciphertext.size() - suite->nt);
  const auto tag = ciphertext.subspan(inner.size());
  std::vector<uint8_t> expected;
  CryptoStatus status =
      CtrHmacTag(*suite, key.subspan(suite->nka), nonce, aad, inner, expected);
  if (status != CryptoStatus::kOk) return status;
  if (CRYPTO_memcmp(expected.data(), tag.data(), suite->nt) != 0) {
    return CryptoStatus::kAuthFailed;
  }
  return AesCtr(key.first(suite->nka), CtrInitialCounter(nonce), inner, out);
}

CryptoStatus SFrameEncrypt(uint16_t suite_id, std::span<const uint8_t> base_key, uint64_t kid,
                           uint64_t ctr, std::span<const uint8_t> metadata,
                           std::span<const uint8_t> plaintext, std::vector<uint8_t>& ciphertext) {
  ciphertext.clear();
  SFrameKeys keys;
  CryptoStatus status = SFrameDeriveKeySalt(suite_id, kid, base_key, keys);
  if (status != CryptoStatus::kOk) return status;
  const std::vector<uint8_t> header = SFrameEncodeHeader(kid, ctr);
  std::vector<uint8_t> aad = header;
  aad.insert(aad.end(), metadata.begin(), metadata.end());
  std::vector<uint8_t> sealed;
  status = SFrameAeadEncrypt(suite_id, keys.key, SFrameNonce(keys.salt, ctr), aad, plaintext,
                             sealed);
  OPENSSL_cleanse(keys.key.data(), keys.key.size());
  if (status != CryptoStatus::kOk) return status;
  ciphertext = header;
  ciphertext.insert(ciphertext.end(), sealed.begin(), sealed.end());
  return CryptoStatus::kOk;
}

CryptoStatus SFrameDecrypt(uint16_t suite_id, std::span<const uint8_t> base_key,
                           std::span<const uint8_t> metadata,
                           std::span<const uint8_t> sframe_ciphertext,
                           std::vector<uint8_t>& plaintext, SFrameHeader* header_out) {
  plaintext.clear();
  SFrameHeader header;
  CryptoStatus status = SFrameParseHeader(sframe_ciphertext, header);
  if (status != CryptoStatus::kOk) return status;
  if (header_out != nullptr) *header_out = header;
  SFrameKeys keys;
  status = SFrameDeriveKeySalt(suite_id, header.kid, base_key, keys);
  if (status != CryptoStatus::kOk) return status;
  std::vector<uint8_t> aad(sframe_ciphertext.begin(),
                           sframe_ciphertext.begin() + static_cast<ptrdiff_t>(header.length));
  aad.insert(aad.end(), metadata.begin(), metadata.end());
  status = SFrameAeadDecrypt(suite_id, keys.key, SFrameNonce(keys.salt, header.ctr), aad,
                             sframe_ciphertext.subspan(header.length), plaintext);
  OPENSSL_cleanse(keys.key.data(), keys.key.size());
  return status;
}

}  // namespace jvbfastpath::e2ee::testing
