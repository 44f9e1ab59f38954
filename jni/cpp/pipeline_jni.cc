// Natives: conferences, endpoints (ingress/egress batches), packet metadata, stream
// rewriters (native/pipeline, native/rewrite). Thin: argument checks, pinning, translation.
#include <jni.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/packet_info_fields.h"
#include "jni/cpp/profile_arg.h"
#include "jni/packet_natives.h"
#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/rewrite/stream_rewriter.h"

namespace jvbfastpath::jni {
namespace {

using pipeline::Conference;
using pipeline::Endpoint;
using pipeline::IngressResult;

// Handles own their objects through these holders: an endpoint keeps its conference alive,
// so Java may free the two in any order (Cleaners run in no particular order).
using ConferenceHolder = std::shared_ptr<Conference>;
struct EndpointHolder {
  ConferenceHolder conference;        // destroyed after the endpoint (declaration order)
  std::unique_ptr<Endpoint> endpoint;
};

// Ingress results for a window of packets, kept native so egress can use them.
struct PacketMetadata {
  explicit PacketMetadata(size_t capacity) : results(capacity) {}
  // Slots [start, start + count) exist (count >= 0).
  bool Holds(jint start, jint count = 1) const {
    return start >= 0 && count >= 0 &&
           static_cast<size_t>(start) + static_cast<size_t>(count) <= results.size();
  }
  std::vector<IngressResult> results;
};

// *out = the string's modified UTF-8 (null: empty). False, with OutOfMemoryError pending,
// if the JVM could not give the characters: the caller must return at once.
bool JavaString(JNIEnv* env, jstring s, std::string* out) {
  out->clear();
  if (s == nullptr) return true;
  const char* chars = env->GetStringUTFChars(s, nullptr);
  if (chars == nullptr) return false;
  out->assign(chars);
  env->ReleaseStringUTFChars(s, chars);
  return true;
}

jlong ConfCreate(JNIEnv* env, jclass, jstring id, jint mode, jint expected) {
  if (mode < 0 || mode > 3 || expected < 0 || expected > 2) {
    ThrowIllegalArgument(env, "unknown conference mode or expected envelope");
    return 0;
  }
  std::string name;
  if (!JavaString(env, id, &name)) return 0;
  auto* holder = new ConferenceHolder(std::make_shared<Conference>(
      name, static_cast<conference::Mode>(mode),
      static_cast<e2ee::ExpectedEnvelope>(expected)));
  return ToHandle(holder);
}

void ConfDestroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<ConferenceHolder>(handle); }

Conference* ConferenceArg(JNIEnv* env, jlong handle) {
  auto* holder = Arg<ConferenceHolder>(env, handle, "the conference is closed");
  return holder == nullptr ? nullptr : holder->get();
}

jstring ConfMetrics(JNIEnv* env, jclass, jlong handle, jboolean prometheus) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return nullptr;
  stats::Metrics m;
  c->ExportMetrics(m);
  const std::string text = prometheus ? m.ToPrometheus() : m.ToJson();
  return env->NewStringUTF(text.c_str());
}

