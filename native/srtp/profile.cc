#include "native/srtp/profile.h"

namespace jvbfastpath::srtp {
namespace {

// SRTCP always appends the 4-byte E flag + SRTCP index (RFC 3711 section 3.4);
// the AES-CM profiles use an 80-bit tag for SRTCP even in the _32 profile (RFC 5764 4.1.2).
constexpr ProfileInfo kInfos[] = {
    {"AES_CM_128_HMAC_SHA1_80", 0x0001, 16, 14, 10, 14, false},
    {"AES_CM_128_HMAC_SHA1_32", 0x0002, 16, 14, 4, 14, false},
    {"AEAD_AES_128_GCM", 0x0007, 16, 12, 16, 20, true},
    {"AEAD_AES_256_GCM", 0x0008, 32, 12, 16, 20, true},
};

}  // namespace

const ProfileInfo& Info(Profile profile) { return kInfos[static_cast<size_t>(profile)]; }

std::optional<Profile> ProfileFromName(std::string_view name) {
  for (Profile p : kAllProfiles) {
    if (Info(p).name == name) return p;
  }
  return std::nullopt;
}

std::optional<Profile> ProfileFromDtlsSrtpId(uint16_t id) {
  for (Profile p : kAllProfiles) {
    if (Info(p).dtls_srtp_id == id) return p;
  }
  return std::nullopt;
}

}  // namespace jvbfastpath::srtp
