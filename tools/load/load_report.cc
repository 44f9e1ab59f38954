#include "tools/load/load_report.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace jvbfastpath::load {
namespace {

using pipeline::DropReason;
using pipeline::Stage;

std::string Fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, v);
  return buf;
}

}  // namespace

uint64_t ResidentSetKb() {
  // statm: size resident shared text lib data dt, in pages. No stdio: no allocation.
  const int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  const ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  char* end = nullptr;
  std::strtoull(buf, &end, 10);  // size
  const unsigned long long pages = std::strtoull(end, nullptr, 10);
  return pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) / 1024;
}

RssSummary SummariseRss(const std::vector<uint64_t>& rss) {
  RssSummary s;
  if (rss.empty()) return s;
  s.first_kb = rss.front();
  s.last_kb = rss.back();
  s.max_kb = *std::max_element(rss.begin(), rss.end());
  s.warm_index = std::max<size_t>(1, (rss.size() - 1) / 10);
  if (s.warm_index >= rss.size()) s.warm_index = rss.size() - 1;
  const uint64_t warm = rss[s.warm_index];
  s.growth_kb = static_cast<int64_t>(s.last_kb) - static_cast<int64_t>(warm);
  s.growth_pct = warm ? 100.0 * static_cast<double>(s.growth_kb) / static_cast<double>(warm) : 0;
  return s;
}

void PrintSummary(const LoadResult& r) {
  const double in_rate = r.packets_in / r.wall_s;
  const double out_rate = r.packets_out / r.wall_s;
  const double busy = r.bridge_busy_s > 0 ? r.bridge_busy_s : r.wall_s;
  std::printf("\n== load summary (path %s) ==\n", r.path.c_str());
  std::printf("conferences %d x %d participants, %d thread(s), %.1f s\n", r.conferences,
              r.participants, r.threads, r.wall_s);
  std::printf("packets in   %12llu  (%.0f/s)\n", static_cast<unsigned long long>(r.packets_in), in_rate);
  std::printf("packets out  %12llu  (%.0f/s)\n", static_cast<unsigned long long>(r.packets_out), out_rate);
  std::printf("bridge work  %.2f s of %.2f s; per core: %.0f packets out/s (%.0f ns per packet out)\n",
              r.bridge_busy_s, r.wall_s * r.threads, r.packets_out / busy,
              r.packets_out ? busy * 1e9 / r.packets_out : 0.0);
  std::printf("mode switches %llu\n", static_cast<unsigned long long>(r.mode_switches));
  if (r.timing.sample_every != 0) {
    std::printf("stage timing (1 batch in %u) costs %+.2f%% per packet out: %.1f ns with, "
                "%.1f ns without (twin conferences, same ticks, %llu packets out each)\n",
                r.timing.sample_every, 100 * r.timing.cost(), r.timing.ns_per_out_on(),
                r.timing.ns_per_out_off(), static_cast<unsigned long long>(r.timing.out_on));
  }
  std::printf("%-10s %10s %10s %10s %10s\n", "stage", "samples", "p50 ns", "p99 ns", "p999 ns");
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const auto& h = r.stages[s];
    std::printf("%-10s %10llu %10llu %10llu %10llu\n",
                std::string(pipeline::StageName(static_cast<Stage>(s))).c_str(),
                static_cast<unsigned long long>(h.count),
                static_cast<unsigned long long>(h.Quantile(0.5)),
                static_cast<unsigned long long>(h.Quantile(0.99)),
                static_cast<unsigned long long>(h.Quantile(0.999)));
  }
  std::printf("losses by reason:");
  bool any = false;
  for (size_t d = 1; d < r.drops.size(); ++d) {
    if (r.drops[d] == 0) continue;
    any = true;
    std::printf(" %s=%llu", std::string(pipeline::DropReasonName(static_cast<DropReason>(d))).c_str(),
                static_cast<unsigned long long>(r.drops[d]));
  }
  std::printf("%s\n", any ? "" : " none");
  std::printf("receivers' clients unprotected %llu sampled packets, %llu failed\n",
              static_cast<unsigned long long>(r.client_checked),
              static_cast<unsigned long long>(r.client_check_failed));
  std::printf("endpoint churn: %llu joins, %llu leaves; not losses: %llu packets for departed "
              "participants discarded\n",
              static_cast<unsigned long long>(r.churn.joins),
              static_cast<unsigned long long>(r.churn.leaves),
              static_cast<unsigned long long>(r.churn.discarded_for_departed));
  std::printf("e2ee-required frame hold: %llu frames held until proven, added latency per frame "
              "p50/p99/p999 %.1f/%.1f/%.1f us; at most %llu packets (%llu bytes) held by one "
              "endpoint; first frames held back as losses: %llu packets; held past their tick "
              "(not kept by the driver): %llu packets\n",
              static_cast<unsigned long long>(r.hold_latency.count),
              r.hold_latency.Quantile(0.5) / 1000.0, r.hold_latency.Quantile(0.99) / 1000.0,
              r.hold_latency.Quantile(0.999) / 1000.0,
              static_cast<unsigned long long>(r.hold.max_packets),
              static_cast<unsigned long long>(r.hold.max_bytes),
              static_cast<unsigned long long>(r.churn.held_at_stream_start),
              static_cast<unsigned long long>(r.hold.past_tick));
  if (!r.rss_kb.empty()) {
    const RssSummary m = SummariseRss(r.rss_kb);
    std::printf("resident set kB: first %llu, max %llu, last %llu (%zu samples, 1 s apart)\n",
                static_cast<unsigned long long>(m.first_kb),
                static_cast<unsigned long long>(m.max_kb),
                static_cast<unsigned long long>(m.last_kb), r.rss_kb.size());
    std::printf("memory growth from %zu s (10%% of the run) to the end: %+lld kB (%+.2f%%)\n",
                m.warm_index, static_cast<long long>(m.growth_kb), m.growth_pct);
  }
}

