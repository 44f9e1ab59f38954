// Our crypto's floor: OpensslFloor's work (the same calls on the same bytes, no SRTP
// bookkeeping) done with native/crypto's contexts as our libsrtp types use them. Between it
// and the SRTP lines is what libsrtp and SrtpSession add per packet; between it and the
// OpenSSL floor is what our crypto saves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/hmac_sha1.h"
#include "native/srtp/profile.h"
#include "native/srtp/srtp_session.h"
#include "tools/bench/floor_layout.h"

namespace jvbfastpath::bench {

class OurCryptoFloor {
 public:
  // Keyed with cpu.h's default implementations.
  explicit OurCryptoFloor(srtp::Profile profile, srtp::PacketKind kind = srtp::PacketKind::kRtp);

  // As OpensslFloor's.
  size_t Protect(std::span<uint8_t> packet, size_t length);
  size_t Unprotect(std::span<uint8_t> packet, size_t length);

 private:
  FloorLayout layout_;
  bool gcm_;
  crypto::AesCtr ctr_;
  crypto::AesGcm aead_;
  crypto::HmacSha1 mac_;
};

}  // namespace jvbfastpath::bench
