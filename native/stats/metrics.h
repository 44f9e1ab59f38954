// Metrics: a snapshot of counters, gauges and latency histograms with labels, rendered as
// JSON (the bridge's debug endpoint) or Prometheus text exposition (format 0.0.4).
//
// Contract: owners of stats (sessions, endpoints, conferences) add their values to a
// Metrics object on the control path (never per packet); rendering groups samples by metric
// family, writes HELP/TYPE once per family and escapes label values. Histograms appear in
// Prometheus with fixed `le` bounds (100 ns .. 1 ms) and in JSON with count, sum and
// p50/p99/p999. Key material never reaches here: only numbers and names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "native/stats/latency_histogram.h"

namespace jvbfastpath::stats {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  void AddCounter(std::string_view name, std::string_view help, Labels labels, uint64_t value);
  void AddGauge(std::string_view name, std::string_view help, Labels labels, double value);
  void AddHistogram(std::string_view name, std::string_view help, Labels labels,
                    const LatencyHistogram::Snapshot& histogram);

  std::string ToPrometheus() const;
  std::string ToJson() const;
  size_t size() const { return samples_.size(); }

 private:
  enum class Type : uint8_t { kCounter, kGauge, kHistogram };
  struct Sample {
    std::string name;
    std::string help;
    Type type;
    Labels labels;
    double value = 0;
    LatencyHistogram::Snapshot histogram;
  };
  std::vector<Sample> samples_;
};

// The `le` bounds, in nanoseconds, of exported histograms.
inline constexpr uint64_t kExportedBoundsNs[] = {100,    250,    500,     1000,    2500,
                                                 5000,   10000,  25000,   50000,   100000,
                                                 250000, 500000, 1000000};

}  // namespace jvbfastpath::stats
