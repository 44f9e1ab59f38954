// ./fastpath bench srtp: SRTP protect/unprotect cost per packet, against baselines measured
// in the same run (this machine is noisy; only ratios within one run mean anything).
//
// For each profile, payload size (160, 1200) and operation (protect, unprotect):
//   ns_single   our SrtpSession, one packet per call
//   ns_batch32  our SrtpSession batch call, 32 packets per call
//   ns_floor    the OpenSSL floor: the same cipher/MAC calls, contexts reused
//   ns_stock    Debian's libsrtp2 (NSS build), loaded with dlopen
// Benchmarks run with repetitions in random interleaved order (Google Benchmark), and the
// median of the repetitions is reported. Every iteration copies a fresh packet into the
// work buffer first, for every contender alike.
//
// Output: a table, or with --json one JSON object per line:
//   {"profile":..., "payload":..., "op":..., "ns_single":..., "ns_batch32":..., ...}
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "native/srtp/srtp_session.h"
#include "tools/bench/openssl_floor.h"
#include "tools/bench/stock_libsrtp.h"

namespace jvbfastpath::bench {
namespace {

using srtp::Profile;

constexpr size_t kHeader = 12;
constexpr size_t kBatch = 32;
constexpr size_t kPool = 4096;  // protected packets prepared ahead for unprotect runs
constexpr size_t kRoom = 32;
const size_t kPayloads[] = {160, 1200};
const char* const kContenders[] = {"single", "batch32", "floor", "stock"};

std::vector<uint8_t> MasterKeyBytes(Profile profile) {
  const auto& info = srtp::Info(profile);
  std::vector<uint8_t> key(info.master_key_length + info.master_salt_length);
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 29 + 3);
  return key;
}

// A plain RTP packet: header (seq filled in later) and a deterministic payload.
std::vector<uint8_t> PlainPacket(size_t payload) {
  std::vector<uint8_t> p(kHeader + payload);
  p[0] = 0x80;
  p[1] = 96;
  p[8] = 0x11;
  p[9] = 0x22;
  p[10] = 0x33;
  p[11] = 0x44;
  for (size_t i = kHeader; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i);
  return p;
}

void SetSeq(uint8_t* packet, uint16_t seq) {
  packet[2] = static_cast<uint8_t>(seq >> 8);
  packet[3] = static_cast<uint8_t>(seq);
}

// One contender: a protect function and an unprotect function over (buffer, length).
struct Engine {
  std::function<size_t(std::span<uint8_t>, size_t)> protect;
  std::function<size_t(std::span<uint8_t>, size_t)> unprotect;
  // Batch forms (only ours has one; others are null).
  std::function<void(std::span<srtp::PacketSlot>)> protect_batch;
  std::function<void(std::span<srtp::PacketSlot>)> unprotect_batch;
  std::shared_ptr<void> keep_alive;
};

StockLibsrtp* Stock() {
  static std::string error;
  static std::unique_ptr<StockLibsrtp> lib = StockLibsrtp::Load(&error);
  return lib.get();
}

Engine MakeEngine(const std::string& contender, Profile profile, bool outbound) {
  Engine e;
  auto key_bytes = MasterKeyBytes(profile);
  if (contender == "floor") {
    auto floor = std::make_shared<OpensslFloor>(profile);
    e.protect = [floor](std::span<uint8_t> b, size_t l) { return floor->Protect(b, l); };
    e.unprotect = [floor](std::span<uint8_t> b, size_t l) { return floor->Unprotect(b, l); };
    e.keep_alive = floor;
  } else if (contender == "stock") {
    std::shared_ptr<StockLibsrtp::Session> s = Stock()->CreateSession(profile, key_bytes, outbound);
    e.protect = [s](std::span<uint8_t> b, size_t l) { return s->Protect(b, l); };
    e.unprotect = [s](std::span<uint8_t> b, size_t l) { return s->Unprotect(b, l); };
    e.keep_alive = s;
  } else {
    auto key = srtp::MasterKey::Create(profile, key_bytes);
    srtp::SessionConfig config;
    config.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
    std::string error;
    std::shared_ptr<srtp::SrtpSession> s = srtp::SrtpSession::Create(*key, config, &error);
    e.protect = [s](std::span<uint8_t> b, size_t l) {
      return s->ProtectRtp(b, l) == srtp::Status::kOk ? l : 0;
    };
    e.unprotect = [s](std::span<uint8_t> b, size_t l) {
      return s->UnprotectRtp(b, l) == srtp::Status::kOk ? l : 0;
    };
    e.protect_batch = [s](std::span<srtp::PacketSlot> p) { s->ProtectRtpBatch(p); };
    e.unprotect_batch = [s](std::span<srtp::PacketSlot> p) { s->UnprotectRtpBatch(p); };
    e.keep_alive = s;
  }
  return e;
}

// Packets protected by `sender`, ready to be unprotected; refilled with later sequence
// numbers (the sender's rollover counter advances across wraps) when used up.
class ProtectedPool {
 public:
  ProtectedPool(Engine sender, size_t payload)
      : sender_(std::move(sender)), plain_(PlainPacket(payload)) {
    packets_.assign(kPool, std::vector<uint8_t>(plain_.size() + kRoom));
    lengths_.assign(kPool, 0);
    Refill();
  }
  void Refill() {
    for (size_t i = 0; i < kPool; ++i) {
      std::memcpy(packets_[i].data(), plain_.data(), plain_.size());
      SetSeq(packets_[i].data(), seq_++);
      lengths_[i] = sender_.protect(packets_[i], plain_.size());
    }
    next_ = 0;
  }
  bool exhausted() const { return next_ == kPool; }
  std::pair<const uint8_t*, size_t> Next() {
    size_t i = next_++;
    return {packets_[i].data(), lengths_[i]};
  }

