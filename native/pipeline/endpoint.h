// Endpoint: one participant of a conference as the bridge's media path sees it.
//
// Contract:
// - Ingress(batch): every packet the participant sent, as received: SRTP/SRTCP unprotect,
//   parse (RTP header, extensions, codec payload header), and the conference mode's policy:
//   envelope recognition per frame, the opaque-bytes record, and dropping plaintext where
//   E2EE is required. The conference mode is read once per batch; the mode and epoch a
//   packet was handled in travel with its IngressResult, so its egress uses the same.
// - Egress(batch): packets forwarded to this participant: rewrite (per receiver and
//   stream, by the caller's StreamRewriter), the passthrough check against the ingress
//   record, SRTP protect. A packet that fails a check is never sent, nor one whose source
//   no ingress call filled or that is RTP for an RTCP source or the reverse (kNotIngressed).
// - Each call runs on one thread at a time per endpoint (the bridge's per-endpoint
//   pipeline); ingress and egress of one endpoint may run on two different threads.
//   Stats may be read from any thread.
// - No allocation, lock or syscall per packet; timing is sampled (one batch in
//   `timing_sample_every`), and every stage boundary has a USDT probe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "native/codec/av1_dependency_descriptor.h"
#include "native/codec/codec.h"
#include "native/codec/h264_access_unit.h"
#include "native/codec/packet_info.h"
#include "native/common/ssrc_table.h"
#include "native/conference/mode.h"
#include "native/e2ee/envelope.h"
#include "native/e2ee/passthrough_guard.h"
#include "native/pipeline/frame_hold.h"
#include "native/pipeline/stages.h"
#include "native/rewrite/stream_rewriter.h"
#include "native/rtp/extension_map.h"
#include "native/srtp/keys.h"
#include "native/srtp/srtp_session.h"
#include "native/stats/latency_histogram.h"
#include "native/stats/metrics.h"

namespace jvbfastpath::pipeline {

class Conference;

struct EndpointConfig {
  std::string id;
  srtp::Profile profile = srtp::Profile::kAeadAes128Gcm;
  srtp::DtlsRole dtls_role = srtp::DtlsRole::kServer;  // the bridge's role toward this client
  uint32_t replay_window = 64;
  uint32_t max_streams = 1024;
  // Cryptex (RFC 9335) negotiated with this endpoint (a=cryptex): both directions encrypt
  // CSRCs and header extensions; ingress parses the extensions after decryption.
  bool cryptex = false;
  rtp::ExtensionMap extensions;
  codec::PayloadTypeMap payload_types;
  // A recorder, SIP gateway or transcriber: it needs plaintext, so it gets no media when
  // the conference requires E2EE.
  bool needs_plaintext = false;
  // RTX (RFC 4588): (RTX SSRC, media SSRC) pairs from a=ssrc-group:FID; RTX payload types
  // go in payload_types (SetRtx). Unsignalled RTX SSRCs are learned (endpoint.cc).
  std::vector<std::pair<uint32_t, uint32_t>> rtx_ssrcs;
  // Bounds of the frame hold in e2ee-required (frame_hold.h).
  HoldLimits hold;
};

// What ingress decided about a packet.
struct IngressVerdict {
  srtp::Status srtp = srtp::Status::kOk;
  bool rtcp = false;
  DropReason drop = DropReason::kNone;
  conference::Mode mode = conference::Mode::kAccelerated;
  uint32_t mode_epoch = 0;
  codec::PacketError parse = codec::PacketError::kOk;
  codec::PacketInfo info;
  // E2EE (modes with guard_opaque_bytes):
  bool guarded = false;  // `opaque` (below) holds the record egress verifies
  e2ee::EnvelopeKind envelope = e2ee::EnvelopeKind::kUnknown;  // the frame's, on its last packet
  e2ee::EnvelopeKind stream_envelope = e2ee::EnvelopeKind::kUnknown;
  int key_id = -1;
  // The SSRC of the media stream: info.ssrc, or for an RTX packet the stream it
  // retransmits (0 while unknown).
  uint32_t media_ssrc = 0;
  // Nonzero while the packet is held (drop == kHeld) waiting for its frame's proof.
  uint32_t hold_ticket = 0;
  // It was held (its drop, if any, was counted when its frame was settled).
  bool was_held = false;
  // Filled by an ingress call (and not reset since): egress refuses any other source.
  bool ingressed = false;
};

struct IngressResult : IngressVerdict {
  e2ee::OpaqueRecord opaque;

