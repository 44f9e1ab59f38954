// The packet natives' arguments as their implementations see them, whichever entry ran
// (jni/packet_natives.txt describes each native once; the generated packet_natives.h
// declares the implementations, jni::packet::<Name>).
//
// Contract:
// - Every array arrives as Array<T> (length, body), a null one as (0, nullptr): through JNI
//   the entry has pinned it (JniArgs), through a critical twin (JDK 17) or a
//   foreign-function downcall (JDK 22+) the JVM hands its body over. An implementation
//   must not call into the JVM, allocate Java objects or block.
// - An implementation checks everything before it touches a packet, and refuses a call by
//   returning Refuse(reason): nothing is written then, and NativeCalls.checked (Java) throws
//   the reason's exception with its message (both declared once, below; Java reads them
//   when the library loads). A result that is not a refusal is >= kRefused + 1.
// - A batch (Batch) is up to kBatch packets: buffers[i] (its length is caps[i], which the
//   JNI entry trusts: PacketBatch reads it from the very reference it passes; a twin or a
//   downcall gets the real length, and CheckBatch compares), offs/lens[start + i].
#pragma once

#include <jni.h>

#include <array>
#include <cstdint>
#include <span>

#include "native/srtp/srtp_session.h"

#define JVBFASTPATH_EXPORT __attribute__((visibility("default")))

namespace jvbfastpath::jni {

// Packets per native batch call (org.jvbfastpath.PacketNatives.BATCH, from the same file).
inline constexpr jint kBatch = 32;

// True if [offset, offset + length) lies within [0, array_length) (no overflow).
inline bool RangeFits(jint offset, jint length, jint array_length) {
  return offset >= 0 && length >= 0 && offset <= array_length - length;
}

template <typename T>
struct Array {
  jint length = 0;
  T* body = nullptr;  // null for a null array

  // Holds [start, start + count) (a null array holds nothing).
  bool Fits(jint start, jint count) const {
    return body != nullptr && RangeFits(start, count, length);
  }
  // As Fits, or null (an optional array).
  bool NullOrFits(jint start, jint count) const {
    return body == nullptr || RangeFits(start, count, length);
  }
};

struct Batch {
  jint count = 0;
  std::array<Array<jbyte>, kBatch> buffers{};
  Array<jint> caps;
  Array<jint> offs;
  Array<jint> lens;
  jint start = 0;
  // A staged batch (the *Staged natives: small packets the Java side copied into one
  // array, PacketBatch.stage) has a `staging` body instead of buffers, caps, offs and lens:
  // packet i is at slots[3i] in `staging`, slots[3i + 1] bytes long (in and out), with
  // slots[3i + 2] bytes from there its to use; per-packet outputs stay at start + i.
  Array<jbyte> staging;
  Array<jint> slots;

  bool staged() const { return staging.body != nullptr || slots.body != nullptr; }
};

//   X(enumerator, Java exception class, message)
#define JVBFASTPATH_REFUSALS(X)                                                            \
  X(kNone, "", "")                                                                         \
  X(kClosed, "java/lang/IllegalStateException", "the native object is closed")             \
  X(kCount, "java/lang/IndexOutOfBoundsException", "batch count outside 0..32")            \
  X(kNullBuffer, "java/lang/NullPointerException", "a packet buffer is null")              \
  X(kBufferRange, "java/lang/IndexOutOfBoundsException", "offset/length outside the array") \
  X(kMetadataRange, "java/lang/IndexOutOfBoundsException",                                 \
    "metadata slot outside the metadata's capacity")                                       \
  X(kArrayWindow, "java/lang/IndexOutOfBoundsException",                                   \
    "a per-packet array is null or shorter than the batch")                                \
  X(kNoRoom, "java/lang/IllegalArgumentException",                                         \
    "protect needs room after the packet for the SRTP trailer")                            \
  X(kShortArray, "java/lang/IllegalArgumentException", "output array too short")           \
  X(kNullArray, "java/lang/NullPointerException", "output arrays must not be null")         \
  X(kUnknownValue, "java/lang/IllegalArgumentException",                                   \
    "unknown mode or stage, or a payload type outside 0..127")

// Why a native refused a call before doing anything.
enum class Refusal : jint {
#define JVBFASTPATH_X(e, cls, message) e,
  JVBFASTPATH_REFUSALS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

// Results at or below kRefused are refusals: kRefused - reason.
inline constexpr jint kRefused = -1000;
inline jint Refuse(Refusal reason) { return kRefused - static_cast<jint>(reason); }

// Checks a batch (count, its arrays' windows, each buffer present with its packet inside
// it and caps[i] its length; staged: the slots' window, the staging array, each slot inside
// it) and fills `slots` (each spans from the packet's offset to the end of its array, or
// staged its room: the room after it is there for SRTP trailers). kNone if all is well.
Refusal CheckBatch(const Batch& batch, std::array<srtp::PacketSlot, kBatch>& slots);

// Per packet: the new length into lens[start + i] (staged: slots[3i + 1]), the code (an
// SRTP status or a drop reason) into codes[start + i] (codes may be null: not wanted).
void WriteBack(const Batch& batch, std::span<const srtp::PacketSlot> slots,
               std::span<const jbyte> codes_out, Array<jbyte> codes);

}  // namespace jvbfastpath::jni
