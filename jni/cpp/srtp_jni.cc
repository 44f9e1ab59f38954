// Natives: SRTP sessions (native/srtp). Thin: argument checks, translation. The packet
// natives (jni/packet_natives.txt) are jni::packet::SrtpTransform and SrtpTransformBatch.
//
// Results of a transform: the new length (>= 0), or -(status ordinal) for a failure, the
// ordinal being native/srtp/status.h's order (org.jvbfastpath.SrtpStatus, checked at load).
#include <jni.h>
#include <openssl/crypto.h>

#include <array>
#include <optional>
#include <memory>
#include <string>

#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/profile_arg.h"
#include "jni/packet_natives.h"
#include "native/srtp/srtp_session.h"

namespace jvbfastpath::jni {
namespace {

using srtp::PacketKind;
using srtp::SrtpSession;
using srtp::Status;

jlong MakeSession(JNIEnv* env, const srtp::MasterKey& key, jboolean outbound, jint replay_window,
                  jint max_streams, jboolean strict, jboolean cryptex) {
  if (replay_window < 0 || max_streams < 0) {
    ThrowIllegalArgument(env, "replay window and max streams must not be negative");
    return 0;
  }
  srtp::SessionConfig config;
  config.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  config.replay_window = static_cast<uint32_t>(replay_window);
  config.max_streams = static_cast<uint32_t>(max_streams);
  config.strict_ssrcs = strict;
  config.cryptex = cryptex;
  std::string error;
  std::unique_ptr<SrtpSession> session = SrtpSession::Create(key, config, &error);
  if (!session) {
    ThrowIllegalArgument(env, error.c_str());
    return 0;
  }
  return ToHandle(session.release());
}

jlong Create(JNIEnv* env, jclass, jint profile_arg, jbyteArray key_and_salt, jboolean outbound,
             jint replay_window, jint max_streams, jboolean strict, jboolean cryptex) {
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
  return MakeSession(env, *key, outbound, replay_window, max_streams, strict, cryptex);
}

jlong CreateFromDtls(JNIEnv* env, jclass, jint profile_arg, jbyteArray material,
                     jboolean we_are_client, jboolean outbound, jint replay_window,
                     jint max_streams, jboolean strict, jboolean cryptex) {
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
                     max_streams, strict, cryptex);
}

void Destroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<SrtpSession>(handle); }

Status Run(SrtpSession& session, PacketKind kind, std::span<uint8_t> buffer, size_t& length) {
  const bool outbound = session.direction() == srtp::Direction::kOutbound;
  if (kind == PacketKind::kRtp) {
    return outbound ? session.ProtectRtp(buffer, length) : session.UnprotectRtp(buffer, length);
  }
  return outbound ? session.ProtectRtcp(buffer, length) : session.UnprotectRtcp(buffer, length);
}

// Returns the ROC, or -1 if the session has no stream for the SSRC.
jlong GetRoc(JNIEnv* env, jclass, jlong handle, jint ssrc) {
  auto* session = Arg<SrtpSession>(env, handle, "the SRTP session is closed");
  if (session == nullptr) return -1;
  auto roc = session->GetRolloverCounter(static_cast<uint32_t>(ssrc));
  return roc ? static_cast<jlong>(*roc) : -1;
}

}  // namespace

bool RegisterSrtpNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("srtpCreate", "(I[BZIIZZ)J", Create),
      JVBFASTPATH_NATIVE("srtpCreateFromDtls", "(I[BZZIIZZ)J", CreateFromDtls),
      JVBFASTPATH_NATIVE("srtpDestroy", "(J)V", Destroy),
      JVBFASTPATH_NATIVE("srtpGetRoc", "(JI)J", GetRoc),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods,
                         static_cast<int>(std::size(kMethods)));
}

}  // namespace jvbfastpath::jni

