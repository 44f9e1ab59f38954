// A load run's pass or fail, decided by the load generator itself (--verdict): the soak
// (tools/soak/run.sh, docs/reliability.md) takes its exit status, nothing reads its text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/load/load_report.h"

namespace jvbfastpath::load {

struct VerdictLimits {
  bool churn_expected = false;  // --churn-every was given: participants must join and leave
  int64_t max_growth_kb = 0;    // resident size growth allowed after the first 10% of the run
};

// Why the run failed, one reason each; empty when it passed: no loss of any reason, at least
// one sampled client check and none failed, joins and leaves when churn was expected, and
// resident size sampled and grown by at most max_growth_kb (RssSummary::growth_kb).
std::vector<std::string> VerdictFailures(const LoadResult& r, const VerdictLimits& limits);

}  // namespace jvbfastpath::load
