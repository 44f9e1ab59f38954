#include "native/conference/mode.h"

namespace jvbfastpath::conference {

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kOff: return "off";
    case Mode::kAccelerated: return "accelerated";
    case Mode::kE2eePassthrough: return "e2ee-passthrough";
    case Mode::kE2eeRequired: return "e2ee-required";
  }
  return "unknown";
}

std::optional<Mode> ModeFromName(std::string_view name) {
  for (Mode m : kAllModes) {
    if (ModeName(m) == name) return m;
  }
  return std::nullopt;
}

ModePolicy PolicyOf(Mode mode) {
  ModePolicy p;
  p.native = mode != Mode::kOff;
  p.recognize_envelopes = mode == Mode::kE2eePassthrough || mode == Mode::kE2eeRequired;
  p.guard_opaque_bytes = p.recognize_envelopes;
  p.drop_plaintext = mode == Mode::kE2eeRequired;
  p.block_plaintext_receivers = mode == Mode::kE2eeRequired;
  return p;
}

}  // namespace jvbfastpath::conference
