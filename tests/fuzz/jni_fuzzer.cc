// Fuzz target: the JNI entry points, unmodified. JNI_OnLoad (jni/cpp/onload.cc) runs against
// a fake JVM (tests/fuzz/fake_jni/), then the natives it registered are called by name with
// the C types NativeCalls.java declares, the way Java calls them.
//
// Input: byte 0 sets the fake's mode (bit 0: critical regions get copies, so a pointer used
// after its release is a heap use-after-free); then operations, one opcode byte each, with
// their arguments read from the bytes that follow (a missing byte reads as 0): packets
// (raw, or valid RTP/RTCP built from the input), SRTP sessions (each profile, by master key
// or DTLS keying material, of the right length or not; protect/unprotect peers so that
// round trips reach the deep paths), single transforms and groups of up to 8, session
// queries, conferences, endpoints with extension maps and payload types (and a client
// session protecting packets for them), ingress and egress batches of up to 16 in groups
// of 8 over metadata windows, stream rewriters, mode switches, metrics, destroys, and
// injected allocation failures. Arguments are mostly valid, otherwise near the valid value
// or out of range (negative, huge), null, or a 0 handle. As NativeHandle guarantees, a
// destroyed handle is never passed again; as PacketGroup does, a group's array lengths
// (c0..c7) are the arrays' own.
// Everything is fresh per input, so a corpus file replays the same way; with
// JNI_FUZZER_TRACE set in the environment each call is printed with what it threw.
//
// Invariants (std::abort when broken, besides the fake JVM's JNI rules and the sanitizers):
//  - a call that throws throws one of the documented exceptions (NullPointerException,
//    IndexOutOfBoundsException and subclasses, IllegalArgumentException,
//    IllegalStateException, OutOfMemoryError), and returns no handle with it;
//  - calls with valid arguments do not throw (unless an allocation failure was injected);
//  - results within range: lengths inside the array, counts within the batch, statuses and
//    drop reasons known, ingress never lengthens a packet;
//  - protect with one session then unprotect with its peer gives back the packet's bytes.
#include <jni.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "native/codec/codec.h"
#include "native/pipeline/stages.h"
#include "native/rtp/extension_map.h"
#include "native/srtp/profile.h"
#include "native/srtp/status.h"
#include "native/stats/latency_histogram.h"
#include "tests/fuzz/fake_jni/fake_jni.h"

using namespace jvbfastpath;
using fakejni::FakeJvm;
using fakejni::Obj;

