#include "jni/cpp/pinned_batch.h"

#include "jni/cpp/jni_util.h"

namespace jvbfastpath::jni {

PinnedBatch::PinnedBatch(JNIEnv* env, jobjectArray bufs, jintArray offs, jintArray lens,
                         jint count)
    : env_(env) {
  if (bufs == nullptr || offs == nullptr || lens == nullptr) {
    ThrowNullPointer(env, "batch arrays must not be null");
    return;
  }
  if (count < 0 || count > kMaxBatch || count > env->GetArrayLength(bufs) ||
      count > env->GetArrayLength(offs) || count > env->GetArrayLength(lens)) {
    ThrowOutOfBounds(env, "batch count outside the arrays (or above 256)");
    return;
  }
  std::array<jint, kMaxBatch> offsets;
  std::array<jint, kMaxBatch> lengths;
  std::array<jint, kMaxBatch> capacities;
  env->GetIntArrayRegion(offs, 0, count, offsets.data());
  env->GetIntArrayRegion(lens, 0, count, lengths.data());
  if (env->PushLocalFrame(count + 4) != JNI_OK) return;
  frame_pushed_ = true;
  for (jint i = 0; i < count; ++i) {
    arrays_[i] = static_cast<jbyteArray>(env->GetObjectArrayElement(bufs, i));
    if (arrays_[i] == nullptr) {
      ThrowNullPointer(env, "a packet buffer in the batch is null");
      return;
    }
    capacities[i] = env->GetArrayLength(arrays_[i]);
  }
  Pin(count, offsets.data(), lengths.data(), capacities.data());
}

PinnedBatch::PinnedBatch(JNIEnv* env, std::span<const jbyteArray> arrays,
                         std::span<const jint> offsets, std::span<const jint> lengths,
                         std::span<const jint> capacities)
    : env_(env) {
  const size_t count = arrays.size();
  if (count > static_cast<size_t>(kGroup) || offsets.size() != count ||
      lengths.size() != count || capacities.size() != count) {
    ThrowOutOfBounds(env, "group count outside 0..8");
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    arrays_[i] = arrays[i];
    if (arrays_[i] == nullptr) {
      ThrowNullPointer(env, "a packet buffer in the batch is null");
      return;
    }
  }
  Pin(static_cast<jint>(count), offsets.data(), lengths.data(), capacities.data());
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
  if (frame_pushed_) {
    env_->PopLocalFrame(nullptr);
    frame_pushed_ = false;
  }
}

void PinnedBatch::WriteBackLengths(jintArray lens, jint start) {
  std::array<jint, kMaxBatch> lengths;
  for (jint i = 0; i < count_; ++i) lengths[i] = static_cast<jint>(slots_[i].length);
  env_->SetIntArrayRegion(lens, start, count_, lengths.data());
}

}  // namespace jvbfastpath::jni
