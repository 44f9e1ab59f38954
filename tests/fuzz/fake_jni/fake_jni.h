// FakeJvm: a Java VM just large enough to run the JNI glue (jni/cpp/) unmodified, without a
// JVM, for fuzzing and tests. It hands out a JavaVM (GetEnv) and a JNIEnv whose function
// table implements what the glue calls; every other slot aborts, naming its index in the
// JNI specification's function table.
//
// Java objects (byte[], int[], long[], Object[], String, classes) live in the
// fake's own heap for as long as the FakeJvm; the harness holds them as `Obj`. A native is
// called the way the JVM calls it: `Call<jint(jlong, jbyteArray)>("name", &outcome, h, buf)`
// looks the name up among what JNI_OnLoad registered, checks that the registered signature
// is the one the C function type says, opens a native frame, passes every object argument
// as a fresh local reference, and closes the frame after.
//
// The JNI rules the glue promises to follow are enforced; breaking one aborts with a line
// on stderr (a fuzzer finding):
// - between Get- and ReleasePrimitiveArrayCritical, no JNI call but nested critical
//   Get/Release;
// - with an exception pending, only ExceptionCheck, DeleteLocalRef and the Release
//   functions (the JNI specification's list, as far as the glue uses it);
// - at return: every critical region and every GetStringUTFChars released;
// - no more local references created in a native method than it guarantees (16);
// - references used only while alive (not deleted, not from a popped frame or call), and
//   of the right kind for the function (a byte[] where a byte[] is expected);
// - strings given to NewStringUTF and ThrowNew are modified UTF-8.
// Like the JVM, an out-of-range Get/Set<Type>ArrayRegion or GetObjectArrayElement throws
// ArrayIndexOutOfBoundsException and touches nothing. Arrays are allocated at their exact
// size, so AddressSanitizer sees any access past a pinned array.
//
// Allocation failures can be injected (FailAllocation): the chosen call returns NULL (or
// JNI_ENOMEM) with OutOfMemoryError pending, as a JVM out of memory does.
#pragma once

#include <jni.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace jvbfastpath::fakejni {

struct Object;
using Obj = Object*;  // nullptr is Java's null

// What a native call left pending when it returned.
struct Outcome {
  bool threw = false;
  std::string exception;  // the class in JNI form: "java/lang/IllegalStateException"
  std::string message;
};

// The JNI type code a C type stands for in a method signature ("I", "[B", ...); object
// arrays match any "[L...;" or "[[...".
template <typename T>
constexpr std::string_view TypeCode();

class FakeJvm {
 public:
  // `native_package`: where the classes are ("org/jvbfastpath/") whose natives
  // RegisterNatives may register (and FindClass finds).
  explicit FakeJvm(std::string native_package);
  ~FakeJvm();
  FakeJvm(const FakeJvm&) = delete;
  FakeJvm& operator=(const FakeJvm&) = delete;

  JavaVM* vm();
  JNIEnv* env();

  // --- Java objects (alive until the FakeJvm goes) ---
  Obj NewByteArray(std::span<const uint8_t> bytes);
  Obj NewIntArray(std::span<const jint> values);
  Obj NewLongArray(size_t length);
  Obj NewString(std::u16string_view chars);
  // element: the element type's descriptor, "[B" for byte[][], "Ljava/lang/String;".
  Obj NewObjectArray(std::string_view element, std::span<const Obj> elements);

  size_t Length(Obj array) const;
  std::span<uint8_t> Bytes(Obj array) const;
  std::span<jint> Ints(Obj array) const;
  std::span<jlong> Longs(Obj array) const;
  std::u16string_view Chars(Obj string) const;
  Obj Element(Obj array, size_t index) const;

  // --- behaviour ---
  // The `n`th allocating call from now (GetPrimitiveArrayCritical, GetStringUTFChars,
  // NewStringUTF, NewObjectArray) fails; 0: none.
  void FailAllocation(int n);
  // Critical regions get a copy of the array, freed at release, instead of the array.
  void SetCopyCritical(bool copy);