std::string ToJson(const LoadResult& r) {
  std::string j = "{\"path\":\"" + r.path + "\"";
  j += ",\"wall_s\":" + Fmt("%.3f", r.wall_s) + ",\"bridge_busy_s\":" + Fmt("%.3f", r.bridge_busy_s);
  j += ",\"threads\":" + std::to_string(r.threads) + ",\"conferences\":" + std::to_string(r.conferences);
  j += ",\"participants\":" + std::to_string(r.participants);
  j += ",\"packets_in\":" + std::to_string(r.packets_in) + ",\"packets_out\":" + std::to_string(r.packets_out);
  j += ",\"packets_in_per_s\":" + Fmt("%.1f", r.packets_in / r.wall_s);
  j += ",\"packets_out_per_s\":" + Fmt("%.1f", r.packets_out / r.wall_s);
  j += ",\"packets_out_per_core_s\":" +
       Fmt("%.1f", r.packets_out / (r.bridge_busy_s > 0 ? r.bridge_busy_s : r.wall_s));
  j += ",\"mode_switches\":" + std::to_string(r.mode_switches);
  if (r.timing.sample_every != 0) {
    j += ",\"timing_cost\":{\"sample_every\":" + std::to_string(r.timing.sample_every) +
         ",\"ns_per_out_on\":" + Fmt("%.2f", r.timing.ns_per_out_on()) +
         ",\"ns_per_out_off\":" + Fmt("%.2f", r.timing.ns_per_out_off()) +
         ",\"cost\":" + Fmt("%.5f", r.timing.cost()) + "}";
  }
  j += ",\"stages\":{";
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const auto& h = r.stages[s];
    if (s) j += ",";
    j += "\"" + std::string(pipeline::StageName(static_cast<Stage>(s))) + "\":{\"samples\":" +
         std::to_string(h.count) + ",\"p50_ns\":" + std::to_string(h.Quantile(0.5)) +
         ",\"p99_ns\":" + std::to_string(h.Quantile(0.99)) +
         ",\"p999_ns\":" + std::to_string(h.Quantile(0.999)) + "}";
  }
  j += "},\"losses\":{";
  bool first = true;
  for (size_t d = 1; d < r.drops.size(); ++d) {
    if (!first) j += ",";
    first = false;
    j += "\"" + std::string(pipeline::DropReasonName(static_cast<DropReason>(d))) + "\":" +
         std::to_string(r.drops[d]);
  }
  j += "},\"out_per_second\":[";
  for (size_t i = 0; i < r.out_per_second.size(); ++i) {
    if (i) j += ",";
    j += Fmt("%.0f", r.out_per_second[i]);
  }
  j += "],\"client_checked\":" + std::to_string(r.client_checked) +
       ",\"client_check_failed\":" + std::to_string(r.client_check_failed);
  j += ",\"joins\":" + std::to_string(r.churn.joins) +
       ",\"leaves\":" + std::to_string(r.churn.leaves) +
       ",\"discarded_for_departed\":" + std::to_string(r.churn.discarded_for_departed) +
       ",\"held_at_stream_start\":" + std::to_string(r.churn.held_at_stream_start);
  j += ",\"hold\":{\"frames\":" + std::to_string(r.hold_latency.count) +
       ",\"p50_ns\":" + std::to_string(r.hold_latency.Quantile(0.5)) +
       ",\"p99_ns\":" + std::to_string(r.hold_latency.Quantile(0.99)) +
       ",\"p999_ns\":" + std::to_string(r.hold_latency.Quantile(0.999)) +
       ",\"max_packets\":" + std::to_string(r.hold.max_packets) +
       ",\"max_bytes\":" + std::to_string(r.hold.max_bytes) +
       ",\"past_tick\":" + std::to_string(r.hold.past_tick) + "}";
  const RssSummary m = SummariseRss(r.rss_kb);
  j += ",\"rss\":{\"interval_s\":1,\"first_kb\":" + std::to_string(m.first_kb) +
       ",\"max_kb\":" + std::to_string(m.max_kb) + ",\"last_kb\":" + std::to_string(m.last_kb) +
       ",\"growth_from_s\":" + std::to_string(m.warm_index) +
       ",\"growth_kb\":" + std::to_string(m.growth_kb) +
       ",\"growth_pct\":" + Fmt("%.3f", m.growth_pct) + ",\"kb\":[";
  for (size_t i = 0; i < r.rss_kb.size(); ++i) {
    if (i) j += ",";
    j += std::to_string(r.rss_kb[i]);
  }
  return j + "]}}";
}

