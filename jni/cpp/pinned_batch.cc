#include "jni/cpp/pinned_batch.h"

#include "jni/cpp/jni_util.h"

namespace jvbfastpath::jni {

PinnedBatch::PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays,
                         std::span<const jint> capacities, jintArray offs, jintArray lens,
                         jint start)
    : env_(env) {
  const size_t count = arrays.size();
  if (offs == nullptr || lens == nullptr) {
    ThrowNullPointer(env, "batch arrays must not be null");
    return;
  }
  if (count > static_cast<size_t>(kGroup) || capacities.size() != count) {
    ThrowOutOfBounds(env, "group count outside 0..8");
    return;
  }
  std::array<jint, kGroup> offsets;
  std::array<jint, kGroup> lengths;
  const auto n = static_cast<jsize>(count);
  // Out of range, the JVM throws; no JNI call but a few may follow a pending exception.
  env->GetIntArrayRegion(offs, start, n, offsets.data());
  if (env->ExceptionCheck()) return;
  env->GetIntArrayRegion(lens, start, n, lengths.data());
  if (env->ExceptionCheck()) return;
  for (size_t i = 0; i < count; ++i) {
    arrays_[i] = arrays[i];
    if (arrays_[i] == nullptr) {
      ThrowNullPointer(env, "a packet buffer in the batch is null");
      return;
    }
  }
  Pin(n, offsets.data(), lengths.data(), capacities.data());
}

void PinnedBatch::Pin(jint count, const jint* offsets, const jint* lengths,
                      const jint* capacities) {
  for (jint i = 0; i < count; ++i) {
    if (!CheckRange(env_, offsets[i], lengths[i], capacities[i])) return;
  }
  count_ = count;
  pinned_ = true;
  for (jint i = 0; i < count; ++i) {
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
  if (pinned_) {
    for (jint i = count_ - 1; i >= 0; --i) {
      env_->ReleasePrimitiveArrayCritical(arrays_[i], data_[i], 0);
    }
    pinned_ = false;
  }
}

void PinnedBatch::WriteBackLengths(jintArray lens, jint start) {
  std::array<jint, kGroup> lengths;
  for (jint i = 0; i < count_; ++i) lengths[i] = static_cast<jint>(slots_[i].length);
  env_->SetIntArrayRegion(lens, start, count_, lengths.data());
}

}  // namespace jvbfastpath::jni