  // Is `cls` `base` or one of its subclasses (for the classes the fake knows)?
  static bool IsSubclass(std::string_view cls, std::string_view base);

  // --- calls ---
  // Runs JNI_OnLoad the way System.loadLibrary does, inside a native frame.
  jint Load(jint (*on_load)(JavaVM*, void*), Outcome* outcome);

  template <typename F>
  struct Caller;
  template <typename T>
  using Value = std::conditional_t<std::is_pointer_v<T>, Obj, T>;

  // Calls the registered native `name` as the static method of type F (its parameters
  // after JNIEnv* and jclass). Object arguments and results are Obj.
  template <typename F, typename... V>
  auto Call(const char* name, Outcome* outcome, V... values) {
    return Caller<F>::Run(*this, name, outcome, values...);
  }

  // The plumbing Call uses.
  void* FindNative(const char* name, std::span<const std::string_view> params,
                   std::string_view result);
  void BeginCall();
  jobject ArgumentRef(Obj object);
  jclass NativeClassRef();
  Obj ResultObject(jobject ref);
  Outcome EndCall();

  struct Machine;

 private:
  std::unique_ptr<Machine> m_;
};

template <typename R, typename... P>
struct FakeJvm::Caller<R(P...)> {
  static Value<R> Run(FakeJvm& jvm, const char* name, Outcome* outcome, Value<P>... values) {
    static constexpr std::string_view kParams[] = {TypeCode<P>()..., ""};
    using Fn = R (*)(JNIEnv*, jclass, P...);
    auto fn = reinterpret_cast<Fn>(
        jvm.FindNative(name, {kParams, sizeof...(P)}, TypeCode<R>()));
    jvm.BeginCall();
    jclass cls = jvm.NativeClassRef();
    if constexpr (std::is_void_v<R>) {
      fn(jvm.env(), cls, Pass<P>(jvm, values)...);
      *outcome = jvm.EndCall();
    } else if constexpr (std::is_pointer_v<R>) {
      Obj result = jvm.ResultObject(fn(jvm.env(), cls, Pass<P>(jvm, values)...));
      *outcome = jvm.EndCall();
      return result;
    } else {
      R result = fn(jvm.env(), cls, Pass<P>(jvm, values)...);
      *outcome = jvm.EndCall();
      return result;
    }
  }

 private:
  template <typename T>
  static T Pass(FakeJvm& jvm, Value<T> value) {
    if constexpr (std::is_pointer_v<T>) {
      return static_cast<T>(jvm.ArgumentRef(value));
    } else {
      return value;
    }
  }
};

template <typename T>
constexpr std::string_view TypeCode() {
  if constexpr (std::is_same_v<T, void>) return "V";
  else if constexpr (std::is_same_v<T, jboolean>) return "Z";
  else if constexpr (std::is_same_v<T, jbyte>) return "B";
  else if constexpr (std::is_same_v<T, jchar>) return "C";
  else if constexpr (std::is_same_v<T, jshort>) return "S";
  else if constexpr (std::is_same_v<T, jint>) return "I";
  else if constexpr (std::is_same_v<T, jlong>) return "J";
  else if constexpr (std::is_same_v<T, jfloat>) return "F";
  else if constexpr (std::is_same_v<T, jdouble>) return "D";
  else if constexpr (std::is_same_v<T, jstring>) return "Ljava/lang/String;";
  else if constexpr (std::is_same_v<T, jbooleanArray>) return "[Z";
  else if constexpr (std::is_same_v<T, jbyteArray>) return "[B";
  else if constexpr (std::is_same_v<T, jintArray>) return "[I";
  else if constexpr (std::is_same_v<T, jlongArray>) return "[J";
  else if constexpr (std::is_same_v<T, jobjectArray>) return "[*";
  else static_assert(std::is_same_v<T, void>, "no JNI type code for this C type");
}

}  // namespace jvbfastpath::fakejni
