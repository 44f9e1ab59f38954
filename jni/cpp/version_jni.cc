// Natives: version strings.
#include <jni.h>

#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "native/version/version.h"

namespace jvbfastpath::jni {
namespace {

// Returns {fastpath version, libsrtp version, crypto backend}.
jobjectArray Version(JNIEnv* env, jclass) {
  VersionInfo v = GetVersionInfo();
  jclass string_class = env->FindClass("java/lang/String");
  if (string_class == nullptr) return nullptr;
  jobjectArray result = env->NewObjectArray(3, string_class, nullptr);
  if (result == nullptr) return nullptr;
  const std::string* parts[] = {&v.fastpath, &v.libsrtp, &v.crypto_backend};
  for (jsize i = 0; i < 3; ++i) {
    jstring s = env->NewStringUTF(parts[i]->c_str());
    if (s == nullptr) return nullptr;
    env->SetObjectArrayElement(result, i, s);
    env->DeleteLocalRef(s);
  }
  return result;
}

}  // namespace

bool RegisterVersionNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("version", "()[Ljava/lang/String;", Version),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods, 1);
}

}  // namespace jvbfastpath::jni
