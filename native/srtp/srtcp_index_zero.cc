#include "native/srtp/srtcp_index_zero.h"

#include <arpa/inet.h>

#include <cstring>

#include "srtp_priv.h"

namespace jvbfastpath::srtp {
namespace {

constexpr unsigned kRtcpHeader = 8;        // V/P/RC, PT, length, SSRC: never encrypted
constexpr uint32_t kEncryptedFlag = 0x80000000u;  // E, above the 31-bit index

bool ZeroSent(const srtp_stream_ctx_t& stream) {
  return v128_get_bit(&stream.rtcp_rdb.bitmask, 0) != 0;
}

bool IsAead(const srtp_cipher_t* cipher) {
  return cipher->algorithm == SRTP_AES_GCM_128 || cipher->algorithm == SRTP_AES_GCM_256;
}

}  // namespace

int ProtectRtcpAtIndexZero(srtp_ctx_t_* ctx, uint8_t* packet, int* length) {
  uint32_t ssrc_net;
  std::memcpy(&ssrc_net, packet + 4, sizeof ssrc_net);
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, ssrc_net);
  if (stream == nullptr) return kNoStream;
  if (stream->rtcp_rdb.window_start != 0 || ZeroSent(*stream)) return kNotFirst;
  if (stream->session_keys == nullptr || !(stream->rtcp_services & sec_serv_conf) ||
      *length < static_cast<int>(kRtcpHeader)) {
    return kNotFirst;  // not a shape this session makes: libsrtp's own path
  }
  srtp_session_keys_t& keys = stream->session_keys[0];
  const auto len = static_cast<unsigned>(*length);
  uint8_t* payload = packet + kRtcpHeader;
  uint32_t payload_len = len - kRtcpHeader;
  const uint32_t e_index = htonl(kEncryptedFlag | 0u);  // E set, SRTCP index 0
  const auto tag_len = static_cast<unsigned>(srtp_auth_get_tag_length(keys.rtcp_auth));
  srtp_err_status_t status;

  if (IsAead(keys.rtcp_cipher)) {
    // RFC 7714 9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || index) XOR the 12-byte salt;
    // 9.2: AAD = the header's 8 bytes, then E || index; the tag follows the ciphertext and
    // E || index follows the tag.
    v128_t iv;
    std::memset(&iv, 0, sizeof iv);
    std::memcpy(iv.v8 + 2, &ssrc_net, sizeof ssrc_net);
    for (int i = 0; i < 12; ++i) iv.v8[i] ^= keys.c_salt[i];
    if ((status = srtp_cipher_set_iv(keys.rtcp_cipher, iv.v8, srtp_direction_encrypt)) ||
        (status = srtp_cipher_set_aad(keys.rtcp_cipher, packet, kRtcpHeader)) ||
        (status = srtp_cipher_set_aad(keys.rtcp_cipher,
                                      reinterpret_cast<const uint8_t*>(&e_index), 4)) ||
        (status = srtp_cipher_encrypt(keys.rtcp_cipher, payload, &payload_len))) {
      return srtp_err_status_cipher_fail;
    }
    uint32_t got_tag = 0;
    if (srtp_cipher_get_tag(keys.rtcp_cipher, packet + len, &got_tag) || got_tag != tag_len) {
      return srtp_err_status_cipher_fail;
    }
    std::memcpy(packet + len + tag_len, &e_index, 4);
  } else {
    // RFC 3711 4.1.1: the AES-CM IV from the SSRC and the index (0), the cipher adds the
    // salt; 3.4: E || index after the payload, then the tag over everything before it.
    v128_t iv;
    std::memset(&iv, 0, sizeof iv);
    iv.v32[1] = ssrc_net;
    if ((status = srtp_cipher_set_iv(keys.rtcp_cipher, iv.v8, srtp_direction_encrypt)) ||
        (status = srtp_cipher_encrypt(keys.rtcp_cipher, payload, &payload_len))) {
      return srtp_err_status_cipher_fail;
    }
    std::memcpy(packet + len, &e_index, 4);
    if ((status = static_cast<srtp_err_status_t>(srtp_auth_start(keys.rtcp_auth))) ||
        (status = static_cast<srtp_err_status_t>(
             srtp_auth_compute(keys.rtcp_auth, packet, len + 4, packet + len + 4)))) {
      return srtp_err_status_auth_fail;
    }
  }
  v128_set_bit(&stream->rtcp_rdb.bitmask, 0);
  *length = static_cast<int>(len + tag_len + 4);
  return srtp_err_status_ok;
}

}  // namespace jvbfastpath::srtp
