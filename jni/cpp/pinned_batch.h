// The batch natives' calling convention, and PinnedBatch: a batch of the bridge's packet
// buffers, read, checked and pinned for native work by a JNI entry.
//
// A batch native (NativeCalls.srtpTransformBatch, epIngressBatch, epEgressBatch) takes up to
// kBatch packets: each buffer as its own byte[] argument (b0..b31, null past `count`), then
// the caller's own arrays with a window: caps[i] (buffer i's array length, which the JNI
// entry trusts: org.jvbfastpath.PacketBatch reads it from the very reference it passes,
// never from the caller's array again; the twin checks it), offs[start + i] and
// lens[start + i]; each native's other per-packet arrays use the same window, and results
// go back into them (lens[start + i] = the new length, a byte[] of codes = each packet's
// SRTP status or drop reason). So a batch of 32 is one JNI call, a few region reads and
// writes, and a pin and unpin per packet; its critical twin (critical_batch.h) is one call
// with no JNI call at all. The natives are package-private and only called that way.
//
// Contract (PinnedBatch):
// - The constructor reads caps/offs/lens and checks everything (count within 0..kBatch,
//   arrays present and long enough, each buffer present with its offset/length inside it:
//   CheckBuffer) and throws the matching Java exception on misuse (ThrowBatchError),
//   leaving ok() false and nothing pinned. JNI calls are still allowed after it (a native
//   reads its other arrays then).
// - Pin() pins every buffer with GetPrimitiveArrayCritical (no copy); from then until
//   Release() the caller must not call JNI, allocate Java objects or block.
// - Release() (or the destructor) unpins everything; WriteBack() then returns the results.
// Each slot's buffer spans from the packet's offset to the end of its array: the room
// after the packet is available for SRTP trailers.
#pragma once

#include <jni.h>

#include <array>
#include <cstdint>
#include <span>

#include "jni/cpp/jni_util.h"
#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {

inline constexpr jint kBatch = 32;

// What a batch native refuses before it touches a packet. The JNI entry throws the matching
// Java exception (ThrowBatchError); its critical twin, which cannot throw, returns
// -static_cast<jint>(error) and its Java caller throws the same exception
// (NativeCalls.checked mirrors this numbering).
enum class BatchError : jint {
  kNone = 0,
  kClosed = 1,         // a handle is 0 (closed): IllegalStateException
  kCount = 2,          // count outside 0..kBatch: IndexOutOfBoundsException
  kNullBuffer = 3,     // a packet buffer is null: NullPointerException
  kBufferRange = 4,    // offset/length outside the buffer: IndexOutOfBoundsException
  kMetadataRange = 5,  // a metadata slot outside the metadata: IndexOutOfBoundsException
  kArrayWindow = 6,    // a per-packet array null or shorter than start + count:
                       // IndexOutOfBoundsException
};
void ThrowBatchError(JNIEnv* env, BatchError error);

// One buffer: present, and [offset, offset + length) within its `capacity`.
inline BatchError CheckBuffer(bool present, jint capacity, jint offset, jint length) {
  if (!present) return BatchError::kNullBuffer;
  return RangeFits(offset, length, capacity) ? BatchError::kNone : BatchError::kBufferRange;
}

// What goes back to the caller per packet: the new length and the code (SRTP status or drop
// reason; the session leaves a failed packet's length as it was).
struct BatchOutput {
  std::array<jint, kBatch> lengths{};
  std::array<jbyte, kBatch> codes{};
};

// The buffers of a JNI entry's batch, in argument order.
using BatchBuffers = std::array<jbyteArray, kBatch>;

class PinnedBatch {
 public:
  PinnedBatch(JNIEnv* env, jint count, const BatchBuffers& buffers, jintArray caps,
              jintArray offs, jintArray lens, jint start);
  ~PinnedBatch() { Release(); }
  PinnedBatch(const PinnedBatch&) = delete;
  PinnedBatch& operator=(const PinnedBatch&) = delete;

  bool ok() const { return ok_; }
  // False, with OutOfMemoryError pending and nothing left pinned, if the JVM refused a pin.
  bool Pin();
  std::span<srtp::PacketSlot> slots() { return {slots_.data(), static_cast<size_t>(count_)}; }
  void Release();
  // lens[start ..] = out.lengths; codes[start ..] = out.codes (codes may be null: not
  // wanted; the caller checked its window). After Release().
  void WriteBack(jintArray lens, jbyteArray codes, const BatchOutput& out) const;

 private:
  JNIEnv* env_;
  jint count_ = 0;
  jint start_ = 0;
  bool ok_ = false;
  bool pinned_ = false;
  BatchBuffers buffers_{};
  std::array<jint, kBatch> capacities_{};
  std::array<jint, kBatch> offsets_{};
  std::array<jint, kBatch> lengths_{};
  std::array<uint8_t*, kBatch> data_{};
  std::array<srtp::PacketSlot, kBatch> slots_{};
};

// Reads array[start .. start + count) into `out`; false with an exception pending if the
// array is null or too short (the window is checked first, so nothing is half-read).
bool ReadWindow(JNIEnv* env, jintArray array, jint start, jint count, jint* out);
bool ReadWindow(JNIEnv* env, jlongArray array, jint start, jint count, jlong* out);
bool ReadWindow(JNIEnv* env, jbyteArray array, jint start, jint count, jbyte* out);
// As above for an array that may be null (then `out` is left as it is).
bool ReadOptionalWindow(JNIEnv* env, jbyteArray array, jint start, jint count, jbyte* out);
// True if `array` holds [start, start + count) (null: only if `optional`); throws otherwise.
bool CheckWindow(JNIEnv* env, jarray array, jint start, jint count, bool optional);

}  // namespace jvbfastpath::jni

// A batch native's parameters (after its handle and own leading arguments) and their JNI
// signature fragment; JVBFASTPATH_BATCH_BUFFERS collects b0..b31 for PinnedBatch.
#define JVBFASTPATH_BATCH_PARAMS                                                               \
  jint count, jbyteArray b0, jbyteArray b1, jbyteArray b2, jbyteArray b3, jbyteArray b4,       \
      jbyteArray b5, jbyteArray b6, jbyteArray b7, jbyteArray b8, jbyteArray b9,               \
      jbyteArray b10, jbyteArray b11, jbyteArray b12, jbyteArray b13, jbyteArray b14,          \
      jbyteArray b15, jbyteArray b16, jbyteArray b17, jbyteArray b18, jbyteArray b19,          \
      jbyteArray b20, jbyteArray b21, jbyteArray b22, jbyteArray b23, jbyteArray b24,          \
      jbyteArray b25, jbyteArray b26, jbyteArray b27, jbyteArray b28, jbyteArray b29,          \
      jbyteArray b30, jbyteArray b31, jintArray caps, jintArray offs, jintArray lens, jint start
#define JVBFASTPATH_BATCH_SIGNATURE                                                     \
  "I[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[B[I[I[II"
#define JVBFASTPATH_BATCH_BUFFERS                                                         \
  ::jvbfastpath::jni::BatchBuffers {                                                      \
    b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18,  \
        b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31                   \
  }
