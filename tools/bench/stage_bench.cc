// ./fastpath bench parse | e2ee: the cost of a pipeline stage against SRTP on the same
// packets, measured in the same run (Google Benchmark, random interleaving, 5 repetitions,
// median).
//
//   parse: codec::ParsePacket (RTP header, extension lookups: transport-cc, audio level;
//          VP8 descriptor) on 1200-byte VP8 video and on Opus audio, beside SRTP unprotect
//          (AEAD_AES_128_GCM) of the same packets. Goal: parse <= 5% of unprotect for video.
//          Heap allocations during parsing are counted (global operator new) and printed.
//   e2ee:  the passthrough check on the same 1200-byte packets: RecordOpaque at ingress,
//          and at egress the compare the cipher makes as it encrypts (protect with the check
//          against protect without it, GCM-128 and AES-CM-80); the compare on its own
//          (VerifyOpaque) beside it. Goal: the check <= 5% of protect.
// Output: a table, or with --json one JSON object per line.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "native/codec/packet_info.h"
#include "native/e2ee/passthrough_guard.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/common/allocation_counter.h"

namespace jvbfastpath::bench {
namespace {

constexpr uint8_t kVp8Pt = 100;
constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kAudioLevelId = 1;
constexpr uint8_t kTccId = 5;
constexpr size_t kVideoPayload = 1200;

// RTP + one-byte extensions (audio level for audio, transport-cc for all) + payload.
std::vector<uint8_t> Packet(bool video, uint16_t seq) {
  std::vector<uint8_t> p = {0x90, video ? kVp8Pt : kOpusPt, static_cast<uint8_t>(seq >> 8),
                            static_cast<uint8_t>(seq), 0, 0, 0x10, 0, 0x11, 0x22, 0x33, 0x44,
                            0xBE, 0xDE, 0x00, static_cast<uint8_t>(video ? 1 : 2)};
  if (!video) {
    p.push_back(kAudioLevelId << 4);
    p.push_back(0x80 | 30);
  }
  p.push_back((kTccId << 4) | 1);
  p.push_back(static_cast<uint8_t>(seq >> 8));
  p.push_back(static_cast<uint8_t>(seq));
  while ((p.size() - 16) % 4 != 0) p.push_back(0);
  if (video) {
    const uint8_t descriptor[] = {0x90, 0xE0, 0x81, 0x23, 0x45, 0x40};
    p.insert(p.end(), descriptor, descriptor + 6);
    p.push_back(0x11);  // VP8 delta frame tag
    p.resize(p.size() + kVideoPayload - 7, 0x5A);
  } else {
    p.push_back(0xF8);
    p.resize(p.size() + 99, 0x3C);
  }
  return p;
}

struct Setup {
  rtp::ExtensionMap extensions;
  codec::PayloadTypeMap types;
  Setup() {
    extensions.Register(kAudioLevelId, rtp::ExtensionType::kAudioLevel);
    extensions.Register(kTccId, rtp::ExtensionType::kTransportSequenceNumber);
    types.Set(kVp8Pt, codec::Codec::kVp8);
    types.Set(kOpusPt, codec::Codec::kOpus);
  }
};

std::unique_ptr<srtp::SrtpSession> Session(srtp::Profile profile, bool outbound) {
  const auto& info = srtp::Info(profile);
  std::vector<uint8_t> bytes(info.master_key_length + info.master_salt_length, 0x33);
  srtp::SessionConfig c;
  c.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  std::string error;
  return srtp::SrtpSession::Create(*srtp::MasterKey::Create(profile, bytes), c, &error);
}

void BM_Parse(benchmark::State& state, bool video) {
  Setup setup;
  const std::vector<uint8_t> packet = Packet(video, 7);
  codec::PacketInfo info;
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec::ParsePacket(packet, setup.extensions, setup.types, &info));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

// Unprotect of fresh packets: a pool protected ahead of time, refilled outside the timing.
void BM_Unprotect(benchmark::State& state, bool video) {
  auto out = Session(srtp::Profile::kAeadAes128Gcm, true);
  auto in = Session(srtp::Profile::kAeadAes128Gcm, false);
  constexpr size_t kPool = 4096;
  std::vector<std::vector<uint8_t>> pool(kPool);
  std::vector<size_t> lengths(kPool);
  uint16_t seq = 0;
  size_t next = kPool;
  std::vector<uint8_t> work(1400);
  for (auto _ : state) {
    if (next == kPool) {
      state.PauseTiming();
      for (size_t i = 0; i < kPool; ++i) {
        pool[i] = Packet(video, seq++);
        lengths[i] = pool[i].size();
        pool[i].resize(lengths[i] + srtp::kMaxTrailerLength);
        out->ProtectRtp(pool[i], lengths[i]);
      }
      next = 0;
      state.ResumeTiming();
    }
    std::memcpy(work.data(), pool[next].data(), lengths[next]);
    size_t len = lengths[next++];
    benchmark::DoNotOptimize(in->UnprotectRtp(work, len));
  }
  state.SetItemsProcessed(state.iterations());
}

// Protect of a 1200-byte VP8 packet without and with its opaque bytes (from offset 25, as
// the pipeline records them) compared by the cipher as it encrypts them, as egress does in
// the E2EE modes (srtp/expected_plaintext.h). The two alternate in blocks of 64 packets on
// one session, 400 blocks each, and each block's ns per packet is kept: the medians, and the
// median of the paired differences (a block with the check against the block before it),
// which a busy machine moves far less than either.
struct PairedProtect {
  double plain = NAN;
  double checked = NAN;
  double check = NAN;  // median of (checked block - plain block)
  bool intact = true;
};

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

PairedProtect MeasurePairedProtect(srtp::Profile profile) {
  constexpr int kBlocks = 400;
  constexpr int kPerBlock = 64;
  auto out = Session(profile, true);
  const std::vector<uint8_t> packet = Packet(true, 0);
  const e2ee::OpaqueRecord record = e2ee::RecordOpaque(packet, 25);
  std::vector<uint8_t> work(1400);
  uint16_t seq = 0;
  PairedProtect r;
  auto block = [&](bool checked) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kPerBlock; ++i) {
      std::memcpy(work.data(), packet.data(), packet.size());
      work[2] = static_cast<uint8_t>(seq >> 8);
      work[3] = static_cast<uint8_t>(seq++);
      size_t len = packet.size();
      if (checked) {
        srtp::ExpectedPlaintext expected{work.data() + record.offset,
                                         {record.copy.bytes, record.length}};
        benchmark::DoNotOptimize(out->ProtectRtp(work, len, expected));
        r.intact &= expected.verdict == srtp::ExpectedPlaintext::Verdict::kIntact;
      } else {
        benchmark::DoNotOptimize(out->ProtectRtp(work, len));
      }
    }
    const auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / kPerBlock;
  };
  for (int w = 0; w < 50; ++w) block(w % 2 == 0);  // warm-up
  std::vector<double> plain, checked, differences;
  for (int b = 0; b < kBlocks; ++b) {
    const double p = block(false);
    const double c = block(true);
    plain.push_back(p);
    checked.push_back(c);
    differences.push_back(c - p);
  }
  r.plain = Median(plain);
  r.checked = Median(checked);
  r.check = Median(differences);
  return r;
}

