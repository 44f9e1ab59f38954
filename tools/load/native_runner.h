// Runs simulated conferences with the bridge work done natively (--path native): the
// baseline the JNI path is compared with.
#pragma once

#include "tools/load/load_options.h"
#include "tools/load/load_report.h"

namespace jvbfastpath::load {

LoadResult RunNative(const LoadOptions& options);

}  // namespace jvbfastpath::load
