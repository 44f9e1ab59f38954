// ./fastpath bench srtp: SRTP/SRTCP protect and unprotect cost per packet, against baselines
// measured in the same run (this machine is noisy; only ratios within one run mean anything).
//
// For each profile, packet (RTP with a 60, 160 or 1200-byte payload; SRTCP with a 60-byte
// one) and operation (protect, unprotect):
//   ns_single   our SrtpSession, one packet per call
//   ns_batch32  our SrtpSession batch call, 32 packets per call
//   ns_crypto   our crypto's floor: the floor's calls on our crypto (native/crypto) alone;
//               batch32 minus this is libsrtp's and SrtpSession's bookkeeping
//   ns_floor    the OpenSSL floor: the same cipher/MAC calls through EVP, contexts reused
//   ns_stock    Debian's libsrtp2 (NSS build), loaded with dlopen
//   ns_jdk      the JDK's own crypto for the same work (tools/bench/java JdkCryptoServer, a
//               JVM this benchmark starts and drives: --jdk-classpath JAR [--java PATH])
// and per profile a bulk line: our crypto (the same primitives SRTP calls) over a 16 KB
// buffer, in ns per byte, with OpenSSL's EVP over the same 16 KB beside it. The table's
// "bulk" column is the payload at that rate, "fixed" is batch32 minus bulk: what a packet
// costs beyond its bytes. --compare-impls adds batch32 under each crypto implementation this
// CPU supports (native/crypto/cpu.h), in the same run.
// Benchmarks run with repetitions in random interleaved order (Google Benchmark), and the
// median of the repetitions is reported (--best: the fastest repetition, for A/B
// comparisons on a busy machine). Every iteration copies a fresh packet into the
// work buffer first, for every contender alike (the JDK line too).
//
// Output: a table, or with --json one JSON object per line.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/cpu.h"
#include "native/crypto/hmac_sha1.h"
#include "native/srtp/srtp_session.h"
#include "tools/bench/openssl_floor.h"
#include "tools/bench/our_crypto_floor.h"
#include "tools/bench/stock_libsrtp.h"

extern char** environ;

