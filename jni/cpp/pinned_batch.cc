#include "jni/cpp/pinned_batch.h"

#include "jni/cpp/jni_util.h"

namespace jvbfastpath::jni {

PinnedBatch::PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays,
                         std::span<const jint> capacities, std::span<const jint> offsets,
                         std::span<const jint> lengths)
    : env_(env) {
  const size_t count = arrays.size();
  if (count > static_cast<size_t>(kGroup) || capacities.size() != count ||
      offsets.size() != count || lengths.size() != count) {
    ThrowOutOfBounds(env, "group count outside 0..8");
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    arrays_[i] = arrays[i];
    if (arrays_[i] == nullptr) {
      ThrowNullPointer(env, "a packet buffer in the batch is null");
      return;
    }
    if (!CheckRange(env, offsets[i], lengths[i], capacities[i])) return;
  }
  count_ = static_cast<jint>(count);
  pinned_ = true;
  for (jint i = 0; i < count_; ++i) {
    data_[i] = static_cast<uint8_t*>(env_->GetPrimitiveArrayCritical(arrays_[i], nullptr));
    if (data_[i] == nullptr) {  // out of memory: unpin what we pinned, report it
      count_ = i;
      Release();
      return;
    }
    slots_[i] = srtp::PacketSlot{
        {data_[i] + offsets[i], static_cast<size_t>(capacities[i] - offsets[i])},
        static_cast<size_t>(lengths[i]),
        srtp::Status::kOk};
  }
  ok_ = true;
}

void PinnedBatch::Release() {
  if (!pinned_) return;
  for (jint i = count_ - 1; i >= 0; --i) {
    env_->ReleasePrimitiveArrayCritical(arrays_[i], data_[i], 0);
  }
  pinned_ = false;
}

}  // namespace jvbfastpath::jni
