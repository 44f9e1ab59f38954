// What a load run measured, and how it is shown: the summary on the terminal, report.json,
// and two SVG pictures (throughput over time; per-stage latency histograms) drawn by us.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "native/pipeline/stages.h"
#include "native/stats/latency_histogram.h"

namespace jvbfastpath::load {

struct LoadResult {
  std::string path;  // "native" or "jni"
  double wall_s = 0;
  double bridge_busy_s = 0;  // time spent in bridge work (ingress + egress calls)
  int threads = 1;
  int conferences = 1;
  int participants = 0;
  uint64_t packets_in = 0;
  uint64_t packets_out = 0;
  uint64_t mode_switches = 0;
  std::array<stats::LatencyHistogram::Snapshot, static_cast<size_t>(pipeline::Stage::kCount)>
      stages{};
  std::array<uint64_t, static_cast<size_t>(pipeline::DropReason::kCount)> drops{};
  std::vector<double> out_per_second;  // packets sent per wall-clock second
  uint64_t client_checked = 0;       // egress packets the receiving client unprotected
  uint64_t client_check_failed = 0;
};

// Prints the human summary.
void PrintSummary(const LoadResult& r);
// Writes DIR/report.json, DIR/throughput.svg, DIR/latency.svg. False on I/O failure.
bool WriteReport(const LoadResult& r, const std::string& dir, std::string* error);
std::string ToJson(const LoadResult& r);

}  // namespace jvbfastpath::load