jlong EpCreate(JNIEnv* env, jclass, jlong conf_handle, jstring id, jint profile,
               jbyteArray keying_material, jboolean bridge_is_dtls_client,
               jboolean needs_plaintext, jintArray ext_ids, jobjectArray ext_uris,
               jintArray pts, jobjectArray codecs, jint replay_window, jboolean cryptex) {
  auto* conference = Arg<ConferenceHolder>(env, conf_handle, "the conference is closed");
  if (conference == nullptr) return 0;
  Conference* c = conference->get();
  const std::optional<srtp::Profile> srtp_profile = ProfileArg(env, profile);
  if (!srtp_profile) return 0;
  if (keying_material == nullptr || ext_ids == nullptr || ext_uris == nullptr || pts == nullptr ||
      codecs == nullptr) {
    ThrowNullPointer(env, "endpoint arguments must not be null");
    return 0;
  }
  pipeline::EndpointConfig config;
  if (!JavaString(env, id, &config.id)) return 0;
  config.profile = *srtp_profile;
  config.dtls_role = bridge_is_dtls_client ? srtp::DtlsRole::kClient : srtp::DtlsRole::kServer;
  config.needs_plaintext = needs_plaintext;
  config.cryptex = cryptex;
  if (replay_window > 0) config.replay_window = static_cast<uint32_t>(replay_window);
  const jsize n_ext = env->GetArrayLength(ext_ids);
  const jsize n_pt = env->GetArrayLength(pts);
  if (env->GetArrayLength(ext_uris) != n_ext || env->GetArrayLength(codecs) != n_pt) {
    ThrowIllegalArgument(env, "id and name arrays differ in length");
    return 0;
  }
  std::vector<jint> ids(static_cast<size_t>(n_ext)), types(static_cast<size_t>(n_pt));
  env->GetIntArrayRegion(ext_ids, 0, n_ext, ids.data());
  env->GetIntArrayRegion(pts, 0, n_pt, types.data());
  // Each element's local reference is deleted after use: an SDP can have more extensions
  // and payload types than the 16 local references a native method is guaranteed.
  std::string text;
  for (jsize i = 0; i < n_ext; ++i) {
    auto uri = static_cast<jstring>(env->GetObjectArrayElement(ext_uris, i));
    const bool read = JavaString(env, uri, &text);
    env->DeleteLocalRef(uri);
    if (!read) return 0;
    if (ids[i] < 1 || ids[i] > 255 ||
        !config.extensions.Register(static_cast<uint8_t>(ids[i]), text)) {
      ThrowIllegalArgument(env, "bad header extension id");
      return 0;
    }
  }
  for (jsize i = 0; i < n_pt; ++i) {
    auto name = static_cast<jstring>(env->GetObjectArrayElement(codecs, i));
    const bool read = JavaString(env, name, &text);
    env->DeleteLocalRef(name);
    if (!read) return 0;
    if (types[i] < 0 || types[i] > 127 ||
        !config.payload_types.Set(static_cast<uint8_t>(types[i]), text)) {
      ThrowIllegalArgument(env, "bad payload type");
      return 0;
    }
  }
  const jsize km_length = env->GetArrayLength(keying_material);
  std::vector<uint8_t> km(static_cast<size_t>(km_length));
  env->GetByteArrayRegion(keying_material, 0, km_length, reinterpret_cast<jbyte*>(km.data()));
  std::string error;
  std::unique_ptr<Endpoint> e = Endpoint::Create(*c, std::move(config), km, &error);
  OPENSSL_cleanse(km.data(), km.size());
  if (!e) {
    ThrowIllegalArgument(env, error.c_str());
    return 0;
  }
  return ToHandle(new EndpointHolder{*conference, std::move(e)});
}

void EpDestroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<EndpointHolder>(handle); }

jlong MetaCreate(JNIEnv* env, jclass, jint capacity) {
  if (capacity < 1 || capacity > (1 << 16)) {
    ThrowIllegalArgument(env, "metadata capacity must be 1..65536");
    return 0;
  }
  return ToHandle(new PacketMetadata(static_cast<size_t>(capacity)));
}

void MetaDestroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<PacketMetadata>(handle); }

jlong RwCreate(JNIEnv* env, jclass, jint out_ssrc, jint clock_rate, jboolean rewrite_ssrc) {
  if (clock_rate <= 0) {
    ThrowIllegalArgument(env, "clock rate must be positive");
    return 0;
  }
  rewrite::StreamRewriteConfig config;
  config.out_ssrc = static_cast<uint32_t>(out_ssrc);
  config.clock_rate = static_cast<uint32_t>(clock_rate);
  config.rewrite_ssrc = rewrite_ssrc;
  return ToHandle(new rewrite::StreamRewriter(config));
}

void RwDestroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<rewrite::StreamRewriter>(handle); }

}  // namespace

bool RegisterPipelineNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("confCreate", "(Ljava/lang/String;II)J", ConfCreate),
      JVBFASTPATH_NATIVE("confDestroy", "(J)V", ConfDestroy),
      JVBFASTPATH_NATIVE("confMetrics", "(JZ)Ljava/lang/String;", ConfMetrics),
      JVBFASTPATH_NATIVE("epCreate",
                         "(JLjava/lang/String;I[BZZ[I[Ljava/lang/String;[I[Ljava/lang/String;IZ)J",
                         EpCreate),
      JVBFASTPATH_NATIVE("epDestroy", "(J)V", EpDestroy),
      JVBFASTPATH_NATIVE("metaCreate", "(I)J", MetaCreate),
      JVBFASTPATH_NATIVE("metaDestroy", "(J)V", MetaDestroy),
      JVBFASTPATH_NATIVE("rwCreate", "(IIZ)J", RwCreate),
      JVBFASTPATH_NATIVE("rwDestroy", "(J)V", RwDestroy),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods, static_cast<int>(std::size(kMethods)));
}

}  // namespace jvbfastpath::jni