namespace {

[[noreturn]] void Broken(const std::string& what) {
  std::fprintf(stderr, "jni_fuzzer: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Broken(what);
}

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() {
    const uint16_t high = Byte();
    return static_cast<uint16_t>((high << 8) | Byte());
  }
  uint32_t U32() {
    const uint32_t high = U16();
    return (high << 16) | U16();
  }
  std::vector<uint8_t> Bytes(size_t n) {
    std::vector<uint8_t> out(n);
    for (uint8_t& b : out) b = Byte();
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Mostly `valid`; else near it, or a value that breaks a range.
jint Fuzz(Input& in, jint valid) {
  const uint8_t b = in.Byte();
  switch (b >> 5) {
    case 5:
      return static_cast<jint>(int64_t{valid} + (b & 7) - 4);
    case 6: {
      constexpr jint kOdd[] = {-1, INT_MIN, INT_MAX, INT_MAX - 3, 1 << 20, 257, 256, 9};
      return kOdd[b & 7];
    }
    case 7:
      return static_cast<jint>(in.U32());
    default:
      return valid;
  }
}

// An offset: as Fuzz, but every offset that fits an array is a multiple of 4 (so is every
// valid one). libsrtp reads the RTP/RTCP header through struct pointers, which UBSan
// reports as misaligned for a packet at, say, offset 10 (harmless on x86-64 and arm64;
// see docs/reliability.md); what is fuzzed here is the glue, not that.
jint FuzzOffset(Input& in, jint valid) {
  const uint8_t b = in.Byte();
  switch (b >> 5) {
    case 5:
      return static_cast<jint>(int64_t{valid} + ((b & 7) - 4) * 4);
    case 6: {
      constexpr jint kOdd[] = {-1, INT_MIN, INT_MAX, INT_MAX - 3, 1 << 20, -4, 256, 4096};
      return kOdd[b & 7];
    }
    case 7:
      return static_cast<jint>(in.U32() & ~3u);
    default:
      return valid;
  }
}

constexpr const char* kDocumented[] = {
    "java/lang/NullPointerException", "java/lang/IndexOutOfBoundsException",
    "java/lang/IllegalArgumentException", "java/lang/IllegalStateException",
    "java/lang/OutOfMemoryError"};

constexpr const char* kUris[] = {
#define JVBFASTPATH_X(e, name, uri) uri,
    JVBFASTPATH_RTP_EXTENSIONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};
constexpr const char* kCodecs[] = {
#define JVBFASTPATH_X(e, name) name,
    JVBFASTPATH_CODECS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};
constexpr uint8_t kPayloadTypes[] = {96, 98, 102, 45, 111, 100, 0, 127};
constexpr uint32_t kSsrcs[] = {0x11111111, 0x22222222, 0x33333333};
constexpr size_t kMaxOps = 160;
constexpr size_t kMaxLive = 8;
constexpr size_t kMaxBuffers = 48;

// Natives' C types (NativeCalls.java; the fake checks them against the registrations).
#define EIGHT(t) t, t, t, t, t, t, t, t
using SrtpCreate = jlong(jint, jbyteArray, jboolean, jint, jint, jboolean);
using SrtpCreateFromDtls = jlong(jint, jbyteArray, jboolean, jboolean, jint, jint, jboolean);
using SrtpTransform = jint(jlong, jboolean, jbyteArray, jint, jint);
using EpCreate = jlong(jlong, jstring, jint, jbyteArray, jboolean, jboolean, jintArray,
                       jobjectArray, jintArray, jobjectArray, jint);
// Group natives (pinned_batch.h): count, b0..b7, c0..c7 (array lengths), o0..o7, l0..l7,
// then their own arguments, and a long[] for the results.
#define GROUP_TYPES jint, EIGHT(jbyteArray), EIGHT(jint), EIGHT(jint), EIGHT(jint)
using SrtpTransformGroup = jint(jlong, jboolean, GROUP_TYPES, jlongArray);
using EpIngressGroup = jint(jlong, GROUP_TYPES, jlong, jint, jboolean, jlongArray);
using EpEgressGroup = jint(jlong, GROUP_TYPES, jlong, EIGHT(jint), EIGHT(jlong), jint, jlongArray);
#undef GROUP_TYPES
#undef EIGHT
// A GroupArgs' arguments in the natives' order.
#define EIGHT_OF(a) (a)[0], (a)[1], (a)[2], (a)[3], (a)[4], (a)[5], (a)[6], (a)[7]
#define GROUP_ARGS(g) (g).count, EIGHT_OF((g).b), EIGHT_OF((g).c), EIGHT_OF((g).o), EIGHT_OF((g).l)

struct Buffer {
  Obj array;
  jint off;
  jint len;
  bool rtcp;
};
struct SessionPair {
  jlong out;
  jlong in;
};
struct EndpointRec {
  jlong handle;
  jlong client;  // the client's outbound session (0: none), protects packets for ingress
};
struct MetaRec {
  jlong handle;
  jint capacity;
};

class Harness {
 public:
  Harness(const uint8_t* data, size_t size)
      : in_(data, size), jvm_("org/jvbfastpath/NativeCalls") {}

  void Run() {
    jvm_.SetCopyCritical(in_.Byte() & 1);
    fakejni::Outcome loaded;
    Check(jvm_.Load(&JNI_OnLoad, &loaded) == JNI_VERSION_1_8 && !loaded.threw,
          "JNI_OnLoad failed");
    for (size_t n = 0; n < kMaxOps && !in_.done(); ++n) Step(in_.Byte());
    Cleanup();
  }

 private:
  // --- calling natives --------------------------------------------------------------
  template <typename F, typename... V>
  auto Call(const char* name, V... values) {
    using R = decltype(jvm_.Call<F>(name, &outcome_, values...));
    if constexpr (std::is_void_v<R>) {
      jvm_.Call<F>(name, &outcome_, values...);
      Judge(name);
    } else {
      R result = jvm_.Call<F>(name, &outcome_, values...);
      Judge(name);
      return result;
    }
  }

  void Judge(const char* name) {
    current_ = name;
    static const bool trace = std::getenv("JNI_FUZZER_TRACE") != nullptr;
    if (trace) {
      std::fprintf(stderr, "%s%s%s\n", name, outcome_.threw ? " threw " : "",
                   outcome_.threw ? (outcome_.exception + ": " + outcome_.message).c_str() : "");
    }
    if (!outcome_.threw) return;
    for (const char* cls : kDocumented) {
      if (FakeJvm::IsSubclass(outcome_.exception, cls)) return;
    }
    Broken(std::string(name) + " threw " + outcome_.exception + " (" + outcome_.message +
           "), which is not a documented exception");
  }

  bool threw() const { return outcome_.threw; }
  bool oom() const { return outcome_.exception == "java/lang/OutOfMemoryError"; }
  void NoThrow() {
    if (threw() && !oom()) {
      Broken(std::string(current_) + " with valid arguments threw " + outcome_.exception +
             " (" + outcome_.message + ")");
    }
  }
  // A created handle: kept if the call did not throw; a handle together with an exception
  // would be lost by Java (leaked).
  bool Created(jlong handle) {
    if (threw() && handle != 0) {
      Broken(std::string(current_) + " returned a handle with " + outcome_.exception +
             " pending");
    }
    return !threw() && handle != 0;
  }

  // --- fuzzed arguments ---------------------------------------------------------------
  template <typename T>
  T Pick(const std::vector<T>& items) {
    return items[in_.Byte() % items.size()];
  }
  jlong PickHandle(const std::vector<jlong>& handles) {
    const uint8_t b = in_.Byte();
    if (handles.empty() || b % 16 == 0) return 0;
    return handles[b % handles.size()];
  }
  jlong PickMeta() {
    std::vector<jlong> handles;
    for (const MetaRec& m : metas_) handles.push_back(m.handle);
    return PickHandle(handles);
  }
  jint MetaCapacity(jlong handle) const {
    for (const MetaRec& m : metas_) {
      if (m.handle == handle) return m.capacity;
    }
    return 1;
  }
  jlong PickEndpoint() {
    std::vector<jlong> handles;
    for (const EndpointRec& e : endpoints_) handles.push_back(e.handle);
    return PickHandle(handles);
  }
  // A buffer of the pool (nullptr sometimes, or when there is none).
  const Buffer* PickBuffer() {
    const uint8_t b = in_.Byte();
    if (buffers_.empty() || b % 32 == 31) return nullptr;
    return &buffers_[b % buffers_.size()];
  }

  std::u16string String() {
    constexpr char16_t kOdd[] = {0, 0xE9, 0x20AC, 0xD83D, 0xDE00, u'"', u'\\', u'\n',
                                 0x7F, 0xFFFF, 0xDC00, u'{', u'=', u' ', 0x80, 0x7FF};
    std::u16string s;
    const size_t n = in_.Byte() % 24;
    for (size_t i = 0; i < n; ++i) {
      const uint8_t b = in_.Byte();
      s += b < 0xC0 ? static_cast<char16_t>(u'a' + b % 26) : kOdd[b % 16];
    }
    return s;
  }
  Obj StringOrNull() { return in_.Byte() % 16 == 0 ? nullptr : jvm_.NewString(String()); }

  Obj Ints(size_t n, jint value) {
    std::vector<jint> v(n, value);
    return jvm_.NewIntArray(v);
  }
  // An array whose length is mostly `n`, sometimes a little off (or null).
  size_t FuzzLength(size_t n) {
    const jint l = Fuzz(in_, static_cast<jint>(n));
    return l < 0 ? 0 : std::min<size_t>(static_cast<size_t>(l), n + 8);
  }

  // --- packets ------------------------------------------------------------------------
  std::vector<uint8_t> Rtp() {
    const uint8_t flags = in_.Byte();
    std::vector<uint8_t> p = {static_cast<uint8_t>(0x80 | (flags & 0x10)),
                              static_cast<uint8_t>((flags & 0x80) | kPayloadTypes[flags & 7])};
    const uint16_t seq = in_.U16();
    const uint32_t ts = in_.U32();
    const uint32_t ssrc = (flags & 0x60) == 0x60 ? in_.U32() : kSsrcs[(flags >> 5) & 3];
    for (int shift : {8, 0}) p.push_back(static_cast<uint8_t>(seq >> shift));
    for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(ts >> shift));
    for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(ssrc >> shift));
    if (flags & 0x10) {  // one-byte header extensions: id 1..14, 1..4 bytes each
      std::vector<uint8_t> ext;
      for (size_t n = in_.Byte() % 4; n > 0; --n) {
        const uint8_t id = 1 + in_.Byte() % 14;
        const uint8_t len = in_.Byte() % 4;
        ext.push_back(static_cast<uint8_t>((id << 4) | len));
        for (int i = 0; i <= len; ++i) ext.push_back(in_.Byte());
      }
      while (ext.size() % 4 != 0) ext.push_back(0);
      const size_t words = ext.size() / 4;
      p.insert(p.end(), {0xBE, 0xDE, static_cast<uint8_t>(words >> 8),
                         static_cast<uint8_t>(words)});
      p.insert(p.end(), ext.begin(), ext.end());
    }
    const size_t payload = (flags & 8) ? in_.U16() % 1400 : in_.Byte() % 64;
    std::vector<uint8_t> body = in_.Bytes(payload);
    p.insert(p.end(), body.begin(), body.end());
    return p;
  }

  std::vector<uint8_t> Rtcp() {
    const uint32_t ssrc = kSsrcs[in_.Byte() % 3];
    // A sender report (no report blocks), then input bytes as more of the compound.
    std::vector<uint8_t> p = {0x80, 200, 0, 6};
    for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(ssrc >> shift));
    std::vector<uint8_t> rest = in_.Bytes(20 + (in_.Byte() % 4) * 4);
    p.insert(p.end(), rest.begin(), rest.end());
    return p;
  }