namespace jvbfastpath::bench {
namespace {

using srtp::PacketKind;
using srtp::Profile;

constexpr size_t kBatch = 32;
constexpr size_t kPool = 4096;  // protected packets prepared ahead for unprotect runs
constexpr size_t kRoom = 32;
constexpr size_t kBulkBytes = 16384;
constexpr int kJdkChunk = 256;  // packets per request to the JVM

struct Case {
  PacketKind kind;
  size_t payload;
};
const Case kCases[] = {
    {PacketKind::kRtp, 60},
    {PacketKind::kRtp, 160},
    {PacketKind::kRtp, 1200},
    {PacketKind::kRtcp, 60},
};

size_t HeaderLength(PacketKind kind) { return kind == PacketKind::kRtp ? 12 : 8; }
const char* KindName(PacketKind kind) { return kind == PacketKind::kRtp ? "rtp" : "rtcp"; }

// Crypto implementations --compare-impls measures (cpu.h); "default" is what runs.
struct Impl {
  const char* name;
  crypto::AesImpl aes;
  crypto::Sha1Impl sha1;
};
const Impl kImpls[] = {
    {"portable", crypto::AesImpl::kPortable, crypto::Sha1Impl::kPortable},
    {"aesni+shani", crypto::AesImpl::kAesNi, crypto::Sha1Impl::kShaNi},
    {"vaes+shani", crypto::AesImpl::kVaes, crypto::Sha1Impl::kShaNi},
    {"vaes+opensslsha", crypto::AesImpl::kVaes, crypto::Sha1Impl::kPortable},
};

bool Runs(const Impl& impl) {
  return crypto::Supported(impl.aes) && crypto::Supported(impl.sha1);
}

std::vector<uint8_t> MasterKeyBytes(Profile profile) {
  const auto& info = srtp::Info(profile);
  std::vector<uint8_t> key(info.master_key_length + info.master_salt_length);
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 29 + 3);
  return key;
}

// A plain packet: RTP (PT 96) or RTCP (an SR's first bytes), a deterministic payload.
std::vector<uint8_t> PlainPacket(PacketKind kind, size_t payload) {
  const size_t header = HeaderLength(kind);
  std::vector<uint8_t> p(header + payload);
  p[0] = 0x80;
  p[1] = kind == PacketKind::kRtp ? 96 : 200;
  if (kind == PacketKind::kRtcp) {
    const size_t words = p.size() / 4 - 1;
    p[2] = static_cast<uint8_t>(words >> 8);
    p[3] = static_cast<uint8_t>(words);
  }
  p[header - 4] = 0x11;
  p[header - 3] = 0x22;
  p[header - 2] = 0x33;
  p[header - 1] = 0x44;
  for (size_t i = header; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i);
  return p;
}

// RTP: the sequence number varies per packet (SRTCP numbers its packets itself).
void SetSeq(PacketKind kind, uint8_t* packet, uint16_t seq) {
  if (kind != PacketKind::kRtp) return;
  packet[2] = static_cast<uint8_t>(seq >> 8);
  packet[3] = static_cast<uint8_t>(seq);
}

// One contender: protect and unprotect over (buffer, length), batch forms for ours.
struct Engine {
  std::function<size_t(std::span<uint8_t>, size_t)> protect;
  std::function<size_t(std::span<uint8_t>, size_t)> unprotect;
  std::function<void(std::span<srtp::PacketSlot>)> protect_batch;
  std::function<void(std::span<srtp::PacketSlot>)> unprotect_batch;
  std::shared_ptr<void> keep_alive;
};

StockLibsrtp* Stock() {
  static std::string error;
  static std::unique_ptr<StockLibsrtp> lib = StockLibsrtp::Load(&error);
  return lib.get();
}

// Our session, keyed with the crypto implementations given (cpu.h's defaults, set while the
// session is created and put back).
Engine OurEngine(Profile profile, PacketKind kind, bool outbound, const Impl* impl) {
  const crypto::AesImpl aes = crypto::DefaultAesImpl();
  const crypto::Sha1Impl sha1 = crypto::DefaultSha1Impl();
  if (impl != nullptr) crypto::SetDefaultImpls(impl->aes, impl->sha1);
  auto key = srtp::MasterKey::Create(profile, MasterKeyBytes(profile));
  srtp::SessionConfig config;
  config.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  std::string error;
  std::shared_ptr<srtp::SrtpSession> s = srtp::SrtpSession::Create(*key, config, &error);
  crypto::SetDefaultImpls(aes, sha1);
  Engine e;
  const bool rtp = kind == PacketKind::kRtp;
  e.protect = [s, rtp](std::span<uint8_t> b, size_t l) {
    return (rtp ? s->ProtectRtp(b, l) : s->ProtectRtcp(b, l)) == srtp::Status::kOk ? l : 0;
  };
  e.unprotect = [s, rtp](std::span<uint8_t> b, size_t l) {
    return (rtp ? s->UnprotectRtp(b, l) : s->UnprotectRtcp(b, l)) == srtp::Status::kOk ? l : 0;
  };
  e.protect_batch = [s, rtp](std::span<srtp::PacketSlot> p) {
    rtp ? s->ProtectRtpBatch(p) : s->ProtectRtcpBatch(p);
  };
  e.unprotect_batch = [s, rtp](std::span<srtp::PacketSlot> p) {
    rtp ? s->UnprotectRtpBatch(p) : s->UnprotectRtcpBatch(p);
  };
  e.keep_alive = s;
  return e;
}

Engine MakeEngine(const std::string& contender, Profile profile, PacketKind kind, bool outbound,
                  const Impl* impl) {
  Engine e;
  if (contender == "floor") {
    auto floor = std::make_shared<OpensslFloor>(profile, kind);
    e.protect = [floor](std::span<uint8_t> b, size_t l) { return floor->Protect(b, l); };
    e.unprotect = [floor](std::span<uint8_t> b, size_t l) { return floor->Unprotect(b, l); };
    e.keep_alive = floor;
  } else if (contender == "crypto") {
    auto floor = std::make_shared<OurCryptoFloor>(profile, kind);
    e.protect = [floor](std::span<uint8_t> b, size_t l) { return floor->Protect(b, l); };
    e.unprotect = [floor](std::span<uint8_t> b, size_t l) { return floor->Unprotect(b, l); };
    e.keep_alive = floor;
  } else if (contender == "stock") {
    std::shared_ptr<StockLibsrtp::Session> s =
        Stock()->CreateSession(profile, MasterKeyBytes(profile), outbound);
    const bool rtp = kind == PacketKind::kRtp;
    e.protect = [s, rtp](std::span<uint8_t> b, size_t l) {
      return rtp ? s->Protect(b, l) : s->ProtectRtcp(b, l);
    };
    e.unprotect = [s, rtp](std::span<uint8_t> b, size_t l) {
      return rtp ? s->Unprotect(b, l) : s->UnprotectRtcp(b, l);
    };
    e.keep_alive = s;
  } else {
    e = OurEngine(profile, kind, outbound, impl);
  }
  return e;
}

// Packets protected by `sender`, ready to be unprotected; refilled with later sequence
// numbers (the sender's rollover counter or SRTCP index advances) when used up.
class ProtectedPool {
 public:
  ProtectedPool(Engine sender, PacketKind kind, size_t payload)
      : sender_(std::move(sender)), kind_(kind), plain_(PlainPacket(kind, payload)) {
    packets_.assign(kPool, std::vector<uint8_t>(plain_.size() + kRoom));
    lengths_.assign(kPool, 0);
    Refill();
  }
  void Refill() {
    for (size_t i = 0; i < kPool; ++i) {
      std::memcpy(packets_[i].data(), plain_.data(), plain_.size());
      SetSeq(kind_, packets_[i].data(), seq_++);
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
  PacketKind kind_;
  std::vector<uint8_t> plain_;
  std::vector<std::vector<uint8_t>> packets_;
  std::vector<size_t> lengths_;
  size_t next_ = 0;
  uint16_t seq_ = 0;
};

void RunProtect(benchmark::State& state, const std::string& contender, Profile profile,
                Case c, const Impl* impl) {
  const bool batch = contender.rfind("batch32", 0) == 0;
  Engine e = MakeEngine(batch ? "ours" : contender, profile, c.kind, true, impl);
  const std::vector<uint8_t> plain = PlainPacket(c.kind, c.payload);
  std::vector<std::vector<uint8_t>> work(kBatch, std::vector<uint8_t>(plain.size() + kRoom));
  std::array<srtp::PacketSlot, kBatch> slots;
  uint16_t seq = 0;
  size_t failures = 0;
  for (auto _ : state) {
    if (batch) {
      for (size_t i = 0; i < kBatch; ++i) {
        std::memcpy(work[i].data(), plain.data(), plain.size());
        SetSeq(c.kind, work[i].data(), seq++);
        slots[i] = srtp::PacketSlot{work[i], plain.size(), srtp::Status::kOk};
      }
      e.protect_batch(slots);
      failures += slots[0].status != srtp::Status::kOk;
    } else {
      std::memcpy(work[0].data(), plain.data(), plain.size());
      SetSeq(c.kind, work[0].data(), seq++);
      failures += e.protect(work[0], plain.size()) == 0;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (batch ? kBatch : 1)));
  if (failures != 0) state.SkipWithError("protect failed");
}

void RunUnprotect(benchmark::State& state, const std::string& contender, Profile profile,
                  Case c, const Impl* impl) {
  const bool batch = contender.rfind("batch32", 0) == 0;
  const std::string engine = batch ? "ours" : contender;
  ProtectedPool pool(MakeEngine(engine, profile, c.kind, true, impl), c.kind, c.payload);
  Engine e = MakeEngine(engine, profile, c.kind, false, impl);
  std::vector<std::vector<uint8_t>> work(
      kBatch, std::vector<uint8_t>(HeaderLength(c.kind) + c.payload + kRoom));
  std::array<srtp::PacketSlot, kBatch> slots;
  size_t failures = 0;
  for (auto _ : state) {
    if (pool.exhausted()) {
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

// --- the JDK line: a JVM running JdkCryptoServer, one request per timed chunk -----------------

class JdkLine {
 public:
  static std::unique_ptr<JdkLine> Start(const std::string& java, const std::string& classpath,
                                        std::string* error) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) {
      *error = "pipe failed";
      return nullptr;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    posix_spawn_file_actions_addclose(&actions, to_child[1]);
    posix_spawn_file_actions_addclose(&actions, from_child[0]);
    std::string cp = classpath;
    std::string main_class = "org.jvbfastpath.bench.JdkCryptoServer";
    std::string flag = "-cp";
    std::string program = java;
    char* argv[] = {program.data(), flag.data(), cp.data(), main_class.data(), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, java.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    if (rc != 0) {
      close(to_child[1]);
      close(from_child[0]);
      *error = "cannot start " + java + ": " + std::strerror(rc);
      return nullptr;
    }
    std::unique_ptr<JdkLine> line(new JdkLine());
    line->pid_ = pid;
    line->to_ = fdopen(to_child[1], "w");
    line->from_ = fdopen(from_child[0], "r");
    return line;
  }

  ~JdkLine() {
    if (to_ != nullptr) std::fclose(to_);  // end of input: the server exits
    if (from_ != nullptr) std::fclose(from_);
    int status = 0;
    waitpid(pid_, &status, 0);
  }

  // Nanoseconds `count` packets took in the JVM; negative if it failed.
  double Run(Profile profile, Case c, const char* op, int count) {
    const auto name = srtp::Info(profile).name;
    std::fprintf(to_, "%.*s %d %zu %s %d\n", static_cast<int>(name.size()), name.data(),
                 c.kind == PacketKind::kRtcp ? 1 : 0, c.payload, op, count);
    std::fflush(to_);
    char line[256];
    if (std::fgets(line, sizeof(line), from_) == nullptr) return -1;
    char* end = nullptr;
    const double ns = std::strtod(line, &end);
    return end == line ? -1 : ns;
  }

 private:
  JdkLine() = default;
  pid_t pid_ = 0;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

JdkLine* jdk = nullptr;

void RunJdk(benchmark::State& state, Profile profile, Case c, const char* op) {
  bool failed = false;
  for (auto _ : state) {
    const double ns = jdk->Run(profile, c, op, kJdkChunk);
    if (ns < 0) {
      failed = true;
      state.SetIterationTime(1);
      continue;
    }
    state.SetIterationTime(ns * 1e-9);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kJdkChunk));
  if (failed) state.SkipWithError("the JVM's answer was not a time");
}

// --- bulk: the primitives over 16 KB ----------------------------------------------------------

std::vector<uint8_t> BulkKey(size_t n) {
  std::vector<uint8_t> key(n);
  for (size_t i = 0; i < n; ++i) key[i] = static_cast<uint8_t>(i * 13 + 5);
  return key;
}

// What SRTP's protect does to the bytes of one packet, on a 16 KB "packet": AES-CM encrypts
// and MACs it, GCM seals it with a 12-byte AAD. Either ours or the OpenSSL floor. Also each
// of AES-CM's two primitives alone ("aes-ctr", "hmac-sha1").
void RunBulk(benchmark::State& state, const std::string& what, Profile profile) {
  std::vector<uint8_t> buffer(12 + kBulkBytes + kRoom, 0x3c);
  const std::span<uint8_t> data(buffer.data() + 12, kBulkBytes);
  const bool gcm = srtp::Info(profile).aead;
  const size_t key_length = profile == Profile::kAeadAes256Gcm ? 32 : 16;
  crypto::AesCtr ctr;
  crypto::AesGcm aead;
  crypto::HmacSha1 mac;
  ctr.SetKey(BulkKey(key_length));
  aead.SetKey(BulkKey(key_length));
  mac.SetKey(BulkKey(20));
  OpensslFloor floor(profile);
  const uint8_t iv[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0};
  uint8_t tag[20];
  for (auto _ : state) {
    if (what == "floor") {
      floor.Protect(buffer, 12 + kBulkBytes);
    } else if (what == "hmac-sha1") {
      mac.Start();
      mac.Update(data);
      mac.Finish(std::span<uint8_t, 20>(tag, 20));
    } else if (what == "aes-ctr") {
      ctr.SetCounter(std::span<const uint8_t, 16>(iv, 16));
      ctr.Apply(data);
    } else if (gcm) {
      aead.Start(std::span<const uint8_t, 12>(iv, 12), crypto::AesGcm::Direction::kSeal);
      aead.Aad(std::span(buffer).first(12));
      aead.Encrypt(data);
      aead.Finish(std::span(tag).first(16));
    } else {
      ctr.SetCounter(std::span<const uint8_t, 16>(iv, 16));
      ctr.Apply(data);
      mac.Start();
      mac.Update(std::span(buffer).first(12 + kBulkBytes));
      mac.Finish(std::span<uint8_t, 20>(tag, 20));
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBulkBytes));
}

// Collects the median (or "best") ns per item of each benchmark (name: a/b/c/contender).
class Collector : public benchmark::BenchmarkReporter {
 public:
  explicit Collector(const char* statistic) : statistic_(statistic) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        errors_.push_back(run.benchmark_name() + ": " + run.error_message);
        continue;
      }
      if (run.run_type != Run::RT_Aggregate || run.aggregate_name != statistic_) continue;
      auto it = run.counters.find("items_per_second");
      if (it == run.counters.end() || it->second.value <= 0) continue;
      std::string name = run.run_name.function_name;
      const size_t manual = name.find("/manual_time");
      if (manual != std::string::npos) name.erase(manual);
      results_[name] = 1e9 / it->second.value;
    }
  }
  const std::map<std::string, double>& results() const { return results_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string statistic_;
  std::map<std::string, double> results_;
  std::vector<std::string> errors_;
};

// The fastest repetition: the highest rate (the statistic applies to every counter).
double Highest(const std::vector<double>& v) {
  double best = v.empty() ? 0 : v[0];
  for (double x : v) best = x > best ? x : best;
  return best;
}

std::string Key(Profile p, Case c, const char* op, const std::string& contender) {
  return std::string(srtp::Info(p).name) + "/" + KindName(c.kind) + std::to_string(c.payload) +
         "/" + op + "/" + contender;
}

std::string BulkName(const std::string& what, Profile p) {
  return "bulk/" + std::string(srtp::Info(p).name) + "/" + what;
}

std::string Number(double v) {
  if (std::isnan(v)) return "null";
  char text[32];
  std::snprintf(text, sizeof(text), "%.3f", v);
  return text;
}

}  // namespace
}  // namespace jvbfastpath::bench

int main(int argc, char** argv) {
  using namespace jvbfastpath::bench;
  namespace crypto = jvbfastpath::crypto;
  bool json = false;
  bool compare_impls = false;
  bool best = false;
  std::string jdk_classpath;
  std::string java = "java";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--compare-impls") {
      compare_impls = true;
    } else if (a == "--best") {
      best = true;
    } else if (a == "--jdk-classpath" && i + 1 < argc) {
      jdk_classpath = argv[++i];
    } else if (a == "--java" && i + 1 < argc) {
      java = argv[++i];
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

  std::unique_ptr<JdkLine> jdk_line;
  if (!jdk_classpath.empty()) {
    std::string error;
    jdk_line = JdkLine::Start(java, jdk_classpath, &error);
    if (!jdk_line) std::fprintf(stderr, "note: no JDK line: %s\n", error.c_str());
  }
  jdk = jdk_line.get();
  if (jdk != nullptr) {
    // JIT warm-up: the JVM compiles the crypto paths before anything is timed.
    for (int round = 0; round < 3 && jdk != nullptr; ++round) {
      for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
        for (Case c : kCases) {
          for (const char* op : {"protect", "unprotect"}) {
            if (jdk->Run(profile, c, op, 20000) < 0) {
              std::fprintf(stderr, "note: no JDK line: the JVM did not answer\n");
              jdk = nullptr;
              break;
            }
          }
        }
      }
    }
  }