namespace {

// A bar chart in SVG: one bar per value, labelled axis, our own few lines.
std::string BarChart(const std::string& title, const std::string& y_label,
                     const std::vector<std::pair<std::string, double>>& bars) {
  const int w = 720, h = 360, left = 70, bottom = 60, top = 40;
  double max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) +
                  "\" height=\"" + std::to_string(h) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  s += "<text x=\"" + std::to_string(w / 2) + "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">" +
       title + "</text>\n";
  s += "<text x=\"14\" y=\"" + std::to_string(h / 2) + "\" transform=\"rotate(-90 14 " +
       std::to_string(h / 2) + ")\" text-anchor=\"middle\">" + y_label + "</text>\n";
  const int plot_w = w - left - 20, plot_h = h - top - bottom;
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + plot_h) + "\" x2=\"" +
       std::to_string(left + plot_w) + "\" y2=\"" + std::to_string(top + plot_h) + "\" stroke=\"black\"/>\n";
  for (int t = 0; t <= 4; ++t) {
    const double v = max * t / 4;
    const int y = top + plot_h - static_cast<int>(plot_h * t / 4.0);
    s += "<text x=\"" + std::to_string(left - 4) + "\" y=\"" + std::to_string(y + 4) +
         "\" text-anchor=\"end\">" + Fmt("%.0f", v) + "</text>\n";
    s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(y) + "\" x2=\"" +
         std::to_string(left + plot_w) + "\" y2=\"" + std::to_string(y) + "\" stroke=\"#ddd\"/>\n";
  }
  const double bw = bars.empty() ? 0 : static_cast<double>(plot_w) / bars.size();
  for (size_t i = 0; i < bars.size(); ++i) {
    const double bh = plot_h * bars[i].second / max;
    s += "<rect x=\"" + Fmt("%.1f", left + i * bw + bw * 0.1) + "\" y=\"" +
         Fmt("%.1f", top + plot_h - bh) + "\" width=\"" + Fmt("%.1f", bw * 0.8) + "\" height=\"" +
         Fmt("%.1f", bh) + "\" fill=\"#4a78b5\"/>\n";
    if (bars.size() <= 40 || i % (bars.size() / 20 + 1) == 0) {
      s += "<text x=\"" + Fmt("%.1f", left + i * bw + bw / 2) + "\" y=\"" +
           std::to_string(top + plot_h + 14) + "\" text-anchor=\"middle\">" + bars[i].first +
           "</text>\n";
    }
  }
  return s + "</svg>\n";
}

}  // namespace

bool WriteReport(const LoadResult& r, const std::string& dir, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create " + dir + ": " + ec.message();
    return false;
  }
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream out(dir + "/" + name);
    out << text;
    if (!out) {
      *error = "cannot write " + dir + "/" + name;
      return false;
    }
    return true;
  };
  std::vector<std::pair<std::string, double>> throughput;
  for (size_t i = 0; i < r.out_per_second.size(); ++i) {
    throughput.emplace_back(std::to_string(i + 1), r.out_per_second[i]);
  }
  // One chart per stage: the non-empty buckets of its histogram.
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const auto& h = r.stages[s];
    std::vector<std::pair<std::string, double>> bars;
    for (int b = 0; b < stats::LatencyHistogram::kBuckets; ++b) {
      if (h.buckets[b] == 0) continue;
      bars.emplace_back(std::to_string(stats::LatencyHistogram::UpperBound(b)),
                        static_cast<double>(h.buckets[b]));
    }
    const std::string name(pipeline::StageName(static_cast<Stage>(s)));
    if (!write("latency_" + name + ".svg",
               BarChart("ns per packet in stage " + name + " (sampled batches)", "batches",
                        bars))) {
      return false;
    }
  }
  std::vector<std::pair<std::string, double>> rss;
  for (size_t i = 0; i < r.rss_kb.size(); ++i) {
    rss.emplace_back(std::to_string(i), static_cast<double>(r.rss_kb[i]));
  }
  return write("report.json", ToJson(r) + "\n") &&
         write("throughput.svg", BarChart("packets sent per second (" + r.path + ")",
                                          "packets/s", throughput)) &&
         write("rss.svg", BarChart("resident set size, kB, by second (" + r.path + ")", "kB", rss));
}

}  // namespace jvbfastpath::load
