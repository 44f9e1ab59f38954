// libjvbfastpath_bench.so: the native side of ./fastpath bench jni.
//
// NativeBench.run does the same SRTP work as the Java-driven calls (same profile, payload,
// batch size, same per-packet copy of a fresh packet into the work buffer), entirely in
// native code, so the JNI benchmark can set Java->JNI->native against native alone in the
// same JVM and the same run. It links its own copy of the native core (libsrtp hidden in
// both libraries), which also shows two copies coexisting in one process.
#include <jni.h>

#include <array>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "native/srtp/srtp_session.h"

namespace jvbfastpath::bench {
namespace {

using srtp::PacketSlot;
using srtp::SrtpSession;

std::unique_ptr<SrtpSession> MakeSession(srtp::Profile profile, bool outbound) {
  const auto& info = srtp::Info(profile);
  std::vector<uint8_t> bytes(info.master_key_length + info.master_salt_length);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 13 + 1);
  auto key = srtp::MasterKey::Create(profile, bytes);
  srtp::SessionConfig config;
  config.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  std::string error;
  return SrtpSession::Create(*key, config, &error);
}

// A fresh packet: the template copied in, then its sequence number (as JniBench does).
void FillPacket(uint8_t* p, const std::vector<uint8_t>& plain, uint16_t seq) {
  std::memcpy(p, plain.data(), plain.size());
  p[2] = static_cast<uint8_t>(seq >> 8);
  p[3] = static_cast<uint8_t>(seq);
}

std::vector<uint8_t> PlainPacket(size_t payload) {
  std::vector<uint8_t> p(12 + payload);
  p[0] = 0x80;
  p[1] = 96;
  p[8] = 0x11;
  p[9] = 0x22;
  p[10] = 0x33;
  p[11] = 0x44;
  for (size_t i = 0; i < payload; ++i) p[12 + i] = static_cast<uint8_t>(i);
  return p;
}

// Returns the nanoseconds spent on `packets` packets (rounded up to whole batches), or -1.
jlong Run(JNIEnv*, jclass, jint profile_index, jint payload, jint batch, jboolean protect,
          jint packets) {
  if (profile_index < 0 || profile_index >= 4 || payload < 0 || batch < 1 || batch > 256) {
    return -1;
  }
  const srtp::Profile profile = srtp::kAllProfiles[profile_index];
  const size_t length = 12 + static_cast<size_t>(payload);
  const size_t capacity = length + srtp::kMaxTrailerLength;
  const std::vector<uint8_t> plain = PlainPacket(static_cast<size_t>(payload));
  auto sender = MakeSession(profile, true);
  auto receiver = MakeSession(profile, false);
  std::vector<std::vector<uint8_t>> work(batch, std::vector<uint8_t>(capacity));
  std::vector<PacketSlot> slots(batch);
  // Unprotect runs consume packets protected ahead of time, outside the timed region.
  constexpr size_t kChunk = 4096;
  std::vector<std::vector<uint8_t>> ready(kChunk, std::vector<uint8_t>(capacity));
  std::vector<size_t> ready_length(kChunk);
  size_t next = kChunk;
  uint16_t seq = 0;
  std::chrono::nanoseconds elapsed{0};
  const int rounds = (packets + batch - 1) / batch;
  for (int r = 0; r < rounds; ++r) {
    if (!protect && next + static_cast<size_t>(batch) > kChunk) {
      for (size_t i = 0; i < kChunk; ++i) {
        FillPacket(ready[i].data(), plain, seq++);
        ready_length[i] = length;
        sender->ProtectRtp(ready[i], ready_length[i]);
      }
      next = 0;
    }
    for (int i = 0; i < batch; ++i) {
      if (protect) {
        FillPacket(work[i].data(), plain, seq++);
        slots[i] = PacketSlot{work[i], length, srtp::Status::kOk};
      } else {
        std::memcpy(work[i].data(), ready[next].data(), ready_length[next]);
        slots[i] = PacketSlot{work[i], ready_length[next], srtp::Status::kOk};
        ++next;
      }
    }
    const auto start = std::chrono::steady_clock::now();  // the SRTP call alone
    if (batch == 1) {
      protect ? sender->ProtectRtp(slots[0].buffer, slots[0].length)
              : receiver->UnprotectRtp(slots[0].buffer, slots[0].length);
    } else if (protect) {
      sender->ProtectRtpBatch(slots);
    } else {
      receiver->UnprotectRtpBatch(slots);
    }
    elapsed += std::chrono::steady_clock::now() - start;
    if (slots[0].status != srtp::Status::kOk) return -1;
  }
  return static_cast<jlong>(elapsed.count());
}

}  // namespace
}  // namespace jvbfastpath::bench

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  jclass cls = env->FindClass("org/jvbfastpath/bench/NativeBench");
  if (cls == nullptr) return JNI_ERR;
  static const JNINativeMethod kMethods[] = {
      {const_cast<char*>("run"), const_cast<char*>("(IIIZI)J"),
       reinterpret_cast<void*>(&jvbfastpath::bench::Run)},
  };
  if (env->RegisterNatives(cls, kMethods, 1) != JNI_OK) return JNI_ERR;
  return JNI_VERSION_1_8;
}
