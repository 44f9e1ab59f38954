// What the two floors (openssl_floor.h, our_crypto_floor.h) share: where a profile's packet
// puts things and the fixed session keys they use. Floors measure cost, not
// interoperability: their keys and IVs are arbitrary and their output is never SRTP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "native/srtp/profile.h"
#include "native/srtp/srtp_session.h"

namespace jvbfastpath::bench {

inline constexpr uint8_t kFloorKey[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                          12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                          23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
inline constexpr uint8_t kFloorAuthKey[20] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                                              7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
inline constexpr size_t kSrtcpIndexLength = 4;  // SRTCP's E flag and index

struct FloorLayout {
  FloorLayout(srtp::Profile profile, srtp::PacketKind kind)
      : rtcp(kind == srtp::PacketKind::kRtcp),
        header(rtcp ? 8 : 12),
        tag_length(rtcp ? srtp::Info(profile).rtcp_trailer_length - kSrtcpIndexLength
                        : srtp::Info(profile).rtp_trailer_length),
        key_length(profile == srtp::Profile::kAeadAes256Gcm ? 32 : 16) {}

  // SSRC and sequence number (SRTCP: SSRC and index) vary the IV.
  void Iv(const uint8_t* packet, uint8_t iv[16]) const {
    std::memset(iv, 0, 16);
    std::memcpy(iv + 4, packet + (rtcp ? 4 : 8), 4);
    std::memcpy(iv + 10, packet + 2, 2);
  }

  bool rtcp;
  size_t header;      // RTP 12, RTCP 8
  size_t tag_length;  // the authentication tag alone
  size_t key_length;  // the AES key
};

}  // namespace jvbfastpath::bench
