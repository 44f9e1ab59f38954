// PinnedBatch: a group of the bridge's packet buffers, validated and pinned for native
// work, as srtp::PacketSlots.
//
// A group is up to kGroup buffers passed as separate arguments, each with its array length
// (JVBFASTPATH_GROUP_PARAMS below), offsets and lengths from int[] at `start`. The Java side
// (org.jvbfastpath.PacketGroup) reads each array of the caller's byte[][] once into a field
// of a thread-confined object and passes it with its `length`: that saves the two JNI calls
// per packet (GetObjectArrayElement, GetArrayLength) that dominated a byte[][] batch's cost
// (docs/performance.md). The natives taking groups are package-private in NativeCalls and
// only called that way, so the array lengths can be trusted.
//
// Contract:
// - The constructor checks everything first (nulls, count within the arrays and at most
//   kGroup, each offset/length within its array) and throws the matching Java
//   exception on misuse, leaving ok() false and nothing pinned.
// - Then every buffer is pinned with GetPrimitiveArrayCritical (no copy). Until Release(),
//   the caller must not call JNI, allocate Java objects or block.
// - Release() (or the destructor) unpins everything; WriteBackLengths() then stores each
//   slot's length into the Java lengths array.
// Each slot's buffer spans from the packet's offset to the end of its array: the room
// after the packet is available for SRTP trailers.
#pragma once

#include <jni.h>

#include <array>
#include <span>

#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {

class PinnedBatch {
 public:
  static constexpr jint kGroup = 8;

  // A group: arrays.size() buffers (at most kGroup) with their array lengths; packet i's
  // offset and length are offs[start + i] and lens[start + i].
  PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays, std::span<const jint> capacities,
              jintArray offs, jintArray lens, jint start);
  ~PinnedBatch() { Release(); }
  PinnedBatch(const PinnedBatch&) = delete;
  PinnedBatch& operator=(const PinnedBatch&) = delete;

  bool ok() const { return ok_; }
  std::span<srtp::PacketSlot> slots() { return {slots_.data(), static_cast<size_t>(count_)}; }
  void Release();
  // Call after Release(): lens[start + i] = slots[i].length.
  void WriteBackLengths(jintArray lens, jint start = 0);

 private:
  // Validates (offset, length) against each capacity, then pins: the common second half
  // of both constructors.
  void Pin(jint count, const jint* offsets, const jint* lengths, const jint* capacities);

  JNIEnv* env_;
  jint count_ = 0;
  bool ok_ = false;
  bool pinned_ = false;
  std::array<jbyteArray, kGroup> arrays_{};
  std::array<uint8_t*, kGroup> data_{};
  std::array<srtp::PacketSlot, kGroup> slots_{};
};

}  // namespace jvbfastpath::jni

// The parameters of a native taking a group, its JNI signature fragment, and the spans the
// group constructor takes (inside the native: count, b0..b7, c0..c7 are its parameters).
#define JVBFASTPATH_GROUP_PARAMS                                                          \
  jint count, jbyteArray b0, jbyteArray b1, jbyteArray b2, jbyteArray b3, jbyteArray b4,  \
      jbyteArray b5, jbyteArray b6, jbyteArray b7, jint c0, jint c1, jint c2, jint c3,    \
      jint c4, jint c5, jint c6, jint c7
#define JVBFASTPATH_GROUP_SIGNATURE "I[B[B[B[B[B[B[B[BIIIIIIII"
#define JVBFASTPATH_GROUP_ARRAYS(name) const jbyteArray name[] = {b0, b1, b2, b3, b4, b5, b6, b7}
#define JVBFASTPATH_GROUP_CAPACITIES(name) const jint name[] = {c0, c1, c2, c3, c4, c5, c6, c7}