namespace jvbfastpath::jni::packet {

namespace {

// Protects or unprotects `slots` as the session's direction says; returns how many were ok.
size_t TransformSlots(srtp::SrtpSession& session, jboolean rtcp,
                      std::span<srtp::PacketSlot> slots) {
  const bool outbound = session.direction() == srtp::Direction::kOutbound;
  return rtcp ? (outbound ? session.ProtectRtcpBatch(slots) : session.UnprotectRtcpBatch(slots))
              : (outbound ? session.ProtectRtpBatch(slots) : session.UnprotectRtpBatch(slots));
}

}  // namespace

// One packet, the first `len` bytes from `off` (the buffer spans to the end of its array:
// room for the trailer): the new length, or -status; no room for a trailer is refused.
jint SrtpTransform(jlong handle, jboolean rtcp, Array<jbyte> buf, jint off, jint len) {
  auto* session = FromHandle<srtp::SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  if (buf.body == nullptr) return Refuse(Refusal::kNullBuffer);
  if (!RangeFits(off, len, buf.length)) return Refuse(Refusal::kBufferRange);
  size_t length = static_cast<size_t>(len);
  const srtp::Status status =
      Run(*session, rtcp ? srtp::PacketKind::kRtcp : srtp::PacketKind::kRtp,
          {reinterpret_cast<uint8_t*>(buf.body) + off, static_cast<size_t>(buf.length - off)},
          length);
  if (status == srtp::Status::kNoRoom) return Refuse(Refusal::kNoRoom);
  return status == srtp::Status::kOk ? static_cast<jint>(length) : -static_cast<jint>(status);
}

// A batch: statuses[start + i] = packet i's SrtpStatus ordinal (a failed packet keeps its
// length). Returns how many were ok.
jint SrtpTransformBatch(jlong handle, jboolean rtcp, const Batch& batch, Array<jbyte> statuses) {
  auto* session = FromHandle<srtp::SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  std::array<srtp::PacketSlot, kBatch> all;
  if (const Refusal r = CheckBatch(batch, all); r != Refusal::kNone) return Refuse(r);
  if (!statuses.Fits(batch.start, batch.count)) return Refuse(Refusal::kArrayWindow);
  const std::span<srtp::PacketSlot> slots(all.data(), static_cast<size_t>(batch.count));
  const size_t ok = TransformSlots(*session, rtcp, slots);
  std::array<jbyte, kBatch> codes;
  for (size_t i = 0; i < slots.size(); ++i) codes[i] = static_cast<jbyte>(slots[i].status);
  WriteBack(batch, slots, {codes.data(), slots.size()}, statuses);
  return static_cast<jint>(ok);
}

// A batch the Java side staged in one array (PacketBatch.stage: small packets through the
// JNI entry, one pin for all their bytes instead of one per buffer; Batch::staging).
jint SrtpTransformStaged(jlong handle, jboolean rtcp, Array<jbyte> staging, jint count,
                         Array<jint> slots, Array<jbyte> statuses, jint start) {
  Batch batch;
  batch.count = count;
  batch.start = start;
  batch.staging = staging;
  batch.slots = slots;
  return SrtpTransformBatch(handle, rtcp, batch, statuses);
}

// Session queries: a boolean result is 1 or 0.
jint SrtpProtectRoom(jlong handle, jboolean rtcp) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  return static_cast<jint>(session->ProtectRoom(rtcp ? PacketKind::kRtcp : PacketKind::kRtp));
}

jint SrtpAddStream(jlong handle, jint ssrc) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  return session->AddStream(static_cast<uint32_t>(ssrc)) ? 1 : 0;
}

jint SrtpRemoveStream(jlong handle, jint ssrc) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  return session->RemoveStream(static_cast<uint32_t>(ssrc)) ? 1 : 0;
}

jint SrtpSetRoc(jlong handle, jint ssrc, jint roc) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  return session->SetRolloverCounter(static_cast<uint32_t>(ssrc), static_cast<uint32_t>(roc));
}

// out = {stream count, streams evicted}.
jint SrtpStreamStats(jlong handle, Array<jlong> out) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  if (!out.Fits(0, 2)) return Refuse(Refusal::kShortArray);
  out.body[0] = static_cast<jlong>(session->stream_count());
  out.body[1] = static_cast<jlong>(session->streams_evicted());
  return 0;
}

// out[kind * kStatusCount + status] for kind in {RTP, RTCP}.
jint SrtpCounters(jlong handle, Array<jlong> out) {
  auto* session = FromHandle<SrtpSession>(handle);
  if (session == nullptr) return Refuse(Refusal::kClosed);
  if (!out.Fits(0, 2 * srtp::kStatusCount)) return Refuse(Refusal::kShortArray);
  for (int kind = 0; kind < 2; ++kind) {
    for (int s = 0; s < srtp::kStatusCount; ++s) {
      out.body[kind * srtp::kStatusCount + s] = static_cast<jlong>(
          session->counters().Get(static_cast<PacketKind>(kind), static_cast<Status>(s)));
    }
  }
  return 0;
}

}  // namespace jvbfastpath::jni::packet
