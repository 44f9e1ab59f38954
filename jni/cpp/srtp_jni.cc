// Natives: SRTP sessions (native/srtp). Thin: argument checks, pinning, translation.
//
// Results of a transform: the new length (>= 0), or -(status ordinal) for a failure, the
// ordinal being native/srtp/status.h's order (org.jvbfastpath.SrtpStatus mirrors it).
#include <jni.h>
#include <openssl/crypto.h>

#include <array>
#include <optional>
#include <memory>
#include <string>

#include "jni/cpp/critical_batch.h"
#include "jni/cpp/critical_natives.h"
#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/pinned_batch.h"
#include "jni/cpp/profile_arg.h"
#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {
namespace {

using srtp::PacketKind;
using srtp::SrtpSession;
using srtp::Status;

jlong MakeSession(JNIEnv* env, const srtp::MasterKey& key, jboolean outbound, jint replay_window,
                  jint max_streams, jboolean strict) {
  if (replay_window < 0 || max_streams < 0) {
    ThrowIllegalArgument(env, "replay window and max streams must not be negative");
    return 0;
  }
  srtp::SessionConfig config;
  config.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  config.replay_window = static_cast<uint32_t>(replay_window);
  config.max_streams = static_cast<uint32_t>(max_streams);
  config.strict_ssrcs = strict;
  std::string error;
  std::unique_ptr<SrtpSession> session = SrtpSession::Create(key, config, &error);
  if (!session) {
    ThrowIllegalArgument(env, error.c_str());
    return 0;
  }
  return ToHandle(session.release());
}

jlong Create(JNIEnv* env, jclass, jint profile_arg, jbyteArray key_and_salt, jboolean outbound,
             jint replay_window, jint max_streams, jboolean strict) {
  auto profile = ProfileArg(env, profile_arg);
  if (!profile) return 0;
  const srtp::ProfileInfo& info = srtp::Info(*profile);
  std::array<uint8_t, 64> scratch{};
  std::span<uint8_t> raw(scratch.data(), info.master_key_length + info.master_salt_length);
  if (!CopyByteArray(env, key_and_salt, raw, "master key || salt has the wrong length")) {
    OPENSSL_cleanse(scratch.data(), scratch.size());
    return 0;
  }
  auto key = srtp::MasterKey::Create(*profile, raw);
  OPENSSL_cleanse(scratch.data(), scratch.size());
  if (!key) {
    ThrowIllegalArgument(env, "master key || salt has the wrong length");
    return 0;
  }
  return MakeSession(env, *key, outbound, replay_window, max_streams, strict);
}

jlong CreateFromDtls(JNIEnv* env, jclass, jint profile_arg, jbyteArray material,
                     jboolean we_are_client, jboolean outbound, jint replay_window,
                     jint max_streams, jboolean strict) {
  auto profile = ProfileArg(env, profile_arg);
  if (!profile) return 0;
  const srtp::ProfileInfo& info = srtp::Info(*profile);
  std::array<uint8_t, 2 * (32 + 14)> scratch{};
  std::span<uint8_t> raw(scratch.data(), 2 * (info.master_key_length + info.master_salt_length));
  if (!CopyByteArray(env, material, raw, "DTLS keying material has the wrong length")) {
    OPENSSL_cleanse(scratch.data(), scratch.size());
    return 0;
  }
  auto keys = srtp::SplitDtlsKeyingMaterial(
      *profile, raw, we_are_client ? srtp::DtlsRole::kClient : srtp::DtlsRole::kServer);
  OPENSSL_cleanse(scratch.data(), scratch.size());
  if (!keys) {
    ThrowIllegalArgument(env, "DTLS keying material has the wrong length");
    return 0;
  }
  return MakeSession(env, outbound ? keys->local : keys->remote, outbound, replay_window,
                     max_streams, strict);
}

void Destroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<SrtpSession>(handle); }

SrtpSession* SessionArg(JNIEnv* env, jlong handle) {
  return Arg<SrtpSession>(env, handle, "the SRTP session is closed");
}

Status Run(SrtpSession& session, PacketKind kind, std::span<uint8_t> buffer, size_t& length) {
  const bool outbound = session.direction() == srtp::Direction::kOutbound;
  if (kind == PacketKind::kRtp) {
    return outbound ? session.ProtectRtp(buffer, length) : session.UnprotectRtp(buffer, length);
  }
  return outbound ? session.ProtectRtcp(buffer, length) : session.UnprotectRtcp(buffer, length);
}

// One packet, the first `len` bytes of `buffer` (which spans to the end of its array: room
// for the trailer): the new length, or -status (kNoRoom included: the caller reports it).
jint TransformOneWork(SrtpSession& session, bool rtcp, std::span<uint8_t> buffer, jint len) {
  size_t length = static_cast<size_t>(len);
  const Status status = Run(session, rtcp ? PacketKind::kRtcp : PacketKind::kRtp, buffer, length);
  return status == Status::kOk ? static_cast<jint>(length) : -static_cast<jint>(status);
}

