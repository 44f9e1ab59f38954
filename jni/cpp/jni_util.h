// Small RAII helpers for the JNI glue. Nothing here knows about SRTP or RTP.
//
// Contract: Throw* raise a pending Java exception; the native function must return at once
// after. (The packet natives' arrays: jni_args.h.)
#pragma once

#include <jni.h>

#include <cstdint>
#include <span>

namespace jvbfastpath::jni {

void ThrowNew(JNIEnv* env, const char* class_name, const char* message);
inline void ThrowNullPointer(JNIEnv* env, const char* what) {
  ThrowNew(env, "java/lang/NullPointerException", what);
}
inline void ThrowIllegalArgument(JNIEnv* env, const char* what) {
  ThrowNew(env, "java/lang/IllegalArgumentException", what);
}
inline void ThrowIllegalState(JNIEnv* env, const char* what) {
  ThrowNew(env, "java/lang/IllegalStateException", what);
}

// Copies a (short, non-critical) byte[] argument such as key material into `out`.
// Returns false with a Java exception pending if it is null or not exactly out.size() long.
bool CopyByteArray(JNIEnv* env, jbyteArray array, std::span<uint8_t> out, const char* what);

// Registers `count` natives on `class_name`; returns false with an exception pending.
bool RegisterNatives(JNIEnv* env, const char* class_name, const JNINativeMethod* methods,
                     int count);

// An entry of a RegisterNatives table.
#define JVBFASTPATH_NATIVE(name, signature, fn) \
  {const_cast<char*>(name), const_cast<char*>(signature), reinterpret_cast<void*>(&fn)}

// Native objects travel to Java as jlong handles.
template <typename T>
T* FromHandle(jlong handle) {
  return reinterpret_cast<T*>(static_cast<intptr_t>(handle));
}
template <typename T>
jlong ToHandle(T* object) {
  return static_cast<jlong>(reinterpret_cast<intptr_t>(object));
}

// A native's handle argument: the object, or null with IllegalStateException(`what`) pending
// when the handle is 0 (the Java side passes 0 only for a closed object).
template <typename T>
T* Arg(JNIEnv* env, jlong handle, const char* what) {
  if (handle == 0) ThrowIllegalState(env, what);
  return FromHandle<T>(handle);
}

}  // namespace jvbfastpath::jni
