// PinnedBatch: a batch of the bridge's packet buffers (byte[][] + offsets + lengths),
// validated and pinned for native work, as srtp::PacketSlots.
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

  PinnedBatch(JNIEnv* env, jobjectArray bufs, jintArray offs, jintArray lens, jint count);
  ~PinnedBatch() { Release(); }
  PinnedBatch(const PinnedBatch&) = delete;
  PinnedBatch& operator=(const PinnedBatch&) = delete;

  bool ok() const { return ok_; }
  std::span<srtp::PacketSlot> slots() { return {slots_.data(), static_cast<size_t>(count_)}; }
  void Release();
  // Call after Release(): lens[i] = slots[i].length.
  void WriteBackLengths();

 private:
  JNIEnv* env_;
  jintArray lens_;
  jint count_ = 0;
  bool ok_ = false;
  bool pinned_ = false;
  bool frame_pushed_ = false;
  std::array<jbyteArray, kMaxBatch> arrays_{};
  std::array<uint8_t*, kMaxBatch> data_{};
  std::array<srtp::PacketSlot, kMaxBatch> slots_{};
};

}  // namespace jvbfastpath::jni
