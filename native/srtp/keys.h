// SRTP master keys, and how the bridge's DTLS keying material becomes them.
//
// Contract: a MasterKey holds one direction's master key followed by its master salt (the
// layout libsrtp takes and an SDP a=crypto "inline:" value carries), sized for its profile.
// SplitDtlsKeyingMaterial takes the RFC 5764 section 4.2 exporter output
//   client_write_key | server_write_key | client_write_salt | server_write_salt
// and our DTLS role, and returns the key we protect with (ours) and the one we unprotect
// with (the peer's). Key bytes are wiped when their holder is destroyed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "native/common/secret_bytes.h"
#include "native/srtp/profile.h"

namespace jvbfastpath::srtp {

enum class DtlsRole : uint8_t { kClient, kServer };

class MasterKey {
 public:
  // key_and_salt must be exactly master_key_length + master_salt_length of the profile.
  static std::optional<MasterKey> Create(Profile profile, std::span<const uint8_t> key_and_salt);
  static std::optional<MasterKey> Create(Profile profile, std::span<const uint8_t> key,
                                         std::span<const uint8_t> salt);

  Profile profile() const { return profile_; }
  std::span<const uint8_t> key_and_salt() const { return bytes_.view(); }

 private:
  explicit MasterKey(Profile profile) : profile_(profile) {}
  Profile profile_;
  SecretBytes<32 + 14> bytes_;
};

struct DirectionalKeys {
  MasterKey local;   // protects what we send
  MasterKey remote;  // unprotects what we receive
};

// Returns nullopt if the material is not 2 * (key + salt) bytes long for the profile.
std::optional<DirectionalKeys> SplitDtlsKeyingMaterial(Profile profile,
                                                       std::span<const uint8_t> material,
                                                       DtlsRole our_role);

}  // namespace jvbfastpath::srtp
