// Natives: conferences, endpoints (ingress/egress batches), packet metadata, stream
// rewriters (native/pipeline, native/rewrite). Thin: argument checks, pinning, translation.
#include <jni.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "jni/cpp/critical_batch.h"
#include "jni/cpp/critical_natives.h"
#include "jni/cpp/jni_util.h"
#include "jni/cpp/natives.h"
#include "jni/cpp/pinned_batch.h"
#include "jni/cpp/profile_arg.h"
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

// The flat record Java reads per packet (org.jvbfastpath.PacketInfo.FIELDS, in order).
constexpr int kFlatFields = 26;

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

Endpoint* EndpointArg(JNIEnv* env, jlong handle) {
  auto* holder = Arg<EndpointHolder>(env, handle, "the endpoint is closed");
  return holder == nullptr ? nullptr : holder->endpoint.get();
}

jint ConfSetMode(JNIEnv* env, jclass, jlong handle, jint mode) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return 0;
  if (mode < 0 || mode > 3) {
    ThrowIllegalArgument(env, "unknown conference mode");
    return 0;
  }
  return static_cast<jint>(c->SetMode(static_cast<conference::Mode>(mode)).mode);
}

jint ConfMode(JNIEnv* env, jclass, jlong handle) {
  Conference* c = ConferenceArg(env, handle);
  return c == nullptr ? 0 : static_cast<jint>(c->mode().mode);
}

jstring ConfMetrics(JNIEnv* env, jclass, jlong handle, jboolean prometheus) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return nullptr;
  stats::Metrics m;
  c->ExportMetrics(m);
  const std::string text = prometheus ? m.ToPrometheus() : m.ToJson();
  return env->NewStringUTF(text.c_str());
}

// out = {count, sum_ns, bucket 0, ..., bucket N-1} of `snap` (out holds kBuckets + 2).
void WriteHistogram(JNIEnv* env, const stats::LatencyHistogram::Snapshot& snap, jlongArray out) {
  constexpr jsize kLength = stats::LatencyHistogram::kBuckets + 2;
  std::array<jlong, kLength> values;
  values[0] = static_cast<jlong>(snap.count);
  values[1] = static_cast<jlong>(snap.sum_ns);
  for (int b = 0; b < stats::LatencyHistogram::kBuckets; ++b) {
    values[2 + b] = static_cast<jlong>(snap.buckets[b]);
  }
  env->SetLongArrayRegion(out, 0, kLength, values.data());
}

// out = {count, sum_ns, bucket 0, ..., bucket N-1} of stage `stage`, merged over endpoints.
void ConfStageLatency(JNIEnv* env, jclass, jlong handle, jint stage, jlongArray out) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return;
  constexpr jsize kLength = stats::LatencyHistogram::kBuckets + 2;
  if (stage < 0 || stage >= static_cast<jint>(pipeline::Stage::kCount) || out == nullptr ||
      env->GetArrayLength(out) < kLength) {
    ThrowIllegalArgument(env, "unknown stage or output array too short");
    return;
  }
  WriteHistogram(env, c->StageLatency(stage), out);
}

// out = {count, sum_ns, bucket 0, ..., bucket N-1} of the frames released from the hold.
void ConfHoldLatency(JNIEnv* env, jclass, jlong handle, jlongArray out) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return;
  if (out == nullptr || env->GetArrayLength(out) < stats::LatencyHistogram::kBuckets + 2) {
    ThrowIllegalArgument(env, "output array too short");
    return;
  }
  WriteHistogram(env, c->HoldLatency(), out);
}

