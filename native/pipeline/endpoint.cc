#include "native/pipeline/endpoint.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "native/common/probes.h"
#include "native/pipeline/conference.h"
#include "native/rewrite/field_writers.h"
#include "native/rtp/rtcp_packet.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

bool IsE2ee(e2ee::EnvelopeKind kind) {
  return kind == e2ee::EnvelopeKind::kJFrame || kind == e2ee::EnvelopeKind::kSFrame;
}

uint64_t Nanos(Clock::time_point a, Clock::time_point b) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

}  // namespace

std::unique_ptr<Endpoint> Endpoint::Create(Conference& conference, EndpointConfig config,
                                           std::span<const uint8_t> dtls_keying_material,
                                           std::string* error) {
  auto keys = srtp::SplitDtlsKeyingMaterial(config.profile, dtls_keying_material, config.dtls_role);
  if (!keys) {
    if (error) *error = "DTLS keying material has the wrong length for the profile";
    return nullptr;
  }
  return Create(conference, std::move(config), keys->remote, keys->local, error);
}

std::unique_ptr<Endpoint> Endpoint::Create(Conference& conference, EndpointConfig config,
                                           const srtp::MasterKey& remote,
                                           const srtp::MasterKey& local, std::string* error) {
  std::unique_ptr<Endpoint> e(new Endpoint(conference, std::move(config)));
  srtp::SessionConfig in;
  in.direction = srtp::Direction::kInbound;
  in.replay_window = e->config_.replay_window;
  in.max_streams = e->config_.max_streams;
  srtp::SessionConfig out = in;
  out.direction = srtp::Direction::kOutbound;
  e->inbound_ = srtp::SrtpSession::Create(remote, in, error);
  e->outbound_ = e->inbound_ ? srtp::SrtpSession::Create(local, out, error) : nullptr;
  if (!e->inbound_ || !e->outbound_) return nullptr;
  conference.Register(e.get());
  return e;
}

Endpoint::Endpoint(Conference& conference, EndpointConfig config)
    : conference_(conference), config_(std::move(config)) {
  for (auto& t : trackers_) t = e2ee::EnvelopeTracker(conference.expected_envelope());
}

Endpoint::~Endpoint() { conference_.Unregister(this); }

size_t Endpoint::StreamSlot(uint32_t ssrc) {
  for (size_t i = 0; i < tracker_count_; ++i) {
    if (tracker_ssrcs_[i] == ssrc) return i;
  }
  size_t slot;
  if (tracker_count_ < kMaxTrackedStreams) {
    slot = tracker_count_++;
  } else {  // more streams than a client sends: recycle round-robin
    slot = tracker_next_evict_;
    tracker_next_evict_ = (tracker_next_evict_ + 1) % kMaxTrackedStreams;
  }
  tracker_ssrcs_[slot] = ssrc;
  trackers_[slot] = e2ee::EnvelopeTracker(conference_.expected_envelope());
  h264_units_[slot] = codec::H264AccessUnitTracker();
  return slot;
}

codec::Av1DependencyStructureTracker& Endpoint::Av1TrackerFor(uint32_t ssrc) {
  for (size_t i = 0; i < av1_count_; ++i) {
    if (av1_ssrcs_[i] == ssrc) return *av1_trackers_[i];
  }
  // A new AV1 stream: set-up work, once per stream (an AV1 sender has a handful).
  const size_t slot = av1_count_ < kMaxAv1Streams ? av1_count_++ : ssrc % kMaxAv1Streams;
  av1_ssrcs_[slot] = ssrc;
  av1_trackers_[slot] = std::make_unique<codec::Av1DependencyStructureTracker>();
  return *av1_trackers_[slot];
}

void Endpoint::ResolveAv1Layers(std::span<const uint8_t> packet, codec::PacketInfo& info) {
  if (info.av1_dd_offset + info.av1_dd_length > packet.size()) return;
  auto dd = Av1TrackerFor(info.ssrc).Parse(packet.subspan(info.av1_dd_offset, info.av1_dd_length));
  if (!dd) return;
  info.spatial_id = static_cast<int8_t>(dd->spatial_id);
  info.temporal_id = static_cast<int8_t>(dd->temporal_id);
  if (dd->width != 0) {
    info.width = static_cast<int32_t>(dd->width);
    info.height = static_cast<int32_t>(dd->height);
  }
}

size_t Endpoint::Ingress(std::span<srtp::PacketSlot> packets, std::span<IngressResult> results) {
  return RunIngress(packets, results, true);
}