  // Stores a packet in a new Java array: a few bytes before it, room for SRTP after.
  Buffer Store(const std::vector<uint8_t>& packet, bool rtcp, bool roomy) {
    const uint8_t b = in_.Byte();
    const size_t off = (b & 0x30) == 0x30 ? (b & 3) * 4 : 0;
    const size_t room = roomy ? srtp::kMaxTrailerLength + (b >> 6) * 4 : (b >> 3) % 24;
    std::vector<uint8_t> bytes(off + packet.size() + room, 0xEE);
    std::copy(packet.begin(), packet.end(), bytes.begin() + static_cast<ptrdiff_t>(off));
    return Buffer{jvm_.NewByteArray(bytes), static_cast<jint>(off),
                  static_cast<jint>(packet.size()), rtcp};
  }

  std::vector<uint8_t> Contents(const Buffer& b) {
    std::span<uint8_t> bytes = jvm_.Bytes(b.array);
    return {bytes.begin() + b.off, bytes.begin() + b.off + b.len};
  }

  void AddBuffer(const Buffer& b) {
    if (buffers_.size() < kMaxBuffers) {
      buffers_.push_back(b);
    } else {
      buffers_[in_.Byte() % kMaxBuffers] = b;
    }
  }

  // --- operations ---------------------------------------------------------------------
  enum Op : uint8_t {
    kRawBuffer,
    kRtpBuffer,
    kRtcpBuffer,
    kSessionPair,
    kSessionOdd,
    kSessionDestroy,
    kTransform,
    kRoundTrip,
    kGroup,
    kGroupRoundTrip,
    kSessionQuery,
    kConference,
    kConferenceQuery,
    kEndpoint,
    kEndpointDestroy,
    kProtectForEndpoint,
    kMetadata,
    kMetadataQuery,
    kIngress,
    kEgress,
    kRewriter,
    kFailAllocation,
    kOpCount
  };

