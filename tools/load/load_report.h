// What a load run measured, and how it is shown: the summary on the terminal, report.json,
// and SVG pictures (throughput and resident size over time; per-stage latency histograms)
// drawn by us.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "native/pipeline/stages.h"
#include "native/stats/latency_histogram.h"

namespace jvbfastpath::load {

// Endpoint churn (--churn-every): participants that joined and left while packets flowed,
// and the packets that, because of it, were not forwarded without being losses (see
// tools/load/simulation.h).
struct ChurnCounts {
  uint64_t joins = 0;
  uint64_t leaves = 0;
  uint64_t discarded_for_departed = 0;  // the bridge had them for a participant that left
  // New streams' first frames dropped as plaintext where E2EE is required: a loss (the
  // frame hold forwards them once proven), counted apart to show it stays 0.
  uint64_t held_at_stream_start = 0;

  ChurnCounts& operator+=(const ChurnCounts& o) {
    joins += o.joins;
    leaves += o.leaves;
    discarded_for_departed += o.discarded_for_departed;
    held_at_stream_start += o.held_at_stream_start;
    return *this;
  }
};

// e2ee-required's frame hold (native/pipeline/frame_hold.h), as a run saw it.
struct HoldCounts {
  uint64_t max_packets = 0;  // the most packets one endpoint held at once
  uint64_t max_bytes = 0;    // ... and bytes (of the caller's buffers)
  // Packets still held when their tick's ingress ended: the driver keeps no packet past
  // its tick (its buffers are the next tick's), so these are not forwarded even if their
  // frame is proven later (SFrame's first frames; JFrame frames end within their tick).
  uint64_t past_tick = 0;

  HoldCounts& operator+=(const HoldCounts& o) {
    max_packets = std::max(max_packets, o.max_packets);
    max_bytes = std::max(max_bytes, o.max_bytes);
    past_tick += o.past_tick;
    return *this;
  }
};

// --timing-cost: bridge work and packets out of the ticks with the stage timing on and of
// the same ticks with it off (a twin of each conference; see native_runner.cc).
struct TimingCost {
  uint32_t sample_every = 0;
  double busy_on_s = 0;
  double busy_off_s = 0;
  uint64_t out_on = 0;
  uint64_t out_off = 0;
  double ns_per_out_on() const { return out_on ? busy_on_s * 1e9 / out_on : 0; }
  double ns_per_out_off() const { return out_off ? busy_off_s * 1e9 / out_off : 0; }
  // The relative cost of the timing per packet out (0.01 = 1%).
  double cost() const {
    return ns_per_out_off() > 0 ? ns_per_out_on() / ns_per_out_off() - 1 : 0;
  }
};

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
  ChurnCounts churn;
  HoldCounts hold;
  // Per frame released from the hold: the latency it added (first packet in to release).
  stats::LatencyHistogram::Snapshot hold_latency;
  // The process's resident set size, sampled once a second from the start (kB).
  std::vector<uint64_t> rss_kb;
  TimingCost timing;  // measured only with --timing-cost (sample_every != 0)
};

// The resident set size of this process now, in kB (/proc/self/statm); 0 if unreadable.
uint64_t ResidentSetKb();

// What the RSS samples say: first, max, last, and the growth from the end of the first
// 10% of the run (after warm-up: buffers, pools, allocator caches) to the end.
struct RssSummary {
  uint64_t first_kb = 0;
  uint64_t max_kb = 0;
  uint64_t last_kb = 0;
  size_t warm_index = 0;  // the sample growth is measured from (seconds into the run)
  int64_t growth_kb = 0;
  double growth_pct = 0;
};
RssSummary SummariseRss(const std::vector<uint64_t>& rss_kb);

// Prints the human summary.
void PrintSummary(const LoadResult& r);
// Writes DIR/report.json, DIR/throughput.svg, DIR/rss.svg and one DIR/latency_<stage>.svg
// per stage. False on I/O failure.
bool WriteReport(const LoadResult& r, const std::string& dir, std::string* error);
std::string ToJson(const LoadResult& r);

}  // namespace jvbfastpath::load
