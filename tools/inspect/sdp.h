// Reading the payload types and header extensions of an SDP (RFC 8866) into a MediaConfig.
//
// Contract: only two attribute lines matter, in any media section:
//   a=rtpmap:<pt> <encoding name>/<clock rate>[/<channels>]     (RFC 8866 section 6.6)
//   a=extmap:<id>[/<direction>] <uri> [<extension attributes>]  (RFC 8285 section 5)
// Every other line is skipped. Payload types and IDs of all media sections share one map,
// as they do in a BUNDLE group. An rtpmap name we do not parse (e.g. "rtx", "red") maps
// its payload type to "unknown"; an extmap URI we do not read is kept as unknown. A
// malformed rtpmap or extmap line is an error naming its line number.
#pragma once

#include <string>
#include <string_view>

#include "tools/inspect/media_config.h"

namespace jvbfastpath::inspect {

bool ApplySdp(std::string_view sdp, MediaConfig* config, std::string* error);

// Reads the file, then ApplySdp.
bool ApplySdpFile(const std::string& path, MediaConfig* config, std::string* error);

}  // namespace jvbfastpath::inspect
