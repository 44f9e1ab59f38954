#include "native/pipeline/endpoint.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "native/common/probes.h"
#include "native/pipeline/conference.h"
#include "native/rewrite/field_writers.h"
#include "native/rtp/bytes.h"
#include "native/rtp/rtcp_packet.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// The PacketInfo that describes the packet egress gets: a received RTX packet comes
// decapsulated (RFC 4588; the bridge removed the OSN and restored the original header).
const codec::PacketInfo& OriginalInfo(const IngressResult& src, const codec::PayloadTypeMap& pts,
                                      codec::PacketInfo& scratch) {
  if (src.info.rtx == 0) return src.info;
  const int apt = pts.RtxApt(src.info.payload_type);
  scratch = codec::DecapsulatedRtx(src.info, src.media_ssrc,
                                   static_cast<uint8_t>(apt >= 0 ? apt : src.info.payload_type));
  return scratch;
}

bool IsE2ee(e2ee::EnvelopeKind kind) {
  return kind == e2ee::EnvelopeKind::kJFrame || kind == e2ee::EnvelopeKind::kSFrame;
}

// The passthrough check's result for a packet protected with `expected` (stage 6), from
// the cipher's verdict; `packet` is the packet as it is now.
e2ee::GuardResult GuardVerdict(const srtp::ExpectedPlaintext& expected, srtp::Status status,
                               std::span<const uint8_t> packet, size_t plain_length,
                               const IngressResult& src, bool rtx) {
  using Verdict = srtp::ExpectedPlaintext::Verdict;
  if (expected.verdict == Verdict::kIntact) return e2ee::GuardResult::kIntact;
  if (expected.verdict == Verdict::kModified) return e2ee::GuardResult::kModified;
  // Not checked: protect failed before encrypting (the bytes are as they were, compared
  // here so that a change is named as the violation it is; unless protect had begun to
  // rearrange the packet, Cryptex's added block: then it is an SRTP failure, which the
  // caller drops as such), or, were a packet ever encrypted unchecked, an unverified
  // packet, which is not sent.
  if (status != srtp::Status::kOk) {
    return packet.size() != plain_length
               ? e2ee::GuardResult::kIntact
               : e2ee::VerifyOpaque(packet, src.opaque.offset, src.opaque, rtx);
  }
  return e2ee::GuardResult::kModified;
}

// Whether stage 6's cipher compares this source's opaque bytes as it encrypts them (our
// cipher types are libsrtp's, a copy was kept, and there are bytes), so that stage 5 checks
// their length only.
bool ComparedByCipher(bool ciphers_ours, const IngressResult& src) {
  return ciphers_ours && src.guarded && src.opaque.copied && src.opaque.length != 0;
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
  in.cryptex = e->config_.cryptex;
  srtp::SessionConfig out = in;
  out.direction = srtp::Direction::kOutbound;
  e->inbound_ = srtp::SrtpSession::Create(remote, in, error);
  e->outbound_ = e->inbound_ ? srtp::SrtpSession::Create(local, out, error) : nullptr;
  if (!e->inbound_ || !e->outbound_) return nullptr;
  conference.Register(e.get());
  return e;
}

Endpoint::Endpoint(Conference& conference, EndpointConfig config)
    : conference_(conference), config_(std::move(config)), hold_(config_.hold) {
  static_assert(kMaxTrackedStreams == FrameHold::kStreams);
  for (auto& t : trackers_) t = e2ee::EnvelopeTracker(conference.expected_envelope());
  if (config_.extensions.IdOf(rtp::ExtensionType::kDependencyDescriptor) !=
      rtp::ExtensionMap::kNoId) {
    av1_streams_ =
        std::make_unique<common::SsrcTable<codec::Av1DependencyStructureTracker>>(kMaxAv1Streams);
  }
  for (const auto& [rtx_ssrc, media_ssrc] : config_.rtx_ssrcs) AssociateRtx(rtx_ssrc, media_ssrc);
}

Endpoint::~Endpoint() { conference_.Unregister(this); }

