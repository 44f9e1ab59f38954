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


// splitmix64's finaliser: well-mixed bits from a counter.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::pair<uint64_t, size_t> TimedNativeTick(LoadSimulation& sim, bool leave) {
  const Clock::time_point b0 = Clock::now();
  const size_t out = sim.RunNativeTick(leave);
  const Clock::time_point b1 = Clock::now();
  sim.CheckReceivers();  // the receiving clients: not bridge work
  if (leave) sim.Join();  // set-up after the tick: not timed as packet work
  return {static_cast<uint64_t>(std::chrono::nanoseconds(b1 - b0).count()), out};
}

void AddSimulationCounts(const LoadSimulation& sim, LoadResult& r) {
  r.client_checked += sim.client_checked();
  r.client_check_failed += sim.client_check_failed();
  r.churn += sim.churn();
  r.hold += sim.hold();
}

LoadResult RunNative(const LoadOptions& o) {
  std::vector<std::unique_ptr<LoadSimulation>> sims, twins;
  for (int c = 0; c < o.conferences; ++c) {
    sims.push_back(std::make_unique<LoadSimulation>(SimulationConfigFor(o, c, true)));
    if (o.timing_cost) {
      twins.push_back(std::make_unique<LoadSimulation>(SimulationConfigFor(o, c, true)));
    }
  }
  const int seconds = static_cast<int>(o.duration_s + 0.999);
  std::vector<std::atomic<uint64_t>> out_per_second(static_cast<size_t>(seconds) + 1);
  std::atomic<uint64_t> packets_in{0}, packets_out{0}, busy_ns{0};
  // --timing-cost: [0] the untimed ticks, [1] the timed ticks (see the worker).
  std::atomic<uint64_t> timing_busy_ns[2] = {0, 0}, timing_out[2] = {0, 0};
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
        // Churn: one participant per conference leaves (mid-tick) each period, a new one
        // joins after the tick.
        const bool leave =
            churn_period.count() > 0 &&
            Clock::now() - start >= churn_period * static_cast<Clock::rep>(sim.churn().leaves + 1);
        std::pair<uint64_t, size_t> timed, untimed;
        if (o.timing_cost) {
          // The twin is the same conference from the same seed: both do the same tick, one
          // with the stage timing on and one with it off. Which one is timed, and which goes
          // first, are random per tick, so neither the two simulations' memory layouts nor
          // the order bias the difference.
          LoadSimulation& twin = *twins[c];
          twin.NextTick();
          const uint64_t bits = Mix(ticks * o.conferences + c);
          LoadSimulation& on = (bits & 1) ? twin : sim;
          LoadSimulation& off = (bits & 1) ? sim : twin;
          on.SetTimingSampleEvery(o.timing_sample_every);
          off.SetTimingSampleEvery(0);
          if (bits & 2) {
            timed = TimedNativeTick(on, leave);
            untimed = TimedNativeTick(off, leave);
          } else {
            untimed = TimedNativeTick(off, leave);
            timed = TimedNativeTick(on, leave);
          }
          timing_busy_ns[0] += untimed.first;
          timing_out[0] += untimed.second;
          timing_busy_ns[1] += timed.first;
          timing_out[1] += timed.second;
        } else {
          timed = TimedNativeTick(sim, leave);
        }
        const auto [ns, out] = timed;
        busy_ns += ns;
        packets_in += in;
        packets_out += out;
        const auto second =
            static_cast<size_t>(std::chrono::duration<double>(Clock::now() - start).count());
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
        for (auto& twin : twins) twin->conference().SetMode(kToggleCycle[step % 3]);
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
    r.hold_latency.Merge(sim->conference().HoldLatency());
    AddSimulationCounts(*sim, r);
  }
  r.rss_kb = std::move(rss_kb);
  if (o.timing_cost) {
    r.timing.sample_every = o.timing_sample_every;
    r.timing.busy_off_s = timing_busy_ns[0].load() / 1e9;
    r.timing.busy_on_s = timing_busy_ns[1].load() / 1e9;
    r.timing.out_off = timing_out[0].load();
    r.timing.out_on = timing_out[1].load();
  }
  return r;
}

}  // namespace jvbfastpath::load
