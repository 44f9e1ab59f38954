// Critical twins of the packet natives: the entry the JVM calls instead of a native's JNI
// entry when it can hand the primitive arrays over directly. JDK 17 and earlier look for a
// "JavaCritical_<class>_<method>" symbol next to a static native whose arguments are all
// primitives or primitive arrays, and call it from compiled code when
// -XX:+CriticalJNINatives is on (the default up to JDK 15; deprecated in 16, gone in 18):
// no JNIEnv, no thread-state transition, no GetPrimitiveArrayCritical per buffer (a pin and
// unpin costs ~18 ns on JDK 17, the largest per-packet cost of the JNI path;
// docs/performance.md). Without the flag, or on a later JDK, the JNI entry runs.
//
// Contract:
// - A twin gets each array as (length, body), a null array as (0, nullptr). It must not
//   call into the JVM, allocate Java objects or block (the GC waits for it, as it waits
//   while a buffer is pinned), and it cannot throw: it returns -static_cast<jint>(BatchError)
//   and its Java caller throws what the JNI entry would have (NativeCalls.checked).
// - A twin does what its JNI entry does with the same arguments: both check the same things
//   and then run the same work function; only how arrays are reached and errors reported
//   differ. The JVM passes each buffer's real length: caps[i] must equal it.
// - Twins are exported (jni/exports.lds: JavaCritical_*) so the JVM finds them by name.
#pragma once

#include <jni.h>

#include <algorithm>
#include <array>
#include <span>

#include "jni/cpp/pinned_batch.h"
#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {

// An array argument of a twin.
template <typename T>
struct CriticalArray {
  jint length;
  T* body;  // null for a null array

  // Holds [start, start + count) (a null array holds nothing).
  bool Fits(jint start, jint count) const {
    return body != nullptr && RangeFits(start, count, length);
  }
};

// A twin's batch: the same checks as PinnedBatch, the buffers as srtp::PacketSlots.
class CriticalBatch {
 public:
  CriticalBatch(jint count, const std::array<CriticalArray<jbyte>, kBatch>& buffers,
                CriticalArray<jint> caps, CriticalArray<jint> offs, CriticalArray<jint> lens,
                jint start)
      : lens_(lens), start_(start) {
    if (count < 0 || count > kBatch) {
      error_ = BatchError::kCount;
      return;
    }
    if (!caps.Fits(0, count) || !offs.Fits(start, count) || !lens.Fits(start, count)) {
      error_ = BatchError::kArrayWindow;
      return;
    }
    for (jint i = 0; i < count; ++i) {
      const CriticalArray<jbyte>& b = buffers[i];
      const jint offset = offs.body[start + i];
      const jint length = lens.body[start + i];
      error_ = CheckBuffer(b.body != nullptr, b.length, offset, length);
      if (error_ == BatchError::kNone && caps.body[i] != b.length) {
        error_ = BatchError::kBufferRange;
      }
      if (error_ != BatchError::kNone) return;
      slots_[i] = srtp::PacketSlot{
          {reinterpret_cast<uint8_t*>(b.body) + offset, static_cast<size_t>(b.length - offset)},
          static_cast<size_t>(length),
          srtp::Status::kOk};
    }
    count_ = count;
  }

  BatchError error() const { return error_; }
  std::span<srtp::PacketSlot> slots() { return {slots_.data(), static_cast<size_t>(count_)}; }
  // As PinnedBatch::WriteBack; `codes` null: not wanted (the caller checked its window).
  void WriteBack(CriticalArray<jbyte> codes, const BatchOutput& out) const {
    std::copy_n(out.lengths.data(), count_, lens_.body + start_);
    if (codes.body != nullptr) std::copy_n(out.codes.data(), count_, codes.body + start_);
  }

 private:
  CriticalArray<jint> lens_;
  jint start_;
  BatchError error_ = BatchError::kNone;
  jint count_ = 0;
  std::array<srtp::PacketSlot, kBatch> slots_{};
};

// A batch twin's return value for a refused call.
inline jint CriticalError(BatchError error) { return -static_cast<jint>(error); }

// A single-packet twin's (whose results may be negative statuses) for a refused call:
// kSingleRefused - error (NativeCalls.checkedTransform).
inline constexpr jint kSingleRefused = -1000;
inline jint CriticalSingleError(BatchError error) {
  return kSingleRefused - static_cast<jint>(error);
}

}  // namespace jvbfastpath::jni

// The twin of NativeCalls.<name>, with C linkage and default visibility.
#define JVBFASTPATH_CRITICAL(name)                                   \
  extern "C" __attribute__((visibility("default"))) jint            \
      JavaCritical_org_jvbfastpath_NativeCalls_##name

// A twin's batch parameters: JVBFASTPATH_BATCH_PARAMS with each array as (length, body).
#define JVBFASTPATH_CRITICAL_BATCH_PARAMS                                                  \
  jint count, jint n0, jbyte *b0, jint n1, jbyte *b1, jint n2, jbyte *b2, jint n3,          \
      jbyte *b3, jint n4, jbyte *b4, jint n5, jbyte *b5, jint n6, jbyte *b6, jint n7,       \
      jbyte *b7, jint n8, jbyte *b8, jint n9, jbyte *b9, jint n10, jbyte *b10, jint n11,    \
      jbyte *b11, jint n12, jbyte *b12, jint n13, jbyte *b13, jint n14, jbyte *b14,         \
      jint n15, jbyte *b15, jint n16, jbyte *b16, jint n17, jbyte *b17, jint n18,           \
      jbyte *b18, jint n19, jbyte *b19, jint n20, jbyte *b20, jint n21, jbyte *b21,         \
      jint n22, jbyte *b22, jint n23, jbyte *b23, jint n24, jbyte *b24, jint n25,           \
      jbyte *b25, jint n26, jbyte *b26, jint n27, jbyte *b27, jint n28, jbyte *b28,         \
      jint n29, jbyte *b29, jint n30, jbyte *b30, jint n31, jbyte *b31, jint caps_n,        \
      jint *caps, jint offs_n, jint *offs, jint lens_n, jint *lens, jint start

// Inside a twin: declares `batch`, a CriticalBatch over its batch parameters.
#define JVBFASTPATH_CRITICAL_BATCH(batch)                                                  \
  const std::array<::jvbfastpath::jni::CriticalArray<jbyte>, ::jvbfastpath::jni::kBatch>  \
      batch##_buffers = {{                                                                \
          {n0, b0}, {n1, b1}, {n2, b2}, {n3, b3}, {n4, b4}, {n5, b5}, {n6, b6}, {n7, b7},   \
          {n8, b8}, {n9, b9}, {n10, b10}, {n11, b11}, {n12, b12}, {n13, b13}, {n14, b14},   \
          {n15, b15}, {n16, b16}, {n17, b17}, {n18, b18}, {n19, b19}, {n20, b20}, {n21, b21}, \
          {n22, b22}, {n23, b23}, {n24, b24}, {n25, b25}, {n26, b26}, {n27, b27}, {n28, b28}, \
          {n29, b29}, {n30, b30}, {n31, b31}                                                \
      }};                                                                                 \
  ::jvbfastpath::jni::CriticalBatch batch(count, batch##_buffers, {caps_n, caps},           \
                                          {offs_n, offs}, {lens_n, lens}, start)
