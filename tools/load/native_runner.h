// Runs simulated conferences with the bridge work done natively (--path native): the
// baseline the JNI path is compared with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "native/conference/mode.h"
#include "tools/load/load_options.h"
#include "tools/load/load_report.h"

namespace jvbfastpath::load {

// Modes a toggling conference cycles through, step by step (the library stays on; "off"
// would hand the conference back to the bridge's own path, which the load tool does not
// simulate). LoadMain's TOGGLE_CYCLE is the same.
inline constexpr conference::Mode kToggleCycle[] = {conference::Mode::kAccelerated,
                                                    conference::Mode::kE2eePassthrough,
                                                    conference::Mode::kE2eeRequired};

LoadResult RunNative(const LoadOptions& options);

class LoadSimulation;
// One tick of bridge work on a simulation whose client side already ran (NextTick): the
// native ingress, plan and egress, timed; then, untimed, the receiving clients' checks and
// (with `leave`) the newcomer's join. Returns {ns of bridge work, packets out}. Both the
// native driver and --compare's native twins time their ticks with it.
std::pair<uint64_t, size_t> TimedNativeTick(LoadSimulation& sim, bool leave);
// Adds what a simulation counted itself (clients' checks, churn, first frames held back)
// to a result whose drops already hold its endpoints' counters; held-back first frames
// leave the plaintext_in_e2ee_required losses.
void AddSimulationCounts(const LoadSimulation& sim, LoadResult& r);

}  // namespace jvbfastpath::load