void BM_Record(benchmark::State& state) {
  const std::vector<uint8_t> packet = Packet(true, 0);
  e2ee::OpaqueRecord record;
  for (auto _ : state) {
    e2ee::RecordOpaque(packet, 25, record);
    benchmark::DoNotOptimize(record);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Verify(benchmark::State& state) {
  const std::vector<uint8_t> packet = Packet(true, 0);
  const e2ee::OpaqueRecord record = e2ee::RecordOpaque(packet, 25);
  for (auto _ : state) benchmark::DoNotOptimize(e2ee::VerifyOpaque(packet, 25, record));
  state.SetItemsProcessed(state.iterations());
}

class Collector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != "median") continue;
      auto it = run.counters.find("items_per_second");
      if (it != run.counters.end() && it->second.value > 0) {
        ns_[run.run_name.function_name] = 1e9 / it->second.value;
      }
    }
  }
  double ns(const std::string& name) const {
    auto it = ns_.find(name);
    return it == ns_.end() ? NAN : it->second;
  }

 private:
  std::map<std::string, double> ns_;
};

// Heap allocations made by `iterations` parses (after one warm-up parse).
uint64_t CountParseAllocations(bool video, int iterations) {
  Setup setup;
  const std::vector<uint8_t> packet = Packet(video, 9);
  codec::PacketInfo info;
  codec::ParsePacket(packet, setup.extensions, setup.types, &info);
  const uint64_t before = testing::AllocationCount();
  for (int i = 0; i < iterations; ++i) {
    benchmark::DoNotOptimize(codec::ParsePacket(packet, setup.extensions, setup.types, &info));
  }
  return testing::AllocationCount() - before;
}

}  // namespace
}  // namespace jvbfastpath::bench

