#include "tools/load/simulation.h"

#include "tools/load/load_options.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace jvbfastpath::load {
namespace {

constexpr int kSwitchDominantTicks = 250;  // 5 s
constexpr int kClientCheckEvery = 10;  // receivers 0, 10, 20, ... verify what they get

// A rewriter's out SSRC: distinct per receiver, sender and kind, and new when either slot
// has a new participant (its generation).
uint32_t MixSsrc(int receiver, uint32_t receiver_gen, int sender, uint32_t sender_gen, int kind) {
  uint64_t x = (static_cast<uint64_t>(receiver) << 32) ^ (static_cast<uint64_t>(sender) << 8) ^
               static_cast<uint64_t>(kind) ^ (static_cast<uint64_t>(receiver_gen) << 44) ^
               (static_cast<uint64_t>(sender_gen) << 20) ^ 0x9E3779B97F4A7C15ull;
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  return static_cast<uint32_t>(x >> 17) | 1u;
}

}  // namespace

SimulationConfig SimulationConfigFor(const LoadOptions& o, int index, bool native_bridge) {
  SimulationConfig sc;
  sc.traffic.participants = o.participants;
  sc.traffic.video = o.video;
  sc.traffic.e2ee = o.e2ee;
  sc.traffic.seed = 1000 + static_cast<uint32_t>(index);
  sc.last_n = o.last_n;
  sc.profile = o.profile;
  sc.mode = o.mode ? *o.mode
         : o.e2ee != E2eeKind::kOff ? conference::Mode::kE2eePassthrough
                                    : conference::Mode::kAccelerated;
  sc.conference_id = "conference-" + std::to_string(index);
  sc.timing_sample_every = o.timing_sample_every;
  sc.native_bridge = native_bridge;
  return sc;
}

LoadSimulation::LoadSimulation(const SimulationConfig& config)
    : config_(config), traffic_(config.traffic), key_rng_(config.traffic.seed * 7919u + 1) {
  const int p = traffic_.participants();
  conference_ = std::make_unique<pipeline::Conference>(
      config.conference_id, config.mode,
      config.traffic.e2ee == E2eeKind::kJitsi    ? e2ee::ExpectedEnvelope::kJFrame
      : config.traffic.e2ee == E2eeKind::kSFrame ? e2ee::ExpectedEnvelope::kSFrame
                                                 : e2ee::ExpectedEnvelope::kAny);
  endpoints_.resize(p);
  keying_.resize(p);
  client_out_.resize(p);
  client_in_.resize(p);
  generation_.assign(p, 0);
  for (int i = 0; i < p; ++i) AddParticipant(i);
  rewriters_.resize(static_cast<size_t>(p) * p * 2);
  for (int r = 0; r < p; ++r) {
    for (int s = 0; s < p; ++s) {
      if (r == s) continue;
      for (int kind = 0; kind < 2; ++kind) MakeRewriter((static_cast<size_t>(r) * p + s) * 2 + kind);
    }
  }
  const size_t max_packets = traffic_.MaxPacketsPerTick();
  buffers_.assign(max_packets, std::vector<uint8_t>(kMaxPacket + srtp::kMaxTrailerLength));
  sent_.resize(max_packets);
  buffer_views_.assign(buffers_.begin(), buffers_.end());
  sender_ranges_.resize(p);
  ingress_results_.resize(max_packets);
  slots_.resize(max_packets);
  drops_.resize(max_packets);
  stream_frames_.assign(static_cast<size_t>(p) * (kVideoLayers + 1), 0);
}

void LoadSimulation::AddParticipant(int i) {
  const srtp::ProfileInfo& info = srtp::Info(config_.profile);
  std::vector<uint8_t> km(2 * (info.master_key_length + info.master_salt_length));
  for (auto& b : km) b = static_cast<uint8_t>(key_rng_());
  pipeline::EndpointConfig ec;
  ec.id = "endpoint-" + std::to_string(i) + "." + std::to_string(generation_[i]);
  ec.profile = config_.profile;
  ec.dtls_role = srtp::DtlsRole::kServer;
  ec.extensions.Register(kAudioLevelExtId, rtp::ExtensionType::kAudioLevel);
  ec.extensions.Register(kTransportCcExtId, rtp::ExtensionType::kTransportSequenceNumber);
  ec.payload_types.Set(kOpusPt, codec::Codec::kOpus);
  ec.payload_types.Set(kVp8Pt, codec::Codec::kVp8);
  ec.payload_types.Set(kVp9Pt, codec::Codec::kVp9);
  ec.payload_types.Set(kH264Pt, codec::Codec::kH264);
  ec.payload_types.Set(kAv1Pt, codec::Codec::kAv1);
  ec.extensions.Register(kDependencyDescriptorExtId, rtp::ExtensionType::kDependencyDescriptor);
  std::string error;
  if (config_.native_bridge) {
    endpoints_[i] = pipeline::Endpoint::Create(*conference_, ec, km, &error);
    endpoints_[i]->set_timing_sample_every(config_.timing_sample_every);
  }
  // The client's side: DTLS client, the other end of the same keying material.
  auto keys = srtp::SplitDtlsKeyingMaterial(config_.profile, km, srtp::DtlsRole::kClient);
  srtp::SessionConfig out;
  out.direction = srtp::Direction::kOutbound;
  srtp::SessionConfig in;
  in.direction = srtp::Direction::kInbound;
  in.replay_window = 1024;
  client_out_[i] = srtp::SrtpSession::Create(keys->local, out, &error);
  client_in_[i] = srtp::SrtpSession::Create(keys->remote, in, &error);
  keying_[i] = std::move(km);
}

