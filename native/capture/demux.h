// What a UDP payload on a WebRTC 5-tuple is: STUN, DTLS, RTP or RTCP.
//
// Contract: RFC 7983 section 7 first-byte ranges (0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP),
// then RFC 5761 section 4 for RTP vs RTCP: the second byte with the marker bit cleared in
// 64..95 (i.e. RTCP packet types 192..223) means RTCP. Reads at most two bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace jvbfastpath::capture {

enum class PayloadKind : uint8_t { kUnknown, kStun, kDtls, kRtp, kRtcp };

PayloadKind ClassifyUdpPayload(std::span<const uint8_t> payload);
std::string_view PayloadKindName(PayloadKind kind);

}  // namespace jvbfastpath::capture