size_t Endpoint::IngressPlain(std::span<srtp::PacketSlot> packets,
                              std::span<IngressResult> results) {
  return RunIngress(packets, results, false);
}

size_t Endpoint::RunIngress(std::span<srtp::PacketSlot> packets, std::span<IngressResult> results,
                            bool unprotect) {
  const size_t n = std::min(packets.size(), results.size());
  const conference::ModeSnapshot snap = conference_.mode();
  const conference::ModePolicy policy = conference::PolicyOf(snap.mode);
  const bool timed = Sampled(ingress_batches_, sample_every_);
  JVBFASTPATH_PROBE2(ingress_start, n, static_cast<int>(snap.mode));
  Clock::time_point t0 = timed ? Clock::now() : Clock::time_point();
  Count(counters_.ingress_packets, n);

  // Stage 1: SRTP/SRTCP unprotect (RFC 5761 demux on the second byte).
  for (size_t i = 0; i < n; ++i) {
    IngressResult& r = results[i];
    r.Reset();
    r.mode = snap.mode;
    r.mode_epoch = snap.epoch;
    srtp::PacketSlot& p = packets[i];
    if (!policy.native) {
      r.drop = DropReason::kModeOff;
      continue;
    }
    r.rtcp = rtp::LooksLikeRtcp({p.buffer.data(), p.length});
    if (!unprotect) continue;
    r.srtp = r.rtcp ? inbound_->UnprotectRtcp(p.buffer, p.length)
                    : inbound_->UnprotectRtp(p.buffer, p.length);
    p.status = r.srtp;
    if (r.srtp != srtp::Status::kOk) r.drop = DropReason::kSrtpIn;
  }
  JVBFASTPATH_PROBE1(ingress_unprotected, n);
  Clock::time_point t1 = timed ? Clock::now() : t0;

  // Stage 2: parse RTP, its extensions and the codec payload header; RTCP is validated
  // (every packet of the compound), whether this call unprotected it or the bridge did.
  for (size_t i = 0; i < n; ++i) {
    IngressResult& r = results[i];
    if (r.drop != DropReason::kNone) continue;
    const std::span<const uint8_t> packet(packets[i].buffer.data(), packets[i].length);
    if (r.rtcp) {
      if (rtp::ValidateRtcpCompound(packet) != rtp::RtcpError::kOk) r.drop = DropReason::kParse;
      continue;
    }
    r.parse = codec::ParsePacket(packet, config_.extensions, config_.payload_types, &r.info);
    if (r.parse == codec::PacketError::kRtpInvalid) r.drop = DropReason::kParse;
    if (r.info.av1_dd_offset != 0) ResolveAv1Layers(packet, r.info);
    if (r.parse == codec::PacketError::kOk &&
        r.info.codec == static_cast<uint8_t>(codec::Codec::kH264)) {
      h264_units_[StreamSlot(r.info.ssrc)].OnPacket(r.info);
    }
  }
  JVBFASTPATH_PROBE1(ingress_parsed, n);
  Clock::time_point t2 = timed ? Clock::now() : t1;

  // Stage 3: the mode's policy: envelopes, the opaque record, plaintext refusal. Envelopes
  // are tracked in every native mode (a few compares per frame), so a switch into an E2EE
  // mode finds every stream's state already known and drops nothing that is E2EE.
  if (policy.native) {
    for (size_t i = 0; i < n; ++i) {
      IngressResult& r = results[i];
      if (r.drop != DropReason::kNone || r.rtcp) continue;
      const codec::PacketInfo& info = r.info;
      const std::span<const uint8_t> packet(packets[i].buffer.data(), packets[i].length);
      const size_t opaque_offset = info.payload_offset + info.descriptor_length;
      const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
      e2ee::EnvelopeTracker& tracker = trackers_[StreamSlot(info.ssrc)];
      const e2ee::EnvelopeKind before = tracker.stream_kind();
      const e2ee::FrameOrigin origin{info.ssrc, info.timestamp};
      const e2ee::FrameVerdict verdict =
          tracker.OnPacket(codec::FrameData(packet, info), bounds.start, bounds.end, &origin);
      // An SFrame candidate is reported as "none" so far (as the inspector prints it).
      r.envelope = verdict.sframe_candidate ? e2ee::EnvelopeKind::kNone : verdict.kind;
      r.key_id = verdict.key_id;
      r.stream_envelope = tracker.stream_kind();
      switch (policy.recognize_envelopes ? r.envelope : e2ee::EnvelopeKind::kUnknown) {
        case e2ee::EnvelopeKind::kJFrame: Count(counters_.frames_jframe); break;
        case e2ee::EnvelopeKind::kSFrame: Count(counters_.frames_sframe); break;
        case e2ee::EnvelopeKind::kNone: Count(counters_.frames_plaintext); break;
        case e2ee::EnvelopeKind::kUnknown: break;
      }
      if (policy.recognize_envelopes && verdict.key_changed) Count(counters_.key_changes);
      if (policy.guard_opaque_bytes) {
        e2ee::RecordOpaque(packet, opaque_offset, r.opaque);
        r.guarded = true;
      }
      // E2EE required: forward only from a stream whose last frame was E2EE, and never the
      // last packet of a frame that turns out not to be.
      if (policy.drop_plaintext &&
          (!IsE2ee(before) || (verdict.kind != e2ee::EnvelopeKind::kUnknown && !IsE2ee(verdict.kind)))) {
        r.drop = DropReason::kPlaintextInE2eeRequired;
      }
    }
  }
  size_t forwardable = 0;
  for (size_t i = 0; i < n; ++i) {
    if (results[i].drop == DropReason::kNone) {
      ++forwardable;
    } else {
      CountDrop(results[i].drop);
    }
  }
  Count(counters_.ingress_forwardable, forwardable);
  JVBFASTPATH_PROBE2(ingress_done, n, forwardable);
  if (timed) {
    const Clock::time_point t3 = Clock::now();
    stage_ns_[static_cast<size_t>(Stage::kUnprotect)].Record(Nanos(t0, t1) / (n ? n : 1));
    stage_ns_[static_cast<size_t>(Stage::kParse)].Record(Nanos(t1, t2) / (n ? n : 1));
    stage_ns_[static_cast<size_t>(Stage::kPolicy)].Record(Nanos(t2, t3) / (n ? n : 1));
  }
  return forwardable;
}

