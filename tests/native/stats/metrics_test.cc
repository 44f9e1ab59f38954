#include "native/stats/metrics.h"

#include <gtest/gtest.h>

namespace jvbfastpath::stats {
namespace {

TEST(MetricsTest, PrometheusGroupsFamiliesAndEscapesLabels) {
  Metrics m;
  m.AddCounter("jvbfastpath_srtp_packets_total", "SRTP packets by status",
               {{"conference", "c1"}, {"reason", "ok"}}, 7);
  m.AddGauge("jvbfastpath_endpoints", "Endpoints", {{"conference", "c1"}}, 3);
  m.AddCounter("jvbfastpath_srtp_packets_total", "SRTP packets by status",
               {{"conference", "we\"ird\\\n"}, {"reason", "auth_fail"}}, 1);
  const std::string text = m.ToPrometheus();
  EXPECT_EQ(
      "# HELP jvbfastpath_srtp_packets_total SRTP packets by status\n"
      "# TYPE jvbfastpath_srtp_packets_total counter\n"
      "jvbfastpath_srtp_packets_total{conference=\"c1\",reason=\"ok\"} 7\n"
      "jvbfastpath_srtp_packets_total{conference=\"we\\\"ird\\\\\\n\",reason=\"auth_fail\"} 1\n"
      "# HELP jvbfastpath_endpoints Endpoints\n"
      "# TYPE jvbfastpath_endpoints gauge\n"
      "jvbfastpath_endpoints{conference=\"c1\"} 3\n",
      text);
}

TEST(MetricsTest, HistogramsExportCumulativeBucketsInSeconds) {
  LatencyHistogram h;
  h.Record(90);    // <= 100 ns
  h.Record(400);   // <= 500 ns
  h.Record(2000000);  // beyond 1 ms: only in +Inf
  Metrics m;
  m.AddHistogram("jvbfastpath_stage_seconds", "Stage latency", {{"stage", "protect"}}, h.Take());
  const std::string text = m.ToPrometheus();
  EXPECT_NE(std::string::npos,
            text.find("jvbfastpath_stage_seconds_bucket{stage=\"protect\",le=\"1e-07\"} 1\n"));
  EXPECT_NE(std::string::npos,
            text.find("jvbfastpath_stage_seconds_bucket{stage=\"protect\",le=\"5e-07\"} 2\n"));
  EXPECT_NE(std::string::npos,
            text.find("jvbfastpath_stage_seconds_bucket{stage=\"protect\",le=\"0.001\"} 2\n"));
  EXPECT_NE(std::string::npos,
            text.find("jvbfastpath_stage_seconds_bucket{stage=\"protect\",le=\"+Inf\"} 3\n"));
  EXPECT_NE(std::string::npos, text.find("jvbfastpath_stage_seconds_count{stage=\"protect\"} 3\n"));
}

TEST(MetricsTest, JsonCarriesValuesAndQuantiles) {
  LatencyHistogram h;
  h.Record(100);  // bucket 96..111: quantiles report its upper bound
  Metrics m;
  m.AddCounter("a_total", "A", {{"k", "v\"1"}}, 2);
  m.AddHistogram("b_seconds", "B", {}, h.Take());
  EXPECT_EQ(
      "{\"metrics\":[{\"name\":\"a_total\",\"labels\":{\"k\":\"v\\\"1\"},\"value\":2},"
      "{\"name\":\"b_seconds\",\"labels\":{},\"count\":1,\"sum_ns\":100,\"p50_ns\":111,"
      "\"p99_ns\":111,\"p999_ns\":111}]}",
      m.ToJson());
}

}  // namespace
}  // namespace jvbfastpath::stats
