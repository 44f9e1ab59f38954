// The packet natives' entries (generated from jni/packet_natives.txt into packet_entries.inc)
// and what they share: JniArgs, CheckBatch, WriteBack.
#include <jni.h>

#include <algorithm>
#include <array>
#include <iterator>

#include "jni/cpp/jni_args.h"
#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/packet_args.h"
#include "jni/packet_natives.h"

namespace jvbfastpath::jni {

void JniArgs::Note(jarray array, void** body) {
  if (array != nullptr) entries_[count_++] = Entry{array, body, nullptr};
}

void JniArgs::AddBuffers(Batch& batch, const std::array<jbyteArray, kBatch>& buffers,
                         jintArray caps) {
  if (caps == nullptr || batch.count <= 0 || batch.count > kBatch ||
      !RangeFits(0, batch.count, batch.caps.length)) {
    return;  // no buffer, or refused by the implementation before it reads one
  }
  std::array<jint, kBatch> lengths{};
  env_->GetIntArrayRegion(caps, 0, batch.count, lengths.data());
  for (jint i = 0; i < batch.count; ++i) {
    batch.buffers[i].length = buffers[i] == nullptr ? 0 : lengths[i];
    Note(buffers[i], reinterpret_cast<void**>(&batch.buffers[i].body));
  }
}

bool JniArgs::Pin() {
  for (; pinned_ < count_; ++pinned_) {
    void* body = env_->GetPrimitiveArrayCritical(entries_[pinned_].array, nullptr);
    if (body == nullptr) {  // out of memory: unpin what was pinned, report it
      Unpin(pinned_);
      pinned_ = 0;
      return false;
    }
    entries_[pinned_].pinned = body;
    *entries_[pinned_].body = body;
  }
  return true;
}

void JniArgs::Unpin(int count) {
  for (int i = count - 1; i >= 0; --i) {
    env_->ReleasePrimitiveArrayCritical(entries_[i].array, entries_[i].pinned, 0);
  }
}

namespace {

// CheckBatch for a staged batch (Batch::staging): every slot within the staging array.
Refusal CheckStagedBatch(const Batch& batch, std::array<srtp::PacketSlot, kBatch>& slots) {
  const jint count = batch.count;
  if (!batch.slots.Fits(0, 3 * count)) return Refusal::kArrayWindow;
  if (batch.staging.body == nullptr) return Refusal::kNullBuffer;
  for (jint i = 0; i < count; ++i) {
    const jint offset = batch.slots.body[3 * i];
    const jint length = batch.slots.body[3 * i + 1];
    const jint room = batch.slots.body[3 * i + 2];
    if (!RangeFits(offset, room, batch.staging.length) || length < 0 || length > room) {
      return Refusal::kBufferRange;
    }
    slots[i] = srtp::PacketSlot{
        {reinterpret_cast<uint8_t*>(batch.staging.body) + offset, static_cast<size_t>(room)},
        static_cast<size_t>(length), srtp::Status::kOk};
  }
  return Refusal::kNone;
}

}  // namespace

Refusal CheckBatch(const Batch& batch, std::array<srtp::PacketSlot, kBatch>& slots) {
  const jint count = batch.count;
  if (count < 0 || count > kBatch) return Refusal::kCount;
  if (batch.staged()) return CheckStagedBatch(batch, slots);
  if (!batch.caps.Fits(0, count) || !batch.offs.Fits(batch.start, count) ||
      !batch.lens.Fits(batch.start, count)) {
    return Refusal::kArrayWindow;
  }
  for (jint i = 0; i < count; ++i) {
    const Array<jbyte>& b = batch.buffers[i];
    const jint offset = batch.offs.body[batch.start + i];
    const jint length = batch.lens.body[batch.start + i];
    if (b.body == nullptr) return Refusal::kNullBuffer;
    if (!RangeFits(offset, length, b.length) || batch.caps.body[i] != b.length) {
      return Refusal::kBufferRange;
    }
    slots[i] = srtp::PacketSlot{
        {reinterpret_cast<uint8_t*>(b.body) + offset, static_cast<size_t>(b.length - offset)},
        static_cast<size_t>(length),
        srtp::Status::kOk};
  }
  return Refusal::kNone;
}

void WriteBack(const Batch& batch, std::span<const srtp::PacketSlot> slots,
               std::span<const jbyte> codes_out, Array<jbyte> codes) {
  for (size_t i = 0; i < slots.size(); ++i) {
    const auto length = static_cast<jint>(slots[i].length);
    if (batch.staged()) {
      batch.slots.body[3 * i + 1] = length;
    } else {
      batch.lens.body[batch.start + static_cast<jint>(i)] = length;
    }
  }
  if (codes.body != nullptr) std::ranges::copy(codes_out, codes.body + batch.start);
}

}  // namespace jvbfastpath::jni

#include "jni/packet_entries.inc"
