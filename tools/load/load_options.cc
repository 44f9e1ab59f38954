#include "tools/load/load_options.h"

#include <cstdlib>
#include <string_view>

namespace jvbfastpath::load {

std::string LoadUsage() {
  return "usage: load [--conferences N] [--participants N] [--last-n N]\n"
         "            [--video vp8-simulcast] [--e2ee jitsi|sframe|off] [--toggle-every SECONDS]\n"
         "            [--duration SECONDS] [--threads N] [--srtp-profile PROFILE]\n"
         "            [--timing-sample-every N] [--realtime] [--report DIR] [--quiet]\n";
}

bool ParseLoadOptions(int argc, char** argv, LoadOptions* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        *error = std::string(arg) + " needs a value";
        return nullptr;
      }
      return argv[++i];
    };
    auto number = [&](double* out, double min) {
      const char* v = value();
      if (v == nullptr) return false;
      char* end = nullptr;
      *out = std::strtod(v, &end);
      if (end == v || *end != '\0' || *out < min) {
        *error = std::string(arg) + ": not a number >= " + std::to_string(min);
        return false;
      }
      return true;
    };
    double d = 0;
    if (arg == "--conferences") {
      if (!number(&d, 1)) return false;
      o->conferences = static_cast<int>(d);
    } else if (arg == "--participants") {
      if (!number(&d, 2)) return false;
      o->participants = static_cast<int>(d);
    } else if (arg == "--last-n") {
      if (!number(&d, 0)) return false;
      o->last_n = static_cast<int>(d);
    } else if (arg == "--threads") {
      if (!number(&d, 1)) return false;
      o->threads = static_cast<int>(d);
    } else if (arg == "--duration") {
      if (!number(&o->duration_s, 0.1)) return false;
    } else if (arg == "--toggle-every") {
      if (!number(&o->toggle_every_s, 0)) return false;
    } else if (arg == "--timing-sample-every") {
      if (!number(&d, 1)) return false;
      o->timing_sample_every = static_cast<uint32_t>(d);
    } else if (arg == "--video") {
      const char* v = value();
      if (v == nullptr) return false;
      if (std::string_view(v) != "vp8-simulcast") {
        *error = std::string("--video ") + v +
                 ": only vp8-simulcast is simulated so far (vp9-svc, av1-svc, h264: next)";
        return false;
      }
    } else if (arg == "--e2ee") {
      const char* v = value();
      if (v == nullptr) return false;
      if (std::string_view(v) == "jitsi") {
        o->e2ee = E2eeKind::kJitsi;
      } else if (std::string_view(v) == "sframe") {
        o->e2ee = E2eeKind::kSFrame;
      } else if (std::string_view(v) == "off") {
        o->e2ee = E2eeKind::kOff;
      } else {
        *error = std::string("--e2ee ") + v + ": jitsi, sframe or off";
        return false;
      }
    } else if (arg == "--srtp-profile") {
      const char* v = value();
      if (v == nullptr) return false;
      auto p = srtp::ProfileFromName(v);
      if (!p) {
        *error = std::string("unknown --srtp-profile ") + v;
        return false;
      }
      o->profile = *p;
    } else if (arg == "--report") {
      const char* v = value();
      if (v == nullptr) return false;
      o->report_dir = v;
    } else if (arg == "--realtime") {
      o->realtime = true;
    } else if (arg == "--quiet") {
      o->progress = false;
    } else {
      *error = "unknown argument " + std::string(arg);
      return false;
    }
  }
  return true;
}

}  // namespace jvbfastpath::load