void LoadSimulation::MakeRewriter(size_t index) {
  rewriters_[index] = std::make_unique<rewrite::StreamRewriter>(rewriter_config(index));
}

size_t LoadSimulation::NextTick() {
  sent_count_ = traffic_.NextTick(buffer_views_, sent_);
  for (auto& r : sender_ranges_) r = {0, 0};
  for (size_t i = 0; i < sent_count_; ++i) {
    SentPacket& sp = sent_[i];
    auto& range = sender_ranges_[sp.sender];
    if (range.second == 0) range.first = i;
    range.second = i + 1;
    std::span<uint8_t> buffer = buffers_[sp.buffer_index];
    srtp::SrtpSession& client = *client_out_[sp.sender];
    if (sp.rtcp) {
      client.ProtectRtcp(buffer, sp.length);
    } else {
      client.ProtectRtp(buffer, sp.length);
    }
  }
  if (traffic_.tick() % kSwitchDominantTicks == 0) {
    dominant_ = static_cast<int>((traffic_.tick() / kSwitchDominantTicks) % traffic_.participants());
    traffic_.RequestKeyframe(dominant_);
  }
  return sent_count_;
}

std::span<const Forward> LoadSimulation::Plan(std::span<const uint8_t> drops) {
  // New streams' first frames dropped where E2EE is required (see the header): the frame
  // hold proves a JFrame stream's first frame by itself, an SFrame stream's first three
  // with the fourth (a header, then three with the same KID and a growing CTR:
  // native/e2ee/envelope.h), so none should be.
  const uint8_t frames_to_trust =
      config_.traffic.e2ee == E2eeKind::kSFrame ? e2ee::kSFrameFramesToRecognise : 1;
  for (size_t i = 0; config_.traffic.e2ee != E2eeKind::kOff && i < sent_count_; ++i) {
    const SentPacket& sp = sent_[i];
    if (sp.rtcp) continue;
    uint8_t& frames = stream_frames_[static_cast<size_t>(sp.sender) * (kVideoLayers + 1) + sp.stream];
    if (frames < frames_to_trust &&
        drops[i] == static_cast<uint8_t>(pipeline::DropReason::kPlaintextInE2eeRequired)) {
      ++churn_.held_at_stream_start;
    }
    if (drops[i] == static_cast<uint8_t>(pipeline::DropReason::kHeld)) ++hold_.past_tick;
    // Audio: a frame per packet; video: the marker bit ends a frame (the header is clear).
    if (frames < frames_to_trust && (sp.stream == 0 || (buffers_[sp.buffer_index][1] & 0x80) != 0)) {
      ++frames;
    }
  }
  // SVC: from the new dominant speaker's first key picture on, its upper layers too.
  const bool svc = IsSvc(config_.traffic.video);
  for (size_t i = 0; svc && upper_layers_for_ != dominant_ && i < sent_count_; ++i) {
    if (sent_[i].sender == dominant_ && sent_[i].stream > 0 && sent_[i].keyframe) {
      upper_layers_for_ = dominant_;
    }
  }
  // Receiver-major, so each receiver's packets are contiguous (one egress batch each).
  plan_.clear();
  const int p = traffic_.participants();
  for (int r = 0; r < p; ++r) {
    // A participant that has just left gets nothing: the bridge discards what it had for it.
    auto forward = [&](const Forward& f) {
      if (r == departed_) {
        ++churn_.discarded_for_departed;
      } else {
        plan_.push_back(f);
      }
    };
    for (size_t i = 0; i < sent_count_; ++i) {
      const SentPacket& sp = sent_[i];
      if (drops[i] != 0 || sp.sender == r) continue;
      if (sp.rtcp) {
        // Sender reports go to everyone; transport-cc feedback ends at the bridge.
        if (buffers_[sp.buffer_index][1] == 200) forward(Forward{r, i, -1});
        continue;
      }
      if (sp.stream > 0) {
        // Video from up to last-n senders: the dominant speaker's top layer, others' lowest.
        const int distance = (sp.sender - r + p) % p;
        if (distance > config_.last_n) continue;
        const size_t index = (static_cast<size_t>(r) * p + sp.sender) * 2 + 1;
        if (svc) {
          // One SSRC: the spatial layers above the wanted one are dropped in its rewriter.
          const int top = sp.sender == dominant_ && upper_layers_for_ == dominant_ ? kVideoLayers - 1 : 0;
          if (sp.spatial > top) {
            if (r != departed_) {
              plan_.push_back(Forward{r, i, static_cast<int>(index), true});
            }
            continue;
          }
          if (sp.spatial == top && top < kVideoLayers - 1 && sp.frame_end) {
            forward(Forward{r, i, static_cast<int>(index), false, true});
            continue;
          }
        } else {
          const int wanted = sp.sender == dominant_ ? kVideoLayers : 1;
          if (sp.stream != wanted) continue;
        }
      }
      const size_t index = (static_cast<size_t>(r) * p + sp.sender) * 2 + (sp.stream > 0);
      forward(Forward{r, i, static_cast<int>(index)});
    }
  }
  return plan_;
}