// out[reason] = packets dropped for that reason, over the conference's endpoints.
void ConfDrops(JNIEnv* env, jclass, jlong handle, jlongArray out) {
  Conference* c = ConferenceArg(env, handle);
  if (c == nullptr) return;
  constexpr jsize kLength = static_cast<jsize>(pipeline::DropReason::kCount);
  if (out == nullptr || env->GetArrayLength(out) < kLength) {
    ThrowIllegalArgument(env, "output array too short");
    return;
  }
  std::array<jlong, kLength> values;
  for (jsize r = 0; r < kLength; ++r) values[r] = static_cast<jlong>(c->Drops(r));
  env->SetLongArrayRegion(out, 0, kLength, values.data());
}

jlong EpCreate(JNIEnv* env, jclass, jlong conf_handle, jstring id, jint profile,
               jbyteArray keying_material, jboolean bridge_is_dtls_client,
               jboolean needs_plaintext, jintArray ext_ids, jobjectArray ext_uris,
               jintArray pts, jobjectArray codecs, jint replay_window) {
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

// Checks shared by the batch natives below and their critical twins (critical_batch.h).
// A twin's endpoint and metadata from their handles, then its batch's own verdict:
// kClosed if either handle is 0 (as EndpointArg/Arg throw first in the JNI entry).
BatchError TwinStart(jlong handle, jlong meta_handle, const CriticalBatch& batch,
                     Endpoint*& endpoint, PacketMetadata*& meta) {
  auto* holder = FromHandle<EndpointHolder>(handle);
  endpoint = holder == nullptr ? nullptr : holder->endpoint.get();
  meta = FromHandle<PacketMetadata>(meta_handle);
  return endpoint == nullptr || meta == nullptr ? BatchError::kClosed : batch.error();
}
BatchError CheckIngressWindow(const PacketMetadata& meta, jint meta_start, jint count) {
  return meta.Holds(meta_start, count) ? BatchError::kNone : BatchError::kMetadataRange;
}

// Ingress of a batch whose buffers are reachable (pinned, or handed over to a twin): packet
// i's result goes to metadata slot meta_start + i; per packet into `out` its new length
// (SRTP trailer removed) and its drop reason. Returns how many are forwardable.
jint IngressWork(Endpoint& e, PacketMetadata& meta, jint meta_start, bool unprotect,
                 std::span<srtp::PacketSlot> slots, BatchOutput& out) {
  const std::span<IngressResult> window(meta.results.data() + meta_start, slots.size());
  const size_t forwardable = unprotect ? e.Ingress(slots, window) : e.IngressPlain(slots, window);
  for (size_t i = 0; i < window.size(); ++i) {
    out.lengths[i] = static_cast<jint>(slots[i].length);
    // A held packet reports HELD even if this call settled it: its event says how.
    out.codes[i] = static_cast<jbyte>(window[i].was_held ? pipeline::DropReason::kHeld
                                                         : window[i].drop);
  }
  return static_cast<jint>(forwardable);
}

// Ingress of a batch (pinned_batch.h) into metadata slots meta_start ..; lens[start + i] =
// the new length, drops[start + i] (drops may be null) = the DropReason ordinal.
// FastpathEndpoint calls it for each 32 packets. Returns how many are forwardable.
jint EpIngressBatch(JNIEnv* env, jclass, jlong handle, JVBFASTPATH_BATCH_PARAMS,
                    jlong meta_handle, jint meta_start, jboolean unprotect, jbyteArray drops) {
  Endpoint* e = EndpointArg(env, handle);
  auto* meta = Arg<PacketMetadata>(env, meta_handle, "the packet metadata is closed");
  if (e == nullptr || meta == nullptr) return 0;
  PinnedBatch batch(env, count, JVBFASTPATH_BATCH_BUFFERS, caps, offs, lens, start);
  if (!batch.ok() || !CheckWindow(env, drops, start, count, true)) return 0;
  if (const BatchError error = CheckIngressWindow(*meta, meta_start, count);
      error != BatchError::kNone) {
    ThrowBatchError(env, error);
    return 0;
  }
  if (!batch.Pin()) return 0;
  BatchOutput out;
  const jint forwardable =
      IngressWork(*e, *meta, meta_start, unprotect != JNI_FALSE, batch.slots(), out);
  batch.Release();
  batch.WriteBack(lens, drops, out);
  return forwardable;
}

// Egress flags (FastpathEndpoint.EGRESS_*).
constexpr jbyte kEgressRtx = 1;
constexpr jbyte kEgressSetMarker = 2;

// A batch's egress items: packet i is the copy of the packet whose ingress result is in
// metadata slot indexes[i], rewritten by rewriter handle rewriters[i] (0: none), with
// flags[i] (EGRESS_*).
BatchError EgressItems(PacketMetadata& meta, jint count, const jint* indexes,
                       const jlong* rewriters, const jbyte* flags,
                       std::array<pipeline::EgressItem, kBatch>& items) {
  for (jint i = 0; i < count; ++i) {
    if (!meta.Holds(indexes[i])) {
      return BatchError::kMetadataRange;
    }
    items[i] = pipeline::EgressItem{&meta.results[indexes[i]],
                                    FromHandle<rewrite::StreamRewriter>(rewriters[i]),
                                    (flags[i] & kEgressRtx) != 0,
                                    (flags[i] & kEgressSetMarker) != 0};
  }
  return BatchError::kNone;
}

// Egress of a batch whose buffers are reachable: per packet into `out` its new length and
// its drop reason. Returns how many were sent.
jint EgressWork(Endpoint& e, std::span<const pipeline::EgressItem> items,
                std::span<srtp::PacketSlot> slots, BatchOutput& out) {
  std::array<pipeline::EgressResult, kBatch> egress;
  const size_t n = slots.size();
  const size_t sent = e.Egress(slots, items.first(n), {egress.data(), n});
  for (size_t i = 0; i < n; ++i) {
    out.lengths[i] = static_cast<jint>(slots[i].length);
    out.codes[i] = static_cast<jbyte>(egress[i].drop);
  }
  return static_cast<jint>(sent);
}

// Egress of a batch (pinned_batch.h): packet i as EgressItems says, from
// meta_indexes/rewriters/flags[start + i] (flags may be null: none); lens[start + i] = the
// new length, drops[start + i] = the DropReason ordinal. Returns how many were sent.
jint EpEgressBatch(JNIEnv* env, jclass, jlong handle, JVBFASTPATH_BATCH_PARAMS,
                   jlong meta_handle, jintArray meta_indexes, jlongArray rewriters,
                   jbyteArray flags, jbyteArray drops) {
  Endpoint* e = EndpointArg(env, handle);
  auto* meta = Arg<PacketMetadata>(env, meta_handle, "the packet metadata is closed");
  if (e == nullptr || meta == nullptr) return 0;
  PinnedBatch batch(env, count, JVBFASTPATH_BATCH_BUFFERS, caps, offs, lens, start);
  std::array<jint, kBatch> indexes{};
  std::array<jlong, kBatch> rewriter_handles{};
  std::array<jbyte, kBatch> flag_values{};
  if (!batch.ok() || !ReadWindow(env, meta_indexes, start, count, indexes.data()) ||
      !ReadWindow(env, rewriters, start, count, rewriter_handles.data()) ||
      !ReadOptionalWindow(env, flags, start, count, flag_values.data()) ||
      !CheckWindow(env, drops, start, count, false)) {
    return 0;
  }
  std::array<pipeline::EgressItem, kBatch> items;
  if (const BatchError error = EgressItems(*meta, count, indexes.data(),
                                           rewriter_handles.data(), flag_values.data(), items);
      error != BatchError::kNone) {
    ThrowBatchError(env, error);
    return 0;
  }
  if (!batch.Pin()) return 0;
  BatchOutput out;
  const jint sent = EgressWork(*e, items, batch.slots(), out);
  batch.Release();
  batch.WriteBack(lens, drops, out);
  return sent;
}

jboolean EpRemoveOutboundStream(JNIEnv* env, jclass, jlong handle, jint ssrc) {
  Endpoint* e = EndpointArg(env, handle);
  if (e == nullptr) return JNI_FALSE;
  return e->outbound().RemoveStream(static_cast<uint32_t>(ssrc)) ? JNI_TRUE : JNI_FALSE;
}

// An RTX payload type (rtx_pt, its apt) and an RTX SSRC's media SSRC (FID); each false if
// out of range or the table is full.
jboolean EpSetRtx(JNIEnv* env, jclass, jlong handle, jint pt, jint apt) {
  Endpoint* e = EndpointArg(env, handle);
  if (e == nullptr) return JNI_FALSE;
  if (pt < 0 || pt > 127 || apt < 0 || apt > 127) return JNI_FALSE;
  return e->SetRtxPayloadType(static_cast<uint8_t>(pt), static_cast<uint8_t>(apt)) ? JNI_TRUE
                                                                                   : JNI_FALSE;
}

jboolean EpAssociateRtx(JNIEnv* env, jclass, jlong handle, jint rtx_ssrc, jint media_ssrc) {
  Endpoint* e = EndpointArg(env, handle);
  if (e == nullptr) return JNI_FALSE;
  return e->AssociateRtx(static_cast<uint32_t>(rtx_ssrc), static_cast<uint32_t>(media_ssrc))
             ? JNI_TRUE
             : JNI_FALSE;
}

// Up to min(slots, before, verdicts lengths) hold events, oldest first: slots[i] = the held
// packet's metadata slot, before[i] = the slot it goes out right before (released) or -1
// (dropped, or that packet is not in this metadata), verdicts[i] = its DropReason ordinal
// (0: released). An event whose packet is not in this metadata is consumed with slot -1.
jint EpTakeHoldEvents(JNIEnv* env, jclass, jlong handle, jlong meta_handle, jintArray slots,
                      jintArray before, jbyteArray verdicts) {
  Endpoint* e = EndpointArg(env, handle);
  auto* meta = Arg<PacketMetadata>(env, meta_handle, "the packet metadata is closed");
  if (e == nullptr || meta == nullptr) return 0;
  if (slots == nullptr || before == nullptr || verdicts == nullptr) {
    ThrowNullPointer(env, "output arrays must not be null");
    return 0;
  }
  const jsize capacity = std::min({env->GetArrayLength(slots), env->GetArrayLength(before),
                                   env->GetArrayLength(verdicts)});
  auto slot_of = [&](const IngressResult* r) -> jint {
    const IngressResult* base = meta->results.data();
    if (r == nullptr || r < base || r >= base + meta->results.size()) return -1;
    return static_cast<jint>(r - base);
  };
  constexpr jsize kChunk = 64;  // on the stack: no allocation per call
  std::array<pipeline::HoldEvent, kChunk> events;
  std::array<jint, kChunk> s, b;
  std::array<jbyte, kChunk> v;
  jsize done = 0;
  while (done < capacity) {
    const size_t n = e->TakeHoldEvents(
        std::span(events.data(), static_cast<size_t>(std::min(kChunk, capacity - done))));
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) {
      s[i] = slot_of(events[i].packet);
      b[i] = slot_of(events[i].before);
      v[i] = static_cast<jbyte>(events[i].packet->drop);
    }
    const auto count = static_cast<jsize>(n);
    env->SetIntArrayRegion(slots, done, count, s.data());
    env->SetIntArrayRegion(before, done, count, b.data());
    env->SetByteArrayRegion(verdicts, done, count, v.data());
    done += count;
  }
  return done;
}

