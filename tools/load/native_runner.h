// Runs simulated conferences with the bridge work done natively (--path native): the
// baseline the JNI path is compared with.
#pragma once

#include "tools/load/load_options.h"
#include "tools/load/load_report.h"

namespace jvbfastpath::load {

LoadResult RunNative(const LoadOptions& options);

class LoadSimulation;
// Adds what a simulation counted itself (clients' checks, churn, first frames held back)
// to a result whose drops already hold its endpoints' counters; held-back first frames
// leave the plaintext_in_e2ee_required losses.
void AddSimulationCounts(const LoadSimulation& sim, LoadResult& r);

}  // namespace jvbfastpath::load