int main(int argc, char** argv) {
  using namespace jvbfastpath::bench;
  using jvbfastpath::srtp::Profile;
  std::string suite = argc > 1 ? argv[1] : "";
  bool json = false;
  std::vector<char*> args = {argv[0]};
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--json") {
      json = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (suite != "parse" && suite != "e2ee") {
    std::fprintf(stderr, "usage: stage_bench parse|e2ee [--json]\n");
    return 2;
  }
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  static char repetitions[] = "--benchmark_repetitions=5";
  static char min_time[] = "--benchmark_min_time=0.05";
  args.insert(args.begin() + 1, {interleave, repetitions, min_time});
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (suite == "parse") {
    benchmark::RegisterBenchmark("parse/video1200", [](benchmark::State& s) { BM_Parse(s, true); });
    benchmark::RegisterBenchmark("parse/audio", [](benchmark::State& s) { BM_Parse(s, false); });
    benchmark::RegisterBenchmark("unprotect_gcm128/video1200",
                                 [](benchmark::State& s) { BM_Unprotect(s, true); });
    benchmark::RegisterBenchmark("unprotect_gcm128/audio",
                                 [](benchmark::State& s) { BM_Unprotect(s, false); });
  } else {
    benchmark::RegisterBenchmark("guard_record/video1200", BM_Record);
    benchmark::RegisterBenchmark("guard_verify/video1200", BM_Verify);

  }
  Collector c;
  benchmark::RunSpecifiedBenchmarks(&c);
  if (suite == "parse") {
    const uint64_t video_allocs = CountParseAllocations(true, 100000);
    const uint64_t audio_allocs = CountParseAllocations(false, 100000);
    for (const char* kind : {"video1200", "audio"}) {
      const double parse = c.ns(std::string("parse/") + kind);
      const double unprotect = c.ns(std::string("unprotect_gcm128/") + kind);
      const uint64_t allocs = std::string(kind) == "audio" ? audio_allocs : video_allocs;
      if (json) {
        std::printf("{\"packet\":\"%s\",\"ns_parse\":%.1f,\"ns_unprotect_gcm128\":%.1f,"
                    "\"parse_over_unprotect\":%.4f,\"allocations_per_100000_parses\":%llu}\n",
                    kind, parse, unprotect, parse / unprotect,
                    static_cast<unsigned long long>(allocs));
      } else {
        std::printf("%-10s parse %6.1f ns  unprotect (GCM-128) %6.1f ns  parse/unprotect %5.1f%%"
                    "  allocations in 100000 parses: %llu\n",
                    kind, parse, unprotect, 100 * parse / unprotect,
                    static_cast<unsigned long long>(allocs));
      }
    }
  } else {
    // Egress's check is the protect with the check against the protect without it; the
    // compare on its own (VerifyOpaque, what egress runs when our ciphers are not
    // libsrtp's) is printed beside it.
    const double record = c.ns("guard_record/video1200");
    const double verify = c.ns("guard_verify/video1200");
    for (const auto& [profile, id] : {std::pair{"gcm128", Profile::kAeadAes128Gcm},
                                      std::pair{"aescm80", Profile::kAesCm128HmacSha1_80}}) {
      const PairedProtect m = MeasurePairedProtect(id);
      if (!m.intact) {
        std::fprintf(stderr, "stage_bench: the checked protect did not find its bytes intact\n");
        return 1;
      }
      const double protect = m.plain;
      const double checked = m.checked;
      const double check = m.check;
      if (json) {
        std::printf("{\"packet\":\"video1200\",\"profile\":\"%s\",\"ns_record\":%.1f,"
                    "\"ns_protect\":%.1f,\"ns_protect_checked\":%.1f,\"check_over_protect\":%.4f,"
                    "\"ns_verify_alone\":%.1f,\"verify_alone_over_protect\":%.4f}\n",
                    profile, record, protect, checked, check / protect, verify, verify / protect);
      } else {
        std::printf("video1200 %-8s record %5.1f ns  protect %6.1f ns  with the check %6.1f ns"
                    "  check/protect %5.1f%%  (compare alone %5.1f ns, %4.1f%%)\n",
                    profile, record, protect, checked, 100 * check / protect, verify,
                    100 * verify / protect);
      }
    }
  }
  return 0;
}