jint Transform(JNIEnv* env, jclass, jlong handle, jboolean rtcp, jbyteArray buf, jint off,
               jint len) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return 0;
  if (buf == nullptr) {
    ThrowNullPointer(env, "packet buffer is null");
    return 0;
  }
  const jint array_length = env->GetArrayLength(buf);
  if (!CheckRange(env, off, len, array_length)) return 0;
  jint result;
  {
    CriticalBytes bytes(env, buf);
    if (!bytes.ok()) return 0;  // OutOfMemoryError pending
    result = TransformOneWork(
        *session, rtcp != JNI_FALSE,
        {bytes.data() + off, static_cast<size_t>(array_length - off)}, len);
  }
  if (result == -static_cast<jint>(Status::kNoRoom)) {
    ThrowIllegalArgument(env, "protect needs room after the packet for the SRTP trailer");
    return 0;
  }
  return result;
}

// Transforms a batch whose buffers are reachable (pinned, or handed over to a critical twin:
// critical_batch.h); per packet into `out` its length (the new one if ok; the session leaves
// a failed packet's as it was) and its SRTP status. Returns how many were ok.
jint TransformWork(SrtpSession& session, bool rtcp, std::span<srtp::PacketSlot> slots,
                   BatchOutput& out) {
  const bool outbound = session.direction() == srtp::Direction::kOutbound;
  const size_t ok = rtcp ? (outbound ? session.ProtectRtcpBatch(slots)
                                     : session.UnprotectRtcpBatch(slots))
                         : (outbound ? session.ProtectRtpBatch(slots)
                                     : session.UnprotectRtpBatch(slots));
  for (size_t i = 0; i < slots.size(); ++i) {
    out.lengths[i] = static_cast<jint>(slots[i].length);
    out.codes[i] = static_cast<jbyte>(slots[i].status);
  }
  return static_cast<jint>(ok);
}

// A batch of up to kBatch packets (pinned_batch.h): SrtpSession's batch calls it for each
// 32; statuses[start + i] = packet i's SrtpStatus ordinal. Returns how many were ok.
jint TransformBatch(JNIEnv* env, jclass, jlong handle, jboolean rtcp, JVBFASTPATH_BATCH_PARAMS,
                    jbyteArray statuses) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return 0;
  PinnedBatch batch(env, count, JVBFASTPATH_BATCH_BUFFERS, caps, offs, lens, start);
  if (!batch.ok() || !CheckWindow(env, statuses, start, count, false) || !batch.Pin()) return 0;
  BatchOutput out;
  const jint ok = TransformWork(*session, rtcp != JNI_FALSE, batch.slots(), out);
  batch.Release();
  batch.WriteBack(lens, statuses, out);
  return ok;
}

jint ProtectRoom(JNIEnv* env, jclass, jlong handle, jboolean rtcp) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return 0;
  return static_cast<jint>(session->ProtectRoom(rtcp ? PacketKind::kRtcp : PacketKind::kRtp));
}

jboolean RemoveStream(JNIEnv* env, jclass, jlong handle, jint ssrc) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return JNI_FALSE;
  return session->RemoveStream(static_cast<uint32_t>(ssrc)) ? JNI_TRUE : JNI_FALSE;
}

jboolean AddStream(JNIEnv* env, jclass, jlong handle, jint ssrc) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return JNI_FALSE;
  return session->AddStream(static_cast<uint32_t>(ssrc)) ? JNI_TRUE : JNI_FALSE;
}

jboolean SetRoc(JNIEnv* env, jclass, jlong handle, jint ssrc, jint roc) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return JNI_FALSE;
  return session->SetRolloverCounter(static_cast<uint32_t>(ssrc), static_cast<uint32_t>(roc))
             ? JNI_TRUE
             : JNI_FALSE;
}

// Returns the ROC, or -1 if the session has no stream for the SSRC.
jlong GetRoc(JNIEnv* env, jclass, jlong handle, jint ssrc) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return -1;
  auto roc = session->GetRolloverCounter(static_cast<uint32_t>(ssrc));
  return roc ? static_cast<jlong>(*roc) : -1;
}

// {stream count, streams evicted}
void StreamStats(JNIEnv* env, jclass, jlong handle, jlongArray out) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return;
  if (out == nullptr || env->GetArrayLength(out) < 2) {
    ThrowIllegalArgument(env, "stream stats array too short");
    return;
  }
  const jlong values[2] = {static_cast<jlong>(session->stream_count()),
                           static_cast<jlong>(session->streams_evicted())};
  env->SetLongArrayRegion(out, 0, 2, values);
}

