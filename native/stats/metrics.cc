#include "native/stats/metrics.h"

#include <cinttypes>
#include <cstdio>
#include <map>

namespace jvbfastpath::stats {
namespace {

std::string EscapeLabel(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeJson(std::string_view v) {
  std::string out;
  for (unsigned char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string PromLabels(const Labels& labels, std::string_view extra_key = {},
                       std::string_view extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + EscapeLabel(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += std::string(extra_key) + "=\"" + std::string(extra_value) + "\"";
  }
  return out + "}";
}

std::string Number(double v) {
  char buf[32];
  if (v == static_cast<double>(static_cast<int64_t>(v))) {
    std::snprintf(buf, sizeof(buf), "%" PRId64, static_cast<int64_t>(v));
  } else {
    std::snprintf(buf, sizeof(buf), "%.6g", v);
  }
  return buf;
}

}  // namespace

void Metrics::AddCounter(std::string_view name, std::string_view help, Labels labels,
                         uint64_t value) {
  samples_.push_back({std::string(name), std::string(help), Type::kCounter, std::move(labels),
                      static_cast<double>(value), {}});
}

void Metrics::AddGauge(std::string_view name, std::string_view help, Labels labels,
                       double value) {
  samples_.push_back(
      {std::string(name), std::string(help), Type::kGauge, std::move(labels), value, {}});
}

void Metrics::AddHistogram(std::string_view name, std::string_view help, Labels labels,
                           const LatencyHistogram::Snapshot& histogram) {
  samples_.push_back({std::string(name), std::string(help), Type::kHistogram, std::move(labels),
                      0, histogram});
}

std::string Metrics::ToPrometheus() const {
  // Families in first-seen order, samples grouped under their family.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Sample*>> families;
  for (const Sample& s : samples_) {
    auto [it, inserted] = families.try_emplace(s.name);
    if (inserted) order.push_back(s.name);
    it->second.push_back(&s);
  }
  std::string out;
  for (const std::string& name : order) {
    const auto& members = families[name];
    const Sample& first = *members.front();
    const char* type = first.type == Type::kCounter ? "counter"
                       : first.type == Type::kGauge ? "gauge"
                                                    : "histogram";
    out += "# HELP " + name + " " + first.help + "\n# TYPE " + name + " " + type + "\n";
    for (const Sample* s : members) {
      if (s->type != Type::kHistogram) {
        out += name + PromLabels(s->labels) + " " + Number(s->value) + "\n";
        continue;
      }
      // Cumulative counts at each exported bound, from the fine buckets below it.
      uint64_t cumulative = 0;
      int bucket = 0;
      for (uint64_t bound : kExportedBoundsNs) {
        while (bucket < LatencyHistogram::kBuckets && LatencyHistogram::UpperBound(bucket) <= bound) {
          cumulative += s->histogram.buckets[bucket++];
        }
        out += name + "_bucket" + PromLabels(s->labels, "le", Number(bound * 1e-9)) + " " +
               Number(static_cast<double>(cumulative)) + "\n";
      }
      uint64_t total = 0;
      for (uint64_t b : s->histogram.buckets) total += b;
      out += name + "_bucket" + PromLabels(s->labels, "le", "+Inf") + " " +
             Number(static_cast<double>(total)) + "\n";
      out += name + "_sum" + PromLabels(s->labels) + " " +
             Number(static_cast<double>(s->histogram.sum_ns) * 1e-9) + "\n";
      out += name + "_count" + PromLabels(s->labels) + " " +
             Number(static_cast<double>(total)) + "\n";
    }
  }
  return out;
}

std::string Metrics::ToJson() const {
  std::string out = "{\"metrics\":[";
  bool first = true;
  for (const Sample& s : samples_) {
    if (!first) out += ',';
    first = false;
    out += "{\"name\":\"" + EscapeJson(s.name) + "\",\"labels\":{";
    bool first_label = true;
    for (const auto& [k, v] : s.labels) {
      if (!first_label) out += ',';
      first_label = false;
      out += "\"" + EscapeJson(k) + "\":\"" + EscapeJson(v) + "\"";
    }
    out += "}";
    if (s.type == Type::kHistogram) {
      const auto& h = s.histogram;
      out += ",\"count\":" + Number(static_cast<double>(h.count)) +
             ",\"sum_ns\":" + Number(static_cast<double>(h.sum_ns)) +
             ",\"p50_ns\":" + Number(static_cast<double>(h.Quantile(0.5))) +
             ",\"p99_ns\":" + Number(static_cast<double>(h.Quantile(0.99))) +
             ",\"p999_ns\":" + Number(static_cast<double>(h.Quantile(0.999))) + "}";
    } else {
      out += ",\"value\":" + Number(s.value) + "}";
    }
  }
  return out + "]}";
}

}  // namespace jvbfastpath::stats