size_t LoadSimulation::RunNativeTick(bool leave) {
  const int p = traffic_.participants();
  client_batches_.clear();
  // Ingress, one batch per sender.
  for (int s = 0; s < p; ++s) {
    const auto [begin, end] = sender_ranges_[s];
    for (size_t i = begin; i < end; ++i) {
      slots_[i] = srtp::PacketSlot{buffers_[sent_[i].buffer_index], sent_[i].length,
                                   srtp::Status::kOk};
    }
    endpoints_[s]->Ingress({slots_.data() + begin, end - begin},
                           {ingress_results_.data() + begin, end - begin});
    // The frame hold: released packets are forwardable in place (their results say kNone)
    // and go out in index order, before the packet that proved them; the events are
    // taken so the queue never fills.
    while (endpoints_[s]->TakeHoldEvents(hold_events_) == hold_events_.size()) {
    }
  }
  for (const auto& e : endpoints_) {
    if (!e) continue;
    hold_.max_packets = std::max<uint64_t>(hold_.max_packets, e->held_peak_packets());
    hold_.max_bytes = std::max<uint64_t>(hold_.max_bytes, e->held_peak_bytes());
  }
  for (size_t i = 0; i < sent_count_; ++i) {
    drops_[i] = static_cast<uint8_t>(ingress_results_[i].drop);
  }
  // A leaver's packets received above stay forwardable: their ingress results are
  // self-contained and outlive its endpoint.
  if (leave) Leave();
  std::span<const Forward> plan = Plan({drops_.data(), sent_count_});
  // Egress, one batch per receiver: each forwarded packet is a copy (the bridge clones
  // per receiver), rewritten, checked and protected for that receiver.
  if (egress_buffers_.size() < plan.size()) {
    egress_buffers_.resize(plan.size(), std::vector<uint8_t>(kMaxPacket + srtp::kMaxTrailerLength));
    egress_slots_.resize(plan.size());
    egress_items_.resize(plan.size());
    egress_results_.resize(plan.size());
  }
  size_t sent = 0;
  for (size_t begin = 0; begin < plan.size();) {
    const int r = plan[begin].receiver;
    size_t k = begin;
    size_t m = begin;  // the batch: the receiver's packets that are sent
    for (; k < plan.size() && plan[k].receiver == r; ++k) {
      const Forward& fwd = plan[k];
      if (fwd.drop) continue;
      const size_t len = slots_[fwd.packet].length;
      std::memcpy(egress_buffers_[m].data(), buffers_[sent_[fwd.packet].buffer_index].data(), len);
      egress_slots_[m] = srtp::PacketSlot{egress_buffers_[m], len, srtp::Status::kOk};
      egress_items_[m] =
          pipeline::EgressItem{&ingress_results_[fwd.packet], RewriterOf(fwd), false, fwd.set_marker};
      ++m;
    }
    sent += endpoints_[r]->Egress({egress_slots_.data() + begin, m - begin},
                                  {egress_items_.data() + begin, m - begin},
                                  {egress_results_.data() + begin, m - begin});
    // SVC layers the receiver does not get, after the packets before them were rewritten.
    for (size_t j = begin; j < k; ++j) {
      if (plan[j].drop) RewriterOf(plan[j])->Drop(ingress_results_[plan[j].packet].info);
    }
    if (r % kClientCheckEvery == 0) client_batches_.push_back({r, begin, m});
    begin = k;
  }
  return sent;
}