namespace jvbfastpath::jni::packet {

// Egress flags (FastpathEndpoint.EGRESS_*).
constexpr jbyte kEgressRtx = 1;
constexpr jbyte kEgressSetMarker = 2;

// Ingress of a batch into metadata slots metadataStart ..: lens[start + i] = the new length
// (SRTP trailer removed), drops[start + i] (drops may be null) = the DropReason ordinal,
// infos[i * kPacketInfoFields ..] (infos may be null; from 0, as caps) = packet i's flat
// record (PacketInfo). Returns how many are forwardable.
jint EpIngressBatch(jlong handle, const Batch& batch, jlong metadata, jint metadataStart,
                    jboolean unprotect, Array<jbyte> drops, Array<jint> infos) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (holder == nullptr || meta == nullptr) return Refuse(Refusal::kClosed);
  std::array<srtp::PacketSlot, kBatch> all;
  if (const Refusal r = CheckBatch(batch, all); r != Refusal::kNone) return Refuse(r);
  const jint count = batch.count;
  if (!drops.NullOrFits(batch.start, count) ||
      (infos.body != nullptr && infos.length / kPacketInfoFields < count)) {
    return Refuse(Refusal::kArrayWindow);
  }
  if (!meta->Holds(metadataStart, count)) return Refuse(Refusal::kMetadataRange);
  const std::span<srtp::PacketSlot> slots(all.data(), static_cast<size_t>(count));
  const std::span<IngressResult> window(meta->results.data() + metadataStart, slots.size());
  const size_t forwardable = unprotect ? holder->endpoint->Ingress(slots, window)
                                       : holder->endpoint->IngressPlain(slots, window);
  std::array<jbyte, kBatch> codes;
  for (size_t i = 0; i < window.size(); ++i) {
    // A held packet reports HELD even if this call settled it: its hold event says how.
    codes[i] = static_cast<jbyte>(window[i].was_held ? pipeline::DropReason::kHeld
                                                     : window[i].drop);
    if (infos.body != nullptr) FlattenPacketInfo(window[i], infos.body + i * kPacketInfoFields);
  }
  WriteBack(batch, slots, {codes.data(), slots.size()}, drops);
  return static_cast<jint>(forwardable);
}

// Egress of a batch: packet i is the copy of the packet in metadata slot
// metadataIndexes[start + i], rewritten by rewriter handle rewriters[start + i] (0: none),
// with flags[start + i] (EGRESS_*; flags may be null: none); lens[start + i] = the new
// length, drops[start + i] = the DropReason ordinal. Returns how many were sent.
jint EpEgressBatch(jlong handle, const Batch& batch, jlong metadata,
                   Array<jint> metadataIndexes, Array<jlong> rewriters, Array<jbyte> flags,
                   Array<jbyte> drops) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (holder == nullptr || meta == nullptr) return Refuse(Refusal::kClosed);
  std::array<srtp::PacketSlot, kBatch> all;
  if (const Refusal r = CheckBatch(batch, all); r != Refusal::kNone) return Refuse(r);
  const jint start = batch.start;
  const jint count = batch.count;
  if (!metadataIndexes.Fits(start, count) || !rewriters.Fits(start, count) ||
      !flags.NullOrFits(start, count) || !drops.Fits(start, count)) {
    return Refuse(Refusal::kArrayWindow);
  }
  std::array<pipeline::EgressItem, kBatch> items;
  for (jint i = 0; i < count; ++i) {
    const jint index = metadataIndexes.body[start + i];
    if (!meta->Holds(index)) return Refuse(Refusal::kMetadataRange);
    const jbyte f = flags.body == nullptr ? 0 : flags.body[start + i];
    items[i] = pipeline::EgressItem{&meta->results[index],
                                    FromHandle<rewrite::StreamRewriter>(rewriters.body[start + i]),
                                    (f & kEgressRtx) != 0, (f & kEgressSetMarker) != 0};
  }
  const auto n = static_cast<size_t>(count);
  const std::span<srtp::PacketSlot> slots(all.data(), n);
  std::array<pipeline::EgressResult, kBatch> egress;
  const size_t sent = holder->endpoint->Egress(slots, {items.data(), n}, {egress.data(), n});
  std::array<jbyte, kBatch> codes;
  for (size_t i = 0; i < n; ++i) codes[i] = static_cast<jbyte>(egress[i].drop);
  WriteBack(batch, slots, {codes.data(), n}, drops);
  return static_cast<jint>(sent);
}

