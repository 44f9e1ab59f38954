#include "native/srtp/status.h"

namespace jvbfastpath::srtp {
namespace {

constexpr std::string_view kNames[] = {
#define JVBFASTPATH_X(e, name, outcome) name,
    JVBFASTPATH_SRTP_STATUSES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

constexpr BridgeOutcome kOutcomes[] = {
#define JVBFASTPATH_X(e, name, outcome) BridgeOutcome::outcome,
    JVBFASTPATH_SRTP_STATUSES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

constexpr std::string_view kOutcomeNames[] = {
    "ok", "fail", "auth_fail", "replay_fail", "replay_old", "invalid_packet",
};

}  // namespace

std::string_view StatusName(Status status) { return kNames[static_cast<size_t>(status)]; }

BridgeOutcome OutcomeOf(Status status) { return kOutcomes[static_cast<size_t>(status)]; }

std::string_view OutcomeName(BridgeOutcome outcome) {
  return kOutcomeNames[static_cast<size_t>(outcome)];
}

}  // namespace jvbfastpath::srtp
