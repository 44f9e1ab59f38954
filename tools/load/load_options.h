// ./fastpath load options, parsed once and shared by the native and JNI drivers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "native/conference/mode.h"
#include "native/srtp/profile.h"
#include "tools/load/traffic.h"

namespace jvbfastpath::load {

struct LoadOptions {
  int conferences = 1;
  int participants = 20;
  int last_n = 5;
  VideoKind video = VideoKind::kVp8Simulcast;
  E2eeKind e2ee = E2eeKind::kJitsi;
  double toggle_every_s = 0;  // 0: never
  // --mode: the conferences' mode from the start (default: e2ee-passthrough with E2EE
  // traffic, accelerated without).
  std::optional<conference::Mode> mode;
  double churn_every_s = 0;  // endpoint churn: one leave + one join per conference; 0: never
  double duration_s = 10;
  int threads = 1;
  srtp::Profile profile = srtp::Profile::kAeadAes128Gcm;
  uint32_t timing_sample_every = 16;
  // Alternate ticks with the stage timing on (timing_sample_every) and off, and report what
  // it costs per packet out (native path).
  bool timing_cost = false;
  bool realtime = false;  // pace ticks at 20 ms (default: as fast as possible)
  std::string report_dir;
  bool progress = true;
  // --verdict MAX_GROWTH_KB: the run passes or fails by itself (tools/load/verdict.h), exit
  // status 1 on failure; negative: no verdict (native path).
  int64_t verdict_max_growth_kb = -1;
};

// Parses argv; on error returns false with *error set. Unknown flags are errors.
bool ParseLoadOptions(int argc, char** argv, LoadOptions* options, std::string* error);
std::string LoadUsage();

}  // namespace jvbfastpath::load
