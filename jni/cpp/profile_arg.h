// The SRTP profile argument of the SRTP and pipeline natives: Java passes
// org.jvbfastpath.SrtpProfile's ordinal, which is srtp::kAllProfiles' order.
//
// Contract: the profile, or nullopt with IllegalArgumentException pending.
#pragma once

#include <jni.h>

#include <iterator>
#include <optional>

#include "jni/cpp/jni_util.h"
#include "native/srtp/profile.h"

namespace jvbfastpath::jni {

inline std::optional<srtp::Profile> ProfileArg(JNIEnv* env, jint profile) {
  if (profile < 0 || profile >= static_cast<jint>(std::size(srtp::kAllProfiles))) {
    ThrowIllegalArgument(env, "unknown SRTP profile");
    return std::nullopt;
  }
  return srtp::kAllProfiles[profile];
}

}  // namespace jvbfastpath::jni
