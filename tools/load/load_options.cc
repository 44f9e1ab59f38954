#include "tools/load/load_options.h"

#include <cstdlib>
#include <string_view>

namespace jvbfastpath::load {

std::string LoadUsage() {
  return "usage: load [--conferences N] [--participants N] [--last-n N]\n"
         "            [--video vp8-simulcast|vp9-svc|av1-svc|h264] [--e2ee jitsi|sframe|off]\n"
         "            [--mode accelerated|e2ee-passthrough|e2ee-required] [--toggle-every SECONDS] [--churn-every SECONDS] [--duration SECONDS]\n"
         "            [--threads N] [--srtp-profile PROFILE] [--timing-sample-every N]\n"
         "            [--timing-cost] [--realtime] [--report DIR] [--quiet]\n"
         "            [--verdict MAX_GROWTH_KB]   (native: exit 1 on a loss, a failed client check,\n"
         "            no churn though asked for, or resident-size growth past MAX_GROWTH_KB)\n";
}

bool ParseLoadOptions(int argc, char** argv, LoadOptions* o, std::string* error) {
  bool e2ee_given = false;
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
    } else if (arg == "--mode") {
      const char* v = value();
      if (v == nullptr) return false;
      o->mode = conference::ModeFromName(v);
      if (!o->mode || *o->mode == conference::Mode::kOff) {
        *error = std::string("--mode ") + v + ": accelerated, e2ee-passthrough or e2ee-required";
        return false;
      }
    } else if (arg == "--toggle-every") {
      if (!number(&o->toggle_every_s, 0)) return false;
    } else if (arg == "--churn-every") {
      if (!number(&o->churn_every_s, 0)) return false;
    } else if (arg == "--verdict") {
      if (!number(&d, 0)) return false;
      o->verdict_max_growth_kb = static_cast<int64_t>(d);
    } else if (arg == "--timing-sample-every") {
      if (!number(&d, 1)) return false;
      o->timing_sample_every = static_cast<uint32_t>(d);
    } else if (arg == "--video") {
      const char* v = value();
      if (v == nullptr) return false;
      bool known = false;
      for (VideoKind k : {VideoKind::kVp8Simulcast, VideoKind::kVp9Svc, VideoKind::kAv1Svc,
                          VideoKind::kH264Simulcast}) {
        if (std::string_view(v) == VideoKindName(k)) o->video = k, known = true;
      }
      if (!known) {
        *error = std::string("--video ") + v + ": vp8-simulcast, vp9-svc, av1-svc or h264";
        return false;
      }
    } else if (arg == "--e2ee") {
      e2ee_given = true;
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
    } else if (arg == "--timing-cost") {
      o->timing_cost = true;
    } else if (arg == "--realtime") {
      o->realtime = true;
    } else if (arg == "--quiet") {
      o->progress = false;
    } else {
      *error = "unknown argument " + std::string(arg);
      return false;
    }
  }
  // The default (JFrame) only where lib-jitsi-meet would use it: VP8.
  if (!e2ee_given && UnsupportedE2ee(o->video, o->e2ee) != nullptr) o->e2ee = E2eeKind::kOff;
  if (const char* why = UnsupportedE2ee(o->video, o->e2ee)) {
    *error = std::string("--video ") + VideoKindName(o->video) + " with --e2ee " +
             (o->e2ee == E2eeKind::kJitsi ? "jitsi" : "sframe") + ": not what a real client " +
             "sends: " + why;
    return false;
  }
  return true;
}

}  // namespace jvbfastpath::load
