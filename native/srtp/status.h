// Why an SRTP/SRTCP operation did or did not succeed.
//
// Contract: every call on the packet path returns one Status. Each failure has its own
// reason (so it can be counted and explained), and each reason maps onto one of the six
// outcomes Jitsi Videobridge's SRTP already counts (jitsi-srtp's SrtpErrorStatus), so the
// bridge's counters keep their meaning when the fast path is on.
#pragma once

#include <cstdint>
#include <string_view>

namespace jvbfastpath::srtp {

// The X-macro lists each reason once: the enum, its name and its bridge outcome are
// generated from it, so none can be missing from the stats export.
//   X(enumerator, "name", BridgeOutcome)
#define JVBFASTPATH_SRTP_STATUSES(X)                                      \
  X(kOk, "ok", kOk)                                                       \
  X(kAuthFail, "auth_fail", kAuthFail)                                    \
  X(kReplayFail, "replay_fail", kReplayFail)                              \
  X(kReplayOld, "replay_old", kReplayOld)                                 \
  X(kTooShort, "too_short", kInvalidPacket)                               \
  X(kBadVersion, "bad_version", kInvalidPacket)                           \
  X(kUnknownSsrc, "unknown_ssrc", kFail)                                  \
  X(kNoRoom, "no_room", kFail)                                            \
  X(kOversize, "oversize", kInvalidPacket)                                \
  X(kMalformed, "malformed", kInvalidPacket)                              \
  X(kWrongDirection, "wrong_direction", kFail)                            \
  X(kClosed, "closed", kFail)                                             \
  X(kCryptoFail, "crypto_fail", kFail)                                    \
  X(kCryptexNotNegotiated, "cryptex_not_negotiated", kInvalidPacket)

enum class Status : uint8_t {
#define JVBFASTPATH_X(e, name, outcome) e,
  JVBFASTPATH_SRTP_STATUSES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

inline constexpr int kStatusCount = 0
#define JVBFASTPATH_X(e, name, outcome) +1
    JVBFASTPATH_SRTP_STATUSES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
    ;

// jitsi-srtp's SrtpErrorStatus, in its order.
enum class BridgeOutcome : uint8_t {
  kOk,
  kFail,
  kAuthFail,
  kReplayFail,
  kReplayOld,
  kInvalidPacket,
};

std::string_view StatusName(Status status);
BridgeOutcome OutcomeOf(Status status);
std::string_view OutcomeName(BridgeOutcome outcome);

}  // namespace jvbfastpath::srtp
