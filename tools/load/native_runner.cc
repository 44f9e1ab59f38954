#include "tools/load/native_runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "tools/load/simulation.h"

namespace jvbfastpath::load {
namespace {

using Clock = std::chrono::steady_clock;

// Modes a toggling conference cycles through (the library stays on; "off" would hand the
// conference back to the bridge's own path, which the load tool does not simulate).
constexpr conference::Mode kToggleCycle[] = {conference::Mode::kAccelerated,
                                             conference::Mode::kE2eePassthrough,
                                             conference::Mode::kE2eeRequired};

}  // namespace

void AddSimulationCounts(const LoadSimulation& sim, LoadResult& r) {
  r.client_checked += sim.client_checked();
  r.client_check_failed += sim.client_check_failed();
  r.churn += sim.churn();
  uint64_t& plaintext =
      r.drops[static_cast<size_t>(pipeline::DropReason::kPlaintextInE2eeRequired)];
  plaintext -= std::min(plaintext, sim.churn().held_at_stream_start);
}

LoadResult RunNative(const LoadOptions& o) {
  std::vector<std::unique_ptr<LoadSimulation>> sims;
  for (int c = 0; c < o.conferences; ++c) {
    sims.push_back(std::make_unique<LoadSimulation>(SimulationConfigFor(o, c, true)));
  }
  const int seconds = static_cast<int>(o.duration_s + 0.999);
  std::vector<std::atomic<uint64_t>> out_per_second(static_cast<size_t>(seconds) + 1);
  std::atomic<uint64_t> packets_in{0}, packets_out{0}, busy_ns{0};
  std::atomic<bool> stop{false};
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(o.duration_s));
  const Clock::duration churn_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(o.churn_every_s));

  auto worker = [&](int t) {
    uint64_t ticks = 0;
    while (Clock::now() < end) {
      for (size_t c = static_cast<size_t>(t); c < sims.size(); c += static_cast<size_t>(o.threads)) {
        LoadSimulation& sim = *sims[c];
        const size_t in = sim.NextTick();  // client side: not bridge work
        const Clock::time_point b0 = Clock::now();
        // Churn: one participant per conference leaves (mid-tick) each period ...
        const bool leave =
            churn_period.count() > 0 &&
            b0 - start >= churn_period * static_cast<Clock::rep>(sim.churn().leaves + 1);
        const size_t out = sim.RunNativeTick(leave);
        const Clock::time_point b1 = Clock::now();
        // ... and a new one joins after the tick (set-up: not timed as packet work).
        if (leave) sim.Join();
        busy_ns += static_cast<uint64_t>((b1 - b0).count());
        packets_in += in;
        packets_out += out;
        const auto second = static_cast<size_t>(std::chrono::duration<double>(b1 - start).count());
        if (second < out_per_second.size()) out_per_second[second] += out;
      }
      ++ticks;
      if (o.realtime) std::this_thread::sleep_until(start + std::chrono::milliseconds(20 * ticks));
    }
  };
  std::thread toggler;
  if (o.toggle_every_s > 0) {
    toggler = std::thread([&] {
      const auto period = std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(o.toggle_every_s));
      Clock::time_point next = start + period;
      for (size_t step = 1; !stop.load(); ++step, next += period) {
        while (!stop.load() && Clock::now() < next) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (stop.load()) break;
        for (auto& sim : sims) sim->conference().SetMode(kToggleCycle[step % 3]);
      }
    });
  }
  const bool tty = o.progress && isatty(STDOUT_FILENO);
  // Resident size: after set-up, once a second (with the progress line), and at the end.
  std::vector<uint64_t> rss_kb;
  rss_kb.reserve(static_cast<size_t>(seconds) + 2);
  rss_kb.push_back(ResidentSetKb());
  std::vector<std::thread> workers;
  for (int t = 0; t < o.threads; ++t) workers.emplace_back(worker, t);
  for (int s = 1; start + std::chrono::seconds(s) < end; ++s) {
    std::this_thread::sleep_until(start + std::chrono::seconds(s));
    rss_kb.push_back(ResidentSetKb());
    if (!tty) continue;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("\r%5.0f s  in %10llu  out %11llu  (%.0f out/s)  rss %llu kB   ", elapsed,
                static_cast<unsigned long long>(packets_in.load()),
                static_cast<unsigned long long>(packets_out.load()), packets_out.load() / elapsed,
                static_cast<unsigned long long>(rss_kb.back()));
    std::fflush(stdout);
  }
  std::this_thread::sleep_until(end);
  rss_kb.push_back(ResidentSetKb());  // at the end, packets still flowing
  for (auto& w : workers) w.join();
  stop = true;
  if (toggler.joinable()) toggler.join();
  if (tty) std::printf("\n");

  LoadResult r;
  r.path = "native";
  r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  r.bridge_busy_s = busy_ns.load() / 1e9;
  r.threads = o.threads;
  r.conferences = o.conferences;
  r.participants = o.participants;
  r.packets_in = packets_in.load();
  r.packets_out = packets_out.load();
  for (size_t s = 0; s < static_cast<size_t>(seconds); ++s) {
    r.out_per_second.push_back(static_cast<double>(out_per_second[s].load()));
  }
  for (auto& sim : sims) {
    for (size_t s = 0; s < r.stages.size(); ++s) {
      r.stages[s].Merge(sim->StageLatency(static_cast<pipeline::Stage>(s)));
    }
    for (size_t d = 0; d < r.drops.size(); ++d) {
      r.drops[d] += sim->Drops(static_cast<pipeline::DropReason>(d));
    }
    r.mode_switches += sim->conference().mode().epoch;
    AddSimulationCounts(*sim, r);
  }
  r.rss_kb = std::move(rss_kb);
  return r;
}

}  // namespace jvbfastpath::load
