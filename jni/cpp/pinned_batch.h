// PinnedBatch: a batch of the bridge's packet buffers, validated and pinned for native
// work, as srtp::PacketSlots. It comes in two shapes:
// - an array batch: byte[][] + offsets + lengths (int[]), as the pipeline calls pass it;
// - a group: up to kGroup buffers passed as separate arguments with their offsets, lengths
//   and array lengths as ints. The Java side reads each array from the caller's byte[][]
//   once into a local and passes it with `local.length`: that saves the two JNI calls per
//   packet (GetObjectArrayElement, GetArrayLength) that dominate an array batch's cost
//   (docs/performance.md). The natives taking groups are package-private in NativeCalls and
//   only called that way, so the array lengths can be trusted.
//
// Contract:
// - The constructor checks everything first (nulls, count within the arrays and at most
//   kMaxBatch, each offset/length within its array) and throws the matching Java exception
//   on misuse, leaving ok() false and nothing pinned.
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
  static constexpr jint kMaxBatch = 256;
  static constexpr jint kGroup = 8;

  // An array batch.
  PinnedBatch(JNIEnv* env, jobjectArray bufs, jintArray offs, jintArray lens, jint count);
  // A group: arrays.size() buffers (at most kGroup), with offsets, lengths and array
  // lengths of the same size.
  PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays, std::span<const jint> offsets,
              std::span<const jint> lengths, std::span<const jint> capacities);
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
  bool frame_pushed_ = false;
  std::array<jbyteArray, kMaxBatch> arrays_{};
  std::array<uint8_t*, kMaxBatch> data_{};
  std::array<srtp::PacketSlot, kMaxBatch> slots_{};
};

}  // namespace jvbfastpath::jni