 private:
  Engine sender_;
  std::vector<uint8_t> plain_;
  std::vector<std::vector<uint8_t>> packets_;
  std::vector<size_t> lengths_;
  size_t next_ = 0;
  uint16_t seq_ = 0;
};

void RunProtect(benchmark::State& state, const std::string& contender, Profile profile,
                size_t payload) {
  const bool batch = contender == "batch32";
  Engine e = MakeEngine(batch ? "single" : contender, profile, true);
  const std::vector<uint8_t> plain = PlainPacket(payload);
  std::vector<std::vector<uint8_t>> work(kBatch, std::vector<uint8_t>(plain.size() + kRoom));
  std::array<srtp::PacketSlot, kBatch> slots;
  uint16_t seq = 0;
  size_t failures = 0;
  for (auto _ : state) {
    if (batch) {
      for (size_t i = 0; i < kBatch; ++i) {
        std::memcpy(work[i].data(), plain.data(), plain.size());
        SetSeq(work[i].data(), seq++);
        slots[i] = srtp::PacketSlot{work[i], plain.size(), srtp::Status::kOk};
      }
      e.protect_batch(slots);
      failures += slots[0].status != srtp::Status::kOk;
    } else {
      std::memcpy(work[0].data(), plain.data(), plain.size());
      SetSeq(work[0].data(), seq++);
      failures += e.protect(work[0], plain.size()) == 0;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (batch ? kBatch : 1)));
  if (failures != 0) state.SkipWithError("protect failed");
}

void RunUnprotect(benchmark::State& state, const std::string& contender, Profile profile,
                  size_t payload) {
  const bool batch = contender == "batch32";
  const std::string engine = batch ? "single" : contender;
  ProtectedPool pool(MakeEngine(engine, profile, true), payload);
  Engine e = MakeEngine(engine, profile, false);
  std::vector<std::vector<uint8_t>> work(kBatch, std::vector<uint8_t>(12 + payload + kRoom));
  std::array<srtp::PacketSlot, kBatch> slots;
  size_t failures = 0;
  for (auto _ : state) {
    if (pool.exhausted() || (batch && kPool % kBatch != 0)) {
      state.PauseTiming();
      pool.Refill();
      state.ResumeTiming();
    }
    if (batch) {
      for (size_t i = 0; i < kBatch; ++i) {
        auto [data, length] = pool.Next();
        std::memcpy(work[i].data(), data, length);
        slots[i] = srtp::PacketSlot{work[i], length, srtp::Status::kOk};
      }
      e.unprotect_batch(slots);
      failures += slots[kBatch - 1].status != srtp::Status::kOk;
    } else {
      auto [data, length] = pool.Next();
      std::memcpy(work[0].data(), data, length);
      failures += e.unprotect(work[0], length) == 0;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (batch ? kBatch : 1)));
  if (failures != 0) state.SkipWithError("unprotect failed");
}

// Collects the median ns per packet of each benchmark (name: profile/payload/op/contender).
class Collector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        errors_.push_back(run.benchmark_name() + ": " + run.error_message);
        continue;
      }
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end() || it->second.value <= 0) continue;
      std::string name = run.run_name.function_name;
      results_[name] = 1e9 / it->second.value;
    }
  }
  const std::map<std::string, double>& results() const { return results_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::map<std::string, double> results_;
  std::vector<std::string> errors_;
};

