// libjvbfastpath_load.so: the load generator's clients and forwarding plan for the JVM
// driver (LoadMain, --path jni), and the native driver (--path native) in the same process
// for --compare. The bridge work of the JNI path goes through the jar, not through here.
#include <jni.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "tools/load/load_options.h"
#include "tools/load/load_report.h"
#include "tools/load/native_runner.h"
#include "tools/load/simulation.h"

namespace jvbfastpath::load {
namespace {

// Per conference: scratch for the calls of its one worker thread (sized once, reused).
struct Scratch {
  std::vector<uint8_t> bytes;
  std::vector<jint> a, b, c;
  std::vector<uint8_t> flags;
};

// FastpathEndpoint.EGRESS_SET_MARKER.
constexpr uint8_t kEgressSetMarker = 2;

struct LoadRun {
  LoadOptions options;
  std::vector<std::unique_ptr<LoadSimulation>> sims;
  // --compare: per conference a twin from the same seed whose bridge work is native. The
  // JVM driver runs each tick of a conference on both (CompareTick), in turn, so the two
  // paths do exactly the same work, interleaved; only ticks after the warm-up count.
  std::vector<std::unique_ptr<LoadSimulation>> twins;
  std::atomic<uint64_t> twin_busy_ns{0};
  std::atomic<uint64_t> twin_out{0};
  std::vector<Scratch> scratch;
  std::vector<uint64_t> rss_kb;  // the main thread's samples (SampleRss)
};

void Throw(JNIEnv* env, const char* cls, const std::string& message) {
  jclass c = env->FindClass(cls);
  if (c != nullptr) env->ThrowNew(c, message.c_str());
}

std::vector<std::string> Args(JNIEnv* env, jobjectArray args) {
  std::vector<std::string> out = {"load"};
  const jsize n = args == nullptr ? 0 : env->GetArrayLength(args);
  for (jsize i = 0; i < n; ++i) {
    auto s = static_cast<jstring>(env->GetObjectArrayElement(args, i));
    const char* chars = s == nullptr ? nullptr : env->GetStringUTFChars(s, nullptr);
    out.emplace_back(chars == nullptr ? "" : chars);
    if (chars != nullptr) env->ReleaseStringUTFChars(s, chars);
  }
  return out;
}

bool Parse(JNIEnv* env, jobjectArray args, LoadOptions* options) {
  std::vector<std::string> strings = Args(env, args);
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  std::string error;
  if (!ParseLoadOptions(static_cast<int>(argv.size()), argv.data(), options, &error)) {
    Throw(env, "java/lang/IllegalArgumentException", error + "\n" + LoadUsage());
    return false;
  }
  return true;
}

LoadRun* RunArg(jlong h) { return reinterpret_cast<LoadRun*>(static_cast<intptr_t>(h)); }

jlong Create(JNIEnv* env, jclass, jobjectArray args) {
  auto run = std::make_unique<LoadRun>();
  if (!Parse(env, args, &run->options)) return 0;
  const LoadOptions& o = run->options;
  for (int c = 0; c < o.conferences; ++c) {
    run->sims.push_back(std::make_unique<LoadSimulation>(SimulationConfigFor(o, c, false)));
  }
  run->scratch.resize(static_cast<size_t>(o.conferences));
  return static_cast<jlong>(reinterpret_cast<intptr_t>(run.release()));
}

void Destroy(JNIEnv*, jclass, jlong h) { delete RunArg(h); }

// The run's settings, by name: LoadNative.Setting names the same ones in the same order and
// checks that against SettingNames before it reads any value.
#define JVBFASTPATH_LOAD_SETTINGS(X)                                \
  X(CONFERENCES, o.conferences)                                     \
  X(PARTICIPANTS, o.participants)                                   \
  X(THREADS, o.threads)                                             \
  X(DURATION_MS, o.duration_s * 1000)                               \
  X(TOGGLE_MS, o.toggle_every_s * 1000)                             \
  X(PROFILE, o.profile) /* SrtpProfile ordinal */                   \
  X(E2EE_KIND, o.e2ee)  /* 0 off, 1 jitsi (JFrame), 2 sframe */     \
  X(PROGRESS, o.progress ? 1 : 0)                                   \
  X(MAX_PACKETS_PER_TICK, sim.buffers().size())                     \
  X(REWRITERS_PER_CONFERENCE, sim.rewriter_count())                 \
  X(CHURN_MS, o.churn_every_s * 1000)                               \
  X(CONFERENCE_MODE, sim.config().mode) /* ConferenceMode ordinal */

jintArray Settings(JNIEnv* env, jclass, jlong h) {
  const LoadRun& run = *RunArg(h);
  const LoadOptions& o = run.options;
  LoadSimulation& sim = *run.sims[0];
#define JVBFASTPATH_X(name, value) static_cast<jint>(value),
  const jint values[] = {JVBFASTPATH_LOAD_SETTINGS(JVBFASTPATH_X)};
#undef JVBFASTPATH_X
  jintArray out = env->NewIntArray(static_cast<jsize>(std::size(values)));
  if (out != nullptr) env->SetIntArrayRegion(out, 0, static_cast<jsize>(std::size(values)), values);
  return out;
}

jobjectArray SettingNames(JNIEnv* env, jclass) {
#define JVBFASTPATH_X(name, value) #name,
  static const char* const kNames[] = {JVBFASTPATH_LOAD_SETTINGS(JVBFASTPATH_X)};
#undef JVBFASTPATH_X
  jclass string = env->FindClass("java/lang/String");
  if (string == nullptr) return nullptr;
  jobjectArray out = env->NewObjectArray(static_cast<jsize>(std::size(kNames)), string, nullptr);
  for (size_t i = 0; out != nullptr && i < std::size(kNames); ++i) {
    jstring name = env->NewStringUTF(kNames[i]);
    if (name == nullptr) return nullptr;
    env->SetObjectArrayElement(out, static_cast<jsize>(i), name);
    env->DeleteLocalRef(name);
  }
  return out;
}

jbyteArray KeyingMaterial(JNIEnv* env, jclass, jlong h, jint conference, jint participant) {
  std::span<const uint8_t> km = RunArg(h)->sims[conference]->keying_material(participant);
  jbyteArray out = env->NewByteArray(static_cast<jsize>(km.size()));
  if (out != nullptr) {
    env->SetByteArrayRegion(out, 0, static_cast<jsize>(km.size()),
                            reinterpret_cast<const jbyte*>(km.data()));
  }
  return out;
}

// {out ssrc, clock rate} of rewriter `index`.
jintArray RewriterConfig(JNIEnv* env, jclass, jlong h, jint conference, jint index) {
  const auto rc = RunArg(h)->sims[conference]->rewriter_config(static_cast<size_t>(index));
  const jint values[] = {static_cast<jint>(rc.out_ssrc), static_cast<jint>(rc.clock_rate)};
  jintArray out = env->NewIntArray(2);
  if (out != nullptr) env->SetIntArrayRegion(out, 0, 2, values);
  return out;
}

// The clients' next 20 ms, protected: packet i goes to bufs[i] at offset `room`, its
// length to lens[i], its sender to senders[i]. Returns the count.
jint NextTick(JNIEnv* env, jclass, jlong h, jint conference, jobjectArray bufs, jint room,
              jintArray lens, jintArray senders) {
  LoadRun& run = *RunArg(h);
  LoadSimulation& sim = *run.sims[conference];
  const size_t n = sim.NextTick();
  std::vector<jint>& l = run.scratch[conference].a;
  std::vector<jint>& s = run.scratch[conference].b;
  l.resize(n);
  s.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const SentPacket& sp = sim.sent()[i];
    auto buf = static_cast<jbyteArray>(env->GetObjectArrayElement(bufs, static_cast<jsize>(i)));
    if (buf == nullptr) return 0;
    env->SetByteArrayRegion(buf, room, static_cast<jsize>(sp.length),
                            reinterpret_cast<const jbyte*>(sim.buffers()[sp.buffer_index].data()));
    env->DeleteLocalRef(buf);
    l[i] = static_cast<jint>(sp.length);
    s[i] = sp.sender;
  }
  env->SetIntArrayRegion(lens, 0, static_cast<jsize>(n), l.data());
  env->SetIntArrayRegion(senders, 0, static_cast<jsize>(n), s.data());
  return static_cast<jint>(n);
}

// The forwarding plan for the tick, given drops[i] (the DropReason ordinal, 0: forwardable)
// for the first n ingress packets: receivers[k], packets[k], rewriters[k] (-1: none).
// packets[k] < 0: packet ~packets[k] is an SVC layer receivers[k] does not get (Forward::drop).
// Returns the count (receiver-major).
jint Plan(JNIEnv* env, jclass, jlong h, jint conference, jbyteArray drops, jint n,
          jintArray receivers, jintArray packets, jintArray rewriters, jbyteArray flags) {
  LoadRun& run = *RunArg(h);
  LoadSimulation& sim = *run.sims[conference];
  Scratch& scratch = run.scratch[conference];
  scratch.bytes.resize(static_cast<size_t>(n));
  env->GetByteArrayRegion(drops, 0, n, reinterpret_cast<jbyte*>(scratch.bytes.data()));
  std::span<const Forward> plan = sim.Plan({scratch.bytes.data(), static_cast<size_t>(n)});
  const jsize capacity = env->GetArrayLength(receivers);
  const jsize count = std::min<jsize>(static_cast<jsize>(plan.size()), capacity);
  std::vector<jint>& r = scratch.a;
  std::vector<jint>& p = scratch.b;
  std::vector<jint>& w = scratch.c;
  r.resize(count);
  p.resize(count);
  w.resize(count);
  std::vector<uint8_t>& f = scratch.flags;
  f.resize(count);
  for (jsize k = 0; k < count; ++k) {
    r[k] = plan[k].receiver;
    // A dropped SVC layer: ~packet (negative); the driver calls its rewriter's drop().
    p[k] = plan[k].drop ? ~static_cast<jint>(plan[k].packet) : static_cast<jint>(plan[k].packet);
    w[k] = plan[k].rewriter_index;
    f[k] = plan[k].set_marker ? kEgressSetMarker : 0;
  }
  env->SetIntArrayRegion(receivers, 0, count, r.data());
  env->SetIntArrayRegion(packets, 0, count, p.data());
  env->SetIntArrayRegion(rewriters, 0, count, w.data());
  env->SetByteArrayRegion(flags, 0, count, reinterpret_cast<const jbyte*>(f.data()));
  return count;
}

jboolean ClientCheck(JNIEnv* env, jclass, jlong h, jint conference, jint receiver, jbyteArray buf,
                     jint off, jint len, jboolean rtcp) {
  LoadRun& run = *RunArg(h);
  std::vector<uint8_t>& copy = run.scratch[conference].bytes;
  copy.resize(static_cast<size_t>(len));
  env->GetByteArrayRegion(buf, off, len, reinterpret_cast<jbyte*>(copy.data()));
  size_t length = copy.size();
  return run.sims[conference]->ClientUnprotect(receiver, copy, length, rtcp) ? JNI_TRUE
                                                                             : JNI_FALSE;
}

// Endpoint churn, around the plan of a tick: the next participant leaves (its slot is
// returned; the caller closes its endpoint), then, after egress, a new one joins in its
// place (the caller reads keyingMaterial and rewriterConfig again and makes its endpoint
// and rewriters).
jint Leave(JNIEnv*, jclass, jlong h, jint conference) {
  return RunArg(h)->sims[conference]->Leave();
}

void Join(JNIEnv*, jclass, jlong h, jint conference) { RunArg(h)->sims[conference]->Join(); }

// Churn, before join: the SSRCs `receiver` got from the participant that left.
jintArray DepartedSsrcs(JNIEnv* env, jclass, jlong h, jint conference, jint receiver) {
  const std::vector<uint32_t> ssrcs = RunArg(h)->sims[conference]->DepartedSsrcs(receiver);
  jintArray out = env->NewIntArray(static_cast<jsize>(ssrcs.size()));
  if (out == nullptr) return nullptr;
  std::vector<jint> values(ssrcs.begin(), ssrcs.end());
  env->SetIntArrayRegion(out, 0, static_cast<jsize>(values.size()), values.data());
  return out;
}

// Samples the process's resident set size (kept for the summary); returns it in kB.
jlong SampleRss(JNIEnv*, jclass, jlong h) {
  LoadRun& run = *RunArg(h);
  run.rss_kb.push_back(ResidentSetKb());
  return static_cast<jlong>(run.rss_kb.back());
}

// --compare: the native twins of every conference.
void CompareStart(JNIEnv*, jclass, jlong h) {
  LoadRun& run = *RunArg(h);
  for (int c = 0; c < run.options.conferences; ++c) {
    run.twins.push_back(std::make_unique<LoadSimulation>(SimulationConfigFor(run.options, c, true)));
  }
}

// One tick of conference c's twin, bridge work native and timed as --path native times it
// (churn: the same leave as the JVM driver's tick). Returns its packets out.
jint CompareTick(JNIEnv*, jclass, jlong h, jint c, jboolean leave, jboolean counted) {
  LoadRun& run = *RunArg(h);
  LoadSimulation& twin = *run.twins[static_cast<size_t>(c)];
  twin.NextTick();
  const auto [ns, out] = TimedNativeTick(twin, leave == JNI_TRUE);
  if (counted == JNI_TRUE) {
    run.twin_busy_ns += ns;
    run.twin_out += out;
  }
  return static_cast<jint>(out);
}

// The toggler's step (the same cycle as the JVM driver's) on the twins' conferences.
void CompareToggle(JNIEnv*, jclass, jlong h, jint step) {
  for (auto& twin : RunArg(h)->twins) twin->conference().SetMode(kToggleCycle[step % 3]);
}

// {native busy ns, native packets out} over the counted ticks; prints the twins' losses
// and client checks (they must be as clean as the JVM driver's).
jlongArray CompareResult(JNIEnv* env, jclass, jlong h) {
  LoadRun& run = *RunArg(h);
  LoadResult r;
  for (auto& twin : run.twins) {
    for (size_t d = 0; d < r.drops.size(); ++d) {
      r.drops[d] += twin->Drops(static_cast<pipeline::DropReason>(d));
    }
    AddSimulationCounts(*twin, r);
  }
  uint64_t losses = 0;
  for (size_t d = 1; d < r.drops.size(); ++d) losses += r.drops[d];
  std::printf("native twins: %llu losses, clients unprotected %llu sampled packets, %llu failed\n",
              static_cast<unsigned long long>(losses),
              static_cast<unsigned long long>(r.client_checked),
              static_cast<unsigned long long>(r.client_check_failed));
  std::fflush(stdout);
  const jlong values[] = {static_cast<jlong>(run.twin_busy_ns.load()),
                          static_cast<jlong>(run.twin_out.load())};
  jlongArray out = env->NewLongArray(2);
  if (out != nullptr) env->SetLongArrayRegion(out, 0, 2, values);
  return out;
}

// The JVM driver's measurements -> summary (and report when --report was given).
// numbers = {wall ns, bridge busy ns, in, out, mode switches, client checked, failed};
// stages[s] = {count, sum ns, buckets...} (FastpathConference.stageLatency); drops[reason].
jstring Finish(JNIEnv* env, jclass, jlong h, jlongArray numbers, jlongArray out_per_second,
               jobjectArray stages, jlongArray drops) {
  const LoadRun& run = *RunArg(h);
  LoadResult r;
  r.path = "jni";
  r.threads = run.options.threads;
  r.conferences = run.options.conferences;
  r.participants = run.options.participants;
  jlong n[9] = {};
  env->GetLongArrayRegion(numbers, 0, std::min<jsize>(9, env->GetArrayLength(numbers)), n);
  r.wall_s = n[0] / 1e9;
  r.bridge_busy_s = n[1] / 1e9;
  r.packets_in = static_cast<uint64_t>(n[2]);
  r.packets_out = static_cast<uint64_t>(n[3]);
  r.mode_switches = static_cast<uint64_t>(n[4]);
  r.client_checked = static_cast<uint64_t>(n[5]);
  r.client_check_failed = static_cast<uint64_t>(n[6]);
  // The most packets and bytes one endpoint held (FastpathEndpoint.heldPackets/heldBytes).
  r.hold.max_packets = static_cast<uint64_t>(n[7]);
  r.hold.max_bytes = static_cast<uint64_t>(n[8]);
  const jsize seconds = env->GetArrayLength(out_per_second);
  std::vector<jlong> per_second(static_cast<size_t>(seconds));
  env->GetLongArrayRegion(out_per_second, 0, seconds, per_second.data());
  for (jlong v : per_second) r.out_per_second.push_back(static_cast<double>(v));
  // stages: one histogram per stage, then the frame hold's (FastpathConference.holdLatency).
  for (size_t s = 0; s <= r.stages.size(); ++s) {
    if (static_cast<jsize>(s) >= env->GetArrayLength(stages)) break;
    auto arr = static_cast<jlongArray>(env->GetObjectArrayElement(stages, static_cast<jsize>(s)));
    std::vector<jlong> v(2 + stats::LatencyHistogram::kBuckets);
    env->GetLongArrayRegion(arr, 0, static_cast<jsize>(v.size()), v.data());
    env->DeleteLocalRef(arr);
    stats::LatencyHistogram::Snapshot& h = s < r.stages.size() ? r.stages[s] : r.hold_latency;
    h.count = static_cast<uint64_t>(v[0]);
    h.sum_ns = static_cast<uint64_t>(v[1]);
    for (int b = 0; b < stats::LatencyHistogram::kBuckets; ++b) {
      h.buckets[b] = static_cast<uint64_t>(v[2 + b]);
    }
  }
  std::vector<jlong> d(r.drops.size());
  env->GetLongArrayRegion(drops, 0, static_cast<jsize>(d.size()), d.data());
  for (size_t i = 0; i < d.size(); ++i) r.drops[i] = static_cast<uint64_t>(d[i]);
  // Churn and held-back first frames, as the simulations counted them (the clients' checks
  // of this path are counted in Java: numbers).
  for (const auto& sim : run.sims) AddSimulationCounts(*sim, r);
  r.rss_kb = run.rss_kb;
  PrintSummary(r);
  std::fflush(stdout);
  if (!run.options.report_dir.empty()) {
    std::string error;
    if (!WriteReport(r, run.options.report_dir, &error)) {
      Throw(env, "java/io/UncheckedIOException", error);
      return nullptr;
    }
  }
  return env->NewStringUTF(ToJson(r).c_str());
}

#define NATIVE(name, sig, fn) \
  {const_cast<char*>(name), const_cast<char*>(sig), reinterpret_cast<void*>(&fn)}

}  // namespace
}  // namespace jvbfastpath::load

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  using namespace jvbfastpath::load;
  JNIEnv* env = nullptr;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
  jclass cls = env->FindClass("org/jvbfastpath/load/LoadNative");
  if (cls == nullptr) return JNI_ERR;
  static const JNINativeMethod kMethods[] = {
      NATIVE("create", "([Ljava/lang/String;)J", Create),
      NATIVE("destroy", "(J)V", Destroy),
      NATIVE("settingValues", "(J)[I", Settings),
      NATIVE("settingNames", "()[Ljava/lang/String;", SettingNames),
      NATIVE("keyingMaterial", "(JII)[B", KeyingMaterial),
      NATIVE("rewriterConfig", "(JII)[I", RewriterConfig),
      NATIVE("nextTick", "(JI[[BI[I[I)I", NextTick),
      NATIVE("plan", "(JI[BI[I[I[I[B)I", Plan),
      NATIVE("clientCheck", "(JII[BIIZ)Z", ClientCheck),
      NATIVE("leave", "(JI)I", Leave),
      NATIVE("join", "(JI)V", Join),
      NATIVE("departedSsrcs", "(JII)[I", DepartedSsrcs),
      NATIVE("sampleRss", "(J)J", SampleRss),
      NATIVE("compareStart", "(J)V", CompareStart),
      NATIVE("compareTick", "(JIZZ)I", CompareTick),
      NATIVE("compareToggle", "(JI)V", CompareToggle),
      NATIVE("compareResult", "(J)[J", CompareResult),
      NATIVE("finish", "(J[J[J[[J[J)Ljava/lang/String;", Finish),
  };
  if (env->RegisterNatives(cls, kMethods, static_cast<jint>(std::size(kMethods))) != JNI_OK) {
    return JNI_ERR;
  }
  return JNI_VERSION_1_8;
}
