// PinnedBatch: a group of the bridge's packet buffers, validated and pinned for native work,
// as srtp::PacketSlots; and the one array its results go back in.
//
// A group is up to kGroup packets passed as separate arguments (JVBFASTPATH_GROUP_PARAMS):
// each buffer with its array length, offset and length. The Java side
// (org.jvbfastpath.PacketGroup, one per packet lane, so one thread at a time) reads each
// array of the caller's byte[][] once and passes it with its `length`; results come back in
// one long[] (GroupResult). A group of 8 thus costs one JNI call, one region write and a pin
// and unpin per packet, instead of four JNI calls per packet for a byte[][] batch
// (GetObjectArrayElement, GetArrayLength, pin, unpin) plus the int[] reads and writes
// (docs/performance.md). The natives taking groups are package-private in NativeCalls and
// only called that way, so the array lengths can be trusted.
//
// Contract:
// - The constructor checks everything first (nulls, count within 0..kGroup, each
//   offset/length within its array) and throws the matching Java exception on misuse,
//   leaving ok() false and nothing pinned.
// - Then every buffer is pinned with GetPrimitiveArrayCritical (no copy). Until Release(),
//   the caller must not call JNI, allocate Java objects or block.
// - Release() (or the destructor) unpins everything.
// Each slot's buffer spans from the packet's offset to the end of its array: the room
// after the packet is available for SRTP trailers.
#pragma once

#include <jni.h>

#include <array>
#include <cstdint>
#include <span>

#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {

class PinnedBatch {
 public:
  static constexpr jint kGroup = 8;

  // arrays.size() buffers (at most kGroup) with their array lengths, offsets and lengths.
  PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays, std::span<const jint> capacities,
              std::span<const jint> offsets, std::span<const jint> lengths);
  ~PinnedBatch() { Release(); }
  PinnedBatch(const PinnedBatch&) = delete;
  PinnedBatch& operator=(const PinnedBatch&) = delete;

  bool ok() const { return ok_; }
  std::span<srtp::PacketSlot> slots() { return {slots_.data(), static_cast<size_t>(count_)}; }
  void Release();

 private:
  JNIEnv* env_;
  jint count_ = 0;
  bool ok_ = false;
  bool pinned_ = false;
  std::array<jbyteArray, kGroup> arrays_{};
  std::array<uint8_t*, kGroup> data_{};
  std::array<srtp::PacketSlot, kGroup> slots_{};
};

// A group's results, written to Java with one call: per packet (code << 32) | new length,
// the code being an SRTP status or a drop reason (PacketGroup.copyCodes/copyLengths read them).
class GroupResult {
 public:
  void Set(size_t i, uint32_t code, size_t length) {
    values_[i] = static_cast<jlong>((static_cast<uint64_t>(code) << 32) |
                                    static_cast<uint32_t>(length));
  }
  // results[0 .. count) = the values; the JVM throws if `results` is too short.
  void Write(JNIEnv* env, jlongArray results, jint count) const {
    env->SetLongArrayRegion(results, 0, count, values_.data());
  }

 private:
  std::array<jlong, PinnedBatch::kGroup> values_{};
};

}  // namespace jvbfastpath::jni

// The parameters of a native taking a group and its JNI signature fragment; inside the
// native, JVBFASTPATH_GROUP_SPANS declares the four spans the PinnedBatch constructor takes
// (count, b0..b7, c0..c7, o0..o7, l0..l7 are its parameters; count is checked first).
#define JVBFASTPATH_GROUP_PARAMS                                                          \
  jint count, jbyteArray b0, jbyteArray b1, jbyteArray b2, jbyteArray b3, jbyteArray b4,  \
      jbyteArray b5, jbyteArray b6, jbyteArray b7, jint c0, jint c1, jint c2, jint c3,    \
      jint c4, jint c5, jint c6, jint c7, jint o0, jint o1, jint o2, jint o3, jint o4,    \
      jint o5, jint o6, jint o7, jint l0, jint l1, jint l2, jint l3, jint l4, jint l5,    \
      jint l6, jint l7
#define JVBFASTPATH_GROUP_SIGNATURE \
  "I[B[B[B[B[B[B[B[BIIIIIIIIIIIIIIIIIIIIIIII"
#define JVBFASTPATH_GROUP_SPANS(arrays, capacities, offsets, lengths)                       \
  const jbyteArray arrays##_all[] = {b0, b1, b2, b3, b4, b5, b6, b7};                       \
  const jint capacities##_all[] = {c0, c1, c2, c3, c4, c5, c6, c7};                         \
  const jint offsets##_all[] = {o0, o1, o2, o3, o4, o5, o6, o7};                            \
  const jint lengths##_all[] = {l0, l1, l2, l3, l4, l5, l6, l7};                            \
  const std::span<const jbyteArray> arrays(arrays##_all, static_cast<size_t>(count));      \
  const std::span<const jint> capacities(capacities##_all, static_cast<size_t>(count));    \
  const std::span<const jint> offsets(offsets##_all, static_cast<size_t>(count));          \
  const std::span<const jint> lengths(lengths##_all, static_cast<size_t>(count))
