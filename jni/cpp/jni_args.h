// JniArgs: how a packet native's JNI entry (generated from jni/packet_natives.txt) turns its
// Java arrays into the Array<T> its implementation takes.
//
// Contract: Add() every array and AddBuffers() the batch's buffers first (they may call
// JNI: array lengths, the caps window), then Pin() pins them all with
// GetPrimitiveArrayCritical (no copy); from then on the entry calls no JNI function until
// JniArgs goes out of scope and unpins them (in reverse order). A buffer's length is
// caps[i] (trusted, as PacketBatch fills it); buffers are pinned only when the count and
// the caps window are valid (else the implementation refuses the call before reading any).
// Pin() returns false, with OutOfMemoryError pending and nothing pinned, if the JVM refused
// a pin: the entry returns at once.
#pragma once

#include <jni.h>

#include <array>

#include "jni/cpp/packet_args.h"

namespace jvbfastpath::jni {

class JniArgs {
 public:
  explicit JniArgs(JNIEnv* env) : env_(env) {}
  ~JniArgs() { Unpin(pinned_); }
  JniArgs(const JniArgs&) = delete;
  JniArgs& operator=(const JniArgs&) = delete;

  template <typename T>
  void Add(jarray array, Array<T>& out) {
    out = Array<T>{array == nullptr ? 0 : env_->GetArrayLength(array), nullptr};
    Note(array, reinterpret_cast<void**>(&out.body));
  }
  void AddBuffers(Batch& batch, const std::array<jbyteArray, kBatch>& buffers, jintArray caps);
  bool Pin();

 private:
  void Note(jarray array, void** body);
  void Unpin(int count);

  struct Entry {
    jarray array;
    void** body;           // where the implementation's Array<T> wants the body
    void* pinned = nullptr;  // kept here: Unpin runs after those Arrays are gone
  };
  JNIEnv* env_;
  int count_ = 0;
  int pinned_ = 0;
  std::array<Entry, kBatch + 8> entries_{};
};

}  // namespace jvbfastpath::jni