// out = {held packets, held bytes, peak held packets, peak held bytes} (any thread).
void EpHoldStats(JNIEnv* env, jclass, jlong handle, jlongArray out) {
  Endpoint* e = EndpointArg(env, handle);
  if (e == nullptr) return;
  if (out == nullptr || env->GetArrayLength(out) < 4) {
    ThrowIllegalArgument(env, "output array too short");
    return;
  }
  const jlong values[4] = {
      static_cast<jlong>(e->held_packets()), static_cast<jlong>(e->held_bytes()),
      static_cast<jlong>(e->held_peak_packets()), static_cast<jlong>(e->held_peak_bytes())};
  env->SetLongArrayRegion(out, 0, 4, values);
}

jlong MetaCreate(JNIEnv* env, jclass, jint capacity) {
  if (capacity < 1 || capacity > (1 << 16)) {
    ThrowIllegalArgument(env, "metadata capacity must be 1..65536");
    return 0;
  }
  return ToHandle(new PacketMetadata(static_cast<size_t>(capacity)));
}

void MetaDestroy(JNIEnv*, jclass, jlong handle) { delete FromHandle<PacketMetadata>(handle); }

// out[i] = the drop reason of slot start + i (0: forwardable), for count slots.
void MetaDrops(JNIEnv* env, jclass, jlong handle, jint start, jint count, jbyteArray out) {
  auto* meta = Arg<PacketMetadata>(env, handle, "the packet metadata is closed");
  if (meta == nullptr) return;
  if (out == nullptr) {
    ThrowNullPointer(env, "output array is null");
    return;
  }
  if (!meta->Holds(start, count) || count > env->GetArrayLength(out)) {
    ThrowOutOfBounds(env, "window outside the metadata or the output array");
    return;
  }
  // In stack-sized chunks: no allocation per call.
  constexpr jint kChunk = 256;
  std::array<jbyte, kChunk> reasons;
  for (jint done = 0; done < count;) {
    const jint n = std::min<jint>(count - done, kChunk);
    for (jint i = 0; i < n; ++i) {
      reasons[i] = static_cast<jbyte>(meta->results[start + done + i].drop);
    }
    env->SetByteArrayRegion(out, done, n, reasons.data());
    done += n;
  }
}