// Packets not forwarded to a receiver (e.g. SVC layers above what it gets), in stream
// order: packet i, in metadata slot metadataIndexes[start + i], was not forwarded through
// rewriter handle rewriters[start + i] (0: none to tell). Everything is checked before any
// rewriter is told. FastpathEndpoint.skip calls it for each 32. Returns 0.
jint RwDropBatch(jlong metadata, Array<jint> metadataIndexes, Array<jlong> rewriters,
                 jint start, jint count) {
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (meta == nullptr) return Refuse(Refusal::kClosed);
  if (count < 0 || count > kBatch) return Refuse(Refusal::kCount);
  if (!metadataIndexes.Fits(start, count) || !rewriters.Fits(start, count)) {
    return Refuse(Refusal::kArrayWindow);
  }
  for (jint i = 0; i < count; ++i) {
    if (!meta->Holds(metadataIndexes.body[start + i])) return Refuse(Refusal::kMetadataRange);
  }
  for (jint i = 0; i < count; ++i) {
    auto* rw = FromHandle<rewrite::StreamRewriter>(rewriters.body[start + i]);
    if (rw != nullptr) rw->Drop(meta->results[metadataIndexes.body[start + i]].info);
  }
  return 0;
}

// out[i] = the drop reason of slot start + i (0: forwardable), for count slots.
jint MetaDrops(jlong metadata, jint start, jint count, Array<jbyte> out) {
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (meta == nullptr) return Refuse(Refusal::kClosed);
  if (!meta->Holds(start, count)) return Refuse(Refusal::kMetadataRange);
  if (!out.Fits(0, count)) return Refuse(Refusal::kArrayWindow);
  for (jint i = 0; i < count; ++i) out.body[i] = static_cast<jbyte>(meta->results[start + i].drop);
  return 0;
}

// out[0 .. kPacketInfoFields) = slot `index`'s record (PacketInfo).
jint MetaRead(jlong metadata, jint index, Array<jint> out) {
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (meta == nullptr) return Refuse(Refusal::kClosed);
  if (!meta->Holds(index)) return Refuse(Refusal::kMetadataRange);
  if (!out.Fits(0, kPacketInfoFields)) return Refuse(Refusal::kArrayWindow);
  FlattenPacketInfo(meta->results[index], out.body);
  return 0;
}

// The packet in metadata slot `index` is not forwarded through this rewriter (an SVC layer
// the receiver does not get): StreamRewriter::Drop, so its sequence numbers stay continuous.
jint RwDrop(jlong rewriter, jlong metadata, jint index) {
  auto* rw = FromHandle<rewrite::StreamRewriter>(rewriter);
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (rw == nullptr || meta == nullptr) return Refuse(Refusal::kClosed);
  if (!meta->Holds(index)) return Refuse(Refusal::kMetadataRange);
  rw->Drop(meta->results[index].info);
  return 0;
}

// Conference and endpoint queries.
Conference* ConferenceOf(jlong handle) {
  auto* holder = FromHandle<ConferenceHolder>(handle);
  return holder == nullptr ? nullptr : holder->get();
}

jint ConfMode(jlong handle) {
  Conference* c = ConferenceOf(handle);
  return c == nullptr ? Refuse(Refusal::kClosed) : static_cast<jint>(c->mode().mode);
}

// Returns the previous mode.
jint ConfSetMode(jlong handle, jint mode) {
  Conference* c = ConferenceOf(handle);
  if (c == nullptr) return Refuse(Refusal::kClosed);
  if (mode < 0 || mode >= static_cast<jint>(std::size(conference::kAllModes))) {
    return Refuse(Refusal::kUnknownValue);
  }
  return static_cast<jint>(c->SetMode(static_cast<conference::Mode>(mode)).mode);
}

// out = {count, sum_ns, bucket 0, ..., bucket N-1} of stage `stage`, merged over endpoints.
namespace {

// out = {count, sum_ns, bucket 0, ..., bucket N-1} of `snap`, or a refusal if out is short.
jint WriteHistogram(const stats::LatencyHistogram::Snapshot& snap, Array<jlong> out) {
  if (!out.Fits(0, 2 + stats::LatencyHistogram::kBuckets)) return Refuse(Refusal::kShortArray);
  out.body[0] = static_cast<jlong>(snap.count);
  out.body[1] = static_cast<jlong>(snap.sum_ns);
  std::copy(snap.buckets.begin(), snap.buckets.end(), out.body + 2);
  return 0;
}

}  // namespace

jint ConfStageLatency(jlong handle, jint stage, Array<jlong> out) {
  Conference* c = ConferenceOf(handle);
  if (c == nullptr) return Refuse(Refusal::kClosed);
  if (stage < 0 || stage >= static_cast<jint>(pipeline::Stage::kCount)) {
    return Refuse(Refusal::kUnknownValue);
  }
  return WriteHistogram(c->StageLatency(stage), out);
}

