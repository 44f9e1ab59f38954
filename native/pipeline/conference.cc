#include "native/pipeline/conference.h"

#include <algorithm>

#include "native/pipeline/endpoint.h"

namespace jvbfastpath::pipeline {

Conference::Conference(std::string id, conference::Mode mode, e2ee::ExpectedEnvelope expected)
    : id_(std::move(id)), mode_(mode), expected_(expected) {}

conference::ModeSnapshot Conference::SetMode(conference::Mode mode) {
  mode_switches_.fetch_add(1, std::memory_order_relaxed);
  return mode_.Set(mode);
}

void Conference::Register(Endpoint* endpoint) {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  endpoints_.push_back(endpoint);
}

void Conference::Unregister(Endpoint* endpoint) {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  for (size_t s = 0; s < retired_stages_.size(); ++s) {
    retired_stages_[s].Merge(endpoint->StageLatency(static_cast<Stage>(s)));
  }
  for (size_t r = 0; r < retired_drops_.size(); ++r) {
    retired_drops_[r] += endpoint->counters().drops[r].load(std::memory_order_relaxed);
  }
  retired_hold_.Merge(endpoint->HoldLatency());
  endpoints_.erase(std::remove(endpoints_.begin(), endpoints_.end(), endpoint), endpoints_.end());
}

size_t Conference::endpoint_count() const {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  return endpoints_.size();
}

void Conference::ExportMetrics(stats::Metrics& out) const {
  const conference::ModeSnapshot m = mode();
  for (conference::Mode mode : conference::kAllModes) {
    out.AddGauge("jvbfastpath_conference_mode", "1 for the conference's current mode",
                 {{"conference", id_}, {"mode", std::string(conference::ModeName(mode))}},
                 mode == m.mode ? 1 : 0);
  }
  out.AddCounter("jvbfastpath_conference_mode_switches_total", "Mode switches",
                 {{"conference", id_}}, mode_switches_.load(std::memory_order_relaxed));
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  out.AddGauge("jvbfastpath_conference_endpoints", "Endpoints in the conference",
               {{"conference", id_}}, static_cast<double>(endpoints_.size()));
  for (size_t r = 1; r < retired_drops_.size(); ++r) {
    if (static_cast<DropReason>(r) == DropReason::kHeld) continue;  // a verdict, not a drop
    uint64_t total = retired_drops_[r];
    for (const Endpoint* e : endpoints_) {
      total += e->counters().drops[r].load(std::memory_order_relaxed);
    }
    out.AddCounter("jvbfastpath_conference_dropped_total",
                   "Packets dropped in the conference, by reason (endpoints that left included)",
                   {{"conference", id_},
                    {"reason", std::string(DropReasonName(static_cast<DropReason>(r)))}},
                   total);
  }
  for (const Endpoint* e : endpoints_) e->ExportMetrics(id_, out);
}

}  // namespace jvbfastpath::pipeline

namespace jvbfastpath::pipeline {

stats::LatencyHistogram::Snapshot Conference::StageLatency(int stage) const {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  stats::LatencyHistogram::Snapshot merged = retired_stages_[static_cast<size_t>(stage)];
  for (const Endpoint* e : endpoints_) merged.Merge(e->StageLatency(static_cast<Stage>(stage)));
  return merged;
}

uint64_t Conference::Drops(int reason) const {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  uint64_t total = retired_drops_[static_cast<size_t>(reason)];
  for (const Endpoint* e : endpoints_) {
    total += e->counters().drops[static_cast<size_t>(reason)].load(std::memory_order_relaxed);
  }
  return total;
}

}  // namespace jvbfastpath::pipeline

namespace jvbfastpath::pipeline {

stats::LatencyHistogram::Snapshot Conference::HoldLatency() const {
  std::lock_guard<std::mutex> lock(endpoints_mutex_);
  stats::LatencyHistogram::Snapshot merged = retired_hold_;
  for (const Endpoint* e : endpoints_) merged.Merge(e->HoldLatency());
  return merged;
}

}  // namespace jvbfastpath::pipeline
