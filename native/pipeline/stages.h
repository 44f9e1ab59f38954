// The stages a packet goes through in the bridge, as the pipeline times and counts them,
// and the reasons a packet is dropped. Each list is written once; enums, names and the
// stats export are generated from it.
#pragma once

#include <cstdint>
#include <string_view>

namespace jvbfastpath::pipeline {

//   X(enumerator, "name")
#define JVBFASTPATH_STAGES(X) \
  X(kUnprotect, "unprotect")  \
  X(kParse, "parse")          \
  X(kPolicy, "policy")        \
  X(kRewrite, "rewrite")      \
  X(kGuard, "guard")          \
  X(kProtect, "protect")

enum class Stage : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_STAGES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  kCount
};

//   X(enumerator, "name")
#define JVBFASTPATH_DROP_REASONS(X)                                         \
  X(kNone, "none")                                                          \
  X(kSrtpIn, "srtp_in")                                                     \
  X(kParse, "parse")                                                        \
  X(kPlaintextInE2eeRequired, "plaintext_in_e2ee_required")                 \
  X(kReceiverNeedsPlaintext, "receiver_needs_plaintext")                    \
  X(kOpaqueModifiedBeforeEgress, "opaque_modified_before_egress")           \
  X(kOpaqueModifiedByRewrite, "opaque_modified_by_rewrite")                 \
  X(kRewrite, "rewrite")                                                    \
  X(kSrtpOut, "srtp_out")                                                   \
  X(kModeOff, "mode_off")                                                   \
  X(kHoldOverflow, "hold_overflow")                                         \
  X(kHoldExpired, "hold_expired")                                           \
  X(kRtxUnproven, "rtx_unproven")                                           \
  X(kHeld, "held")                                                          \
  X(kNotIngressed, "not_ingressed")

// kHeld is not a drop: the packet waits for its frame's proof (frame_hold.h) and is
// released or dropped later; it is never counted among the drops. kNotIngressed: egress was
// given an ingress result that does not describe the packet: no ingress call filled it
// (never, or reset since), or it was filled for RTCP and the packet is RTP (or the reverse).
enum class DropReason : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_DROP_REASONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  kCount
};

std::string_view StageName(Stage stage);
std::string_view DropReasonName(DropReason reason);

}  // namespace jvbfastpath::pipeline
