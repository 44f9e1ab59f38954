// The OpenSSL floor: the least any SRTP on OpenSSL's EVP interface can do per packet.
//
// Contract: the same cipher and MAC calls an SRTP implementation must make (per-packet IV
// set, encrypt/decrypt the payload, authenticate header + payload (+ ROC; SRTCP: + E flag and
// index) or GCM's AAD and tag) on the same bytes, with every context created once and
// reused. No key derivation, no replay window, no stream lookup: a lower bound, not an SRTP
// implementation (its output is never checked against a peer and must not be used as one).
// The packet after the header can be any length (a 16 KB one measures EVP's bulk rate).
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/srtp/profile.h"
#include "native/srtp/srtp_session.h"
#include "tools/bench/floor_layout.h"

namespace jvbfastpath::bench {

class OpensslFloor {
 public:
  explicit OpensslFloor(srtp::Profile profile, srtp::PacketKind kind = srtp::PacketKind::kRtp);
  ~OpensslFloor();
  OpensslFloor(const OpensslFloor&) = delete;
  OpensslFloor& operator=(const OpensslFloor&) = delete;

  // Encrypts the payload after the header and appends the trailer; returns the new length.
  size_t Protect(std::span<uint8_t> packet, size_t length);
  // Verifies the tag and decrypts; returns the plaintext length or 0 if the tag is wrong.
  size_t Unprotect(std::span<uint8_t> packet, size_t length);

 private:
  FloorLayout layout_;
  EVP_CIPHER_CTX* cipher_ = nullptr;
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* hmac_ = nullptr;
};

}  // namespace jvbfastpath::bench