size_t Endpoint::Egress(std::span<srtp::PacketSlot> packets, std::span<const EgressItem> items,
                        std::span<EgressResult> results) {
  const size_t n = std::min({packets.size(), items.size(), results.size()});
  const bool timed = Sampled(egress_batches_, sample_every_);
  JVBFASTPATH_PROBE1(egress_start, n);
  const Clock::time_point t0 = Clock::now();
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t0.time_since_epoch()).count();
  Count(counters_.egress_packets, n);

  // Stage 4: rewrite (and refuse media to receivers that need plaintext, where E2EE is required).
  for (size_t i = 0; i < n; ++i) {
    EgressResult& r = results[i];
    r = EgressResult{};
    const IngressResult& src = *items[i].source;
    if (config_.needs_plaintext && conference::PolicyOf(src.mode).block_plaintext_receivers) {
      r.drop = DropReason::kReceiverNeedsPlaintext;
      continue;
    }
    if (src.rtcp) continue;
    if (items[i].set_marker && !items[i].rtx) {
      rtp::SetMarker({packets[i].buffer.data(), packets[i].length}, true);
    }
    if (items[i].rewriter == nullptr) continue;
    // An RTX packet's descriptor sits 2 bytes later than the recorded offsets; the bridge
    // builds it with its final SSRC, sequence number and OSN, so it is never rewritten here.
    if (items[i].rtx ||
        !items[i].rewriter->Rewrite({packets[i].buffer.data(), packets[i].length}, src.info, now_ms)) {
      r.drop = DropReason::kRewrite;
    }
  }
  const Clock::time_point t1 = timed ? Clock::now() : t0;

  // Stage 5: the passthrough check, after every rewrite and before protect. A packet the
  // rewriter refused is checked too (the rewriter wrote nothing): a changed opaque range,
  // its length included, is named as the violation it is, not as a rewrite failure.
  for (size_t i = 0; i < n; ++i) {
    EgressResult& r = results[i];
    const IngressResult& src = *items[i].source;
    if (!src.guarded || (r.drop != DropReason::kNone && r.drop != DropReason::kRewrite)) continue;
    const e2ee::GuardResult g = e2ee::VerifyOpaque({packets[i].buffer.data(), packets[i].length},
                                                   src.opaque.offset, src.opaque, items[i].rtx);
    if (g != e2ee::GuardResult::kIntact) {
      const bool by_rewrite = r.drop == DropReason::kNone && items[i].rewriter != nullptr &&
                              rewrite::RewriteReach(src.info) > src.opaque.offset;
      r.drop = by_rewrite ? DropReason::kOpaqueModifiedByRewrite
                          : DropReason::kOpaqueModifiedBeforeEgress;
      if (!guard_reported_.exchange(true)) {
        std::fprintf(stderr,
                     "jvbfastpath: conference %s, endpoint %s: opaque E2EE bytes were %s %s; "
                     "the packet was dropped (reported once; see the drop counters)\n",
                     conference_.id().c_str(), config_.id.c_str(),
                     std::string(e2ee::GuardResultName(g)).c_str(),
                     by_rewrite ? "by the rewrite" : "before egress");
      }
      JVBFASTPATH_PROBE2(guard_mismatch, i, static_cast<int>(r.drop));
    }
  }
  const Clock::time_point t2 = timed ? Clock::now() : t1;

  // Stage 6: protect.
  size_t sent = 0;
  for (size_t i = 0; i < n; ++i) {
    EgressResult& r = results[i];
    srtp::PacketSlot& p = packets[i];
    if (r.drop != DropReason::kNone) {
      CountDrop(r.drop);
      continue;
    }
    r.srtp = items[i].source->rtcp ? outbound_->ProtectRtcp(p.buffer, p.length)
                                   : outbound_->ProtectRtp(p.buffer, p.length);
    p.status = r.srtp;
    if (r.srtp != srtp::Status::kOk) {
      r.drop = DropReason::kSrtpOut;
      CountDrop(r.drop);
      continue;
    }
    ++sent;
  }
  Count(counters_.egress_sent, sent);
  JVBFASTPATH_PROBE2(egress_done, n, sent);
  if (timed) {
    const Clock::time_point t3 = Clock::now();
    stage_ns_[static_cast<size_t>(Stage::kRewrite)].Record(Nanos(t0, t1) / (n ? n : 1));
    stage_ns_[static_cast<size_t>(Stage::kGuard)].Record(Nanos(t1, t2) / (n ? n : 1));
    stage_ns_[static_cast<size_t>(Stage::kProtect)].Record(Nanos(t2, t3) / (n ? n : 1));
  }
  return sent;
}