void LoadSimulation::CheckReceivers() {
  // Some receiving clients check everything they get: it must unprotect. (A client must
  // see a stream from its start to know its rollover counter, so the sample is by
  // receiver, not by packet.)
  for (const ClientBatch& b : client_batches_) {
    for (size_t j = b.begin; j < b.end; ++j) {
      if (egress_results_[j].drop != pipeline::DropReason::kNone) continue;
      size_t length = egress_slots_[j].length;
      ++client_checked_;
      if (!ClientUnprotect(b.receiver, egress_buffers_[j], length,
                           egress_items_[j].source->rtcp)) {
        ++client_check_failed_;
      }
    }
  }
  client_batches_.clear();
}

int LoadSimulation::Leave() {
  const int k = next_leaver_;
  next_leaver_ = (next_leaver_ + 1) % traffic_.participants();
  departed_ = k;
  ++churn_.leaves;
  // The bridge expires the endpoint; its stats stay in the conference's totals.
  if (config_.native_bridge) endpoints_[k].reset();
  return k;
}

std::vector<uint32_t> LoadSimulation::DepartedSsrcs(int receiver) const {
  std::vector<uint32_t> ssrcs;
  if (departed_ < 0 || receiver == departed_) return ssrcs;
  const int p = traffic_.participants();
  for (int kind = 0; kind < 2; ++kind) {
    ssrcs.push_back(
        rewriter_config((static_cast<size_t>(receiver) * p + departed_) * 2 + kind).out_ssrc);
  }
  for (int stream = 0; stream <= kVideoLayers; ++stream) {
    ssrcs.push_back(traffic_.Ssrc(departed_, stream));
  }
  return ssrcs;
}

void LoadSimulation::Join() {
  if (departed_ < 0) return;
  const int k = departed_;
  const int p = traffic_.participants();
  // The leaver's streams leave every receiver: from the bridge's outbound sessions (the
  // JNI driver does its own) and the clients' inbound ones.
  for (int r = 0; r < p; ++r) {
    if (r == k) continue;
    for (uint32_t ssrc : DepartedSsrcs(r)) {
      if (config_.native_bridge) endpoints_[r]->outbound().RemoveStream(ssrc);
      client_in_[r]->RemoveStream(ssrc);
    }
  }
  // The new participant: keys, endpoint, clients, SSRCs; rewriters both ways.
  ++generation_[k];
  AddParticipant(k);
  traffic_.Rejoin(k);
  std::fill_n(stream_frames_.begin() + static_cast<ptrdiff_t>(k) * (kVideoLayers + 1),
              kVideoLayers + 1, 0);
  for (int other = 0; other < p; ++other) {
    if (other == k) continue;
    for (int kind = 0; kind < 2; ++kind) {
      MakeRewriter((static_cast<size_t>(other) * p + k) * 2 + kind);
      MakeRewriter((static_cast<size_t>(k) * p + other) * 2 + kind);
    }
    // The bridge asks the senders whose video the newcomer will get for a keyframe.
    if ((other - k + p) % p <= config_.last_n) traffic_.RequestKeyframe(other);
  }
  departed_ = -1;
  ++churn_.joins;
}

void LoadSimulation::SetTimingSampleEvery(uint32_t n) {
  config_.timing_sample_every = n;
  for (auto& ep : endpoints_) {
    if (ep) ep->set_timing_sample_every(n);
  }
}

stats::LatencyHistogram::Snapshot LoadSimulation::StageLatency(pipeline::Stage stage) const {
  return conference_->StageLatency(static_cast<int>(stage));
}

uint64_t LoadSimulation::Drops(pipeline::DropReason reason) const {
  return conference_->Drops(static_cast<int>(reason));
}

rewrite::StreamRewriteConfig LoadSimulation::rewriter_config(size_t index) const {
  const int p = traffic_.participants();
  const int kind = static_cast<int>(index % 2);
  const int sender = static_cast<int>((index / 2) % p);
  const int receiver = static_cast<int>(index / 2 / p);
  rewrite::StreamRewriteConfig rc;
  rc.out_ssrc = MixSsrc(receiver, generation_[receiver], sender, generation_[sender], kind);
  rc.clock_rate = kind == 0 ? 48000 : 90000;
  return rc;
}

bool LoadSimulation::ClientUnprotect(int receiver, std::span<uint8_t> packet, size_t& length,
                                     bool rtcp) {
  srtp::SrtpSession& s = *client_in_[receiver];
  return (rtcp ? s.UnprotectRtcp(packet, length) : s.UnprotectRtp(packet, length)) ==
         srtp::Status::kOk;
}

}  // namespace jvbfastpath::load
