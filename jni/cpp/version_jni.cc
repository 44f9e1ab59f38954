// Natives: what this build is (version strings), and the lists both sides of JNI use,
// declared once natively: Java checks its enums against them, and takes the refusals'
// exceptions and messages and the stats array length from here, when the library loads
// (org.jvbfastpath.NativeLists).
#include <jni.h>

#include <functional>
#include <string>
#include <string_view>

#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/packet_args.h"
#include "jni/cpp/packet_info_fields.h"
#include "native/codec/codec.h"
#include "native/conference/mode.h"
#include "native/e2ee/envelope.h"
#include "native/pipeline/stages.h"
#include "native/srtp/status.h"
#include "native/stats/latency_histogram.h"
#include "native/version/version.h"

namespace jvbfastpath::jni {
namespace {

using stats::LatencyHistogram;

// A String[] of `count` names (null, with an exception pending, if the JVM could not).
jobjectArray Strings(JNIEnv* env, int count, const std::function<std::string(int)>& name) {
  jclass string_class = env->FindClass("java/lang/String");
  if (string_class == nullptr) return nullptr;
  jobjectArray result = env->NewObjectArray(count, string_class, nullptr);
  env->DeleteLocalRef(string_class);
  if (result == nullptr) return nullptr;
  for (int i = 0; i < count; ++i) {
    jstring s = env->NewStringUTF(name(i).c_str());
    if (s == nullptr) return nullptr;
    env->SetObjectArrayElement(result, i, s);
    env->DeleteLocalRef(s);
  }
  return result;
}

// Returns {fastpath version, libsrtp version, crypto backend}.
jobjectArray Version(JNIEnv* env, jclass) {
  VersionInfo v = GetVersionInfo();
  const std::string* parts[] = {&v.fastpath, &v.libsrtp, &v.crypto_backend};
  return Strings(env, 3, [&](int i) { return *parts[i]; });
}

constexpr int kCodecCount = 0
#define JVBFASTPATH_X(e, name) +1
    JVBFASTPATH_CODECS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
    ;

template <typename E>
std::function<std::string(int)> Named(std::string_view (*name)(E)) {
  return [name](int i) { return std::string(name(static_cast<E>(i))); };
}

#define JVBFASTPATH_X(e, cls, message) cls,
constexpr const char* kRefusalClasses[] = {JVBFASTPATH_REFUSALS(JVBFASTPATH_X)};
#undef JVBFASTPATH_X
#define JVBFASTPATH_X(e, cls, message) message,
constexpr const char* kRefusalMessages[] = {JVBFASTPATH_REFUSALS(JVBFASTPATH_X)};
#undef JVBFASTPATH_X

template <size_t N>
jobjectArray Strings(JNIEnv* env, const char* const (&names)[N]) {
  return Strings(env, static_cast<int>(N), [&](int i) { return std::string(names[i]); });
}

// List `list` (NativeLists.java numbers them in this order).
jobjectArray Names(JNIEnv* env, jclass, jint list) {
  switch (list) {
    case 0:
      return Strings(env, srtp::kStatusCount, Named(&srtp::StatusName));
    case 1:
      return Strings(env, int(pipeline::DropReason::kCount), Named(&pipeline::DropReasonName));
    case 2:
      return Strings(env, int(pipeline::Stage::kCount), Named(&pipeline::StageName));
    case 3:
      return Strings(env, int(std::size(conference::kAllModes)), Named(&conference::ModeName));
    case 4:
      return Strings(env, kCodecCount, Named(&codec::CodecName));
    case 5:
      return Strings(env, int(e2ee::EnvelopeKind::kSFrame) + 1, Named(&e2ee::EnvelopeKindName));
    case 6:
      return Strings(env, kPacketInfoFieldNames);
    case 7:
      return Strings(env, kRefusalClasses);
    case 8:
      return Strings(env, kRefusalMessages);
    case 9:  // numbers: the stage latency array's length
      return Strings(env, 1, [](int) { return std::to_string(2 + LatencyHistogram::kBuckets); });
    default:
      ThrowIllegalArgument(env, "unknown list");
      return nullptr;
  }
}

}  // namespace

bool RegisterVersionNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("version", "()[Ljava/lang/String;", Version),
      JVBFASTPATH_NATIVE("names", "(I)[Ljava/lang/String;", Names),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods, static_cast<int>(std::size(kMethods)));
}

}  // namespace jvbfastpath::jni
