#include "jni/cpp/pinned_batch.h"

#include "jni/cpp/jni_util.h"

namespace jvbfastpath::jni {

void ThrowBatchError(JNIEnv* env, BatchError error) {
  switch (error) {
    case BatchError::kNone:
      return;
    case BatchError::kClosed:
      ThrowIllegalState(env, "the native object is closed");
      return;
    case BatchError::kCount:
      ThrowOutOfBounds(env, "batch count outside 0..32");
      return;
    case BatchError::kNullBuffer:
      ThrowNullPointer(env, "a packet buffer in the batch is null");
      return;
    case BatchError::kBufferRange:
      ThrowOutOfBounds(env, "offset/length outside the array");
      return;
    case BatchError::kMetadataRange:
      ThrowOutOfBounds(env, "metadata slot outside the metadata's capacity");
      return;
    case BatchError::kArrayWindow:
      ThrowOutOfBounds(env, "a per-packet array is null or shorter than the batch");
      return;
  }
}

bool CheckWindow(JNIEnv* env, jarray array, jint start, jint count, bool optional) {
  if (array == nullptr ? !optional : !RangeFits(start, count, env->GetArrayLength(array))) {
    ThrowBatchError(env, BatchError::kArrayWindow);
    return false;
  }
  return true;
}

bool ReadWindow(JNIEnv* env, jintArray array, jint start, jint count, jint* out) {
  if (!CheckWindow(env, array, start, count, false)) return false;
  env->GetIntArrayRegion(array, start, count, out);
  return true;
}

bool ReadWindow(JNIEnv* env, jlongArray array, jint start, jint count, jlong* out) {
  if (!CheckWindow(env, array, start, count, false)) return false;
  env->GetLongArrayRegion(array, start, count, out);
  return true;
}

bool ReadWindow(JNIEnv* env, jbyteArray array, jint start, jint count, jbyte* out) {
  if (!CheckWindow(env, array, start, count, false)) return false;
  env->GetByteArrayRegion(array, start, count, out);
  return true;
}

bool ReadOptionalWindow(JNIEnv* env, jbyteArray array, jint start, jint count, jbyte* out) {
  return array == nullptr || ReadWindow(env, array, start, count, out);
}

PinnedBatch::PinnedBatch(JNIEnv* env, jint count, const BatchBuffers& buffers, jintArray caps,
                         jintArray offs, jintArray lens, jint start)
    : env_(env), start_(start) {
  if (count < 0 || count > kBatch) {
    ThrowBatchError(env, BatchError::kCount);
    return;
  }
  // caps is indexed from 0 (the batch's own scratch), offs and lens from `start`.
  if (!ReadWindow(env, caps, 0, count, capacities_.data()) ||
      !ReadWindow(env, offs, start, count, offsets_.data()) ||
      !ReadWindow(env, lens, start, count, lengths_.data())) {
    return;
  }
  for (jint i = 0; i < count; ++i) {
    buffers_[i] = buffers[i];
    const BatchError error =
        CheckBuffer(buffers_[i] != nullptr, capacities_[i], offsets_[i], lengths_[i]);
    if (error != BatchError::kNone) {
      ThrowBatchError(env, error);
      return;
    }
  }
  count_ = count;
  ok_ = true;
}

bool PinnedBatch::Pin() {
  pinned_ = true;
  for (jint i = 0; i < count_; ++i) {
    data_[i] = static_cast<uint8_t*>(env_->GetPrimitiveArrayCritical(buffers_[i], nullptr));
    if (data_[i] == nullptr) {  // out of memory: unpin what we pinned, report it
      const jint pinned = i;
      for (jint j = pinned - 1; j >= 0; --j) {
        env_->ReleasePrimitiveArrayCritical(buffers_[j], data_[j], 0);
      }
      pinned_ = false;
      return false;
    }
    slots_[i] = srtp::PacketSlot{
        {data_[i] + offsets_[i], static_cast<size_t>(capacities_[i] - offsets_[i])},
        static_cast<size_t>(lengths_[i]),
        srtp::Status::kOk};
  }
  return true;
}

void PinnedBatch::Release() {
  if (!pinned_) return;
  for (jint i = count_ - 1; i >= 0; --i) {
    env_->ReleasePrimitiveArrayCritical(buffers_[i], data_[i], 0);
  }
  pinned_ = false;
}

void PinnedBatch::WriteBack(jintArray lens, jbyteArray codes, const BatchOutput& out) const {
  env_->SetIntArrayRegion(lens, start_, count_, out.lengths.data());
  if (codes != nullptr) env_->SetByteArrayRegion(codes, start_, count_, out.codes.data());
}

}  // namespace jvbfastpath::jni