  void Step(uint8_t op) {
    switch (op % kOpCount) {
      case kRawBuffer: {
        const std::vector<uint8_t> bytes = in_.Bytes(in_.Byte() % 96);
        const bool rtcp = in_.Byte() & 1;
        AddBuffer(Store(bytes, rtcp, in_.Byte() & 1));
        break;
      }
      case kRtpBuffer:
        AddBuffer(Store(Rtp(), false, true));
        break;
      case kRtcpBuffer:
        AddBuffer(Store(Rtcp(), true, true));
        break;
      case kSessionPair:
        MakePair();
        break;
      case kSessionOdd:
        OddSession();
        break;
      case kSessionDestroy:
        DestroyPair();
        break;
      case kTransform:
        Transform();
        break;
      case kRoundTrip:
        RoundTrip();
        break;
      case kGroup:
        TransformGroup();
        break;
      case kGroupRoundTrip:
        GroupRoundTrip();
        break;
      case kSessionQuery:
        SessionQuery();
        break;
      case kConference:
        ConferenceOp();
        break;
      case kConferenceQuery:
        ConferenceQuery();
        break;
      case kEndpoint:
        MakeEndpoint();
        break;
      case kEndpointDestroy:
        if (!endpoints_.empty()) {
          const size_t i = in_.Byte() % endpoints_.size();
          DestroyEndpoint(endpoints_[i]);
          endpoints_.erase(endpoints_.begin() + static_cast<ptrdiff_t>(i));
        }
        break;
      case kProtectForEndpoint:
        ProtectForEndpoint();
        break;
      case kMetadata:
        MetadataOp();
        break;
      case kMetadataQuery:
        MetadataQuery();
        break;
      case kIngress:
        Ingress();
        break;
      case kEgress:
        Egress();
        break;
      case kRewriter:
        RewriterOp();
        break;
      case kFailAllocation:
        jvm_.FailAllocation(1 + in_.Byte() % 8);
        break;
    }
  }

  size_t MaterialLength(jint profile, bool dtls) {
    const srtp::ProfileInfo& info = srtp::Info(srtp::kAllProfiles[profile]);
    return (dtls ? 2 : 1) * (info.master_key_length + info.master_salt_length);
  }

