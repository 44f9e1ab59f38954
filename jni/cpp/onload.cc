// JNI_OnLoad registers every native; the other exports: jni/exports.lds.
#include <jni.h>

#include "jni/cpp/natives.h"

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void* /*reserved*/) {
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  if (!jvbfastpath::jni::RegisterVersionNatives(env) ||
      !jvbfastpath::jni::RegisterSrtpNatives(env) ||
      !jvbfastpath::jni::RegisterPipelineNatives(env) ||
      !jvbfastpath::jni::RegisterPacketNatives(env)) {
    return JNI_ERR;
  }
  return JNI_VERSION_1_8;
}

extern "C" JNIEXPORT void JNICALL JNI_OnUnload(JavaVM* /*vm*/, void* /*reserved*/) {}
