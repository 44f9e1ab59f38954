// SRTP protection profiles used by WebRTC (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
//
// Contract: a Profile names the cipher, the authentication and the lengths that follow from
// them. ProfileInfo gives every length the library needs, so no other code hard-codes one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace jvbfastpath::srtp {

enum class Profile : uint8_t {
  kAesCm128HmacSha1_80,  // SRTP_AES128_CM_HMAC_SHA1_80, DTLS-SRTP id 0x0001
  kAesCm128HmacSha1_32,  // SRTP_AES128_CM_HMAC_SHA1_32, DTLS-SRTP id 0x0002
  kAeadAes128Gcm,        // SRTP_AEAD_AES_128_GCM,       DTLS-SRTP id 0x0007
  kAeadAes256Gcm,        // SRTP_AEAD_AES_256_GCM,       DTLS-SRTP id 0x0008
};

inline constexpr Profile kAllProfiles[] = {
    Profile::kAesCm128HmacSha1_80,
    Profile::kAesCm128HmacSha1_32,
    Profile::kAeadAes128Gcm,
    Profile::kAeadAes256Gcm,
};

struct ProfileInfo {
  std::string_view name;     // as in SDP a=crypto and DTLS-SRTP: "AES_CM_128_HMAC_SHA1_80"
  uint16_t dtls_srtp_id;     // the use_srtp extension's protection profile id
  size_t master_key_length;  // bytes
  size_t master_salt_length; // bytes
  size_t rtp_trailer_length;   // bytes protect appends to an RTP packet (auth tag)
  size_t rtcp_trailer_length;  // bytes protect appends to an RTCP packet (tag + E|index)
  bool aead;
};

const ProfileInfo& Info(Profile profile);

// "AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM", ... (case-sensitive, the SDP/IANA names).
std::optional<Profile> ProfileFromName(std::string_view name);

// 0x0001, 0x0002, 0x0007, 0x0008.
std::optional<Profile> ProfileFromDtlsSrtpId(uint16_t id);

// The most any profile appends to one packet: callers size their buffers with it.
inline constexpr size_t kMaxTrailerLength = 20;

}  // namespace jvbfastpath::srtp