// Copies packet `index`'s ingress result into out[0..kFlatFields).
void MetaRead(JNIEnv* env, jclass, jlong handle, jint index, jintArray out) {
  auto* meta = Arg<PacketMetadata>(env, handle, "the packet metadata is closed");
  if (meta == nullptr) return;
  if (out == nullptr || env->GetArrayLength(out) < kFlatFields) {
    ThrowIllegalArgument(env, "output array too short");
    return;
  }
  if (!meta->Holds(index)) {
    ThrowOutOfBounds(env, "metadata index outside the metadata's capacity");
    return;
  }
  const IngressResult& r = meta->results[index];
  const codec::PacketInfo& i = r.info;
  const jint flat[kFlatFields] = {
      static_cast<jint>(r.drop), static_cast<jint>(r.srtp), r.rtcp ? 1 : 0,
      static_cast<jint>(r.parse), static_cast<jint>(r.mode), static_cast<jint>(i.ssrc),
      static_cast<jint>(i.sequence_number), static_cast<jint>(i.timestamp), i.payload_type,
      i.marker, i.codec, i.keyframe, i.frame_start, i.frame_end, i.spatial_id, i.temporal_id,
      i.picture_id, i.tl0picidx, i.width, i.height, i.audio_level, i.voice, i.tcc_seq,
      static_cast<jint>(r.envelope), r.key_id, static_cast<jint>(r.stream_envelope)};
  env->SetIntArrayRegion(out, 0, kFlatFields, flat);
}

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

