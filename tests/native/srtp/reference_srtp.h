// An independent SRTP/SRTCP reference for tests, written from the RFCs on OpenSSL's EVP
// primitives (AES-CTR, AES-GCM, HMAC-SHA1). It shares no code with native/srtp or libsrtp:
// when SrtpSession's bytes equal the reference's, two implementations agree, and the
// reference itself is pinned by the RFCs' published vectors (rfc_vectors_test.cc).
//
// Numbers (key, salt and tag lengths) are the RFCs', written here again on purpose rather
// than read from srtp::Info(). Key derivation rate 0 throughout (the only rate WebRTC uses).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "native/srtp/profile.h"
#include "tests/native/srtp/hex.h"

namespace jvbfastpath::srtp::testing {

// AES (128 or 256 by key length) in counter mode from the 16-byte block `iv`: the first
// `length` bytes of keystream (RFC 3711 section 4.1.1).
Bytes AesCmKeystream(std::span<const uint8_t> key, std::span<const uint8_t> iv, size_t length);

// RFC 3711 section 4.3.1 with the AES-CM PRF of 4.3.3 (AES-256 for a 32-byte master key,
// RFC 6188 section 7): x = (label || r) XOR master_salt, keystream from IV = x * 2^16, r = 0.
// A 96-bit master salt (RFC 7714) is first multiplied by 2^16 (RFC 7714 verified erratum 4938).
Bytes DeriveKey(std::span<const uint8_t> master_key, std::span<const uint8_t> master_salt,
                uint8_t label, size_t length);

// RFC 3711 section 4.3.2 labels.
inline constexpr uint8_t kLabelRtpCipher = 0x00;
inline constexpr uint8_t kLabelRtpAuth = 0x01;
inline constexpr uint8_t kLabelRtpSalt = 0x02;
inline constexpr uint8_t kLabelRtcpCipher = 0x03;
inline constexpr uint8_t kLabelRtcpAuth = 0x04;
inline constexpr uint8_t kLabelRtcpSalt = 0x05;

struct SessionKeys {
  Bytes cipher_key;
  Bytes auth_key;  // empty for the AEAD profiles
  Bytes salt;
};

enum class KeysFor { kRtp, kRtcp };

// The session keys one direction of `profile` derives from its master key and salt.
SessionKeys DeriveSessionKeys(Profile profile, std::span<const uint8_t> master_key,
                              std::span<const uint8_t> master_salt, KeysFor kind);

// RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
Bytes AesCmIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint64_t index);
// RFC 7714 8.1: (00 00 || SSRC || ROC || SEQ) XOR salt.
Bytes AeadRtpIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint32_t roc, uint16_t seq);
// RFC 7714 9.1: (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.
Bytes AeadRtcpIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint32_t srtcp_index);

Bytes HmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> data);

struct Sealed {
  Bytes ciphertext;
  Bytes tag;  // 16 bytes
};
Sealed AesGcmSeal(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                  std::span<const uint8_t> aad, std::span<const uint8_t> plaintext);
// nullopt when the tag does not verify.
std::optional<Bytes> AesGcmOpen(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                                std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                std::span<const uint8_t> tag);

// Fixed header + CSRCs + header extension (RFC 3550 5.1, 5.3.1).
size_t RtpHeaderLength(std::span<const uint8_t> rtp);

// The SRTP packet for plaintext `rtp` under rollover counter `roc` (RFC 3711 3.1 and 4 for the
// AES-CM profiles, RFC 7714 8 for the AEAD ones).
Bytes ProtectRtp(Profile profile, const SessionKeys& keys, std::span<const uint8_t> rtp,
                 uint32_t roc);

// The SRTCP packet for plaintext `rtcp` with SRTCP index `index` (RFC 3711 3.4, RFC 7714 9).
// encrypt = false gives the E = 0 (authenticated only) form.
Bytes ProtectRtcp(Profile profile, const SessionKeys& keys, std::span<const uint8_t> rtcp,
                  uint32_t index, bool encrypt = true);

}  // namespace jvbfastpath::srtp::testing
