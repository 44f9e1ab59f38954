// ./fastpath load --path native: simulated conferences, bridge work done natively.
// (The default, --path jni, runs tools/load/java/.../LoadMain in a JVM over the jar.)
#include <cstdio>
#include <string>

#include "tools/load/load_options.h"
#include "tools/load/load_report.h"
#include "tools/load/native_runner.h"

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
  return 0;
}
