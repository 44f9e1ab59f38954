// Small RAII helpers for the JNI glue. Nothing here knows about SRTP or RTP.
//
// Contract:
// - CriticalBytes pins a Java byte[] with GetPrimitiveArrayCritical and releases it when it
//   goes out of scope. While one is alive the code must not call back into Java, allocate
//   Java objects or block: the packet functions only run native code on the bytes.
// - Throw* raise a pending Java exception; the native function must return at once after.
// - CheckRange validates (offset, length) against an array length the way
//   java.util.Objects.checkFromIndexSize does, throwing IndexOutOfBoundsException.
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
inline void ThrowOutOfBounds(JNIEnv* env, const char* what) {
  ThrowNew(env, "java/lang/IndexOutOfBoundsException", what);
}

// True if [offset, offset + length) lies within [0, array_length) (no overflow).
inline bool RangeFits(jint offset, jint length, jint array_length) {
  return offset >= 0 && length >= 0 && offset <= array_length - length;
}

// As RangeFits; throws IndexOutOfBoundsException when it does not fit.
bool CheckRange(JNIEnv* env, jint offset, jint length, jint array_length);

class CriticalBytes {
 public:
  CriticalBytes(JNIEnv* env, jbyteArray array)
      : env_(env),
        array_(array),
        data_(static_cast<uint8_t*>(env->GetPrimitiveArrayCritical(array, nullptr))) {}
  ~CriticalBytes() {
    if (data_ != nullptr) env_->ReleasePrimitiveArrayCritical(array_, data_, 0);
  }
  CriticalBytes(const CriticalBytes&) = delete;
  CriticalBytes& operator=(const CriticalBytes&) = delete;

  bool ok() const { return data_ != nullptr; }
  uint8_t* data() const { return data_; }

 private:
  JNIEnv* env_;
  jbyteArray array_;
  uint8_t* data_;
};

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
