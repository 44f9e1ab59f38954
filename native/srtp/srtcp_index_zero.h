// The first SRTCP packet of an outbound stream at SRTCP index 0, as RFC 3711 3.4 says ("The
// SRTCP index MUST be set to zero before the first SRTCP packet is sent, and MUST be
// incremented by one ... after each SRTCP packet is sent") and as the bridge's own SRTP
// (jitsi-srtp) sends it. libsrtp increments before it sends, so its first index is 1; its
// receivers take either. Sending 0 makes our first SRTCP packets the bridge's, byte for
// byte (JMT's own SrtpEncryptTest compares them), and spends no index.
//
// Contract: ProtectRtcpAtIndexZero(ctx, packet, len) protects an RTCP packet (an outbound
// session's, its SSRC at bytes 4-7) at index 0 when its libsrtp stream exists and has not
// sent SRTCP yet (its SRTCP index still 0, and no index-0 packet sent: this function marks
// that in the stream's outbound-unused SRTCP replay bitmask, bit 0). The stream then goes on
// at 1 through libsrtp. Returns kNoStream or kNotFirst (nothing written) when the stream
// does not exist or has sent SRTCP, else a libsrtp status (srtp_err_status_ok: *len grew by the tag and
// the E flag and index word). The caller checked the room (ProtectRoom). AES-CM/HMAC-SHA1
// (RFC 3711 3.4) and AES-GCM (RFC 7714 9) with confidentiality, no MKI: the session's
// profiles. No allocation, lock or system call. The only other users of libsrtp's stream
// internals: cryptex.cc, old_index_protect.cc, retired_streams.cc.
#pragma once

#include <cstdint>

struct srtp_ctx_t_;

namespace jvbfastpath::srtp {

inline constexpr int kNotFirst = -1;  // the stream has sent SRTCP: libsrtp's path
inline constexpr int kNoStream = -2;  // no libsrtp stream for the SSRC yet

int ProtectRtcpAtIndexZero(srtp_ctx_t_* ctx, uint8_t* packet, int* length);

}  // namespace jvbfastpath::srtp