// The packet in metadata slot `index` is not forwarded through this rewriter (an SVC layer
// the receiver does not get): StreamRewriter::Drop, so its sequence numbers stay continuous.
void RwDrop(JNIEnv* env, jclass, jlong handle, jlong meta_handle, jint index) {
  auto* rw = Arg<rewrite::StreamRewriter>(env, handle, "the stream rewriter is closed");
  auto* meta = Arg<PacketMetadata>(env, meta_handle, "the packet metadata is closed");
  if (rw == nullptr || meta == nullptr) return;
  if (!meta->Holds(index)) {
    ThrowOutOfBounds(env, "metadata index outside the metadata's capacity");
    return;
  }
  rw->Drop(meta->results[index].info);
}

// Packets not forwarded to a receiver (e.g. SVC layers above what it gets), in stream
// order: packet i, in metadata slot indexes[start + i], was not forwarded through rewriter
// handles[start + i] (0: none to tell). Everything is checked before any rewriter is told.
// FastpathEndpoint.skip calls it for each 32.
void RwDropBatch(JNIEnv* env, jclass, jlong meta_handle, jintArray indexes, jlongArray rewriters,
                 jint start, jint count) {
  auto* meta = Arg<PacketMetadata>(env, meta_handle, "the packet metadata is closed");
  if (meta == nullptr) return;
  if (count < 0 || count > kBatch) {
    ThrowBatchError(env, BatchError::kCount);
    return;
  }
  std::array<jint, kBatch> slots{};
  std::array<jlong, kBatch> handles{};
  if (!ReadWindow(env, indexes, start, count, slots.data()) ||
      !ReadWindow(env, rewriters, start, count, handles.data())) {
    return;
  }
  for (jint i = 0; i < count; ++i) {
    if (!meta->Holds(slots[i])) {
      ThrowBatchError(env, BatchError::kMetadataRange);
      return;
    }
  }
  for (jint i = 0; i < count; ++i) {
    auto* rw = FromHandle<rewrite::StreamRewriter>(handles[i]);
    if (rw != nullptr) rw->Drop(meta->results[slots[i]].info);
  }
}

}  // namespace