std::string Key(Profile p, size_t payload, const char* op, const char* contender) {
  return std::string(srtp::Info(p).name) + "/" + std::to_string(payload) + "/" + op + "/" +
         contender;
}

}  // namespace
}  // namespace jvbfastpath::bench

int main(int argc, char** argv) {
  using namespace jvbfastpath::bench;
  bool json = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string(argv[i]) == "--json") {
      json = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  static char repetitions[] = "--benchmark_repetitions=5";
  static char min_time[] = "--benchmark_min_time=0.05";
  args.insert(args.begin() + 1, {interleave, repetitions, min_time});
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());

  std::string stock_error;
  const bool have_stock = Stock() != nullptr;
  for (jvbfastpath::srtp::Profile profile : jvbfastpath::srtp::kAllProfiles) {
    for (size_t payload : kPayloads) {
      for (const char* contender : kContenders) {
        if (std::string(contender) == "stock" && !have_stock) continue;
        benchmark::RegisterBenchmark(Key(profile, payload, "protect", contender).c_str(),
                                     [=](benchmark::State& s) {
                                       RunProtect(s, contender, profile, payload);
                                     });
        benchmark::RegisterBenchmark(Key(profile, payload, "unprotect", contender).c_str(),
                                     [=](benchmark::State& s) {
                                       RunUnprotect(s, contender, profile, payload);
                                     });
      }
    }
  }
  Collector collector;
  benchmark::RunSpecifiedBenchmarks(&collector);
  for (const std::string& e : collector.errors()) std::fprintf(stderr, "error: %s\n", e.c_str());

  const auto& r = collector.results();
  auto get = [&](const std::string& key) {
    auto it = r.find(key);
    return it == r.end() ? NAN : it->second;
  };
  if (!json) {
    std::printf("%-24s %7s %-9s %9s %9s %9s %9s %10s %10s\n", "profile", "payload", "op",
                "single", "batch32", "floor", "stock", "batch/flr", "stock/bat");
  }
  for (jvbfastpath::srtp::Profile profile : jvbfastpath::srtp::kAllProfiles) {
    for (size_t payload : kPayloads) {
      for (const char* op : {"protect", "unprotect"}) {
        double single = get(Key(profile, payload, op, "single"));
        double batch = get(Key(profile, payload, op, "batch32"));
        double floor = get(Key(profile, payload, op, "floor"));
        double stock = get(Key(profile, payload, op, "stock"));
        const auto name = jvbfastpath::srtp::Info(profile).name;
        if (json) {
          std::printf(
              "{\"profile\":\"%.*s\",\"payload\":%zu,\"op\":\"%s\",\"ns_single\":%.1f,"
              "\"ns_batch32\":%.1f,\"ns_floor\":%.1f,\"ns_stock\":%s}\n",
              static_cast<int>(name.size()), name.data(), payload, op, single, batch, floor,
              std::isnan(stock) ? "null" : std::to_string(stock).c_str());
        } else {
          std::printf("%-24.*s %7zu %-9s %9.0f %9.0f %9.0f %9.0f %10.2f %10.2f\n",
                      static_cast<int>(name.size()), name.data(), payload, op, single, batch,
                      floor, stock, batch / floor, stock / batch);
        }
      }
    }
  }
  if (!have_stock) std::fprintf(stderr, "note: stock libsrtp not measured\n");
  return collector.errors().empty() ? 0 : 1;
}
