#include "tools/load/verdict.h"

namespace jvbfastpath::load {

std::vector<std::string> VerdictFailures(const LoadResult& r, const VerdictLimits& limits) {
  std::vector<std::string> why;
  uint64_t losses = 0;
  for (size_t d = 1; d < r.drops.size(); ++d) losses += r.drops[d];
  if (losses != 0) why.push_back(std::to_string(losses) + " packets lost");
  if (r.client_checked == 0) why.push_back("no client check");
  if (r.client_check_failed != 0) {
    why.push_back(std::to_string(r.client_check_failed) + " client checks failed");
  }
  if (limits.churn_expected && (r.churn.joins == 0 || r.churn.leaves == 0)) {
    why.push_back("no churn");
  }
  if (r.rss_kb.empty()) {
    why.push_back("resident size not sampled");
  } else if (const int64_t growth = SummariseRss(r.rss_kb).growth_kb;
             growth > limits.max_growth_kb) {
    why.push_back("resident size grew " + std::to_string(growth) + " kB (limit " +
                  std::to_string(limits.max_growth_kb) + " kB)");
  }
  return why;
}

}  // namespace jvbfastpath::load