bool RegisterPipelineNatives(JNIEnv* env) {
  static const JNINativeMethod kMethods[] = {
      JVBFASTPATH_NATIVE("confCreate", "(Ljava/lang/String;II)J", ConfCreate),
      JVBFASTPATH_NATIVE("confDestroy", "(J)V", ConfDestroy),
      JVBFASTPATH_NATIVE("confSetMode", "(JI)I", ConfSetMode),
      JVBFASTPATH_NATIVE("confMode", "(J)I", ConfMode),
      JVBFASTPATH_NATIVE("confMetrics", "(JZ)Ljava/lang/String;", ConfMetrics),
      JVBFASTPATH_NATIVE("confStageLatency", "(JI[J)V", ConfStageLatency),
      JVBFASTPATH_NATIVE("confDrops", "(J[J)V", ConfDrops),
      JVBFASTPATH_NATIVE("metaDrops", "(JII[B)V", MetaDrops),
      JVBFASTPATH_NATIVE("epCreate",
                         "(JLjava/lang/String;I[BZZ[I[Ljava/lang/String;[I[Ljava/lang/String;I)J",
                         EpCreate),
      JVBFASTPATH_NATIVE("epDestroy", "(J)V", EpDestroy),
      JVBFASTPATH_NATIVE("epRemoveOutboundStream", "(JI)Z", EpRemoveOutboundStream),
      JVBFASTPATH_NATIVE("epSetRtx", "(JII)Z", EpSetRtx),
      JVBFASTPATH_NATIVE("epAssociateRtx", "(JII)Z", EpAssociateRtx),
      JVBFASTPATH_NATIVE("epTakeHoldEvents", "(JJ[I[I[B)I", EpTakeHoldEvents),
      JVBFASTPATH_NATIVE("epHoldStats", "(J[J)V", EpHoldStats),
      JVBFASTPATH_NATIVE("confHoldLatency", "(J[J)V", ConfHoldLatency),
      JVBFASTPATH_NATIVE("epIngressBatch", "(J" JVBFASTPATH_BATCH_SIGNATURE "JIZ[B)I",
                         EpIngressBatch),
      JVBFASTPATH_NATIVE("epEgressBatch", "(J" JVBFASTPATH_BATCH_SIGNATURE "J[I[J[B[B)I",
                         EpEgressBatch),
      JVBFASTPATH_NATIVE("metaCreate", "(I)J", MetaCreate),
      JVBFASTPATH_NATIVE("metaDestroy", "(J)V", MetaDestroy),
      JVBFASTPATH_NATIVE("metaRead", "(JI[I)V", MetaRead),
      JVBFASTPATH_NATIVE("rwCreate", "(IIZ)J", RwCreate),
      JVBFASTPATH_NATIVE("rwDestroy", "(J)V", RwDestroy),
      JVBFASTPATH_NATIVE("rwDrop", "(JJI)V", RwDrop),
      JVBFASTPATH_NATIVE("rwDropBatch", "(J[I[JII)V", RwDropBatch),
  };
  return RegisterNatives(env, kNativeCallsClass, kMethods, static_cast<int>(std::size(kMethods)));
}

}  // namespace jvbfastpath::jni