  const bool have_stock = Stock() != nullptr;
  std::vector<std::string> contenders = {"single", "batch32", "crypto", "floor"};
  if (have_stock) contenders.push_back("stock");
  std::vector<const Impl*> impls;
  if (compare_impls) {
    for (const Impl& impl : kImpls) {
      if (Runs(impl)) impls.push_back(&impl);
    }
  }
  for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
    for (Case c : kCases) {
      for (const char* op : {"protect", "unprotect"}) {
        const bool protect = std::string(op) == "protect";
        auto add = [&](const std::string& contender, const Impl* impl) {
          benchmark::RegisterBenchmark(Key(profile, c, op, contender).c_str(),
                                       [=](benchmark::State& s) {
                                         protect ? RunProtect(s, contender, profile, c, impl)
                                                 : RunUnprotect(s, contender, profile, c, impl);
                                       })
              ->ComputeStatistics("best", Highest);
        };
        for (const std::string& contender : contenders) add(contender, nullptr);
        for (const Impl* impl : impls) add(std::string("batch32@") + impl->name, impl);
        if (jdk != nullptr) {
          benchmark::RegisterBenchmark(Key(profile, c, op, "jdk").c_str(),
                                       [=](benchmark::State& s) { RunJdk(s, profile, c, op); })
              ->UseManualTime()
              ->ComputeStatistics("best", Highest);
        }
      }
    }
    for (const char* what : {"ours", "floor"}) {
      benchmark::RegisterBenchmark(BulkName(what, profile).c_str(),
                                   [=](benchmark::State& s) { RunBulk(s, what, profile); })
          ->ComputeStatistics("best", Highest);
    }
  }
  for (const char* what : {"aes-ctr", "hmac-sha1"}) {
    benchmark::RegisterBenchmark(BulkName(what, Profile::kAesCm128HmacSha1_80).c_str(),
                                 [=](benchmark::State& s) {
                                   RunBulk(s, what, Profile::kAesCm128HmacSha1_80);
                                 })
        ->ComputeStatistics("best", Highest);
  }
  Collector collector(best ? "best" : "median");
  benchmark::RunSpecifiedBenchmarks(&collector);
  jdk_line.reset();
  for (const std::string& e : collector.errors()) std::fprintf(stderr, "error: %s\n", e.c_str());

