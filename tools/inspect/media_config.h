// What the inspector needs to read RTP payloads: which codec each payload type carries and
// which header extension each ID means, as an endpoint would have negotiated them.
//
// Contract: MediaConfig starts empty (every payload type "unknown", no extension IDs). It
// is filled from --pt arguments (ApplyPtSpec) and SDP files (ApplySdp, sdp.h); a later
// setting of the same payload type or extension ID replaces the earlier one.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "native/codec/codec.h"
#include "native/rtp/extension_map.h"

namespace jvbfastpath::inspect {

struct MediaConfig {
  codec::PayloadTypeMap payload_types;  // with RTX payload types (a=fmtp:PT apt=APT)
  rtp::ExtensionMap extensions;
  std::vector<std::pair<uint32_t, uint32_t>> rtx_ssrcs;  // (RTX, media) from ssrc-group:FID
};

// One --pt argument: "PT=NAME", PT 0..127, NAME one of vp8, vp9, h264, av1, opus (any case).
// False, with *error set and *config unchanged, on anything else.
bool ApplyPtSpec(std::string_view arg, MediaConfig* config, std::string* error);

}  // namespace jvbfastpath::inspect