  void MakePair() {
    if (pairs_.size() >= kMaxLive) return;
    const jint profile = in_.Byte() % 4;
    const bool dtls = in_.Byte() & 1;
    const jint window = 64 + in_.Byte() * 16;
    const jint streams = 1 + in_.Byte() % 8;
    const bool strict = in_.Byte() % 8 == 0;
    Obj key = jvm_.NewByteArray(in_.Bytes(MaterialLength(profile, dtls)));
    SessionPair pair{};
    if (dtls) {
      pair.out = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, key, true, true, window,
                                          streams, strict);
      NoThrow();
      pair.in = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, key, false, false,
                                         window, streams, strict);
      NoThrow();
    } else {
      pair.out = Call<SrtpCreate>("srtpCreate", profile, key, true, window, streams, strict);
      NoThrow();
      pair.in = Call<SrtpCreate>("srtpCreate", profile, key, false, window, streams, strict);
      NoThrow();
    }
    Check(pair.out != 0 && pair.in != 0, "a valid session was not created");
    if (strict) {
      for (uint32_t ssrc : kSsrcs) {
        Call<jboolean(jlong, jint)>("srtpAddStream", pair.out, static_cast<jint>(ssrc));
        Call<jboolean(jlong, jint)>("srtpAddStream", pair.in, static_cast<jint>(ssrc));
      }
    }
    pairs_.push_back(pair);
  }

  // Creation with fuzzed profile, key length, window, stream count, or a null key.
  void OddSession() {
    const bool dtls = in_.Byte() & 1;
    const jint profile = Fuzz(in_, in_.Byte() % 4);
    const auto near_profile = static_cast<jint>(static_cast<uint32_t>(profile) % 4);
    const size_t valid = MaterialLength(near_profile, dtls);
    Obj key = in_.Byte() % 8 == 0 ? nullptr : jvm_.NewByteArray(in_.Bytes(FuzzLength(valid)));
    const jint window = Fuzz(in_, 64);
    const jint streams = Fuzz(in_, 16);
    const bool outbound = in_.Byte() & 1;
    jlong h = dtls ? Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, key,
                                              in_.Byte() & 1, outbound, window, streams, false)
                   : Call<SrtpCreate>("srtpCreate", profile, key, outbound, window, streams,
                                      false);
    if (Created(h)) singles_.push_back(h);
    if (singles_.size() > kMaxLive) {
      Call<void(jlong)>("srtpDestroy", singles_.front());
      singles_.erase(singles_.begin());
    }
  }

  void DestroyPair() {
    if (pairs_.empty()) return;
    const size_t i = in_.Byte() % pairs_.size();
    Call<void(jlong)>("srtpDestroy", pairs_[i].out);
    Call<void(jlong)>("srtpDestroy", pairs_[i].in);
    pairs_.erase(pairs_.begin() + static_cast<ptrdiff_t>(i));
  }

  jlong AnySession() {
    std::vector<jlong> handles = singles_;
    for (const SessionPair& p : pairs_) handles.insert(handles.end(), {p.out, p.in});
    return PickHandle(handles);
  }

  void Transform() {
    const jlong h = AnySession();
    const bool rtcp = in_.Byte() & 1;
    const Buffer* b = PickBuffer();
    Obj array = b ? b->array : nullptr;
    const jint size = b ? static_cast<jint>(jvm_.Length(array)) : 0;
    const jint off = FuzzOffset(in_, b ? b->off : 0);
    const jint len = Fuzz(in_, b ? b->len : 0);
    const jint r = Call<SrtpTransform>("srtpTransform", h, rtcp, array, off, len);
    if (threw()) return;
    Check(h != 0 && array != nullptr && off >= 0 && len >= 0 && off <= size - len,
          "srtpTransform accepted bad arguments");
    Check(r < 0 ? -r < srtp::kStatusCount : r <= size - off, "srtpTransform result out of range");
  }

  void RoundTrip() {
    if (pairs_.empty()) return;
    const SessionPair& pair = Pick(pairs_);
    const bool rtcp = in_.Byte() & 1;
    const std::vector<uint8_t> plain = rtcp ? Rtcp() : Rtp();
    Buffer b = Store(plain, rtcp, true);
    const jint protected_len = Call<SrtpTransform>("srtpTransform", pair.out, rtcp, b.array,
                                                   b.off, b.len);
    NoThrow();
    if (threw() || protected_len < 0) return;
    b.len = protected_len;
    if (in_.Byte() & 1) AddBuffer(b);  // a protected packet for later transforms
    Buffer copy = Store(Contents(b), rtcp, false);
    const jint r = Call<SrtpTransform>("srtpTransform", pair.in, rtcp, copy.array, copy.off,
                                       copy.len);
    NoThrow();
    if (threw() || r < 0) return;
    copy.len = r;
    Check(Contents(copy) == plain, "unprotect(protect(p)) != p");
  }

  // A batch as the Java API holds it: pool buffers (null: Java's null) with offsets and
  // lengths (mostly the pool's).
  struct Batch {
    std::vector<const Buffer*> buffers;
    std::vector<jint> offs;
    std::vector<jint> lens;
  };
  Batch MakeBatch(size_t n) {
    Batch batch;
    for (size_t i = 0; i < n; ++i) {
      const Buffer* b = PickBuffer();
      batch.buffers.push_back(b);
      batch.offs.push_back(FuzzOffset(in_, b ? b->off : 0));
      batch.lens.push_back(Fuzz(in_, b ? b->len : 0));
    }
    return batch;
  }

  // Packets [first, first + 8) of a batch as PacketGroup passes them (past the count: null
  // and zeros), the count fuzzed; and the results array (sometimes short, or null).
  struct GroupArgs {
    Obj b[8] = {};
    jint c[8] = {};
    jint o[8] = {};
    jint l[8] = {};
    jint count = 0;
    Obj results = nullptr;
  };
  GroupArgs MakeGroup(const Batch& batch, size_t first) {
    GroupArgs g;
    const size_t n = std::min<size_t>(8, batch.buffers.size() - first);
    for (size_t i = 0; i < n; ++i) {
      const Buffer* b = batch.buffers[first + i];
      g.b[i] = b ? b->array : nullptr;
      g.c[i] = b ? static_cast<jint>(jvm_.Length(b->array)) : 0;
      g.o[i] = batch.offs[first + i];
      g.l[i] = batch.lens[first + i];
    }
    g.count = Fuzz(in_, static_cast<jint>(n));
    if (in_.Byte() % 16 != 0) g.results = jvm_.NewLongArray(FuzzLength(8));
    return g;
  }
  static jint Code(jlong result) { return static_cast<jint>(static_cast<uint64_t>(result) >> 32); }
  static jint Length(jlong result) { return static_cast<jint>(result & 0xFFFFFFFF); }

  // After a group call that did not throw: the pool's buffers hold their new lengths (where
  // the group named them as the pool does).
  void TakeLengths(const Batch& batch, size_t first, const GroupArgs& g) {
    for (jint i = 0; i < g.count; ++i) {
      auto* b = const_cast<Buffer*>(batch.buffers[first + static_cast<size_t>(i)]);
      if (g.o[i] == b->off && g.l[i] == b->len) b->len = Length(jvm_.Longs(g.results)[i]);
    }
  }

  void TransformGroup() {
    const jlong h = AnySession();
    const bool rtcp = in_.Byte() & 1;
    const Batch batch = MakeBatch(in_.Byte() % 9);
    const GroupArgs g = MakeGroup(batch, 0);
    const jint ok = Call<SrtpTransformGroup>("srtpTransformGroup", h, rtcp, GROUP_ARGS(g),
                                             g.results);
    if (threw()) return;
    Check(g.count >= 0 && g.count <= 8 && ok >= 0 && ok <= g.count,
          "srtpTransformGroup count out of range");
    for (jint i = 0; i < g.count; ++i) {
      const jlong result = jvm_.Longs(g.results)[i];
      Check(Code(result) >= 0 && Code(result) < srtp::kStatusCount, "unknown SRTP status");
      Check(Code(result) == 0 || Length(result) == g.l[i],
            "a failed transform changed its length");
      Check(Length(result) >= 0 && Length(result) <= g.c[i] - g.o[i],
            "a transformed length past the array");
    }
    TakeLengths(batch, 0, g);
  }

  void GroupRoundTrip() {
    if (pairs_.empty()) return;
    const SessionPair& pair = Pick(pairs_);
    const bool rtcp = in_.Byte() & 1;
    const size_t n = 1 + in_.Byte() % 8;
    std::vector<std::vector<uint8_t>> plain(n);
    std::vector<Buffer> stored(n);
    GroupArgs g;
    for (size_t i = 0; i < n; ++i) {
      plain[i] = rtcp ? Rtcp() : Rtp();
      stored[i] = Store(plain[i], rtcp, true);
      g.b[i] = stored[i].array;
      g.c[i] = static_cast<jint>(jvm_.Length(g.b[i]));
      g.o[i] = stored[i].off;
      g.l[i] = stored[i].len;
    }
    g.count = static_cast<jint>(n);
    g.results = jvm_.NewLongArray(8);
    Call<SrtpTransformGroup>("srtpTransformGroup", pair.out, rtcp, GROUP_ARGS(g), g.results);
    NoThrow();
    if (threw()) return;
    std::vector<bool> protected_ok(n);
    for (size_t i = 0; i < n; ++i) {
      const jlong result = jvm_.Longs(g.results)[i];
      protected_ok[i] = Code(result) == 0;
      g.l[i] = Length(result);
    }
    Call<SrtpTransformGroup>("srtpTransformGroup", pair.in, rtcp, GROUP_ARGS(g), g.results);
    NoThrow();
    if (threw()) return;
    for (size_t i = 0; i < n; ++i) {
      const jlong result = jvm_.Longs(g.results)[i];
      if (!protected_ok[i] || Code(result) != 0) continue;
      stored[i].len = Length(result);
      Check(Contents(stored[i]) == plain[i], "group unprotect(protect(p)) != p");
    }
  }

  void SessionQuery() {
    const jlong h = AnySession();
    const bool rtcp = in_.Byte() & 1;
    const jint ssrc = static_cast<jint>(kSsrcs[in_.Byte() % 3]);
    switch (in_.Byte() % 9) {
      case 0:
        Call<jint(jlong, jboolean)>("srtpProtectRoom", h, rtcp);
        break;
      case 1:
        Call<jboolean(jlong, jint)>("srtpAddStream", h, ssrc);
        break;
      case 2:
        Call<jboolean(jlong, jint)>("srtpRemoveStream", h, ssrc);
        break;
      case 3:
        Call<jboolean(jlong, jint, jint)>("srtpSetRoc", h, ssrc, Fuzz(in_, in_.Byte()));
        break;
      case 4:
        Call<jlong(jlong, jint)>("srtpGetRoc", h, ssrc);
        break;
      case 5:
        Call<void(jlong, jlongArray)>("srtpStreamStats", h, LongsOrNull(2));
        break;
      case 6:
        Call<void(jlong, jlongArray)>("srtpCounters", h, LongsOrNull(2 * srtp::kStatusCount));
        break;
      case 7: {
        Obj names = Call<jobjectArray()>("srtpStatusNames");
        NoThrow();
        if (!threw()) CheckStrings(names, srtp::kStatusCount);
        break;
      }
      case 8: {
        Obj version = Call<jobjectArray()>("version");
        NoThrow();
        if (!threw()) CheckStrings(version, 3);
        break;
      }
    }
  }

  Obj LongsOrNull(size_t n) {
    return in_.Byte() % 16 == 0 ? nullptr : jvm_.NewLongArray(FuzzLength(n));
  }

  void CheckStrings(Obj array, size_t n) {
    Check(array != nullptr && jvm_.Length(array) == n, "string array of the wrong length");
    for (size_t i = 0; i < n; ++i) Check(jvm_.Element(array, i) != nullptr, "null string");
  }

  void ConferenceOp() {
    if (in_.Byte() % 4 == 0 && !conferences_.empty()) {
      const size_t i = in_.Byte() % conferences_.size();
      Call<void(jlong)>("confDestroy", conferences_[i]);
      conferences_.erase(conferences_.begin() + static_cast<ptrdiff_t>(i));
      return;
    }
    if (conferences_.size() >= kMaxLive) return;
    Obj id = StringOrNull();
    const jint mode = Fuzz(in_, in_.Byte() % 4);
    const jint expected = Fuzz(in_, in_.Byte() % 3);
    const jlong h = Call<jlong(jstring, jint, jint)>("confCreate", id, mode, expected);
    if (Created(h)) conferences_.push_back(h);
  }

  void ConferenceQuery() {
    const jlong h = PickHandle(conferences_);
    switch (in_.Byte() % 5) {
      case 0:
        Call<jint(jlong, jint)>("confSetMode", h, Fuzz(in_, in_.Byte() % 4));
        break;
      case 1: {
        const jint mode = Call<jint(jlong)>("confMode", h);
        Check(threw() || (mode >= 0 && mode <= 3), "unknown mode");
        break;
      }
      case 2: {
        Obj text = Call<jstring(jlong, jboolean)>("confMetrics", h, in_.Byte() & 1);
        Check(threw() || text != nullptr, "no metrics and no exception");
        break;
      }
      case 3: {
        const jint stage = Fuzz(in_, in_.Byte() % int(pipeline::Stage::kCount));
        Call<void(jlong, jint, jlongArray)>("confStageLatency", h, stage,
                                            LongsOrNull(stats::LatencyHistogram::kBuckets + 2));
        break;
      }
      case 4:
        Call<void(jlong, jlongArray)>("confDrops", h,
                                      LongsOrNull(size_t(pipeline::DropReason::kCount)));
        break;
    }
  }

  void MakeEndpoint() {
    if (endpoints_.size() >= kMaxLive) return;
    const jlong conf = PickHandle(conferences_);
    Obj id = StringOrNull();
    const jint valid_profile = in_.Byte() % 4;
    const jint profile = Fuzz(in_, valid_profile);
    const bool bridge_is_client = in_.Byte() & 1;
    const size_t km_valid = MaterialLength(valid_profile, true);
    const size_t km_length = FuzzLength(km_valid);
    std::vector<uint8_t> km_bytes = in_.Bytes(km_length);
    Obj km = in_.Byte() % 16 == 0 ? nullptr : jvm_.NewByteArray(km_bytes);
    // Extensions and payload types, as many as an SDP offer has (up to 20 each).
    const size_t n_ext = in_.Byte() % 21;
    std::vector<jint> ext_ids(n_ext);
    std::vector<Obj> uris(FuzzLength(n_ext));
    for (size_t i = 0; i < n_ext; ++i) ext_ids[i] = Fuzz(in_, static_cast<jint>(1 + i % 14));
    for (Obj& uri : uris) {
      const uint8_t b = in_.Byte();
      uri = b % 16 == 15 ? jvm_.NewString(String())
            : b % 16 == 14 ? nullptr
                           : NewAscii(kUris[b % std::size(kUris)]);
    }
    const size_t n_pt = in_.Byte() % 21;
    std::vector<jint> pts(n_pt);
    std::vector<Obj> codecs(FuzzLength(n_pt));
    for (size_t i = 0; i < n_pt; ++i) pts[i] = Fuzz(in_, static_cast<jint>(96 + i));
    for (Obj& codec : codecs) {
      const uint8_t b = in_.Byte();
      codec = b % 16 == 15 ? jvm_.NewString(String())
              : b % 16 == 14 ? nullptr
                             : NewAscii(kCodecs[b % std::size(kCodecs)]);
    }
    const uint8_t nulls = in_.Byte();
    Obj ids_array = nulls == 1 ? nullptr : jvm_.NewIntArray(ext_ids);
    Obj uris_array = nulls == 2 ? nullptr : jvm_.NewObjectArray("Ljava/lang/String;", uris);
    Obj pts_array = nulls == 3 ? nullptr : jvm_.NewIntArray(pts);
    Obj codecs_array = nulls == 4 ? nullptr : jvm_.NewObjectArray("Ljava/lang/String;", codecs);
    const jint window = Fuzz(in_, 0);
    const jlong h = Call<EpCreate>("epCreate", conf, id, profile, km, bridge_is_client,
                                   in_.Byte() % 8 == 0, ids_array, uris_array, pts_array,
                                   codecs_array, window);
    if (!Created(h)) return;
    EndpointRec rec{h, 0};
    if (profile == valid_profile && km_length == km_valid && km != nullptr) {
      rec.client = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, km, !bridge_is_client,
                                            true, 64, 1024, false);
      NoThrow();
      if (threw()) rec.client = 0;
    }
    endpoints_.push_back(rec);
  }

  Obj NewAscii(std::string_view s) { return jvm_.NewString(std::u16string(s.begin(), s.end())); }

  void DestroyEndpoint(const EndpointRec& e) {
    Call<void(jlong)>("epDestroy", e.handle);
    if (e.client != 0) Call<void(jlong)>("srtpDestroy", e.client);
  }

  void ProtectForEndpoint() {
    std::vector<jlong> clients;
    for (const EndpointRec& e : endpoints_) {
      if (e.client != 0) clients.push_back(e.client);
    }
    if (clients.empty()) return;
    const jlong client = Pick(clients);
    const bool rtcp = in_.Byte() % 4 == 0;
    Buffer b = Store(rtcp ? Rtcp() : Rtp(), rtcp, true);
    const jint r = Call<SrtpTransform>("srtpTransform", client, rtcp, b.array, b.off, b.len);
    NoThrow();
    if (threw() || r < 0) return;
    b.len = r;
    AddBuffer(b);
  }

  void MetadataOp() {
    if (in_.Byte() % 4 == 0 && !metas_.empty()) {
      const size_t i = in_.Byte() % metas_.size();
      Call<void(jlong)>("metaDestroy", metas_[i].handle);
      metas_.erase(metas_.begin() + static_cast<ptrdiff_t>(i));
      return;
    }
    if (metas_.size() >= kMaxLive) return;
    const jint capacity = Fuzz(in_, 1 + in_.Byte() % 64);
    if (capacity > 4096) return;  // valid up to 2^20, but no need to allocate that much
    const jlong h = Call<jlong(jint)>("metaCreate", capacity);
    if (Created(h)) metas_.push_back({h, capacity});
  }

  void MetadataQuery() {
    const jlong h = PickMeta();
    const jint capacity = MetaCapacity(h);
    if (in_.Byte() & 1) {
      Obj out = in_.Byte() % 16 == 0 ? nullptr : Ints(FuzzLength(26), 0);
      Call<void(jlong, jint, jintArray)>("metaRead", h, Fuzz(in_, in_.Byte() % capacity), out);
    } else {
      const jint start = Fuzz(in_, in_.Byte() % capacity);
      const jint count = Fuzz(in_, in_.Byte() % (capacity + 1));
      Obj out = nullptr;
      if (in_.Byte() % 16 != 0) {
        const size_t size = FuzzLength(static_cast<size_t>(std::clamp(count, 0, 4096)));
        out = jvm_.NewByteArray(std::vector<uint8_t>(size));
      }
      Call<void(jlong, jint, jint, jbyteArray)>("metaDrops", h, start, count, out);
    }
  }

  // Ingress of a batch of up to 16 in groups of 8, as FastpathEndpoint.ingress calls it.
  void Ingress() {
    const jlong h = PickEndpoint();
    const jlong meta = PickMeta();
    const jint capacity = MetaCapacity(meta);
    const Batch batch = MakeBatch(in_.Byte() % 17);
    const jint meta_start = Fuzz(in_, in_.Byte() % capacity);
    const bool unprotect = in_.Byte() % 4 != 0;
    for (size_t first = 0; first == 0 || first < batch.buffers.size(); first += 8) {
      const GroupArgs g = MakeGroup(batch, first);
      const jint forwardable =
          Call<EpIngressGroup>("epIngressGroup", h, GROUP_ARGS(g), meta,
                               meta_start + static_cast<jint>(first), unprotect, g.results);
      if (threw()) return;  // Java stops at the exception
      Check(forwardable >= 0 && forwardable <= g.count, "epIngressGroup count out of range");
      for (jint i = 0; i < g.count; ++i) {
        const jlong result = jvm_.Longs(g.results)[i];
        Check(Code(result) >= 0 && Code(result) < jint(pipeline::DropReason::kCount),
              "unknown drop reason");
        Check(Length(result) >= 0 && Length(result) <= g.l[i], "ingress lengthened a packet");
      }
      TakeLengths(batch, first, g);
    }
  }

  // Egress of a batch of up to 16 in groups of 8, as FastpathEndpoint.egress calls it.
  void Egress() {
    const jlong h = PickEndpoint();
    const jlong meta = PickMeta();
    const jint capacity = MetaCapacity(meta);
    const Batch batch = MakeBatch(in_.Byte() % 17);
    for (size_t first = 0; first == 0 || first < batch.buffers.size(); first += 8) {
      GroupArgs g = MakeGroup(batch, first);
      jint indexes[8];
      jlong rewriters[8];
      for (size_t i = 0; i < 8; ++i) {
        indexes[i] = Fuzz(in_, in_.Byte() % capacity);
        rewriters[i] = PickHandle(rewriters_);
      }
      // Bit i: packet i is RTX; bit 8 + i: set its marker.
      const jint flag_bits = in_.Byte() % 4 == 0 ? in_.U16() : 0;
      const jint sent = Call<EpEgressGroup>("epEgressGroup", h, GROUP_ARGS(g), meta,
                                            EIGHT_OF(indexes), EIGHT_OF(rewriters), flag_bits,
                                            g.results);
      if (threw()) return;
      Check(sent >= 0 && sent <= g.count, "epEgressGroup count out of range");
      for (jint i = 0; i < g.count; ++i) {
        const jlong result = jvm_.Longs(g.results)[i];
        Check(Code(result) >= 0 && Code(result) < jint(pipeline::DropReason::kCount),
              "unknown drop reason");
        Check(Length(result) >= 0 && Length(result) <= g.c[i] - g.o[i],
              "an egress length past the array");
      }
      TakeLengths(batch, first, g);
    }
  }

  void RewriterOp() {
    switch (in_.Byte() % 3) {
      case 0: {
        if (rewriters_.size() >= kMaxLive) return;
        const jint clock = Fuzz(in_, in_.Byte() & 1 ? 90000 : 48000);
        const auto ssrc = static_cast<jint>(in_.U32());
        const jlong h = Call<jlong(jint, jint, jboolean)>("rwCreate", ssrc, clock, in_.Byte() & 1);
        if (Created(h)) rewriters_.push_back(h);
        break;
      }
      case 1:
        if (!rewriters_.empty()) {
          const size_t i = in_.Byte() % rewriters_.size();
          Call<void(jlong)>("rwDestroy", rewriters_[i]);
          rewriters_.erase(rewriters_.begin() + static_cast<ptrdiff_t>(i));
        }
        break;
      case 2: {
        const jlong meta = PickMeta();
        const jint index = Fuzz(in_, in_.Byte() % MetaCapacity(meta));
        Call<void(jlong, jlong, jint)>("rwDrop", PickHandle(rewriters_), meta, index);
        break;
      }
    }
  }

  // Java frees what it created (NativeHandle.close or its Cleaner).
  void Cleanup() {
    jvm_.FailAllocation(0);
    for (jlong h : rewriters_) Call<void(jlong)>("rwDestroy", h);
    for (const MetaRec& m : metas_) Call<void(jlong)>("metaDestroy", m.handle);
    for (const EndpointRec& e : endpoints_) DestroyEndpoint(e);
    for (jlong h : conferences_) Call<void(jlong)>("confDestroy", h);
    for (const SessionPair& p : pairs_) {
      Call<void(jlong)>("srtpDestroy", p.out);
      Call<void(jlong)>("srtpDestroy", p.in);
    }
    for (jlong h : singles_) Call<void(jlong)>("srtpDestroy", h);
  }

  Input in_;
  FakeJvm jvm_;
  fakejni::Outcome outcome_;
  const char* current_ = "";
  std::vector<Buffer> buffers_;
  std::vector<SessionPair> pairs_;
  std::vector<jlong> singles_;
  std::vector<jlong> conferences_;
  std::vector<EndpointRec> endpoints_;
  std::vector<MetaRec> metas_;
  std::vector<jlong> rewriters_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness(data, size).Run();
  return 0;
}
