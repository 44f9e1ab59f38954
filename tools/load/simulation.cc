#include "tools/load/simulation.h"

#include "tools/load/load_options.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace jvbfastpath::load {
namespace {

constexpr int kSwitchDominantTicks = 250;  // 5 s
constexpr int kClientCheckEvery = 10;  // receivers 0, 10, 20, ... verify what they get

uint32_t MixSsrc(int receiver, int sender, int kind) {
  uint64_t x = (static_cast<uint64_t>(receiver) << 32) ^ (static_cast<uint64_t>(sender) << 8) ^
               static_cast<uint64_t>(kind) ^ 0x9E3779B97F4A7C15ull;
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
  sc.mode = o.e2ee != E2eeKind::kOff ? conference::Mode::kE2eePassthrough
                                      : conference::Mode::kAccelerated;
  sc.conference_id = "conference-" + std::to_string(index);
  sc.timing_sample_every = o.timing_sample_every;
  sc.native_bridge = native_bridge;
  return sc;
}

LoadSimulation::LoadSimulation(const SimulationConfig& config)
    : config_(config), traffic_(config.traffic) {
  const int p = traffic_.participants();
  conference_ = std::make_unique<pipeline::Conference>(
      config.conference_id, config.mode,
      config.traffic.e2ee == E2eeKind::kJitsi    ? e2ee::ExpectedEnvelope::kJFrame
      : config.traffic.e2ee == E2eeKind::kSFrame ? e2ee::ExpectedEnvelope::kSFrame
                                                 : e2ee::ExpectedEnvelope::kAny);
  std::mt19937 rng(config.traffic.seed * 7919u + 1);
  const srtp::ProfileInfo& info = srtp::Info(config.profile);
  for (int i = 0; i < p; ++i) {
    std::vector<uint8_t> km(2 * (info.master_key_length + info.master_salt_length));
    for (auto& b : km) b = static_cast<uint8_t>(rng());
    pipeline::EndpointConfig ec;
    ec.id = "endpoint-" + std::to_string(i);
    ec.profile = config.profile;
    ec.dtls_role = srtp::DtlsRole::kServer;
    ec.extensions.Register(kAudioLevelExtId, rtp::ExtensionType::kAudioLevel);
    ec.extensions.Register(kTransportCcExtId, rtp::ExtensionType::kTransportSequenceNumber);
    ec.payload_types.Set(kOpusPt, codec::Codec::kOpus);
    ec.payload_types.Set(kVp8Pt, codec::Codec::kVp8);
    std::string error;
    if (config.native_bridge) {
      auto endpoint = pipeline::Endpoint::Create(*conference_, ec, km, &error);
      endpoint->set_timing_sample_every(config.timing_sample_every);
      endpoints_.push_back(std::move(endpoint));
    }
    // The client's side: DTLS client, the other end of the same keying material.
    auto keys = srtp::SplitDtlsKeyingMaterial(config.profile, km, srtp::DtlsRole::kClient);
    srtp::SessionConfig out;
    out.direction = srtp::Direction::kOutbound;
    srtp::SessionConfig in;
    in.direction = srtp::Direction::kInbound;
    in.replay_window = 1024;
    client_out_.push_back(srtp::SrtpSession::Create(keys->local, out, &error));
    client_in_.push_back(srtp::SrtpSession::Create(keys->remote, in, &error));
    keying_.push_back(std::move(km));
  }
  rewriters_.resize(static_cast<size_t>(p) * p * 2);
  for (int r = 0; r < p; ++r) {
    for (int s = 0; s < p; ++s) {
      if (r == s) continue;
      for (int kind = 0; kind < 2; ++kind) {
        const size_t index = (static_cast<size_t>(r) * p + s) * 2 + kind;
        rewriters_[index] = std::make_unique<rewrite::StreamRewriter>(rewriter_config(index));
      }
    }
  }
  const size_t max_packets = traffic_.MaxPacketsPerTick();
  buffers_.assign(max_packets, std::vector<uint8_t>(kMaxPacket + srtp::kMaxTrailerLength));
  sent_.resize(max_packets);
  buffer_views_.assign(buffers_.begin(), buffers_.end());
  sender_ranges_.resize(p);
  ingress_results_.resize(max_packets);
  slots_.resize(max_packets);
  forwardable_.resize(max_packets);
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

std::span<const Forward> LoadSimulation::Plan(std::span<const uint8_t> forwardable) {
  // Receiver-major, so each receiver's packets are contiguous (one egress batch each).
  plan_.clear();
  const int p = traffic_.participants();
  for (int r = 0; r < p; ++r) {
    for (size_t i = 0; i < sent_count_; ++i) {
      const SentPacket& sp = sent_[i];
      if (!forwardable[i] || sp.sender == r) continue;
      if (sp.rtcp) {
        // Sender reports go to everyone; transport-cc feedback ends at the bridge.
        if (buffers_[sp.buffer_index][1] == 200) plan_.push_back(Forward{r, i, nullptr, -1});
        continue;
      }
      if (sp.stream > 0) {
        // Video from up to last-n senders: the dominant speaker's top layer, others' lowest.
        const int distance = (sp.sender - r + p) % p;
        if (distance > config_.last_n) continue;
        const int wanted = sp.sender == dominant_ ? kVideoLayers : 1;
        if (sp.stream != wanted) continue;
      }
      const size_t index = (static_cast<size_t>(r) * p + sp.sender) * 2 + (sp.stream > 0);
      plan_.push_back(Forward{r, i, rewriters_[index].get(), static_cast<int>(index)});
    }
  }
  return plan_;
}

size_t LoadSimulation::RunNativeTick() {
  const int p = traffic_.participants();
  // Ingress, one batch per sender.
  for (int s = 0; s < p; ++s) {
    const auto [begin, end] = sender_ranges_[s];
    for (size_t i = begin; i < end; ++i) {
      slots_[i] = srtp::PacketSlot{buffers_[sent_[i].buffer_index], sent_[i].length,
                                   srtp::Status::kOk};
    }
    endpoints_[s]->Ingress({slots_.data() + begin, end - begin},
                           {ingress_results_.data() + begin, end - begin});
  }
  for (size_t i = 0; i < sent_count_; ++i) {
    forwardable_[i] = ingress_results_[i].drop == pipeline::DropReason::kNone;
  }
  std::span<const Forward> plan = Plan({forwardable_.data(), sent_count_});
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
    for (; k < plan.size() && plan[k].receiver == r; ++k) {
      const Forward& fwd = plan[k];
      const size_t len = slots_[fwd.packet].length;
      std::memcpy(egress_buffers_[k].data(), buffers_[sent_[fwd.packet].buffer_index].data(), len);
      egress_slots_[k] = srtp::PacketSlot{egress_buffers_[k], len, srtp::Status::kOk};
      egress_items_[k] = pipeline::EgressItem{&ingress_results_[fwd.packet], fwd.rewriter, false};
    }
    sent += endpoints_[r]->Egress({egress_slots_.data() + begin, k - begin},
                                  {egress_items_.data() + begin, k - begin},
                                  {egress_results_.data() + begin, k - begin});
    // Some receiving clients check everything they get: it must unprotect. (A client must
    // see a stream from its start to know its rollover counter, so the sample is by
    // receiver, not by packet.)
    for (size_t j = begin; r % kClientCheckEvery == 0 && j < k; ++j) {
      if (egress_results_[j].drop != pipeline::DropReason::kNone) continue;
      size_t length = egress_slots_[j].length;
      ++client_checked_;
      if (!ClientUnprotect(r, egress_buffers_[j], length, egress_items_[j].source->rtcp)) {
        ++client_check_failed_;
      }
    }
    begin = k;
  }
  return sent;
}

rewrite::StreamRewriteConfig LoadSimulation::rewriter_config(size_t index) const {
  const int p = traffic_.participants();
  const int kind = static_cast<int>(index % 2);
  const int sender = static_cast<int>((index / 2) % p);
  const int receiver = static_cast<int>(index / 2 / p);
  rewrite::StreamRewriteConfig rc;
  rc.out_ssrc = MixSsrc(receiver, sender, kind);
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
