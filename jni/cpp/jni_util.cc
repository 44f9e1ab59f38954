#include "jni/cpp/jni_util.h"

namespace jvbfastpath::jni {

void ThrowNew(JNIEnv* env, const char* class_name, const char* message) {
  if (env->ExceptionCheck()) return;  // keep the first exception
  jclass cls = env->FindClass(class_name);
  if (cls == nullptr) return;  // FindClass left NoClassDefFoundError pending
  env->ThrowNew(cls, message);
  env->DeleteLocalRef(cls);
}

bool CopyByteArray(JNIEnv* env, jbyteArray array, std::span<uint8_t> out, const char* what) {
  if (array == nullptr) {
    ThrowNullPointer(env, what);
    return false;
  }
  if (static_cast<size_t>(env->GetArrayLength(array)) != out.size()) {
    ThrowIllegalArgument(env, what);
    return false;
  }
  env->GetByteArrayRegion(array, 0, static_cast<jsize>(out.size()),
                          reinterpret_cast<jbyte*>(out.data()));
  return !env->ExceptionCheck();
}

bool RegisterNatives(JNIEnv* env, const char* class_name, const JNINativeMethod* methods,
                     int count) {
  jclass cls = env->FindClass(class_name);
  if (cls == nullptr) return false;
  bool ok = env->RegisterNatives(cls, methods, count) == JNI_OK;
  env->DeleteLocalRef(cls);
  return ok;
}

}  // namespace jvbfastpath::jni