void Endpoint::ExportMetrics(const std::string& conference_id, stats::Metrics& out) const {
  const stats::Labels base = {{"conference", conference_id}, {"endpoint", config_.id}};
  auto with = [&](std::string key, std::string value) {
    stats::Labels l = base;
    l.emplace_back(std::move(key), std::move(value));
    return l;
  };
#define JVBFASTPATH_X(name, help)                                                        \
  out.AddCounter("jvbfastpath_endpoint_" #name "_total", help, base,                    \
                 counters_.name.load(std::memory_order_relaxed));
  JVBFASTPATH_ENDPOINT_COUNTERS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  for (size_t r = 1; r < static_cast<size_t>(DropReason::kCount); ++r) {
    out.AddCounter("jvbfastpath_endpoint_dropped_total", "Packets dropped, by reason",
                   with("reason", std::string(DropReasonName(static_cast<DropReason>(r)))),
                   counters_.drops[r].load(std::memory_order_relaxed));
  }
  for (const auto& [session, direction] :
       {std::pair{inbound_.get(), "in"}, std::pair{outbound_.get(), "out"}}) {
    for (int kind = 0; kind < 2; ++kind) {
      for (int s = 0; s < srtp::kStatusCount; ++s) {
        const uint64_t v = session->counters().Get(static_cast<srtp::PacketKind>(kind),
                                                   static_cast<srtp::Status>(s));
        if (v == 0) continue;
        stats::Labels l = with("direction", direction);
        l.emplace_back("kind", kind == 0 ? "rtp" : "rtcp");
        l.emplace_back("reason", std::string(srtp::StatusName(static_cast<srtp::Status>(s))));
        out.AddCounter("jvbfastpath_srtp_packets_total", "SRTP/SRTCP packets by result", l, v);
      }
    }
  }
  for (size_t s = 0; s < static_cast<size_t>(Stage::kCount); ++s) {
    out.AddHistogram("jvbfastpath_stage_seconds",
                     "Per-packet time in each stage (sampled batches)",
                     with("stage", std::string(StageName(static_cast<Stage>(s)))),
                     stage_ns_[s].Take());
  }
}

}  // namespace jvbfastpath::pipeline