// Fills out[kind * kStatusCount + status] for kind in {RTP, RTCP}.
void Counters(JNIEnv* env, jclass, jlong handle, jlongArray out) {
  SrtpSession* session = SessionArg(env, handle);
  if (session == nullptr) return;
  constexpr jint kCount = 2 * srtp::kStatusCount;
  if (out == nullptr || env->GetArrayLength(out) < kCount) {
    ThrowIllegalArgument(env, "counter array too short");
    return;
  }
  std::array<jlong, kCount> values;
  for (int kind = 0; kind < 2; ++kind) {
    for (int s = 0; s < srtp::kStatusCount; ++s) {
      values[kind * srtp::kStatusCount + s] = static_cast<jlong>(
          session->counters().Get(static_cast<PacketKind>(kind), static_cast<Status>(s)));
    }
  }
  env->SetLongArrayRegion(out, 0, kCount, values.data());
}

jobjectArray StatusNames(JNIEnv* env, jclass) {
  jclass string_class = env->FindClass("java/lang/String");
  if (string_class == nullptr) return nullptr;
  jobjectArray result = env->NewObjectArray(srtp::kStatusCount, string_class, nullptr);
  if (result == nullptr) return nullptr;
  for (int s = 0; s < srtp::kStatusCount; ++s) {
    std::string name(srtp::StatusName(static_cast<Status>(s)));
    jstring js = env->NewStringUTF(name.c_str());
    if (js == nullptr) return nullptr;
    env->SetObjectArrayElement(result, s, js);
    env->DeleteLocalRef(js);
  }
  return result;
}

}  // namespace

bool RegisterSrtpNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("srtpCreate", "(I[BZIIZ)J", Create),
      JVBFASTPATH_NATIVE("srtpCreateFromDtls", "(I[BZZIIZ)J", CreateFromDtls),
      JVBFASTPATH_NATIVE("srtpDestroy", "(J)V", Destroy),
      JVBFASTPATH_NATIVE("srtpTransform", "(JZ[BII)I", Transform),
      JVBFASTPATH_NATIVE("srtpTransformBatch", "(JZ" JVBFASTPATH_BATCH_SIGNATURE "[B)I",
                         TransformBatch),
      JVBFASTPATH_NATIVE("srtpProtectRoom", "(JZ)I", ProtectRoom),
      JVBFASTPATH_NATIVE("srtpAddStream", "(JI)Z", AddStream),
      JVBFASTPATH_NATIVE("srtpRemoveStream", "(JI)Z", RemoveStream),
      JVBFASTPATH_NATIVE("srtpCounters", "(J[J)V", Counters),
      JVBFASTPATH_NATIVE("srtpSetRoc", "(JII)Z", SetRoc),
      JVBFASTPATH_NATIVE("srtpGetRoc", "(JI)J", GetRoc),
      JVBFASTPATH_NATIVE("srtpStreamStats", "(J[J)V", StreamStats),
      JVBFASTPATH_NATIVE("srtpStatusNames", "()[Ljava/lang/String;", StatusNames),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods,
                         static_cast<int>(std::size(kMethods)));
}

}  // namespace jvbfastpath::jni

// The critical twins (critical_batch.h) of Transform and TransformBatch. Transform's returns
// the new length or -status as Transform does (-kNoRoom included: its caller throws), and
// kSingleRefused - BatchError for what Transform throws.
JVBFASTPATH_CRITICAL(srtpTransform)(jlong handle, jboolean rtcp, jint buf_n, jbyte* buf,
                                    jint off, jint len) {
  using namespace jvbfastpath::jni;
  auto* session = FromHandle<jvbfastpath::srtp::SrtpSession>(handle);
  if (session == nullptr) return CriticalSingleError(BatchError::kClosed);
  if (const BatchError error = CheckBuffer(buf != nullptr, buf_n, off, len);
      error != BatchError::kNone) {
    return CriticalSingleError(error);
  }
  return TransformOneWork(*session, rtcp != JNI_FALSE,
                          {reinterpret_cast<uint8_t*>(buf) + off, static_cast<size_t>(buf_n - off)},
                          len);
}

JVBFASTPATH_CRITICAL(srtpTransformBatch)(jlong handle, jboolean rtcp,
                                         JVBFASTPATH_CRITICAL_BATCH_PARAMS, jint statuses_n,
                                         jbyte* statuses) {
  using namespace jvbfastpath::jni;
  auto* session = FromHandle<jvbfastpath::srtp::SrtpSession>(handle);
  if (session == nullptr) return CriticalError(BatchError::kClosed);
  JVBFASTPATH_CRITICAL_BATCH(batch);
  if (batch.error() != BatchError::kNone) return CriticalError(batch.error());
  const CriticalArray<jbyte> codes{statuses_n, statuses};
  if (!codes.Fits(start, count)) return CriticalError(BatchError::kArrayWindow);
  BatchOutput out;
  const jint ok = TransformWork(*session, rtcp != JNI_FALSE, batch.slots(), out);
  batch.WriteBack(codes, out);
  return ok;
}