  // Back to the defaults for a new packet, without rewriting the opaque copy's 1280 bytes
  // (`*this = IngressResult{}` would copy them).
  void Reset() {
    static_cast<IngressVerdict&>(*this) = IngressVerdict{};
    opaque.Clear();
  }
};

// One packet to send to this endpoint: where it came from and how to rewrite it.
struct EgressItem {
  const IngressResult* source = nullptr;  // the packet's ingress result
  rewrite::StreamRewriter* rewriter = nullptr;  // null: forward unchanged
  // An RTX encapsulation of the source (RFC 4588: 2-byte OSN before the original payload),
  // built by the caller with its final header; the passthrough check skips the OSN. RTX
  // items take no rewriter (one is a kRewrite drop).
  bool rtx = false;
  // Set the RTP marker bit: the bridge forwards only some spatial layers of an SVC picture
  // (VP9, AV1) and this is the last packet of the highest layer the receiver gets, so it
  // must end the picture for the receiver's jitter buffer (the sender's marker sits on the
  // top layer's last packet, which this receiver does not get).
  bool set_marker = false;
};

struct EgressResult {
  srtp::Status srtp = srtp::Status::kOk;
  DropReason drop = DropReason::kNone;
};

#define JVBFASTPATH_ENDPOINT_COUNTERS(X)                                   \
  X(ingress_packets, "packets received (RTP and RTCP)")                    \
  X(ingress_forwardable, "packets received and forwardable")               \
  X(egress_packets, "packets offered for sending")                         \
  X(egress_sent, "packets protected and sent")                             \
  X(frames_jframe, "frames recognised as JFrame")                          \
  X(frames_sframe, "frames recognised as SFrame")                          \
  X(frames_plaintext, "frames not (yet) JFrame or SFrame at their end")   \
  X(key_changes, "E2EE key id changes seen (key rotation)")                \
  X(held_packets, "packets held until their frame was proven (e2ee-required)") \
  X(released_packets, "held packets released once their frame was proven")

struct EndpointCounters {
#define JVBFASTPATH_X(name, help) std::atomic<uint64_t> name{0};
  JVBFASTPATH_ENDPOINT_COUNTERS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  std::array<std::atomic<uint64_t>, static_cast<size_t>(DropReason::kCount)> drops{};
};

class Endpoint {
 public:
  // Returns nullptr and sets *error if the keying material does not fit the profile.
  static std::unique_ptr<Endpoint> Create(Conference& conference, EndpointConfig config,
                                          std::span<const uint8_t> dtls_keying_material,
                                          std::string* error);
  // SDES-style keys, for tools and tests: what the bridge unprotects with, and protects with.
  static std::unique_ptr<Endpoint> Create(Conference& conference, EndpointConfig config,
                                          const srtp::MasterKey& remote,
                                          const srtp::MasterKey& local, std::string* error);

  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Returns how many packets are forwardable now (drop == kNone and not held: a packet
  // held by this call, was_held, is released or dropped by a HoldEvent, even when this
  // same call settled it).
  size_t Ingress(std::span<srtp::PacketSlot> packets, std::span<IngressResult> results);
  // Ingress for packets already unprotected (the bridge kept its own SRTP): parse and the
  // mode's policy only. Same results, same counters (srtp stays kOk).
  size_t IngressPlain(std::span<srtp::PacketSlot> packets, std::span<IngressResult> results);
  size_t Egress(std::span<srtp::PacketSlot> packets, std::span<const EgressItem> items,
                std::span<EgressResult> results);

  // The frame hold (e2ee-required; frame_hold.h). A packet whose frame is not proven yet
  // comes out of Ingress with drop == kHeld; the caller keeps it (buffer and result) and
  // takes its HoldEvent later, from the ingress call that settled its frame on:
  //   released (event.packet->drop == kNone): send it right before `event.before`, the
  //     packet of that call that proved the frame (itself forwardable), so a stream's
  //     packets leave in their order;
  //   dropped (any other drop): give the buffer back.
  // Events wait in order until taken (on the ingress thread, after each Ingress).
  size_t TakeHoldEvents(std::span<HoldEvent> out);
  size_t held_packets() const { return hold_.held_packets(); }
  size_t held_bytes() const { return hold_.held_bytes(); }
  size_t held_peak_packets() const { return hold_.peak_packets(); }  // since creation
  size_t held_peak_bytes() const { return hold_.peak_bytes(); }
  // Per frame released: from its first packet's arrival to its release.
  stats::LatencyHistogram::Snapshot HoldLatency() const { return hold_ns_.Take(); }
  // RTX SSRC -> media SSRC, as a=ssrc-group:FID says (ingress thread, or before ingress).
  // False if the table (32 pairs) is full.
  bool AssociateRtx(uint32_t rtx_ssrc, uint32_t media_ssrc);
  // An RTX payload type (a=rtpmap:PT rtx, a=fmtp:PT apt=APT), as EndpointConfig's
  // payload_types.SetRtx (ingress thread, or before ingress). False if out of range.
  bool SetRtxPayloadType(uint8_t pt, uint8_t apt) { return config_.payload_types.SetRtx(pt, apt); }

  const std::string& id() const { return config_.id; }
  const EndpointConfig& config() const { return config_; }
  srtp::SrtpSession& inbound() { return *inbound_; }
  srtp::SrtpSession& outbound() { return *outbound_; }
  const EndpointCounters& counters() const { return counters_; }
  stats::LatencyHistogram::Snapshot StageLatency(Stage stage) const {
    return stage_ns_[static_cast<size_t>(stage)].Take();
  }
  void ExportMetrics(const std::string& conference_id, stats::Metrics& out) const;

  // One batch in this many is timed per stage (1 = every batch, 0 = none: the load tool
  // measures what timing costs by switching it off and on). Any thread, any time.
  void set_timing_sample_every(uint32_t n) { sample_every_.store(n, std::memory_order_relaxed); }

 private:
  Endpoint(Conference& conference, EndpointConfig config);
  size_t RunIngress(std::span<srtp::PacketSlot> packets, std::span<IngressResult> results,
                    bool unprotect);
  // The slot of an incoming stream's state (envelope tracker, H.264 access unit), created
  // on its first packet.
  size_t StreamSlot(uint32_t ssrc);
  std::optional<size_t> FindStream(uint32_t ssrc) const;
  // The policy of stage 3 for one RTP packet (RTX: ApplyRtxPolicy).
  void ApplyPolicy(std::span<const uint8_t> packet, const conference::ModePolicy& policy,
                   uint64_t now_ns, IngressResult& r);
  void ApplyRtxPolicy(std::span<const uint8_t> frame_data, size_t packet_size,
                      codec::FrameBounds bounds, FrameKey key, bool required, uint64_t now_ns,
                      IngressResult& r);
  void Hold(size_t stream, FrameRecord& frame, IngressResult& r, size_t bytes, uint64_t now_ns);
  // Proves frame `key` (and with_candidates: the stream's SFrame candidates) and releases
  // their held packets before `before`.
  void ReleaseFrames(size_t stream, bool with_candidates, FrameKey key,
                     const IngressResult* before, uint64_t now_ns);
  void RefuseFrame(size_t stream, FrameKey key, DropReason reason);
  void CountHoldDrops(size_t packets, DropReason reason);
  void ExpireHeld(uint64_t now_ns);
  uint32_t RtxMediaSsrc(uint32_t rtx_ssrc) const;
  // Egress packet `i` failed the passthrough check with `g`: dropped, named by who changed
  // the opaque bytes (the rewrite, or something before egress), reported once.
  void DropAtGuard(size_t i, e2ee::GuardResult g, const EgressItem& item, EgressResult& r);
  // The AV1 DD template structure of an incoming stream (a slot taken on its first DD
  // packet). Only with av1_streams_.
  codec::Av1DependencyStructureTracker& Av1TrackerFor(uint32_t ssrc);
  // Resolves an AV1 packet's spatial/temporal ids and resolution through its stream's
  // Dependency Descriptor structure.
  void ResolveAv1Layers(std::span<const uint8_t> packet, codec::PacketInfo& info);
  void Count(std::atomic<uint64_t>& c, uint64_t by = 1) {
    c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  }
  void CountDrop(DropReason r) {
    if (r != DropReason::kHeld) Count(counters_.drops[static_cast<size_t>(r)]);
  }

  Conference& conference_;
  EndpointConfig config_;
  std::unique_ptr<srtp::SrtpSession> inbound_;
  std::unique_ptr<srtp::SrtpSession> outbound_;
  // State per incoming SSRC, indexed by the stream's slot in streams_ (the frame hold's
  // stream index too): a handful per endpoint, the least recently used out past 32.
  static constexpr size_t kMaxTrackedStreams = 32;
  common::SsrcTable<> streams_{kMaxTrackedStreams};
  std::array<e2ee::EnvelopeTracker, kMaxTrackedStreams> trackers_;
  std::array<codec::H264AccessUnitTracker, kMaxTrackedStreams> h264_units_;
  std::array<FrameLedger, kMaxTrackedStreams> ledgers_;
  FrameHold hold_;
  stats::LatencyHistogram hold_ns_;
  std::array<std::pair<uint32_t, uint32_t>, 32> rtx_pairs_{};
  size_t rtx_count_ = 0;
  // The AV1 DD template structure per incoming AV1 stream, the least recently used out:
  // about 7 kB a stream, so made at construction only when the endpoint negotiated the
  // Dependency Descriptor extension (without it no packet has one); null otherwise.
  static constexpr size_t kMaxAv1Streams = 8;
  std::unique_ptr<common::SsrcTable<codec::Av1DependencyStructureTracker>> av1_streams_;
  EndpointCounters counters_;
  std::array<stats::LatencyHistogram, static_cast<size_t>(Stage::kCount)> stage_ns_;
  std::atomic<uint32_t> sample_every_{16};
  std::atomic<bool> guard_reported_{false};  // a mismatch is logged once per endpoint
  uint64_t ingress_batches_ = 0;
  uint64_t egress_batches_ = 0;
  // Whether this batch is one of the timed ones.
  static bool Sampled(uint64_t& batches, const std::atomic<uint32_t>& every) {
    const uint32_t n = every.load(std::memory_order_relaxed);
    return n != 0 && ++batches % n == 0;
  }
};

}  // namespace jvbfastpath::pipeline