// The histogram of the time frames spent in the E2EE hold before their release.
jint ConfHoldLatency(jlong handle, Array<jlong> out) {
  Conference* c = ConferenceOf(handle);
  if (c == nullptr) return Refuse(Refusal::kClosed);
  return WriteHistogram(c->HoldLatency(), out);
}

// out[reason] = packets dropped for that reason, over the conference's endpoints.
jint ConfDrops(jlong handle, Array<jlong> out) {
  Conference* c = ConferenceOf(handle);
  if (c == nullptr) return Refuse(Refusal::kClosed);
  constexpr jint kLength = static_cast<jint>(pipeline::DropReason::kCount);
  if (!out.Fits(0, kLength)) return Refuse(Refusal::kShortArray);
  for (jint r = 0; r < kLength; ++r) out.body[r] = static_cast<jlong>(c->Drops(r));
  return 0;
}

// 1 if the endpoint's outbound session had a stream for `ssrc` (now forgotten), else 0.
jint EpRemoveOutboundStream(jlong handle, jint ssrc) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  if (holder == nullptr) return Refuse(Refusal::kClosed);
  return holder->endpoint->outbound().RemoveStream(static_cast<uint32_t>(ssrc)) ? 1 : 0;
}

// An RTX payload type `pt` for the media payload type `apt`: 1, or 0 if the table is full.
jint EpSetRtx(jlong handle, jint pt, jint apt) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  if (holder == nullptr) return Refuse(Refusal::kClosed);
  if (pt < 0 || pt > 127 || apt < 0 || apt > 127) return Refuse(Refusal::kUnknownValue);
  return holder->endpoint->SetRtxPayloadType(static_cast<uint8_t>(pt), static_cast<uint8_t>(apt))
             ? 1
             : 0;
}

// An RTX SSRC's media SSRC (a=ssrc-group:FID): 1, or 0 if the table is full.
jint EpAssociateRtx(jlong handle, jint rtxSsrc, jint mediaSsrc) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  if (holder == nullptr) return Refuse(Refusal::kClosed);
  return holder->endpoint->AssociateRtx(static_cast<uint32_t>(rtxSsrc),
                                        static_cast<uint32_t>(mediaSsrc))
             ? 1
             : 0;
}

// Up to min(lengths) hold events, oldest first: slots[i] = the held packet's metadata slot,
// before[i] = the slot it goes out right before (released) or -1 (dropped, or that packet
// is not in this metadata), verdicts[i] = its DropReason ordinal (0: released). An event
// whose packet is not in this metadata is consumed with slot -1. Returns how many.
jint EpTakeHoldEvents(jlong handle, jlong metadata, Array<jint> slots, Array<jint> before,
                      Array<jbyte> verdicts) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  auto* meta = FromHandle<PacketMetadata>(metadata);
  if (holder == nullptr || meta == nullptr) return Refuse(Refusal::kClosed);
  if (slots.body == nullptr || before.body == nullptr || verdicts.body == nullptr) {
    return Refuse(Refusal::kNullArray);
  }
  const jint capacity = std::min({slots.length, before.length, verdicts.length});
  auto slot_of = [&](const IngressResult* r) -> jint {
    const IngressResult* base = meta->results.data();
    if (r == nullptr || r < base || r >= base + meta->results.size()) return -1;
    return static_cast<jint>(r - base);
  };
  constexpr jint kChunk = 64;  // on the stack: no allocation per call
  std::array<pipeline::HoldEvent, kChunk> events;
  jint done = 0;
  while (done < capacity) {
    const size_t n = holder->endpoint->TakeHoldEvents(
        std::span(events.data(), static_cast<size_t>(std::min(kChunk, capacity - done))));
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i, ++done) {
      slots.body[done] = slot_of(events[i].packet);
      before.body[done] = slot_of(events[i].before);
      verdicts.body[done] = static_cast<jbyte>(events[i].packet->drop);
    }
  }
  return done;
}

// out = {held packets, held bytes, peak held packets, peak held bytes} (any thread).
jint EpHoldStats(jlong handle, Array<jlong> out) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  if (holder == nullptr) return Refuse(Refusal::kClosed);
  if (!out.Fits(0, 4)) return Refuse(Refusal::kShortArray);
  const Endpoint& e = *holder->endpoint;
  out.body[0] = static_cast<jlong>(e.held_packets());
  out.body[1] = static_cast<jlong>(e.held_bytes());
  out.body[2] = static_cast<jlong>(e.held_peak_packets());
  out.body[3] = static_cast<jlong>(e.held_peak_bytes());
  return 0;
}

}  // namespace jvbfastpath::jni::packet
