// ./fastpath load --path native: simulated conferences, bridge work done natively.
// (The default, --path jni, runs tools/load/java/.../LoadMain in a JVM over the jar.)
#include <cstdio>
#include <string>
#include <vector>

#include "tools/load/load_options.h"
#include "tools/load/load_report.h"
#include "tools/load/native_runner.h"
#include "tools/load/verdict.h"

int main(int argc, char** argv) {
  using namespace jvbfastpath::load;
  LoadOptions options;
  std::string error;
  if (!ParseLoadOptions(argc, argv, &options, &error)) {
    std::fprintf(stderr, "load: %s\n%s", error.c_str(), LoadUsage().c_str());
    return 2;
  }
  LoadResult result = RunNative(options);
  PrintSummary(result);
  if (!options.report_dir.empty()) {
    if (!WriteReport(result, options.report_dir, &error)) {
      std::fprintf(stderr, "load: %s\n", error.c_str());
      return 1;
    }
    std::printf("report written to %s\n", options.report_dir.c_str());
  }
  if (options.verdict_max_growth_kb < 0) return 0;
  const std::vector<std::string> why = VerdictFailures(
      result, {.churn_expected = options.churn_every_s > 0,
               .max_growth_kb = options.verdict_max_growth_kb});
  if (why.empty()) {
    std::printf("verdict: PASSED (no loss, client checks ok%s, memory growth within %lld kB)\n",
                options.churn_every_s > 0 ? ", churn" : "",
                static_cast<long long>(options.verdict_max_growth_kb));
    return 0;
  }
  std::printf("verdict: FAILED");
  for (size_t i = 0; i < why.size(); ++i) std::printf("%s %s", i ? ";" : "", why[i].c_str());
  std::printf("\n");
  return 1;
}
