#include "tools/bench/openssl_floor.h"

#include <openssl/core_names.h>

#include <cstring>

namespace jvbfastpath::bench {

OpensslFloor::OpensslFloor(srtp::Profile profile, srtp::PacketKind kind)
    : layout_(profile, kind) {
  cipher_ = EVP_CIPHER_CTX_new();
  switch (profile) {
    case srtp::Profile::kAesCm128HmacSha1_80:
    case srtp::Profile::kAesCm128HmacSha1_32: {
      EVP_EncryptInit_ex(cipher_, EVP_aes_128_ctr(), nullptr, kFloorKey, nullptr);
      mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
      hmac_ = EVP_MAC_CTX_new(mac_);
      char digest[] = "SHA1";
      OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
          OSSL_PARAM_construct_end(),
      };
      EVP_MAC_init(hmac_, kFloorAuthKey, sizeof(kFloorAuthKey), params);
      break;
    }
    case srtp::Profile::kAeadAes128Gcm:
      EVP_CipherInit_ex(cipher_, EVP_aes_128_gcm(), nullptr, kFloorKey, nullptr, 1);
      EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr);
      break;
    case srtp::Profile::kAeadAes256Gcm:
      EVP_CipherInit_ex(cipher_, EVP_aes_256_gcm(), nullptr, kFloorKey, nullptr, 1);
      EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr);
      break;
  }
}

OpensslFloor::~OpensslFloor() {
  EVP_MAC_CTX_free(hmac_);
  EVP_MAC_free(mac_);
  EVP_CIPHER_CTX_free(cipher_);
}

size_t OpensslFloor::Protect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  layout_.Iv(packet.data(), iv);
  uint8_t* payload = packet.data() + layout_.header;
  const int payload_length = static_cast<int>(length - layout_.header);
  uint8_t index[kSrtcpIndexLength] = {0x80, 0, packet[2], packet[3]};
  int out = 0;
  if (hmac_ != nullptr) {
    EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv);
    EVP_EncryptUpdate(cipher_, payload, &out, payload, payload_length);
    uint8_t roc[4] = {};
    uint8_t tag[20];
    size_t tag_out = 0;
    EVP_MAC_init(hmac_, nullptr, 0, nullptr);
    if (layout_.rtcp) {
      std::memcpy(packet.data() + length, index, kSrtcpIndexLength);
      length += kSrtcpIndexLength;
      EVP_MAC_update(hmac_, packet.data(), length);
    } else {
      EVP_MAC_update(hmac_, packet.data(), length);
      EVP_MAC_update(hmac_, roc, sizeof(roc));
    }
    EVP_MAC_final(hmac_, tag, &tag_out, sizeof(tag));
    std::memcpy(packet.data() + length, tag, layout_.tag_length);
    return length + layout_.tag_length;
  }
  EVP_CipherInit_ex(cipher_, nullptr, nullptr, nullptr, iv, 1);
  EVP_CipherUpdate(cipher_, nullptr, &out, packet.data(), static_cast<int>(layout_.header));
  if (layout_.rtcp) EVP_CipherUpdate(cipher_, nullptr, &out, index, kSrtcpIndexLength);
  EVP_CipherUpdate(cipher_, payload, &out, payload, payload_length);
  EVP_CipherFinal_ex(cipher_, payload + out, &out);
  EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_GET_TAG, static_cast<int>(layout_.tag_length),
                      packet.data() + length);
  if (layout_.rtcp) std::memcpy(packet.data() + length + layout_.tag_length, index, kSrtcpIndexLength);
  return length + layout_.tag_length + (layout_.rtcp ? kSrtcpIndexLength : 0);
}

size_t OpensslFloor::Unprotect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  layout_.Iv(packet.data(), iv);
  uint8_t* payload = packet.data() + layout_.header;
  int out = 0;
  if (hmac_ != nullptr) {
    const size_t authenticated = length - layout_.tag_length;
    const size_t plain_length = authenticated - (layout_.rtcp ? kSrtcpIndexLength : 0);
    uint8_t roc[4] = {};
    uint8_t tag[20];
    size_t tag_out = 0;
    EVP_MAC_init(hmac_, nullptr, 0, nullptr);
    EVP_MAC_update(hmac_, packet.data(), authenticated);
    if (!layout_.rtcp) EVP_MAC_update(hmac_, roc, sizeof(roc));
    EVP_MAC_final(hmac_, tag, &tag_out, sizeof(tag));
    const bool ok = CRYPTO_memcmp(tag, packet.data() + authenticated, layout_.tag_length) == 0;
    EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv);
    EVP_EncryptUpdate(cipher_, payload, &out, payload, static_cast<int>(plain_length - layout_.header));
    return ok ? plain_length : 0;
  }
  const size_t sealed = length - (layout_.rtcp ? kSrtcpIndexLength : 0);
  const size_t plain_length = sealed - layout_.tag_length;
  EVP_CipherInit_ex(cipher_, nullptr, nullptr, nullptr, iv, 0);
  EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_TAG, static_cast<int>(layout_.tag_length),
                      packet.data() + plain_length);
  EVP_CipherUpdate(cipher_, nullptr, &out, packet.data(), static_cast<int>(layout_.header));
  if (layout_.rtcp) EVP_CipherUpdate(cipher_, nullptr, &out, packet.data() + sealed, kSrtcpIndexLength);
  EVP_CipherUpdate(cipher_, payload, &out, payload, static_cast<int>(plain_length - layout_.header));
  const bool ok = EVP_CipherFinal_ex(cipher_, payload + out, &out) == 1;
  return ok ? plain_length : 0;
}

}  // namespace jvbfastpath::bench
