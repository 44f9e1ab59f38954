#include "tools/load/load_report.h"

#include <algorithm>
#include <cstdio>
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
       ",\"client_check_failed\":" + std::to_string(r.client_check_failed) + "}";
  return j;
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
  return write("report.json", ToJson(r) + "\n") &&
         write("throughput.svg", BarChart("packets sent per second (" + r.path + ")",
                                          "packets/s", throughput));
}

}  // namespace jvbfastpath::load
