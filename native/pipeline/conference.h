// Conference: the mode all of its endpoints' packets are handled in, and its stats.
//
// Contract: SetMode is callable from any thread at any time (an atomic word, no lock on the
// packet path; see native/conference/mode.h). Endpoints register themselves on creation and
// unregister on destruction (control path, under a mutex); ExportMetrics walks them. A
// conference must outlive its endpoints. The conference's totals (StageLatency, Drops and
// the conference-level metrics) include endpoints that have left: they only grow, as
// Prometheus counters must, however participants come and go.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "native/conference/mode.h"
#include "native/e2ee/envelope.h"
#include "native/pipeline/stages.h"
#include "native/stats/latency_histogram.h"
#include "native/stats/metrics.h"

namespace jvbfastpath::pipeline {

class Endpoint;

class Conference {
 public:
  Conference(std::string id, conference::Mode mode,
             e2ee::ExpectedEnvelope expected = e2ee::ExpectedEnvelope::kAny);

  const std::string& id() const { return id_; }
  conference::ModeSnapshot mode() const { return mode_.Snapshot(); }
  conference::ModeSnapshot SetMode(conference::Mode mode);
  e2ee::ExpectedEnvelope expected_envelope() const { return expected_; }

  void ExportMetrics(stats::Metrics& out) const;
  size_t endpoint_count() const;
  // Merged over the endpoints, those that left included: a stage's latency histogram, and
  // drops by reason.
  stats::LatencyHistogram::Snapshot StageLatency(int stage) const;
  uint64_t Drops(int reason) const;
  // Merged over the endpoints (those that left included): per frame released from the
  // e2ee-required hold, its added latency (Endpoint::HoldLatency).
  stats::LatencyHistogram::Snapshot HoldLatency() const;

 private:
  friend class Endpoint;
  void Register(Endpoint* endpoint);
  void Unregister(Endpoint* endpoint);

  std::string id_;
  conference::ModeSwitch mode_;
  e2ee::ExpectedEnvelope expected_;
  std::atomic<uint64_t> mode_switches_{0};
  mutable std::mutex endpoints_mutex_;
  std::vector<Endpoint*> endpoints_;
  // What endpoints that have left counted (under endpoints_mutex_).
  std::array<stats::LatencyHistogram::Snapshot, static_cast<size_t>(Stage::kCount)>
      retired_stages_{};
  std::array<uint64_t, static_cast<size_t>(DropReason::kCount)> retired_drops_{};
  stats::LatencyHistogram::Snapshot retired_hold_{};
};

}  // namespace jvbfastpath::pipeline
