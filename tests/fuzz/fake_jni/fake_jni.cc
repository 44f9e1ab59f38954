#include "tests/fuzz/fake_jni/fake_jni.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace jvbfastpath::fakejni {

enum class Kind { kClass, kString, kByteArray, kIntArray, kLongArray, kObjectArray };

struct Object {
  Kind kind;
  std::string descriptor;  // its type: "[B", "Ljava/lang/String;", "Ljava/lang/Class;"
  std::string name;        // kClass: the class it stands for, in JNI form
  std::string element;     // kObjectArray: the element type's descriptor
  size_t length = 0;       // arrays
  std::unique_ptr<uint8_t[]> storage;  // primitive arrays: exactly length * element size
  std::vector<Obj> elements;           // object arrays
  std::u16string chars;                // strings
};

namespace {

[[noreturn]] void Fail(std::string_view function, const std::string& what) {
  std::fprintf(stderr, "fake JNI: %.*s: %s\n", static_cast<int>(function.size()),
               function.data(), what.c_str());
  std::fflush(stderr);
  std::abort();
}

size_t ElementSize(Kind kind) {
  switch (kind) {
    case Kind::kByteArray:
      return 1;
    case Kind::kIntArray:
      return sizeof(jint);
    case Kind::kLongArray:
      return sizeof(jlong);
    default:
      return 0;
  }
}

bool IsPrimitiveArray(Kind kind) { return ElementSize(kind) != 0; }

// The classes FindClass knows, with their superclass (exceptions the fake or the glue may
// raise, and the types the glue names).
struct ClassInfo {
  const char* name;
  const char* super;
};
constexpr ClassInfo kClasses[] = {
    {"java/lang/Object", ""},
    {"java/lang/String", "java/lang/Object"},
    {"java/lang/Class", "java/lang/Object"},
    {"java/lang/Throwable", "java/lang/Object"},
    {"java/lang/Exception", "java/lang/Throwable"},
    {"java/lang/Error", "java/lang/Throwable"},
    {"java/lang/RuntimeException", "java/lang/Exception"},
    {"java/lang/NullPointerException", "java/lang/RuntimeException"},
    {"java/lang/IllegalArgumentException", "java/lang/RuntimeException"},
    {"java/lang/IllegalStateException", "java/lang/RuntimeException"},
    {"java/lang/IndexOutOfBoundsException", "java/lang/RuntimeException"},
    {"java/lang/ArrayIndexOutOfBoundsException", "java/lang/IndexOutOfBoundsException"},
    {"java/lang/ArrayStoreException", "java/lang/RuntimeException"},
    {"java/lang/NegativeArraySizeException", "java/lang/RuntimeException"},
    {"java/lang/VirtualMachineError", "java/lang/Error"},
    {"java/lang/OutOfMemoryError", "java/lang/VirtualMachineError"},
    {"java/lang/LinkageError", "java/lang/Error"},
    {"java/lang/NoClassDefFoundError", "java/lang/LinkageError"},
};

const ClassInfo* FindClassInfo(std::string_view name) {
  for (const ClassInfo& c : kClasses) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

// Modified UTF-8 (JNI specification, "Modified UTF-8 Strings"): U+0000 as C0 80, no
// four-byte forms (supplementary characters travel as two encoded surrogates).
std::string EncodeModifiedUtf8(std::u16string_view chars) {
  std::string out;
  for (char16_t c : chars) {
    if (c != 0 && c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool DecodeModifiedUtf8(const char* text, std::u16string* out) {
  const auto* s = reinterpret_cast<const uint8_t*>(text);
  auto continuation = [](uint8_t b) { return (b & 0xC0) == 0x80; };
  for (size_t i = 0; s[i] != 0;) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      out->push_back(b);
      i += 1;
    } else if ((b & 0xE0) == 0xC0 && continuation(s[i + 1])) {
      const char16_t c = static_cast<char16_t>(((b & 0x1F) << 6) | (s[i + 1] & 0x3F));
      if (c != 0 && c < 0x80) return false;  // overlong, except U+0000
      out->push_back(c);
      i += 2;
    } else if ((b & 0xF0) == 0xE0 && continuation(s[i + 1]) && continuation(s[i + 2])) {
      const char16_t c = static_cast<char16_t>(((b & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) |
                                               (s[i + 2] & 0x3F));
      if (c < 0x800) return false;  // overlong
      out->push_back(c);
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

struct FakeJvm::Machine {
  struct Ref {
    Obj object;
    size_t frame;
    bool live;
    bool counted;  // created by the native (arguments are not counted against capacity)
  };
  struct Frame {
    jint capacity;
    jint used;
  };
  struct Pin {
    Obj array;
    uint8_t* data;
    bool copy;
  };
  struct Utf {
    Obj string;
    char* chars;
  };
  struct Native {
    std::string signature;
    void* function;
  };

  // The native frame's guaranteed capacity (JNI specification: at least 16).
  static constexpr jint kNativeFrameCapacity = 16;

  JNINativeInterface_ table{};
  JNIEnv_ env{};
  JNIInvokeInterface_ invoke{};
  JavaVM_ vm{};

  std::string native_class;
  std::deque<std::unique_ptr<Object>> heap;
  std::map<std::string, Obj, std::less<>> classes;
  std::map<std::string, Native, std::less<>> natives;

  bool in_call = false;
  std::deque<Ref> refs;
  std::unordered_set<const Ref*> ref_set;
  std::vector<Frame> frames;
  std::vector<Pin> pins;
  std::vector<Utf> utf;
  bool pending = false;
  std::string pending_class;
  std::string pending_message;

  int fail_countdown = 0;
  bool copy_critical = false;

  Obj Allocate(Kind kind, std::string descriptor, size_t length) {
    auto object = std::make_unique<Object>();
    object->kind = kind;
    object->descriptor = std::move(descriptor);
    object->length = length;
    if (IsPrimitiveArray(kind)) {
      object->storage.reset(new uint8_t[length * ElementSize(kind)]());
    }
    heap.push_back(std::move(object));
    return heap.back().get();
  }

  Obj ClassObject(std::string_view name) {
    auto it = classes.find(name);
    if (it != classes.end()) return it->second;
    Obj cls = Allocate(Kind::kClass, "Ljava/lang/Class;", 0);
    cls->name = std::string(name);
    classes.emplace(std::string(name), cls);
    return cls;
  }

  // Every JNI function starts here: the rules on critical regions and pending exceptions.
  void Enter(std::string_view function, bool in_critical_ok, bool with_exception_ok) {
    if (!in_call) Fail(function, "called outside a native call");
    if (!pins.empty() && !in_critical_ok) {
      Fail(function, "called inside a critical region (GetPrimitiveArrayCritical not released)");
    }
    if (pending && !with_exception_ok) {
      Fail(function, "called with an exception pending (" + pending_class + ": " +
                         pending_message + ")");
    }
  }

  void Throw(std::string_view cls, std::string message) {
    pending = true;
    pending_class = std::string(cls);
    pending_message = std::move(message);
  }

  // True if the allocating call in progress must fail (OutOfMemoryError is then pending).
  bool AllocationFails() {
    if (fail_countdown > 0 && --fail_countdown == 0) {
      Throw("java/lang/OutOfMemoryError", "injected by the fake JVM");
      return true;
    }
    return false;
  }

  jobject NewLocal(Obj object, std::string_view function) {
    if (object == nullptr) return nullptr;
    Frame& frame = frames.back();
    if (frame.used >= frame.capacity) {
      Fail(function, "more than " + std::to_string(frame.capacity) +
                         " local references in one frame (DeleteLocalRef or "
                         "EnsureLocalCapacity needed)");
    }
    ++frame.used;
    refs.push_back(Ref{object, frames.size() - 1, true, true});
    ref_set.insert(&refs.back());
    return reinterpret_cast<jobject>(&refs.back());
  }

  Ref* LiveRef(jobject ref, std::string_view function) {
    auto* r = reinterpret_cast<Ref*>(ref);
    if (ref_set.count(r) == 0) Fail(function, "not a reference of this native call");
    if (!r->live) Fail(function, "a deleted local reference (or one from a popped frame)");
    return r;
  }

  // The object behind a non-null reference, of the expected kind.
  Obj Deref(jobject ref, std::string_view function, std::initializer_list<Kind> kinds) {
    if (ref == nullptr) Fail(function, "null reference (the JVM would crash)");
    Obj object = LiveRef(ref, function)->object;
    for (Kind k : kinds) {
      if (object->kind == k) return object;
    }
    Fail(function, "a reference of the wrong type (" + object->descriptor + ")");
  }

  void DropRef(Ref* r) {
    r->live = false;
    if (r->counted && r->frame < frames.size()) --frames[r->frame].used;
  }
};

namespace {

FakeJvm::Machine& M(JNIEnv* env) {
  return *static_cast<FakeJvm::Machine*>(env->functions->reserved0);
}

// --- the JNIEnv functions the glue uses -----------------------------------------------
namespace fn {


jint JNICALL GetVersion(JNIEnv* env) {
  M(env).Enter("GetVersion", false, false);
  return JNI_VERSION_1_8;
}

jclass JNICALL FindClass(JNIEnv* env, const char* name) {
  auto& m = M(env);
  m.Enter("FindClass", false, false);
  if (name == nullptr) Fail("FindClass", "null name");
  if (!std::string_view(name).starts_with(m.native_class) && FindClassInfo(name) == nullptr) {
    m.Throw("java/lang/NoClassDefFoundError", name);
    return nullptr;
  }
  return static_cast<jclass>(m.NewLocal(m.ClassObject(name), "FindClass"));
}

jint JNICALL ThrowNew(JNIEnv* env, jclass cls, const char* message) {
  auto& m = M(env);
  m.Enter("ThrowNew", false, false);
  Obj c = m.Deref(cls, "ThrowNew", {Kind::kClass});
  if (!FakeJvm::IsSubclass(c->name, "java/lang/Throwable")) {
    Fail("ThrowNew", c->name + " is not a Throwable");
  }
  std::u16string decoded;
  if (message != nullptr && !DecodeModifiedUtf8(message, &decoded)) {
    Fail("ThrowNew", "the message is not modified UTF-8");
  }
  m.Throw(c->name, message == nullptr ? "" : message);
  return JNI_OK;
}

jboolean JNICALL ExceptionCheck(JNIEnv* env) {
  auto& m = M(env);
  m.Enter("ExceptionCheck", false, true);
  return m.pending ? JNI_TRUE : JNI_FALSE;
}

void JNICALL DeleteLocalRef(JNIEnv* env, jobject ref) {
  auto& m = M(env);
  m.Enter("DeleteLocalRef", false, true);
  if (ref == nullptr) return;
  m.DropRef(m.LiveRef(ref, "DeleteLocalRef"));
}

jint JNICALL RegisterNatives(JNIEnv* env, jclass cls, const JNINativeMethod* methods,
                             jint count) {
  auto& m = M(env);
  m.Enter("RegisterNatives", false, false);
  Obj c = m.Deref(cls, "RegisterNatives", {Kind::kClass});
  if (!c->name.starts_with(m.native_class)) {
    Fail("RegisterNatives", "natives registered on " + c->name);
  }
  if (count < 0 || (count > 0 && methods == nullptr)) Fail("RegisterNatives", "bad method table");
  for (jint i = 0; i < count; ++i) {
    const JNINativeMethod& method = methods[i];
    if (method.name == nullptr || method.signature == nullptr || method.fnPtr == nullptr) {
      Fail("RegisterNatives", "a method with a null name, signature or function");
    }
    m.natives[method.name] = {method.signature, method.fnPtr};
  }
  return JNI_OK;
}

jsize JNICALL GetArrayLength(JNIEnv* env, jarray array) {
  auto& m = M(env);
  m.Enter("GetArrayLength", false, false);
  Obj a = m.Deref(array, "GetArrayLength",
                  {Kind::kByteArray, Kind::kIntArray, Kind::kLongArray, Kind::kObjectArray});
  return static_cast<jsize>(a->length);
}

// JNI's range rule for regions and elements: out of range throws, nothing is touched.
bool InRange(FakeJvm::Machine& m, Obj array, jsize start, jsize length) {
  if (start < 0 || length < 0 ||
      int64_t{start} + int64_t{length} > static_cast<int64_t>(array->length)) {
    m.Throw("java/lang/ArrayIndexOutOfBoundsException",
            "Array region " + std::to_string(start) + ".." +
                std::to_string(int64_t{start} + length) + " out of bounds for length " +
                std::to_string(array->length));
    return false;
  }
  return true;
}

// "GetIntArrayRegion" and its kin, for messages.
const char* RegionName(Kind kind, bool set) {
  switch (kind) {
    case Kind::kByteArray:
      return set ? "SetByteArrayRegion" : "GetByteArrayRegion";
    case Kind::kIntArray:
      return set ? "SetIntArrayRegion" : "GetIntArrayRegion";
    default:
      return set ? "SetLongArrayRegion" : "GetLongArrayRegion";
  }
}

// Get<Type>ArrayRegion (kSet false) and Set<Type>ArrayRegion (kSet true).
template <Kind K, bool kSet, typename A, typename T>
void JNICALL Region(JNIEnv* env, A array, jsize start, jsize length,
                    std::conditional_t<kSet, const T*, T*> buffer) {
  const char* name = RegionName(K, kSet);
  auto& m = M(env);
  m.Enter(name, false, false);
  Obj a = m.Deref(array, name, {K});
  if (!InRange(m, a, start, length)) return;
  if (length == 0) return;
  if (buffer == nullptr) Fail(name, "null buffer");
  uint8_t* elements = a->storage.get() + static_cast<size_t>(start) * sizeof(T);
  const size_t bytes = static_cast<size_t>(length) * sizeof(T);
  if constexpr (kSet) {
    std::memcpy(elements, buffer, bytes);
  } else {
    std::memcpy(buffer, elements, bytes);
  }
}

void* JNICALL GetPrimitiveArrayCritical(JNIEnv* env, jarray array, jboolean* is_copy) {
  auto& m = M(env);
  m.Enter("GetPrimitiveArrayCritical", true, false);
  Obj a = m.Deref(array, "GetPrimitiveArrayCritical",
                  {Kind::kByteArray, Kind::kIntArray, Kind::kLongArray});
  if (m.AllocationFails()) return nullptr;
  const size_t bytes = a->length * ElementSize(a->kind);
  uint8_t* data = a->storage.get();
  if (m.copy_critical) {
    data = new uint8_t[bytes];
    if (bytes > 0) std::memcpy(data, a->storage.get(), bytes);
  }
  if (is_copy != nullptr) *is_copy = m.copy_critical ? JNI_TRUE : JNI_FALSE;
  m.pins.push_back({a, data, m.copy_critical});
  return data;
}

void JNICALL ReleasePrimitiveArrayCritical(JNIEnv* env, jarray array, void* data, jint mode) {
  auto& m = M(env);
  m.Enter("ReleasePrimitiveArrayCritical", true, true);
  Obj a = m.Deref(array, "ReleasePrimitiveArrayCritical",
                  {Kind::kByteArray, Kind::kIntArray, Kind::kLongArray});
  if (mode != 0 && mode != JNI_COMMIT && mode != JNI_ABORT) {
    Fail("ReleasePrimitiveArrayCritical", "unknown mode " + std::to_string(mode));
  }
  for (size_t i = m.pins.size(); i-- > 0;) {
    FakeJvm::Machine::Pin pin = m.pins[i];
    if (pin.array != a || pin.data != data) continue;
    if (pin.copy && mode != JNI_ABORT && a->length > 0) {
      std::memcpy(a->storage.get(), pin.data, a->length * ElementSize(a->kind));
    }
    if (mode != JNI_COMMIT) {
      if (pin.copy) delete[] pin.data;
      m.pins.erase(m.pins.begin() + static_cast<ptrdiff_t>(i));
    }
    return;
  }
  Fail("ReleasePrimitiveArrayCritical", "this array and pointer are not pinned");
}

jobject JNICALL GetObjectArrayElement(JNIEnv* env, jobjectArray array, jsize index) {
  auto& m = M(env);
  m.Enter("GetObjectArrayElement", false, false);
  Obj a = m.Deref(array, "GetObjectArrayElement", {Kind::kObjectArray});
  if (index < 0 || static_cast<size_t>(index) >= a->length) {
    m.Throw("java/lang/ArrayIndexOutOfBoundsException",
            "Index " + std::to_string(index) + " out of bounds for length " +
                std::to_string(a->length));
    return nullptr;
  }
  return m.NewLocal(a->elements[index], "GetObjectArrayElement");
}

void JNICALL SetObjectArrayElement(JNIEnv* env, jobjectArray array, jsize index, jobject value) {
  auto& m = M(env);
  m.Enter("SetObjectArrayElement", false, false);
  Obj a = m.Deref(array, "SetObjectArrayElement", {Kind::kObjectArray});
  Obj v = value == nullptr ? nullptr : m.LiveRef(value, "SetObjectArrayElement")->object;
  if (index < 0 || static_cast<size_t>(index) >= a->length) {
    m.Throw("java/lang/ArrayIndexOutOfBoundsException",
            "Index " + std::to_string(index) + " out of bounds for length " +
                std::to_string(a->length));
    return;
  }
  if (v != nullptr && a->element != "Ljava/lang/Object;" && v->descriptor != a->element) {
    m.Throw("java/lang/ArrayStoreException", v->descriptor);
    return;
  }
  a->elements[index] = v;
}

jobjectArray JNICALL NewObjectArray(JNIEnv* env, jsize length, jclass element, jobject initial) {
  auto& m = M(env);
  m.Enter("NewObjectArray", false, false);
  Obj c = m.Deref(element, "NewObjectArray", {Kind::kClass});
  Obj init = initial == nullptr ? nullptr : m.LiveRef(initial, "NewObjectArray")->object;
  if (length < 0) {
    m.Throw("java/lang/NegativeArraySizeException", std::to_string(length));
    return nullptr;
  }
  if (m.AllocationFails()) return nullptr;
  const std::string element_type =
      c->name.front() == '[' ? c->name : "L" + c->name + ";";
  Obj a = m.Allocate(Kind::kObjectArray, "[" + element_type, static_cast<size_t>(length));
  a->element = element_type;
  a->elements.assign(a->length, init);
  return static_cast<jobjectArray>(m.NewLocal(a, "NewObjectArray"));
}

jstring JNICALL NewStringUTF(JNIEnv* env, const char* bytes) {
  auto& m = M(env);
  m.Enter("NewStringUTF", false, false);
  if (bytes == nullptr) Fail("NewStringUTF", "null bytes");
  std::u16string chars;
  if (!DecodeModifiedUtf8(bytes, &chars)) Fail("NewStringUTF", "not modified UTF-8");
  if (m.AllocationFails()) return nullptr;
  Obj s = m.Allocate(Kind::kString, "Ljava/lang/String;", 0);
  s->chars = std::move(chars);
  return static_cast<jstring>(m.NewLocal(s, "NewStringUTF"));
}

const char* JNICALL GetStringUTFChars(JNIEnv* env, jstring string, jboolean* is_copy) {
  auto& m = M(env);
  m.Enter("GetStringUTFChars", false, false);
  Obj s = m.Deref(string, "GetStringUTFChars", {Kind::kString});
  if (m.AllocationFails()) return nullptr;
  const std::string encoded = EncodeModifiedUtf8(s->chars);
  auto* chars = new char[encoded.size() + 1];
  std::memcpy(chars, encoded.c_str(), encoded.size() + 1);
  if (is_copy != nullptr) *is_copy = JNI_TRUE;
  m.utf.push_back({s, chars});
  return chars;
}

void JNICALL ReleaseStringUTFChars(JNIEnv* env, jstring string, const char* chars) {
  auto& m = M(env);
  m.Enter("ReleaseStringUTFChars", false, true);
  Obj s = m.Deref(string, "ReleaseStringUTFChars", {Kind::kString});
  for (size_t i = 0; i < m.utf.size(); ++i) {
    if (m.utf[i].string == s && m.utf[i].chars == chars) {
      delete[] m.utf[i].chars;
      m.utf.erase(m.utf.begin() + static_cast<ptrdiff_t>(i));
      return;
    }
  }
  Fail("ReleaseStringUTFChars", "these chars were not given out for this string");
}

}  // namespace fn

// Every slot the fake does not implement: index I of the JNIEnv function table.
template <size_t I>
void Unimplemented() {
  Fail("JNIEnv function table", "function #" + std::to_string(I) +
                                    " (JNI specification index) is not implemented by the fake");
}

template <size_t... I>
void FillUnimplemented(void** slots, std::index_sequence<I...>) {
  ((slots[I] = reinterpret_cast<void*>(&Unimplemented<I>)), ...);
}

template <size_t I>
void UnimplementedInvoke() {
  Fail("JavaVM function table", "function #" + std::to_string(I) + " is not implemented");
}

template <size_t... I>
void FillUnimplementedInvoke(void** slots, std::index_sequence<I...>) {
  ((slots[I] = reinterpret_cast<void*>(&UnimplementedInvoke<I>)), ...);
}

namespace fn {

jint JNICALL GetEnv(JavaVM* vm, void** env, jint version) {
  auto* m = static_cast<FakeJvm::Machine*>(vm->functions->reserved0);
  if (version != JNI_VERSION_1_1 && version != JNI_VERSION_1_2 && version != JNI_VERSION_1_4 &&
      version != JNI_VERSION_1_6 && version != JNI_VERSION_1_8) {
    *env = nullptr;
    return JNI_EVERSION;
  }
  *env = &m->env;
  return JNI_OK;
}

}  // namespace fn
}  // namespace

// --- FakeJvm ------------------------------------------------------------------------------

FakeJvm::FakeJvm(std::string native_class) : m_(std::make_unique<Machine>()) {
  static_assert(sizeof(JNINativeInterface_) % sizeof(void*) == 0);
  constexpr size_t kSlots = sizeof(JNINativeInterface_) / sizeof(void*);
  void* slots[kSlots];
  FillUnimplemented(slots, std::make_index_sequence<kSlots>{});
  std::memcpy(&m_->table, slots, sizeof slots);
  JNINativeInterface_& t = m_->table;
  t.reserved0 = m_.get();
  t.reserved1 = t.reserved2 = t.reserved3 = nullptr;
  t.GetVersion = &fn::GetVersion;
  t.FindClass = &fn::FindClass;
  t.ThrowNew = &fn::ThrowNew;
  t.ExceptionCheck = &fn::ExceptionCheck;
  t.DeleteLocalRef = &fn::DeleteLocalRef;
  t.RegisterNatives = &fn::RegisterNatives;
  t.GetArrayLength = &fn::GetArrayLength;
  t.GetByteArrayRegion = &fn::Region<Kind::kByteArray, false, jbyteArray, jbyte>;
  t.GetIntArrayRegion = &fn::Region<Kind::kIntArray, false, jintArray, jint>;
  t.SetByteArrayRegion = &fn::Region<Kind::kByteArray, true, jbyteArray, jbyte>;
  t.SetIntArrayRegion = &fn::Region<Kind::kIntArray, true, jintArray, jint>;
  t.SetLongArrayRegion = &fn::Region<Kind::kLongArray, true, jlongArray, jlong>;
  t.GetPrimitiveArrayCritical = &fn::GetPrimitiveArrayCritical;
  t.ReleasePrimitiveArrayCritical = &fn::ReleasePrimitiveArrayCritical;
  t.GetObjectArrayElement = &fn::GetObjectArrayElement;
  t.SetObjectArrayElement = &fn::SetObjectArrayElement;
  t.NewObjectArray = &fn::NewObjectArray;
  t.NewStringUTF = &fn::NewStringUTF;
  t.GetStringUTFChars = &fn::GetStringUTFChars;
  t.ReleaseStringUTFChars = &fn::ReleaseStringUTFChars;
  m_->env.functions = &m_->table;

  constexpr size_t kInvokeSlots = sizeof(JNIInvokeInterface_) / sizeof(void*);
  void* invoke_slots[kInvokeSlots];
  FillUnimplementedInvoke(invoke_slots, std::make_index_sequence<kInvokeSlots>{});
  std::memcpy(&m_->invoke, invoke_slots, sizeof invoke_slots);
  m_->invoke.reserved0 = m_.get();
  m_->invoke.reserved1 = m_->invoke.reserved2 = nullptr;
  m_->invoke.GetEnv = &fn::GetEnv;
  m_->vm.functions = &m_->invoke;
  m_->native_class = std::move(native_class);
}

FakeJvm::~FakeJvm() = default;

JavaVM* FakeJvm::vm() { return &m_->vm; }
JNIEnv* FakeJvm::env() { return &m_->env; }

Obj FakeJvm::NewByteArray(std::span<const uint8_t> bytes) {
  Obj a = m_->Allocate(Kind::kByteArray, "[B", bytes.size());
  if (!bytes.empty()) std::memcpy(a->storage.get(), bytes.data(), bytes.size());
  return a;
}

Obj FakeJvm::NewIntArray(std::span<const jint> values) {
  Obj a = m_->Allocate(Kind::kIntArray, "[I", values.size());
  if (!values.empty()) std::memcpy(a->storage.get(), values.data(), values.size_bytes());
  return a;
}

Obj FakeJvm::NewLongArray(size_t length) { return m_->Allocate(Kind::kLongArray, "[J", length); }

Obj FakeJvm::NewString(std::u16string_view chars) {
  Obj s = m_->Allocate(Kind::kString, "Ljava/lang/String;", 0);
  s->chars = std::u16string(chars);
  return s;
}

Obj FakeJvm::NewObjectArray(std::string_view element, std::span<const Obj> elements) {
  Obj a = m_->Allocate(Kind::kObjectArray, "[" + std::string(element), elements.size());
  a->element = std::string(element);
  a->elements.assign(elements.begin(), elements.end());
  return a;
}

size_t FakeJvm::Length(Obj array) const { return array->length; }

std::span<uint8_t> FakeJvm::Bytes(Obj array) const {
  if (array->kind != Kind::kByteArray) Fail("FakeJvm::Bytes", "not a byte[]");
  return {array->storage.get(), array->length};
}

std::span<jint> FakeJvm::Ints(Obj array) const {
  if (array->kind != Kind::kIntArray) Fail("FakeJvm::Ints", "not an int[]");
  return {reinterpret_cast<jint*>(array->storage.get()), array->length};
}

std::span<jlong> FakeJvm::Longs(Obj array) const {
  if (array->kind != Kind::kLongArray) Fail("FakeJvm::Longs", "not a long[]");
  return {reinterpret_cast<jlong*>(array->storage.get()), array->length};
}

std::u16string_view FakeJvm::Chars(Obj string) const {
  if (string->kind != Kind::kString) Fail("FakeJvm::Chars", "not a String");
  return string->chars;
}

Obj FakeJvm::Element(Obj array, size_t index) const {
  if (array->kind != Kind::kObjectArray || index >= array->length) {
    Fail("FakeJvm::Element", "not an object array, or index out of range");
  }
  return array->elements[index];
}

void FakeJvm::FailAllocation(int n) { m_->fail_countdown = n; }
void FakeJvm::SetCopyCritical(bool copy) { m_->copy_critical = copy; }

bool FakeJvm::IsSubclass(std::string_view cls, std::string_view base) {
  for (const ClassInfo* c = FindClassInfo(cls); c != nullptr; c = FindClassInfo(c->super)) {
    if (base == c->name) return true;
  }
  return false;
}

jint FakeJvm::Load(jint (*on_load)(JavaVM*, void*), Outcome* outcome) {
  BeginCall();
  const jint version = on_load(vm(), nullptr);
  *outcome = EndCall();
  return version;
}

void* FakeJvm::FindNative(const char* name, std::span<const std::string_view> params,
                          std::string_view result) {
  auto it = m_->natives.find(name);
  if (it == m_->natives.end()) Fail(name, "no native registered under this name");
  // Split the signature "(args)result" into type codes and compare each with the C type's.
  const std::string& sig = it->second.signature;
  auto mismatch = [&] { Fail(name, "registered as " + sig + ", called with another type"); };
  auto next_type = [&](size_t& pos) {
    const size_t start = pos;
    while (pos < sig.size() && sig[pos] == '[') ++pos;
    if (pos >= sig.size()) mismatch();
    if (sig[pos] == 'L') {
      pos = sig.find(';', pos);
      if (pos == std::string::npos) mismatch();
    }
    ++pos;
    return std::string_view(sig).substr(start, pos - start);
  };
  auto matches = [](std::string_view code, std::string_view expected) {
    if (expected == "[*") {
      return code.size() > 2 && code[0] == '[' && (code[1] == 'L' || code[1] == '[');
    }
    return code == expected;
  };
  if (sig.empty() || sig[0] != '(') mismatch();
  size_t pos = 1;
  for (std::string_view expected : params) {
    if (pos < sig.size() && sig[pos] == ')') mismatch();
    if (!matches(next_type(pos), expected)) mismatch();
  }
  if (pos >= sig.size() || sig[pos] != ')') mismatch();
  ++pos;
  if (!matches(next_type(pos), result) || pos != sig.size()) mismatch();
  return it->second.function;
}

void FakeJvm::BeginCall() {
  if (m_->in_call) Fail("FakeJvm::BeginCall", "a native call is already in progress");
  m_->in_call = true;
  m_->frames.assign(1, {Machine::kNativeFrameCapacity, 0});
}

jobject FakeJvm::ArgumentRef(Obj object) {
  if (object == nullptr) return nullptr;
  m_->refs.push_back(Machine::Ref{object, 0, true, false});
  m_->ref_set.insert(&m_->refs.back());
  return reinterpret_cast<jobject>(&m_->refs.back());
}

jclass FakeJvm::NativeClassRef() {
  return static_cast<jclass>(ArgumentRef(m_->ClassObject(m_->native_class)));
}

Obj FakeJvm::ResultObject(jobject ref) {
  if (ref == nullptr) return nullptr;
  return m_->LiveRef(ref, "native method result")->object;
}

Outcome FakeJvm::EndCall() {
  Machine& m = *m_;
  if (!m.pins.empty()) Fail("native method return", "a critical region is still open");
  if (!m.utf.empty()) Fail("native method return", "GetStringUTFChars not released");
  Outcome outcome;
  outcome.threw = m.pending;
  outcome.exception = std::move(m.pending_class);
  outcome.message = std::move(m.pending_message);
  m.pending = false;
  m.pending_class.clear();
  m.pending_message.clear();
  m.refs.clear();
  m.ref_set.clear();
  m.frames.clear();
  m.in_call = false;
  return outcome;
}

}  // namespace jvbfastpath::fakejni