  const auto& r = collector.results();
  auto get = [&](const std::string& key) {
    auto it = r.find(key);
    return it == r.end() ? NAN : it->second;
  };
  const std::string implementation = std::string(crypto::Name(crypto::DefaultAesImpl())) + "+" +
                                     std::string(crypto::Name(crypto::DefaultSha1Impl()));
  if (!json) {
    std::printf("crypto: %s (native/crypto/cpu.h); ns per packet, %s of the repetitions\n",
                implementation.c_str(), best ? "best" : "median");
    std::printf("%-24s %-4s %7s %-9s %7s %7s %7s %7s %7s %7s %6s %6s %9s %9s %9s\n", "profile",
                "kind", "payload", "op", "single", "batch32", "crypto", "floor", "stock", "jdk",
                "bulk", "fixed", "batch/flr", "jdk/batch", "stock/bat");
  }
  for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
    const double rate = get(BulkName("ours", profile));  // ns per byte
    for (Case c : kCases) {
      for (const char* op : {"protect", "unprotect"}) {
        const double single = get(Key(profile, c, op, "single"));
        const double batch = get(Key(profile, c, op, "batch32"));
        const double ours = get(Key(profile, c, op, "crypto"));
        const double floor = get(Key(profile, c, op, "floor"));
        const double stock = get(Key(profile, c, op, "stock"));
        const double jdk_ns = get(Key(profile, c, op, "jdk"));
        const double bulk = rate * static_cast<double>(c.payload);
        const auto name = jvbfastpath::srtp::Info(profile).name;
        if (json) {
          std::printf(
              "{\"profile\":\"%.*s\",\"kind\":\"%s\",\"payload\":%zu,\"op\":\"%s\","
              "\"ns_single\":%s,\"ns_batch32\":%s,\"ns_crypto\":%s,\"ns_floor\":%s,"
              "\"ns_stock\":%s,\"ns_jdk\":%s,\"ns_bulk\":%s,\"crypto\":\"%s\"",
              static_cast<int>(name.size()), name.data(), KindName(c.kind), c.payload, op,
              Number(single).c_str(), Number(batch).c_str(), Number(ours).c_str(),
              Number(floor).c_str(),
              Number(stock).c_str(), Number(jdk_ns).c_str(), Number(bulk).c_str(),
              implementation.c_str());
          for (const Impl* impl : impls) {
            const double v = get(Key(profile, c, op, std::string("batch32@") + impl->name));
            std::printf(",\"ns_batch32_%s\":%s", impl->name, Number(v).c_str());
          }
          std::printf("}\n");
        } else {
          std::printf(
              "%-24.*s %-4s %7zu %-9s %7.0f %7.0f %7.0f %7.0f %7.0f %7.0f %6.0f %6.0f %9.2f %9.2f"
              " %9.2f\n",
              static_cast<int>(name.size()), name.data(), KindName(c.kind), c.payload, op,
              single, batch, ours, floor, stock, jdk_ns, bulk, batch - bulk, batch / floor,
              jdk_ns / batch, stock / batch);
        }
      }
    }
  }
  // Bulk rates.
  if (!json) {
    std::printf("\nbulk, 16 KB per call, ns per byte (GB/s):\n");
    for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
      const double ours = get(BulkName("ours", profile));
      const double floor = get(BulkName("floor", profile));
      const auto name = jvbfastpath::srtp::Info(profile).name;
      std::printf("  %-24.*s ours %.3f (%.2f)  floor %.3f (%.2f)  floor/ours %.2f\n",
                  static_cast<int>(name.size()), name.data(), ours, 1 / ours, floor, 1 / floor,
                  floor / ours);
    }
    for (const char* what : {"aes-ctr", "hmac-sha1"}) {
      const double ours = get(BulkName(what, Profile::kAesCm128HmacSha1_80));
      std::printf("  %-24s ours %.3f (%.2f)\n", what, ours, 1 / ours);
    }
  } else {
    for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
      const auto name = jvbfastpath::srtp::Info(profile).name;
      std::printf("{\"bulk\":\"%.*s\",\"ns_per_byte\":%s,\"floor_ns_per_byte\":%s}\n",
                  static_cast<int>(name.size()), name.data(),
                  Number(get(BulkName("ours", profile))).c_str(),
                  Number(get(BulkName("floor", profile))).c_str());
    }
    for (const char* what : {"aes-ctr", "hmac-sha1"}) {
      std::printf("{\"bulk\":\"%s\",\"ns_per_byte\":%s}\n", what,
                  Number(get(BulkName(what, Profile::kAesCm128HmacSha1_80))).c_str());
    }
  }
  if (!impls.empty() && !json) {
    std::printf("\nbatch32 by crypto implementation (ns per packet; ratio to %s):\n",
                implementation.c_str());
    for (Profile profile : jvbfastpath::srtp::kAllProfiles) {
      for (Case c : kCases) {
        for (const char* op : {"protect", "unprotect"}) {
          const auto name = jvbfastpath::srtp::Info(profile).name;
          const double base = get(Key(profile, c, op, "batch32"));
          if (std::isnan(base)) continue;
          std::printf("  %-24.*s %-4s %5zu %-9s", static_cast<int>(name.size()), name.data(),
                      KindName(c.kind), c.payload, op);
          for (const Impl* impl : impls) {
            const double v = get(Key(profile, c, op, std::string("batch32@") + impl->name));
            std::printf("  %s %.0f (%.2f)", impl->name, v, v / base);
          }
          std::printf("\n");
        }
      }
    }
  }
  if (!have_stock) std::fprintf(stderr, "note: stock libsrtp not measured\n");
  if (jdk == nullptr) std::fprintf(stderr, "note: JDK line not measured (--jdk-classpath)\n");
  return collector.errors().empty() ? 0 : 1;
}
