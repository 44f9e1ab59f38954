// LoadSimulation: simulated conferences for ./fastpath load. It plays the clients (their
// traffic, their SRTP) and the bridge's forwarding decisions (who receives which stream),
// and hands the bridge work (ingress per sender, egress per receiver) to a driver: natively
// here (RunNativeTick) or through the JVM and the jar (tools/load/java, over JNI).
//
// Forwarding, as JVB does it in a tile view: every receiver gets every other participant's
// audio, and video from up to last-n senders: the dominant speaker's highest simulcast
// layer, the others' lowest (switching on a keyframe when the dominant speaker changes,
// every 5 s here), and the senders' RTCP sender reports. Transport-cc feedback ends at the
// bridge. Each (receiver, sender, audio|video) has its own StreamRewriter, so a receiver
// sees one SSRC per sender and kind, with continuous seq, timestamps and picture ids
// across layer switches.
//
// Endpoint churn (--churn-every): one participant leaves and a new one takes its place, in
// two steps around a tick's forwarding plan, as a bridge expires an endpoint and admits a
// new one while the others' media flows. Leave() comes after ingress: the leaver's endpoint
// is closed; what the bridge holds for it this tick is discarded (not a loss: it has no
// receiver any more), while the packets it sent and the bridge already received are still
// forwarded to the others. Join() comes after egress: the leaver's streams go from every
// receiver (rewriters, outbound SRTP streams), and a new participant joins in its slot with
// fresh DTLS keying material, client sessions and SSRCs, fresh rewriters both ways, and a
// keyframe request to every sender it will receive.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/rewrite/stream_rewriter.h"
#include "native/srtp/srtp_session.h"
#include "tools/load/load_report.h"
#include "tools/load/traffic.h"

namespace jvbfastpath::load {

struct SimulationConfig {
  TrafficConfig traffic;
  int last_n = 5;
  srtp::Profile profile = srtp::Profile::kAeadAes128Gcm;
  conference::Mode mode = conference::Mode::kE2eePassthrough;
  std::string conference_id = "conference-0";
  uint32_t timing_sample_every = 16;
  // Create the bridge's endpoints here (the native driver); the JNI driver makes its own
  // through the jar and only uses the clients and the plan.
  bool native_bridge = true;
};

struct LoadOptions;
// The simulation of conference `index` under the load tool's options (the same for both
// drivers, so --compare compares like with like).
SimulationConfig SimulationConfigFor(const LoadOptions& options, int index, bool native_bridge);

// One forwarded packet: which ingress packet, to whom, rewritten by which state.
struct Forward {
  int receiver = 0;
  size_t packet = 0;  // index into the tick's ingress packets
  int rewriter_index = -1;  // which rewriter (-1: forwarded unchanged); see RewriterOf
  // Not sent: an SVC spatial layer this receiver does not get. The driver tells the
  // rewriter (StreamRewriter::Drop) after the egress of the receiver's packets before it,
  // so the receiver's sequence numbers stay continuous.
  bool drop = false;
  // SVC: the last packet of the highest spatial layer this receiver gets, below the top
  // layer: the bridge sets its marker bit (EgressItem::set_marker) to end the picture.
  bool set_marker = false;
};

class LoadSimulation {
 public:
  explicit LoadSimulation(const SimulationConfig& config);

  // Client side of a tick: traffic for 20 ms, protected by each sender's client session.
  // Returns the packets (in buffers()), grouped by sender in order.
  size_t NextTick();
  std::span<std::vector<uint8_t>> buffers() { return buffers_; }
  std::span<const SentPacket> sent() const { return {sent_.data(), sent_count_}; }
  // Where sender s's packets start and end in sent().
  std::pair<size_t, size_t> SenderRange(int s) const { return sender_ranges_[s]; }

  // The forwarding plan of the tick (after NextTick), given the bridge's ingress verdict on
  // each packet: drops[i] is its pipeline::DropReason (0, kNone: forwardable).
  std::span<const Forward> Plan(std::span<const uint8_t> drops);

  // The bridge side, natively: ingress per sender, then egress per receiver; with `leave`,
  // a participant leaves in between (Leave()). Returns the packets sent to receivers.
  size_t RunNativeTick(bool leave = false);
  // The receiving clients' side of the native tick just run (not bridge work, so drivers
  // call it outside their timing): receivers 0, 10, 20, ... unprotect what they got.
  void CheckReceivers();

