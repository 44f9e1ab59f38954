#include "tools/bench/openssl_floor.h"

#include <openssl/core_names.h>

#include <cstring>

namespace jvbfastpath::bench {
namespace {

// Fixed, arbitrary session keys: the floor measures cost, not interoperability.
constexpr uint8_t kKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr uint8_t kAuthKey[20] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
constexpr size_t kIndexLength = 4;  // SRTCP's E flag and index

}  // namespace

OpensslFloor::OpensslFloor(srtp::Profile profile, srtp::PacketKind kind)
    : rtcp_(kind == srtp::PacketKind::kRtcp), header_(rtcp_ ? 8 : 12) {
  const auto& info = srtp::Info(profile);
  tag_length_ = rtcp_ ? info.rtcp_trailer_length - kIndexLength : info.rtp_trailer_length;
  cipher_ = EVP_CIPHER_CTX_new();
  switch (profile) {
    case srtp::Profile::kAesCm128HmacSha1_80:
    case srtp::Profile::kAesCm128HmacSha1_32: {
      EVP_EncryptInit_ex(cipher_, EVP_aes_128_ctr(), nullptr, kKey, nullptr);
      mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
      hmac_ = EVP_MAC_CTX_new(mac_);
      char digest[] = "SHA1";
      OSSL_PARAM params[] = {
          OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
          OSSL_PARAM_construct_end(),
      };
      EVP_MAC_init(hmac_, kAuthKey, sizeof(kAuthKey), params);
      break;
    }
    case srtp::Profile::kAeadAes128Gcm:
      EVP_CipherInit_ex(cipher_, EVP_aes_128_gcm(), nullptr, kKey, nullptr, 1);
      EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr);
      break;
    case srtp::Profile::kAeadAes256Gcm:
      EVP_CipherInit_ex(cipher_, EVP_aes_256_gcm(), nullptr, kKey, nullptr, 1);
      EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr);
      break;
  }
}

OpensslFloor::~OpensslFloor() {
  EVP_MAC_CTX_free(hmac_);
  EVP_MAC_free(mac_);
  EVP_CIPHER_CTX_free(cipher_);
}

// SSRC and sequence number (SRTCP: SSRC and index) vary the IV.
void OpensslFloor::SetIv(const uint8_t* packet, uint8_t iv[16]) const {
  std::memset(iv, 0, 16);
  std::memcpy(iv + 4, packet + (rtcp_ ? 4 : 8), 4);
  std::memcpy(iv + 10, packet + 2, 2);
}

size_t OpensslFloor::Protect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  SetIv(packet.data(), iv);
  uint8_t* payload = packet.data() + header_;
  const int payload_length = static_cast<int>(length - header_);
  uint8_t index[kIndexLength] = {0x80, 0, packet[2], packet[3]};
  int out = 0;
  if (hmac_ != nullptr) {
    EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv);
    EVP_EncryptUpdate(cipher_, payload, &out, payload, payload_length);
    uint8_t roc[4] = {};
    uint8_t tag[20];
    size_t tag_out = 0;
    EVP_MAC_init(hmac_, nullptr, 0, nullptr);
    if (rtcp_) {
      std::memcpy(packet.data() + length, index, kIndexLength);
      length += kIndexLength;
      EVP_MAC_update(hmac_, packet.data(), length);
    } else {
      EVP_MAC_update(hmac_, packet.data(), length);
      EVP_MAC_update(hmac_, roc, sizeof(roc));
    }
    EVP_MAC_final(hmac_, tag, &tag_out, sizeof(tag));
    std::memcpy(packet.data() + length, tag, tag_length_);
    return length + tag_length_;
  }
  EVP_CipherInit_ex(cipher_, nullptr, nullptr, nullptr, iv, 1);
  EVP_CipherUpdate(cipher_, nullptr, &out, packet.data(), static_cast<int>(header_));
  if (rtcp_) EVP_CipherUpdate(cipher_, nullptr, &out, index, kIndexLength);
  EVP_CipherUpdate(cipher_, payload, &out, payload, payload_length);
  EVP_CipherFinal_ex(cipher_, payload + out, &out);
  EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_length_),
                      packet.data() + length);
  if (rtcp_) std::memcpy(packet.data() + length + tag_length_, index, kIndexLength);
  return length + tag_length_ + (rtcp_ ? kIndexLength : 0);
}

size_t OpensslFloor::Unprotect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  SetIv(packet.data(), iv);
  uint8_t* payload = packet.data() + header_;
  int out = 0;
  if (hmac_ != nullptr) {
    const size_t authenticated = length - tag_length_;
    const size_t plain_length = authenticated - (rtcp_ ? kIndexLength : 0);
    uint8_t roc[4] = {};
    uint8_t tag[20];
    size_t tag_out = 0;
    EVP_MAC_init(hmac_, nullptr, 0, nullptr);
    EVP_MAC_update(hmac_, packet.data(), authenticated);
    if (!rtcp_) EVP_MAC_update(hmac_, roc, sizeof(roc));
    EVP_MAC_final(hmac_, tag, &tag_out, sizeof(tag));
    const bool ok = CRYPTO_memcmp(tag, packet.data() + authenticated, tag_length_) == 0;
    EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, iv);
    EVP_EncryptUpdate(cipher_, payload, &out, payload, static_cast<int>(plain_length - header_));
    return ok ? plain_length : 0;
  }
  const size_t sealed = length - (rtcp_ ? kIndexLength : 0);
  const size_t plain_length = sealed - tag_length_;
  EVP_CipherInit_ex(cipher_, nullptr, nullptr, nullptr, iv, 0);
  EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_length_),
                      packet.data() + plain_length);
  EVP_CipherUpdate(cipher_, nullptr, &out, packet.data(), static_cast<int>(header_));
  if (rtcp_) EVP_CipherUpdate(cipher_, nullptr, &out, packet.data() + sealed, kIndexLength);
  EVP_CipherUpdate(cipher_, payload, &out, payload, static_cast<int>(plain_length - header_));
  const bool ok = EVP_CipherFinal_ex(cipher_, payload + out, &out) == 1;
  return ok ? plain_length : 0;
}

}  // namespace jvbfastpath::bench
