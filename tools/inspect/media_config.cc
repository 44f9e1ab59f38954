#include "tools/inspect/media_config.h"

#include <charconv>

namespace jvbfastpath::inspect {

bool ApplyPtSpec(std::string_view arg, MediaConfig* config, std::string* error) {
  const size_t eq = arg.find('=');
  if (eq == std::string_view::npos) {
    *error = "--pt wants PT=CODEC, e.g. 96=vp8";
    return false;
  }
  const std::string_view number = arg.substr(0, eq);
  const std::string_view name = arg.substr(eq + 1);
  unsigned pt = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), pt);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || pt > 127) {
    *error = "--pt: payload type must be 0..127: " + std::string(arg);
    return false;
  }
  const codec::Codec codec = codec::CodecFromName(name);
  if (codec == codec::Codec::kUnknown) {
    *error = "--pt: codec must be vp8, vp9, h264, av1 or opus: " + std::string(arg);
    return false;
  }
  config->payload_types.Set(static_cast<uint8_t>(pt), codec);
  return true;
}

}  // namespace jvbfastpath::inspect