  // Endpoint churn (see the top of this file). Leave(): the next participant in turn leaves
  // (the native driver closes its endpoint and keeps its stats); returns its slot. Join():
  // a new participant takes that slot (the native driver creates its endpoint; the JNI
  // driver then reads its keying_material() and rewriter_config()s).
  int Leave();
  // The SSRCs receiver `receiver` got from the participant that left this tick (its
  // rewritten streams and its forwarded sender reports), until Join(): what leaves that
  // receiver's outbound SRTP session.
  std::vector<uint32_t> DepartedSsrcs(int receiver) const;
  void Join();
  // Joins, leaves, and two kinds of packets not forwarded that are not losses:
  // - discarded_for_departed: what the plan had for a participant that had just left;
  // - held_at_stream_start: E2EE packets of a new stream's first frames dropped as
  //   plaintext_in_e2ee_required. With the frame hold (frame_hold.h) there should be none:
  //   counted to show it, and a loss like any other plaintext drop of our E2EE traffic.
  const ChurnCounts& churn() const { return churn_; }
  // The frame hold as this simulation saw it (native driver: max held; both: past tick).
  const HoldCounts& hold() const { return hold_; }
  // The native driver's endpoints' stage latency and drops, departed endpoints included.
  stats::LatencyHistogram::Snapshot StageLatency(pipeline::Stage stage) const;
  uint64_t Drops(pipeline::DropReason reason) const;

  pipeline::Conference& conference() { return *conference_; }
  // The stage timing of the native driver's endpoints, now and for those that join later
  // (0: off).
  void SetTimingSampleEvery(uint32_t n);
  int participants() const { return traffic_.participants(); }
  // DTLS keying material per participant (the bridge is the DTLS server, clients clients).
  std::span<const uint8_t> keying_material(int i) const { return keying_[i]; }
  const SimulationConfig& config() const { return config_; }
  // Client-side check of what the bridge sent: unprotect a receiver's packet.
  bool ClientUnprotect(int receiver, std::span<uint8_t> packet, size_t& length, bool rtcp);
  uint64_t rewriter_count() const { return rewriters_.size(); }
  // The native driver's rewriter of a plan entry (null: forwarded unchanged).
  rewrite::StreamRewriter* RewriterOf(const Forward& f) const {
    if (f.rewriter_index < 0) return nullptr;
    return rewriters_[static_cast<size_t>(f.rewriter_index)].get();
  }
  // The out SSRC and clock rate of rewriter `index` (for drivers that make their own).
  rewrite::StreamRewriteConfig rewriter_config(size_t index) const;
  uint64_t client_checked() const { return client_checked_; }
  uint64_t client_check_failed() const { return client_check_failed_; }

 private:
  // Participant i's keying material, client sessions and (native driver) endpoint.
  void AddParticipant(int i);
  void MakeRewriter(size_t index);

  SimulationConfig config_;
  ConferenceTraffic traffic_;
  std::unique_ptr<pipeline::Conference> conference_;
  std::vector<std::unique_ptr<pipeline::Endpoint>> endpoints_;
  std::vector<std::vector<uint8_t>> keying_;
  std::mt19937 key_rng_;
  std::vector<uint32_t> generation_;  // per slot: participants it had before this one
  std::vector<std::unique_ptr<srtp::SrtpSession>> client_out_;
  std::vector<std::unique_ptr<srtp::SrtpSession>> client_in_;
  // rewriters_[(receiver * P + sender) * 2 + (video ? 1 : 0)]
  std::vector<std::unique_ptr<rewrite::StreamRewriter>> rewriters_;
  std::vector<std::vector<uint8_t>> buffers_;
  std::vector<std::span<uint8_t>> buffer_views_;
  std::vector<SentPacket> sent_;
  size_t sent_count_ = 0;
  std::vector<std::pair<size_t, size_t>> sender_ranges_;
  std::vector<Forward> plan_;
  int dominant_ = 0;
  // SVC: the dominant speaker's upper spatial layers are forwarded from its first key
  // picture on (K-SVC upper layers cannot be decoded from a delta picture).
  int upper_layers_for_ = -1;
  int departed_ = -1;  // the slot of a participant that left this tick (until Join)
  int next_leaver_ = 0;
  ChurnCounts churn_;
  HoldCounts hold_;
  // Native driver scratch (sized once).
  std::array<pipeline::HoldEvent, 256> hold_events_{};
  std::vector<pipeline::IngressResult> ingress_results_;
  std::vector<srtp::PacketSlot> slots_;
  std::vector<std::vector<uint8_t>> egress_buffers_;
  std::vector<srtp::PacketSlot> egress_slots_;
  std::vector<pipeline::EgressItem> egress_items_;
  std::vector<pipeline::EgressResult> egress_results_;
  struct ClientBatch {
    int receiver;
    size_t begin, end;  // its sent packets in egress_*_
  };
  std::vector<ClientBatch> client_batches_;  // this tick's, for CheckReceivers
  std::vector<uint8_t> drops_;  // the native driver's ingress verdicts, for Plan
  // Per (sender, stream 0..3): frames of the stream that ended at ingress, counted up to
  // what the bridge needs to trust its envelope. Cleared when a new participant joins.
  std::vector<uint8_t> stream_frames_;
  uint64_t client_checked_ = 0;
  uint64_t client_check_failed_ = 0;  // 1 if the ingress verdict lets the packet on
};

}  // namespace jvbfastpath::load