// Critical twins (critical_batch.h) of the endpoint batch natives above.
JVBFASTPATH_CRITICAL(epIngressBatch)(jlong handle, JVBFASTPATH_CRITICAL_BATCH_PARAMS,
                                     jlong meta_handle, jint meta_start, jboolean unprotect,
                                     jint drops_n, jbyte* drops) {
  using namespace jvbfastpath::jni;
  JVBFASTPATH_CRITICAL_BATCH(batch);
  Endpoint* e;
  PacketMetadata* meta;
  if (const BatchError error = TwinStart(handle, meta_handle, batch, e, meta);
      error != BatchError::kNone) {
    return CriticalError(error);
  }
  const CriticalArray<jbyte> codes{drops_n, drops};
  if (drops != nullptr && !codes.Fits(start, count)) {
    return CriticalError(BatchError::kArrayWindow);
  }
  if (const BatchError error = CheckIngressWindow(*meta, meta_start, count);
      error != BatchError::kNone) {
    return CriticalError(error);
  }
  BatchOutput out;
  const jint forwardable = IngressWork(*e, *meta, meta_start,
                                       unprotect != JNI_FALSE, batch.slots(), out);
  batch.WriteBack(codes, out);
  return forwardable;
}

JVBFASTPATH_CRITICAL(epEgressBatch)(jlong handle, JVBFASTPATH_CRITICAL_BATCH_PARAMS,
                                    jlong meta_handle, jint meta_indexes_n, jint* meta_indexes,
                                    jint rewriters_n, jlong* rewriters, jint flags_n,
                                    jbyte* flags, jint drops_n, jbyte* drops) {
  using namespace jvbfastpath::jni;
  JVBFASTPATH_CRITICAL_BATCH(batch);
  Endpoint* e;
  PacketMetadata* meta;
  if (const BatchError error = TwinStart(handle, meta_handle, batch, e, meta);
      error != BatchError::kNone) {
    return CriticalError(error);
  }
  const CriticalArray<jint> indexes{meta_indexes_n, meta_indexes};
  const CriticalArray<jlong> handles{rewriters_n, rewriters};
  const CriticalArray<jbyte> flag_values{flags_n, flags};
  const CriticalArray<jbyte> codes{drops_n, drops};
  if (!indexes.Fits(start, count) || !handles.Fits(start, count) ||
      (flags != nullptr && !flag_values.Fits(start, count)) || !codes.Fits(start, count)) {
    return CriticalError(BatchError::kArrayWindow);
  }
  const std::array<jbyte, kBatch> no_flags{};
  std::array<jvbfastpath::pipeline::EgressItem, kBatch> items;
  if (const BatchError error =
          EgressItems(*meta, count, indexes.body + start, handles.body + start,
                      flags == nullptr ? no_flags.data() : flags + start, items);
      error != BatchError::kNone) {
    return CriticalError(error);
  }
  BatchOutput out;
  const jint sent = EgressWork(*e, items, batch.slots(), out);
  batch.WriteBack(codes, out);
  return sent;
}
