#include "native/capture/demux.h"

namespace jvbfastpath::capture {

PayloadKind ClassifyUdpPayload(std::span<const uint8_t> payload) {
  if (payload.empty()) return PayloadKind::kUnknown;
  const uint8_t first = payload[0];
  if (first <= 3) return PayloadKind::kStun;
  if (first >= 20 && first <= 63) return PayloadKind::kDtls;
  if (first >= 128 && first <= 191) {
    if (payload.size() < 2) return PayloadKind::kUnknown;
    const uint8_t type = payload[1] & 0x7F;
    return (type >= 64 && type <= 95) ? PayloadKind::kRtcp : PayloadKind::kRtp;
  }
  return PayloadKind::kUnknown;
}

std::string_view PayloadKindName(PayloadKind kind) {
  switch (kind) {
    case PayloadKind::kStun: return "stun";
    case PayloadKind::kDtls: return "dtls";
    case PayloadKind::kRtp: return "rtp";
    case PayloadKind::kRtcp: return "rtcp";
    case PayloadKind::kUnknown: break;
  }
  return "unknown";
}

}  // namespace jvbfastpath::capture