size_t Endpoint::StreamSlot(uint32_t ssrc) {
  const auto stream = streams_.Acquire(ssrc);
  const size_t slot = stream.slot;
  if (!stream.inserted) return slot;
  if (hold_.stream_held_packets(slot) != 0) {  // an evicted stream's slot: its held frames go
    CountHoldDrops(hold_.Refuse(slot, [](FrameKey, uint16_t) { return true; }, DropReason::kHoldExpired),
                   DropReason::kHoldExpired);
  }
  trackers_[slot] = e2ee::EnvelopeTracker(conference_.expected_envelope());
  h264_units_[slot] = codec::H264AccessUnitTracker();
  ledgers_[slot].Clear();
  return slot;
}

codec::Av1DependencyStructureTracker& Endpoint::Av1TrackerFor(uint32_t ssrc) {
  const auto stream = av1_streams_->Acquire(ssrc);
  codec::Av1DependencyStructureTracker& tracker = av1_streams_->value(stream.slot);
  if (stream.inserted) tracker.Reset();
  return tracker;
}

void Endpoint::ResolveAv1Layers(std::span<const uint8_t> packet, codec::PacketInfo& info) {
  if (!av1_streams_) return;  // the extension is not negotiated: no packet gets here
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
    r.ingressed = true;
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
    if (r.parse == codec::PacketError::kOk && r.info.rtx == 0 &&
        r.info.codec == static_cast<uint8_t>(codec::Codec::kH264)) {
      h264_units_[StreamSlot(r.info.ssrc)].OnPacket(r.info);
    }
  }
  JVBFASTPATH_PROBE1(ingress_parsed, n);
  Clock::time_point t2 = timed ? Clock::now() : t1;

  // Stage 3: the mode's policy: envelopes, the opaque record, the frame hold. Envelopes and
  // frame fates are tracked in every native mode (a few compares per frame), so a switch
  // into an E2EE mode finds every stream's state already known and drops nothing that is
  // E2EE; held packets are settled by their frame's fate in whatever mode it comes.
  if (policy.native) {
    const uint64_t now_ns = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
            .count());
    ExpireHeld(now_ns);
    for (size_t i = 0; i < n; ++i) {
      IngressResult& r = results[i];
      if (r.drop != DropReason::kNone || r.rtcp) continue;
      ApplyPolicy({packets[i].buffer.data(), packets[i].length}, policy, now_ns, r);
    }
  } else {
    ExpireHeld(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         Clock::now().time_since_epoch())
                                         .count()));
  }
  size_t forwardable = 0;
  for (size_t i = 0; i < n; ++i) {
    if (results[i].was_held) {
      // Held here: its drop, or its release, comes as a HoldEvent (counted there).
    } else if (results[i].drop == DropReason::kNone) {
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

void Endpoint::ExpireHeld(uint64_t now_ns) {
  if (hold_.held_packets() == 0 || now_ns < hold_.max_hold_ns()) return;
  const uint64_t deadline = now_ns - hold_.max_hold_ns();
  for (size_t s = 0; s < kMaxTrackedStreams; ++s) {
    if (!streams_.in_use(s)) continue;
    while (const std::optional<FrameKey> key = hold_.ExpiredHead(s, deadline)) {
      RefuseFrame(s, *key, DropReason::kHoldExpired);
    }
  }
}

void Endpoint::RefuseFrame(size_t stream, FrameKey key, DropReason reason) {
  FrameRecord* record = ledgers_[stream].Find(key);
  if (record != nullptr) {
    record->fate = FrameFate::kRefused;
    record->refusal = reason;
  }
  CountHoldDrops(hold_.Refuse(stream, [key](FrameKey k, uint16_t) { return k == key; }, reason),
                 reason);
}

void Endpoint::CountHoldDrops(size_t packets, DropReason reason) {
  if (packets != 0) Count(counters_.drops[static_cast<size_t>(reason)], packets);
}

void Endpoint::ReleaseFrames(size_t stream, bool with_candidates, FrameKey key,
                             const IngressResult* before, uint64_t now_ns) {
  FrameLedger& ledger = ledgers_[stream];
  auto settle = [&](FrameRecord& f) {
    if (f.held) hold_ns_.Record(now_ns - f.first_ns);  // the frame's added latency
    f.held = false;
    f.fate = FrameFate::kProven;
  };
  if (with_candidates) ledger.ForEach(FrameFate::kCandidate, settle);
  if (FrameRecord* f = ledger.Find(key)) settle(*f);
  const FrameKey also = key;
  // A packet held with a proven frame's timestamp but outside its sequence numbers is not
  // of it (it came before the frame's end told where the frame ends).
  auto proven = [&](FrameKey k, uint16_t seq, bool of_it) {
    const FrameRecord* f = ledger.Find(k);
    if (f == nullptr) return k == also && of_it;
    return f->fate == FrameFate::kProven && f->Contains(seq) == of_it;
  };
  CountHoldDrops(hold_.Refuse(stream, [&](FrameKey k, uint16_t seq) { return proven(k, seq, false); },
                              DropReason::kPlaintextInE2eeRequired),
                 DropReason::kPlaintextInE2eeRequired);
  const size_t released = hold_.Release(
      stream, [&](FrameKey k, uint16_t seq) { return proven(k, seq, true); }, before);
  Count(counters_.released_packets, released);
  Count(counters_.ingress_forwardable, released);
}

void Endpoint::Hold(size_t stream, FrameRecord& frame, IngressResult& r, size_t bytes,
                    uint64_t now_ns) {
  if (hold_.Hold(stream, frame.key, &r, static_cast<uint32_t>(bytes), now_ns)) {
    frame.held = true;
    Count(counters_.held_packets);
    return;
  }
  RefuseFrame(stream, frame.key, DropReason::kHoldOverflow);
  r.drop = DropReason::kHoldOverflow;
}

uint32_t Endpoint::RtxMediaSsrc(uint32_t rtx_ssrc) const {
  for (size_t i = 0; i < rtx_count_; ++i) {
    if (rtx_pairs_[i].first == rtx_ssrc) return rtx_pairs_[i].second;
  }
  return 0;
}

bool Endpoint::AssociateRtx(uint32_t rtx_ssrc, uint32_t media_ssrc) {
  for (size_t i = 0; i < rtx_count_; ++i) {
    if (rtx_pairs_[i].first == rtx_ssrc) {
      rtx_pairs_[i].second = media_ssrc;
      return true;
    }
  }
  if (rtx_count_ == rtx_pairs_.size()) return false;
  rtx_pairs_[rtx_count_++] = {rtx_ssrc, media_ssrc};
  return true;
}

std::optional<size_t> Endpoint::FindStream(uint32_t ssrc) const { return streams_.SlotOf(ssrc); }

void Endpoint::ApplyPolicy(std::span<const uint8_t> packet, const conference::ModePolicy& policy,
                           uint64_t now_ns, IngressResult& r) {
  const codec::PacketInfo& info = r.info;
  const bool rtx = info.rtx != 0;
  const size_t opaque_offset = info.payload_offset + info.descriptor_length;
  if (policy.guard_opaque_bytes) {
    e2ee::RecordOpaque(packet, opaque_offset, r.opaque);
    // The opaque range is kept in the original packet's layout: an RTX packet's OSN (the
    // descriptor's first 2 bytes here) is the bridge's to remove or add (passthrough_guard.h).
    if (rtx && info.rtx_osn >= 0 && r.opaque.offset >= 2) r.opaque.offset -= 2;
    r.guarded = true;
  }
  r.media_ssrc = info.ssrc;
  // Padding only (bandwidth probes): no media bytes, no frame.
  if (info.payload_length == 0) return;
  if (rtx && info.rtx_osn < 0) {  // one payload byte: no OSN, so no frame to judge it by
    if (policy.drop_plaintext) r.drop = DropReason::kRtxUnproven;
    return;
  }
  const bool required = policy.drop_plaintext;
  const std::span<const uint8_t> data = codec::FrameData(packet, info);
  const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
  const FrameKey key{info.timestamp, static_cast<int8_t>(info.spatial_id > 0 ? info.spatial_id : 0)};

  if (rtx) {
    ApplyRtxPolicy(data, packet.size(), bounds, key, required, now_ns, r);
    return;
  }
  const size_t s = StreamSlot(info.ssrc);
  FrameLedger& ledger = ledgers_[s];
  FrameRecord* frame = ledger.Find(key);
  e2ee::EnvelopeTracker& tracker = trackers_[s];
  if (frame != nullptr && (frame->fate == FrameFate::kProven || frame->fate == FrameFate::kRefused)) {
    // A late packet of a decided frame (reordered, or resent on the media SSRC); with the
    // frame's timestamp but outside its sequence numbers, it is not of the frame.
    r.stream_envelope = tracker.stream_kind();
    if (frame->fate == FrameFate::kRefused && required) {
      r.drop = frame->refusal;
    } else if (!frame->Contains(info.sequence_number) && required) {
      r.drop = DropReason::kPlaintextInE2eeRequired;
    }
    return;
  }
  if (frame != nullptr && frame->fate == FrameFate::kCandidate) {
    // A late packet of an SFrame candidate: it waits with its frame.
    r.stream_envelope = tracker.stream_kind();
    if (required) Hold(s, *frame, r, packet.size(), now_ns);
    return;
  }
  const e2ee::FrameOrigin origin{info.ssrc, info.timestamp, info.sequence_number};
  const e2ee::FrameVerdict verdict = tracker.OnPacket(data, bounds.start, bounds.end, &origin);
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

  if (frame == nullptr) {
    std::optional<FrameRecord> evicted;
    frame = &ledger.Add(key, now_ns, &evicted);
    if (evicted) RefuseFrame(s, evicted->key, DropReason::kHoldExpired);
  }
  if (bounds.end) {
    frame->has_end = true;
    frame->end_seq = info.sequence_number;
  }
  if (bounds.start) {
    frame->has_start = true;
    frame->start_seq = info.sequence_number;
  }
  if (IsE2ee(verdict.kind)) {
    // Proven: this frame, and for SFrame every candidate of the chain now trusted.
    ReleaseFrames(s, verdict.kind == e2ee::EnvelopeKind::kSFrame, key, &r, now_ns);
    return;
  }
  if (verdict.kind == e2ee::EnvelopeKind::kNone) {
    RefuseFrame(s, key, DropReason::kPlaintextInE2eeRequired);
    if (required) r.drop = DropReason::kPlaintextInE2eeRequired;
    return;
  }
  if (verdict.sframe_chain_start) {
    // The candidates before this one do not continue into it: they were not SFrame.
    ledger.ForEach(FrameFate::kCandidate, [&](FrameRecord& f) {
      if (!(f.key == key)) RefuseFrame(s, f.key, DropReason::kPlaintextInE2eeRequired);
    });
  }
  if (verdict.sframe_candidate) frame->fate = FrameFate::kCandidate;
  if (required) Hold(s, *frame, r, packet.size(), now_ns);
}

void Endpoint::ApplyRtxPolicy(std::span<const uint8_t> data, size_t packet_size,
                              codec::FrameBounds bounds, FrameKey key, bool required,
                              uint64_t now_ns, IngressResult& r) {
  const codec::PacketInfo& info = r.info;
  const uint16_t osn = static_cast<uint16_t>(info.rtx_osn);
  // The media stream: signalled (a=ssrc-group:FID), or learned from a frame of a media
  // stream with this timestamp that the OSN falls into, or from a JFrame IV's SSRC.
  uint32_t media = RtxMediaSsrc(info.ssrc);
  std::optional<size_t> s = media != 0 ? FindStream(media) : std::nullopt;
  if (media == 0) {
    for (size_t i = 0; i < kMaxTrackedStreams && !s; ++i) {
      if (!streams_.in_use(i)) continue;
      const FrameRecord* f = ledgers_[i].Find(key);
      if (f != nullptr && f->Contains(osn)) s = i;
    }
    if (!s && bounds.end && data.size() >= 14) {
      const uint32_t iv_ssrc = rtp::ReadU32(&data[data.size() - 14]);
      const e2ee::FrameOrigin origin{iv_ssrc, info.timestamp};
      if (e2ee::MatchJFrameTrailer(data, &origin)) s = FindStream(iv_ssrc);
    }
    if (s) {
      media = streams_.ssrc(*s);
      AssociateRtx(info.ssrc, media);
    }
  }
  if (!s) {
    if (required) r.drop = DropReason::kRtxUnproven;
    return;
  }
  r.media_ssrc = media;
  FrameLedger& ledger = ledgers_[*s];
  FrameRecord* frame = ledger.Find(key);
  r.stream_envelope = trackers_[*s].stream_kind();
  if (frame != nullptr && frame->fate == FrameFate::kProven) {
    // The original's frame was proven: a retransmission of one of its packets passes.
    if (required && !frame->Contains(osn)) {
      r.drop = DropReason::kRtxUnproven;
    }
    return;
  }
  if (frame != nullptr && frame->fate == FrameFate::kRefused) {
    if (required) r.drop = frame->refusal;
    return;
  }
  // The frame is open or unknown: the retransmitted payload proves it if it is the frame's
  // JFrame end (the IV carries the media SSRC and the timestamp).
  const e2ee::FrameOrigin origin{media, info.timestamp};
  if (bounds.end && conference_.expected_envelope() != e2ee::ExpectedEnvelope::kSFrame &&
      e2ee::MatchJFrameTrailer(data, &origin)) {
    if (frame == nullptr) {
      std::optional<FrameRecord> evicted;
      frame = &ledger.Add(key, now_ns, &evicted);
      if (evicted) RefuseFrame(*s, evicted->key, DropReason::kHoldExpired);
    }
    frame->has_end = true;
    frame->end_seq = osn;
    r.envelope = e2ee::EnvelopeKind::kJFrame;
    ReleaseFrames(*s, false, key, &r, now_ns);
    return;
  }
  if (frame != nullptr && required) {
    Hold(*s, *frame, r, packet_size, now_ns);  // waits with its frame
  } else if (required) {
    r.drop = DropReason::kRtxUnproven;
  }
}

void Endpoint::DropAtGuard(size_t i, e2ee::GuardResult g, const EgressItem& item,
                           EgressResult& r) {
  const IngressResult& src = *item.source;
  codec::PacketInfo scratch;
  const bool by_rewrite =
      r.drop == DropReason::kNone && item.rewriter != nullptr &&
      rewrite::RewriteReach(OriginalInfo(src, config_.payload_types, scratch)) > src.opaque.offset;
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

size_t Endpoint::TakeHoldEvents(std::span<HoldEvent> out) { return hold_.TakeEvents(out); }

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
  codec::PacketInfo scratch;  // a decapsulated RTX packet's info
  for (size_t i = 0; i < n; ++i) {
    EgressResult& r = results[i];
    r = EgressResult{};
    const IngressResult& src = *items[i].source;
    if (!src.ingressed) {  // nothing says what it is: no ingress call filled the source
      r.drop = DropReason::kNotIngressed;
      continue;
    }
    if (src.drop != DropReason::kNone) {
      // Never forwardable at ingress (plaintext where E2EE is required, still held, ...):
      // refused here too, whatever the caller did with the verdict.
      r.drop = src.drop;
      continue;
    }
    if (src.rtcp != rtp::LooksLikeRtcp({packets[i].buffer.data(), packets[i].length})) {
      // An RTCP source for an RTP packet (which would go out unchecked) or the reverse.
      r.drop = DropReason::kNotIngressed;
      continue;
    }
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
    // A received RTX packet the bridge decapsulated (rtx false) is the original packet.
    if (items[i].rtx ||
        !items[i].rewriter->Rewrite({packets[i].buffer.data(), packets[i].length},
                                    OriginalInfo(src, config_.payload_types, scratch), now_ms)) {
      r.drop = DropReason::kRewrite;
    }
  }
  const Clock::time_point t1 = timed ? Clock::now() : t0;

  // Stage 5: the passthrough check, after every rewrite and before protect. A packet the
  // rewriter refused is checked too (the rewriter wrote nothing): a changed opaque range,
  // its length included, is named as the violation it is, not as a rewrite failure. The
  // bytes of a copied record are compared by the cipher as it encrypts them (stage 6,
  // srtp/expected_plaintext.h); here only their length, unless our ciphers are not there.
  const bool ciphers_ours = srtp::CheckedWhileEncrypting();
  for (size_t i = 0; i < n; ++i) {
    EgressResult& r = results[i];
    const IngressResult& src = *items[i].source;
    if (!src.guarded || (r.drop != DropReason::kNone && r.drop != DropReason::kRewrite)) continue;
    const std::span<const uint8_t> packet(packets[i].buffer.data(), packets[i].length);
    const e2ee::GuardResult g =
        r.drop == DropReason::kNone && ComparedByCipher(ciphers_ours, src)
            ? e2ee::VerifyOpaqueLength(packet, src.opaque.offset, src.opaque, items[i].rtx)
            : e2ee::VerifyOpaque(packet, src.opaque.offset, src.opaque, items[i].rtx);
    if (g != e2ee::GuardResult::kIntact) DropAtGuard(i, g, items[i], r);
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
    const IngressResult& src = *items[i].source;
    if (src.rtcp) {
      r.srtp = outbound_->ProtectRtcp(p.buffer, p.length);
    } else if (ComparedByCipher(ciphers_ours, src)) {
      const size_t start = e2ee::OpaqueStart(src.opaque.offset, items[i].rtx);
      srtp::ExpectedPlaintext expected{p.buffer.data() + start,
                                       {src.opaque.copy.bytes, src.opaque.length}};
      const size_t plain_length = p.length;
      r.srtp = outbound_->ProtectRtp(p.buffer, p.length, expected);
      const e2ee::GuardResult g = GuardVerdict(expected, r.srtp, {p.buffer.data(), p.length},
                                               plain_length, src, items[i].rtx);
      if (g != e2ee::GuardResult::kIntact) {
        if (r.srtp == srtp::Status::kOk) {
          // Encrypted and authenticated, but not to be sent: the opaque range and the tag
          // are zeroed so that a caller that sent it anyway sends nothing a receiver takes.
          std::fill(p.buffer.begin() + static_cast<std::ptrdiff_t>(start),
                    p.buffer.begin() + static_cast<std::ptrdiff_t>(p.length), uint8_t{0});
          p.length = plain_length;
        }
        p.status = r.srtp;
        DropAtGuard(i, g, items[i], r);
        CountDrop(r.drop);
        continue;
      }
    } else {
      r.srtp = outbound_->ProtectRtp(p.buffer, p.length);
    }
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
    if (static_cast<DropReason>(r) == DropReason::kHeld) continue;  // a verdict, not a drop
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
    out.AddCounter("jvbfastpath_srtp_streams_evicted_total",
                   "SRTP streams dropped (least recently used) to admit a new SSRC at the cap",
                   with("direction", direction), session->streams_evicted());
    out.AddCounter("jvbfastpath_srtp_streams_restored_total",
                   "SRTP streams made again where a dropped stream of the SSRC had got to",
                   with("direction", direction), session->streams_restored());
    out.AddCounter("jvbfastpath_srtp_stream_positions_forgotten_total",
                   "Dropped SRTP streams' positions forgotten (more drops than max-streams since)",
                   with("direction", direction), session->positions_forgotten());
  }
  for (const auto& [table, evictions] :
       {std::pair{"envelope", streams_.evictions()},
        std::pair{"av1", av1_streams_ ? av1_streams_->evictions() : 0}}) {
    out.AddCounter("jvbfastpath_endpoint_streams_evicted_total",
                   "Incoming streams whose state was evicted (least recently used) for a new SSRC",
                   with("table", table), evictions);
  }
  out.AddGauge("jvbfastpath_endpoint_held_packets",
               "Packets held now until their frame is proven (e2ee-required)", base,
               static_cast<double>(held_packets()));
  out.AddGauge("jvbfastpath_endpoint_held_bytes", "Bytes of the packets held now", base,
               static_cast<double>(held_bytes()));
  out.AddHistogram("jvbfastpath_hold_seconds",
                   "Per frame released from the hold: first packet in to release", base,
                   HoldLatency());
  for (size_t s = 0; s < static_cast<size_t>(Stage::kCount); ++s) {
    out.AddHistogram("jvbfastpath_stage_seconds",
                     "Per-packet time in each stage (sampled batches)",
                     with("stage", std::string(StageName(static_cast<Stage>(s)))),
                     stage_ns_[s].Take());
  }
}

}  // namespace jvbfastpath::pipeline
