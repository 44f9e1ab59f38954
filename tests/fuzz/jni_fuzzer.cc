// Fuzz target: the JNI entry points, unmodified. JNI_OnLoad (jni/cpp/onload.cc) runs against
// a fake JVM (tests/fuzz/fake_jni/), then the natives it registered are called by name with
// the C types NativeCalls.java and PacketNatives.java declare, the way Java calls them; the
// packet natives' plain C entries (jni/packet_natives.txt: jvbfastpath_*, the JDK 22+
// downcalls, and their JavaCritical_* aliases, JDK 17's critical twins) are called directly,
// with the fake's arrays as (length, body) the way the JVM hands them over. The batch
// natives' twins are functions of their own (32 buffers; their downcall entries take 8,
// "ffm-batch", and are covered by the JUnit run through the downcalls): those are called
// through their JavaCritical_ names only.
//
// Input: byte 0 sets the fake's mode (bit 0: critical regions get copies, so a pointer used
// after its release is a heap use-after-free); then operations, one opcode byte each, with
// their arguments read from the bytes that follow (a missing byte reads as 0): packets
// (raw, or valid RTP/RTCP built from the input), SRTP sessions (each profile, by master key
// or DTLS keying material, of the right length or not; protect/unprotect peers so that
// round trips reach the deep paths), single transforms, batches and staged batches (one
// array for all packets, as PacketBatch.transformStaged makes them), session queries,
// conferences, endpoints with extension maps and payload types (and a client session
// protecting packets for them), ingress and egress batches over metadata windows, stream
// rewriters, mode switches, metrics, destroys, and injected allocation failures. Arguments
// are mostly valid, otherwise near the valid value or out of range (negative, huge), null,
// or a 0 handle. As NativeHandle guarantees, a destroyed handle is never passed again.
// A batch operation is a Java call of up to 40 packets (its caller arrays: offs, lens,
// statuses or drops, metadata indexes, rewriters, flags), made as PacketBatch makes it: one
// native call per 32 packets at `start` = 0, 32, buffers past the count null, caps[i] the
// buffers' own array lengths. A misuse byte (0: none) makes packets, array lengths, the
// count and start of each call, or metadata slots fuzzed; a byte per call picks the JNI
// entry or the twin (a twin may be given a wrong caps[i], which only it checks), or both in
// turn when the call is to be refused (the twin: the JavaCritical_ alias, or the plain C
// entry, in turn).
// Everything is fresh per input, so a corpus file replays the same way; with
// JNI_FUZZER_TRACE set in the environment each call is printed with what it threw (a twin:
// what it returned).
//
// Invariants (std::abort when broken, besides the fake JVM's JNI rules and the sanitizers):
//  - a call that throws throws one of the documented exceptions (NullPointerException,
//    IndexOutOfBoundsException and subclasses, IllegalArgumentException,
//    IllegalStateException, OutOfMemoryError), and returns no handle with it; a packet
//    native throws nothing but OutOfMemoryError (it returns its refusals);
//  - calls with valid arguments do not throw (unless an allocation failure was injected);
//  - a batch call is refused exactly when its arguments are bad, for the first bad one in
//    the natives' order of checks (packet_args.h Refusal): the JNI entry and the twin
//    return the same refusal (also on the same arguments, one after the other); a refused
//    call writes nothing (arrays, buffers);
//  - results within range: lengths inside the array, counts within the batch and equal to
//    the number of 0 (ok / not dropped) codes, statuses and drop reasons known, a failed
//    SRTP transform keeps its length, ingress never lengthens a packet, nothing written
//    outside the call's window of the caller arrays;
//  - protect with one session then unprotect with its peer gives back the packet's bytes
//    (single, and batches of up to 40 through the JNI entry, the twin, or both).
#include <jni.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "jni/cpp/packet_args.h"
#include "jni/cpp/packet_info_fields.h"
#include "jni/packet_natives.h"
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

// Natives' C types (NativeCalls.java, PacketNatives.java; the fake checks them against the
// registrations).
using SrtpCreate = jlong(jint, jbyteArray, jboolean, jint, jint, jboolean, jboolean);
using SrtpCreateFromDtls = jlong(jint, jbyteArray, jboolean, jboolean, jint, jint, jboolean,
                                 jboolean);
using SrtpTransform = jint(jlong, jboolean, jbyteArray, jint, jint);
using SrtpTransformStaged = jint(jlong, jboolean, jbyteArray, jint, jintArray, jbyteArray, jint);
using RwDropBatch = jint(jlong, jintArray, jlongArray, jint, jint);
using EpCreate = jlong(jlong, jstring, jint, jbyteArray, jboolean, jboolean, jintArray,
                       jobjectArray, jintArray, jobjectArray, jint, jboolean);
// A native batch (PacketBatch.MAX_PER_CALL), and the most packets of a Java call here: more than
// one native batch.
using jni::kBatch;
constexpr size_t kMaxCallPackets = 40;
constexpr jint kInfoFields = jni::kPacketInfoFields;

// Batch natives (jni/packet_natives.txt): count, b0..b31, caps, offs, lens, start, then
// their own arguments, as a JNI entry's C type.
template <typename Seq, typename... Own>
struct BatchNative;
template <size_t... I, typename... Own>
struct BatchNative<std::index_sequence<I...>, Own...> {
  template <size_t>
  using Buffer = jbyteArray;
  template <typename... Lead>
  using Type = jint(Lead..., jint, Buffer<I>..., jintArray, jintArray, jintArray, jint, Own...);
};
template <typename... Own>
using Batched = BatchNative<std::make_index_sequence<kBatch>, Own...>;
using SrtpTransformBatch = Batched<jbyteArray>::Type<jlong, jboolean>;
using EpIngressBatch = Batched<jlong, jint, jboolean, jbyteArray, jintArray>::Type<jlong>;
using EpEgressBatch =
    Batched<jlong, jintArray, jlongArray, jbyteArray, jbyteArray>::Type<jlong>;

// Why a native refuses a call (packet_args.h: it returns kRefused - reason); kNone: accepted.
using jni::Refusal;
using enum jni::Refusal;
Refusal RefusalOf(jint result) {
  return result > jni::kRefused ? kNone : static_cast<Refusal>(jni::kRefused - result);
}

// What a batch operation fuzzes (its misuse byte; 0: nothing, every argument valid).
enum Misuse : uint8_t {
  kBadPackets = 1,   // buffers (null) and their offsets and lengths
  kBadArrays = 2,    // the caller arrays' lengths (null), caps; a twin's caps[i]
  kBadWindows = 4,   // each native call's count and start
  kBadMetadata = 8,  // metadata start and indexes
};

struct Buffer {
  Obj array;
  jint off;
  jint len;
  bool rtcp;
};
struct SessionPair {
  jlong out;
  jlong in;
  bool cryptex;
};

// What a receiver returns for `plain` sent through a pair: the same bytes, except that with
// Cryptex an RTP packet with CSRCs and no extension block keeps the empty block its sender
// added (RFC 9335 section 5.1: X set, 0xBEDE, length 0).
std::vector<uint8_t> Received(const std::vector<uint8_t>& plain, bool rtcp, bool cryptex) {
  if (!cryptex || rtcp || plain.size() < 12 || (plain[0] & 0x10) != 0 ||
      (plain[0] & 0x0F) == 0) {
    return plain;
  }
  std::vector<uint8_t> received = plain;
  const size_t at = std::min(received.size(), 12 + 4 * size_t{plain[0] & 0x0Fu});
  const uint8_t empty[4] = {0xBE, 0xDE, 0, 0};
  received.insert(received.begin() + static_cast<ptrdiff_t>(at), empty, empty + 4);
  received[0] |= 0x10;
  return received;
}
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
      : in_(data, size), jvm_("org/jvbfastpath/") {}

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

  static bool Tracing() {
    static const bool trace = std::getenv("JNI_FUZZER_TRACE") != nullptr;
    return trace;
  }

  void Judge(const char* name) {
    current_ = name;
    if (Tracing()) {
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
    kTransformBatch,
    kBatchRoundTrip,
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
    kTransformStaged,
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
      case kTransformBatch:
        TransformBatch();
        break;
      case kBatchRoundTrip:
        BatchRoundTrip();
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
      case kTransformStaged:
        TransformStaged();
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
    const uint8_t flags = in_.Byte();
    const bool strict = flags % 8 == 0;
    const bool cryptex = (flags & 0x10) != 0;  // RFC 9335 on both sides
    Obj key = jvm_.NewByteArray(in_.Bytes(MaterialLength(profile, dtls)));
    SessionPair pair{};
    pair.cryptex = cryptex;
    if (dtls) {
      pair.out = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, key, true, true, window,
                                          streams, strict, cryptex);
      NoThrow();
      pair.in = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, key, false, false,
                                         window, streams, strict, cryptex);
      NoThrow();
    } else {
      pair.out = Call<SrtpCreate>("srtpCreate", profile, key, true, window, streams, strict,
                                  cryptex);
      NoThrow();
      pair.in = Call<SrtpCreate>("srtpCreate", profile, key, false, window, streams, strict,
                                 cryptex);
      NoThrow();
    }
    Check(pair.out != 0 && pair.in != 0, "a valid session was not created");
    if (strict) {
      for (uint32_t ssrc : kSsrcs) {
        Call<jint(jlong, jint)>("nativeSrtpAddStream", pair.out, static_cast<jint>(ssrc));
        Call<jint(jlong, jint)>("nativeSrtpAddStream", pair.in, static_cast<jint>(ssrc));
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
                                              in_.Byte() & 1, outbound, window, streams, false,
                                              outbound)
                   : Call<SrtpCreate>("srtpCreate", profile, key, outbound, window, streams,
                                      false, !outbound);
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

  // One packet through srtpTransform (bit 0 of the first byte: RTCP), through its JNI
  // entry or (bit 1) its twin: the refusal (closed, null, range; no room for a trailer)
  // the arguments call for, else a length within the array or -status.
  void Transform() {
    const jlong h = AnySession();
    const uint8_t how = in_.Byte();
    const bool rtcp = how & 1;
    const Buffer* b = PickBuffer();
    Obj array = b ? b->array : nullptr;
    const jint size = b ? static_cast<jint>(jvm_.Length(array)) : 0;
    const jint off = FuzzOffset(in_, b ? b->off : 0);
    const jint len = Fuzz(in_, b ? b->len : 0);
    const bool valid = h != 0 && array != nullptr && off >= 0 && len >= 0 && off <= size - len;
    jint r;
    if (how & 2) {
      r = std::apply(JavaCritical_org_jvbfastpath_PacketNatives_nativeSrtpTransform,
                     std::tuple_cat(std::make_tuple(h, rtcp), Body<jbyte>(array),
                                    std::make_tuple(off, len)));
    } else {
      r = Call<SrtpTransform>("nativeSrtpTransform", h, rtcp, array, off, len);
      if (threw()) return;  // out of memory
    }
    const Refusal expected = h == 0 ? kClosed : array == nullptr ? kNullBuffer
                             : !valid                            ? kBufferRange
                                                                 : kNone;
    if (expected != kNone || RefusalOf(r) != kNoRoom) {
      Expect("srtpTransform", how & 2 ? "twin" : "JNI entry", RefusalOf(r), expected);
    }
    if (RefusalOf(r) != kNone) return;
    Check(r < 0 ? -r < srtp::kStatusCount : r <= size - off, "srtpTransform result out of range");
  }

  // srtpTransformStaged (PacketBatch.transformStaged): pool packets copied into one staging
  // array at 512-byte slots, as the Java side stages them, with their room; the count, the
  // slots (offset, length, room), the statuses' window, or the array fuzzed. Through the JNI
  // entry or (bit 1) the twin: the refusal the arguments call for, else every status known,
  // a failed packet's length kept, an ok one within its room, and the count of ok statuses.
  void TransformStaged() {
    const jlong h = AnySession();
    const uint8_t how = in_.Byte();
    const jboolean rtcp = (how & 1) ? JNI_TRUE : JNI_FALSE;
    const jint count = Fuzz(in_, in_.Byte() % (kBatch + 1));
    const size_t n = count > 0 && count <= kBatch ? static_cast<size_t>(count) : 0;
    constexpr jint kSlot = 512;
    std::vector<uint8_t> staged(n * kSlot);
    std::vector<jint> slots(3 * n);
    for (size_t i = 0; i < n; ++i) {
      const Buffer* b = PickBuffer();
      jint len = 0;
      if (b != nullptr) {
        const std::span<const uint8_t> body = jvm_.Bytes(b->array).subspan(
            static_cast<size_t>(b->off));
        len = std::min<jint>(b->len, kSlot - 32);
        std::copy_n(body.begin(), len, staged.begin() + static_cast<long>(i) * kSlot);
      }
      slots[3 * i] = FuzzOffset(in_, static_cast<jint>(i) * kSlot);
      slots[3 * i + 1] = Fuzz(in_, len);
      slots[3 * i + 2] = Fuzz(in_, std::min<jint>(kSlot, len + 16 + in_.Byte() % 16));
    }
    if (in_.Byte() % 8 == 0 && !slots.empty()) slots.pop_back();  // too short
    Obj staging = in_.Byte() % 16 == 0 ? nullptr : jvm_.NewByteArray(staged);
    Obj slots_array = jvm_.NewIntArray(slots);
    const jint start = Fuzz(in_, 0);
    const jint statuses_length = std::clamp<jint>(Fuzz(in_, static_cast<jint>(n)), 0, 4 * kBatch);
    Obj statuses = jvm_.NewByteArray(std::vector<uint8_t>(static_cast<size_t>(statuses_length)));
    Refusal expected = kNone;
    const jint staging_length = staging ? static_cast<jint>(jvm_.Length(staging)) : 0;
    const auto fits = [](jint from, jint length, jint size) {
      return from >= 0 && length >= 0 && from <= size - length;
    };
    // CheckBatch's order (a staged batch), then the statuses' window.
    if (h == 0) {
      expected = kClosed;
    } else if (count < 0 || count > kBatch) {
      expected = kCount;
    } else if (!fits(0, 3 * count, static_cast<jint>(slots.size()))) {
      expected = kArrayWindow;
    } else if (staging == nullptr) {
      expected = kNullBuffer;
    } else {
      for (jint i = 0; i < count && expected == kNone; ++i) {
        const auto k = static_cast<size_t>(3 * i);
        const jint off = slots[k], len = slots[k + 1], room = slots[k + 2];
        if (!fits(off, room, staging_length) || len < 0 || len > room) expected = kBufferRange;
      }
      if (expected == kNone && !fits(start, count, static_cast<jint>(jvm_.Length(statuses)))) {
        expected = kArrayWindow;
      }
    }
    const std::span<const jint> now = jvm_.Ints(slots_array);
    const std::vector<jint> before(now.begin(), now.end());
    jint r;
    if (how & 2) {
      r = std::apply(JavaCritical_org_jvbfastpath_PacketNatives_nativeSrtpTransformStaged,
                     std::tuple_cat(std::make_tuple(h, rtcp), Body<jbyte>(staging),
                                    std::make_tuple(count), Body<jint>(slots_array),
                                    Body<jbyte>(statuses), std::make_tuple(start)));
    } else {
      r = Call<SrtpTransformStaged>("nativeSrtpTransformStaged", h, rtcp, staging, count,
                                    slots_array, statuses, start);
      if (threw()) return;  // out of memory
    }
    Expect("srtpTransformStaged", how & 2 ? "twin" : "JNI entry", RefusalOf(r), expected);
    if (RefusalOf(r) != kNone) return;
    jint zeros = 0;
    for (jint i = 0; i < count; ++i) {
      const jint status = jvm_.Bytes(statuses)[static_cast<size_t>(start + i)];
      const jint length = jvm_.Ints(slots_array)[static_cast<size_t>(3 * i + 1)];
      const auto k = static_cast<size_t>(3 * i);
      Check(status < srtp::kStatusCount, "unknown SRTP status");
      Check(status == 0 || length == before[k + 1], "a failed transform changed its length");
      Check(length >= 0 && length <= before[k + 2], "a transformed length past its room");
      zeros += status == 0;
    }
    Check(r == zeros, "srtpTransformStaged's count is not its number of ok statuses");
  }

  void RoundTrip() {
    if (pairs_.empty()) return;
    const SessionPair& pair = Pick(pairs_);
    const bool rtcp = in_.Byte() & 1;
    const std::vector<uint8_t> plain = rtcp ? Rtcp() : Rtp();
    Buffer b = Store(plain, rtcp, true);
    const jint protected_len = Call<SrtpTransform>("nativeSrtpTransform", pair.out, rtcp,
                                                   b.array, b.off, b.len);
    NoThrow();
    if (threw() || protected_len < 0) return;
    b.len = protected_len;
    if (in_.Byte() & 1) AddBuffer(b);  // a protected packet for later transforms
    Buffer copy = Store(Contents(b), rtcp, false);
    const jint r = Call<SrtpTransform>("nativeSrtpTransform", pair.in, rtcp, copy.array,
                                       copy.off, copy.len);
    NoThrow();
    if (threw() || r < 0) return;
    copy.len = r;
    Check(Contents(copy) == Received(plain, rtcp, pair.cryptex), "unprotect(protect(p)) != p");
  }

  // --- batch calls ----------------------------------------------------------------------
  // A Java call's packets and caller arrays, as SrtpSession.transform*Batch and
  // FastpathEndpoint.ingress/egress hold them: pool buffers (null: Java's null), offsets and
  // lengths (the pool's, or fuzzed under kBadPackets), and the caller's own per-packet
  // arrays (of the packet count, or under kBadArrays near it or null).
  struct Caller {
    uint8_t misuse = 0;
    std::vector<const Buffer*> buffers;
    Obj offs = nullptr;
    Obj lens = nullptr;
    Obj codes = nullptr;    // statuses, or drops
    Obj infos = nullptr;    // ingress: PacketInfo records, from 0
    Obj indexes = nullptr;  // egress: metadata indexes, rewriter handles, flags
    Obj rewriters = nullptr;
    Obj flags = nullptr;
  };

  // A misuse byte: bits 0..3 (Misuse) count only with bit 7 set, so 0 keeps all valid.
  uint8_t MisuseByte() {
    const uint8_t b = in_.Byte();
    return (b & 0x80) ? (b & 0x0F) : 0;
  }

  // A per-packet array's length: `n`; under kBadArrays near it, or -1 for null.
  ptrdiff_t ArrayLength(uint8_t misuse, size_t n) {
    if (!(misuse & kBadArrays)) return static_cast<ptrdiff_t>(n);
    if (in_.Byte() % 16 == 0) return -1;
    return static_cast<ptrdiff_t>(FuzzLength(n));
  }
  // Arrays of `length` (-1: null) starting with `values` (as many as fit), zeros after.
  Obj IntArray(ptrdiff_t length, const std::vector<jint>& values) {
    if (length < 0) return nullptr;
    std::vector<jint> v(static_cast<size_t>(length), 0);
    std::copy_n(values.begin(), std::min(v.size(), values.size()), v.begin());
    return jvm_.NewIntArray(v);
  }
  Obj LongArray(ptrdiff_t length, const std::vector<jlong>& values) {
    if (length < 0) return nullptr;
    Obj a = jvm_.NewLongArray(static_cast<size_t>(length));
    std::span<jlong> v = jvm_.Longs(a);
    std::copy_n(values.begin(), std::min(v.size(), values.size()), v.begin());
    return a;
  }
  Obj ByteArray(ptrdiff_t length, const std::vector<uint8_t>& values = {}) {
    if (length < 0) return nullptr;
    std::vector<uint8_t> v(static_cast<size_t>(length), 0);
    std::copy_n(values.begin(), std::min(v.size(), values.size()), v.begin());
    return jvm_.NewByteArray(v);
  }

  // `n` pool packets (per packet: a buffer byte, and under kBadPackets an offset and a
  // length selector; a valid one is never null), then offs and lens.
  Caller MakeCaller(uint8_t misuse, size_t n) {
    Caller c;
    c.misuse = misuse;
    std::vector<jint> offs;
    std::vector<jint> lens;
    for (size_t i = 0; i < n; ++i) {
      const Buffer* b = nullptr;
      if (misuse & kBadPackets) {
        b = PickBuffer();
        offs.push_back(FuzzOffset(in_, b ? b->off : 0));
        lens.push_back(Fuzz(in_, b ? b->len : 0));
      } else {
        const uint8_t pick = in_.Byte();
        if (!buffers_.empty()) b = &buffers_[pick % buffers_.size()];
        offs.push_back(b ? b->off : 0);
        lens.push_back(b ? b->len : 0);
      }
      c.buffers.push_back(b);
    }
    c.offs = IntArray(ArrayLength(misuse, n), offs);
    c.lens = IntArray(ArrayLength(misuse, n), lens);
    return c;
  }

  // One native call of a Java call: packets [first, first + 32) as PacketBatch.load passes
  // them (b0.., null past them; caps[i] their array lengths, a caps array of 32), at start =
  // first; under kBadWindows count and start fuzzed. Its `how` byte picks the entry: bit 0
  // the twin, bit 1 the JNI entry then the twin if the call is to be refused; bit 2 (twin
  // alone, kBadArrays) a wrong caps[i] (a byte picks i, bits 5..7 how wrong): only a twin
  // gets one, as the JNI entry trusts caps (PacketBatch fills it) and the twin checks it.
  struct Chunk {
    size_t first = 0;
    jint count = 0;
    jint start = 0;
    std::array<Obj, kBatch> b{};
    std::array<jint, kBatch> real{};  // b[i]'s array length
    Obj caps = nullptr;
    bool twin = false;
    bool both = false;
    bool alias = false;  // the twin through its JavaCritical_ name
  };
  Chunk MakeChunk(const Caller& c, size_t first) {
    Chunk ch;
    ch.first = first;
    const size_t n = std::min<size_t>(kBatch, c.buffers.size() - first);
    const uint8_t how = in_.Byte();
    ch.twin = how & 1;
    ch.both = how & 2;
    ch.alias = how & 8;
    ch.count = static_cast<jint>(n);
    ch.start = static_cast<jint>(first);
    if (c.misuse & kBadWindows) {
      ch.count = Fuzz(in_, ch.count);
      ch.start = Fuzz(in_, ch.start);
    }
    std::vector<jint> caps(kBatch, 0);
    for (size_t i = 0; i < n; ++i) {
      const Buffer* b = c.buffers[first + i];
      ch.b[i] = b ? b->array : nullptr;
      ch.real[i] = b ? static_cast<jint>(jvm_.Length(b->array)) : 0;
      caps[i] = ch.real[i];
    }
    if (ch.twin && !ch.both && (c.misuse & kBadArrays) && (how & 4) && n > 0) {
      caps[in_.Byte() % n] ^= 1 + (how >> 5);
    }
    ch.caps = IntArray(ArrayLength(c.misuse, kBatch), caps);
    return ch;
  }

  // Does `array` (null: no) hold [start, start + count)? (jni_util.h RangeFits)
  bool Holds(Obj array, jint start, jint count) const {
    if (array == nullptr) return false;
    const auto length = static_cast<int64_t>(jvm_.Length(array));
    return start >= 0 && count >= 0 && start <= length - count;
  }

  // The refusal a call's batch arguments call for, in PinnedBatch's and CriticalBatch's
  // order (the natives check handles before, their own arrays after).
  Refusal BatchRefusal(const Caller& c, const Chunk& ch) const {
    if (ch.count < 0 || ch.count > kBatch) return kCount;
    if (!Holds(ch.caps, 0, ch.count) || !Holds(c.offs, ch.start, ch.count) ||
        !Holds(c.lens, ch.start, ch.count)) {
      return kArrayWindow;
    }
    for (jint i = 0; i < ch.count; ++i) {
      if (ch.b[i] == nullptr) return kNullBuffer;
      const int64_t off = jvm_.Ints(c.offs)[ch.start + i];
      const int64_t len = jvm_.Ints(c.lens)[ch.start + i];
      if (off < 0 || len < 0 || off + len > ch.real[i]) return kBufferRange;
      if (jvm_.Ints(ch.caps)[i] != ch.real[i]) return kBufferRange;  // (a twin's)
    }
    return kNone;
  }

  // What a call may write (lens, the codes array) and the buffers it may touch, before it.
  struct Snapshot {
    std::vector<jint> lens;
    std::vector<uint8_t> codes;
    std::array<std::vector<uint8_t>, kBatch> bytes;
  };
  Snapshot Take(const Caller& c, const Chunk& ch) const {
    Snapshot s;
    if (c.lens != nullptr) {
      const std::span<jint> lens = jvm_.Ints(c.lens);
      s.lens.assign(lens.begin(), lens.end());
    }
    if (c.codes != nullptr) {
      const std::span<uint8_t> codes = jvm_.Bytes(c.codes);
      s.codes.assign(codes.begin(), codes.end());
    }
    for (size_t i = 0; i < ch.b.size(); ++i) {
      if (ch.b[i] == nullptr) continue;
      const std::span<uint8_t> bytes = jvm_.Bytes(ch.b[i]);
      s.bytes[i].assign(bytes.begin(), bytes.end());
    }
    return s;
  }

  // A refused call wrote nothing; an accepted one, only inside its window of lens and codes.
  void CheckWrites(const char* name, const Caller& c, const Chunk& ch, const Snapshot& s,
                   bool accepted) {
    const auto outside = [&](size_t k) {
      return !accepted || k < static_cast<size_t>(ch.start) ||
             k >= static_cast<size_t>(ch.start) + static_cast<size_t>(ch.count);
    };
    const char* what = accepted ? " wrote outside its window" : " was refused but wrote";
    if (c.lens != nullptr) {
      for (size_t k = 0; k < s.lens.size(); ++k) {
        if (outside(k) && jvm_.Ints(c.lens)[k] != s.lens[k]) Broken(name + std::string(what));
      }
    }
    if (c.codes != nullptr) {
      for (size_t k = 0; k < s.codes.size(); ++k) {
        if (outside(k) && jvm_.Bytes(c.codes)[k] != s.codes[k]) Broken(name + std::string(what));
      }
    }
    for (size_t i = 0; i < ch.b.size() && !accepted; ++i) {
      if (ch.b[i] == nullptr) continue;
      const std::span<uint8_t> now = jvm_.Bytes(ch.b[i]);
      if (!std::equal(now.begin(), now.end(), s.bytes[i].begin(), s.bytes[i].end())) {
        Broken(name + std::string(" was refused but changed a packet buffer"));
      }
    }
  }

  static std::string Describe(Refusal r) {
    constexpr const char* kMessages[] = {
#define JVBFASTPATH_X(e, cls, message) message,
        JVBFASTPATH_REFUSALS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
    };
    if (r == kNone) return "accepted it";
    const auto i = static_cast<size_t>(r);
    return i < std::size(kMessages) ? std::string("refused it: ") + kMessages[i]
                                    : "refused it for an unknown reason " + std::to_string(i);
  }

  // A query's result (a value, or a refusal): refused as `expected` says (nothing to check
  // after an OutOfMemoryError).
  void Query(const char* name, jint result, Refusal expected) {
    if (!threw()) Expect(name, "JNI entry", RefusalOf(result), expected);
  }

  void Expect(const char* name, const char* entry, Refusal got, Refusal expected) {
    if (got == expected) return;
    Broken(std::string(name) + " (" + entry + ") " + Describe(got) + "; expected: " +
           Describe(expected));
  }

  // Makes a batch call through the JNI entry or the twin, or both in turn when `expected`
  // is a refusal, and checks that it is refused exactly as `expected` says and writes only
  // where it may (`before`: Take() just before). Returns the accepted call's count, or -1
  // (refused, or out of memory: Java stops there). A JNI entry throws nothing but
  // OutOfMemoryError (a pin refused).
  template <typename Jni, typename Twin>
  jint Invoke(const char* name, Refusal expected, const Caller& c, const Chunk& ch,
              const Snapshot& before, Jni jni, Twin twin) {
    const bool both = ch.both && expected != kNone;
    jint result = 0;
    if (!ch.twin || both) {
      result = jni();
      if (threw()) {
        Check(oom(), "a packet native's JNI entry threw");
        CheckWrites(name, c, ch, before, false);
        return -1;
      }
      Expect(name, "JNI entry", RefusalOf(result), expected);
    }
    if (ch.twin || both) {
      result = twin();
      if (Tracing()) std::fprintf(stderr, "twin %s returned %d\n", name, result);
      Expect(name, both ? "twin, after the JNI entry refused" : "twin", RefusalOf(result),
             expected);
    }
    CheckWrites(name, c, ch, before, expected == kNone);
    if (expected != kNone) return -1;
    Check(result >= 0 && result <= ch.count, "a batch call's count out of range");
    return result;
  }

  // A twin: the JavaCritical_ alias or the plain C entry (the same function, for every
  // native but the batch ones), as `ch` says.
  template <typename F>
  static F* Twin(const Chunk& ch, F* alias, F* plain) {
    return ch.alias ? alias : plain;
  }

  // The natives' arguments: the buffers as the JNI entry takes them, and every array as a
  // twin takes it, (length, body), a null one as (0, nullptr).
  template <size_t... I>
  static auto Buffers(const Chunk& ch, std::index_sequence<I...>) {
    return std::make_tuple(ch.b[I]...);
  }
  template <typename T>
  std::tuple<jint, T*> Body(Obj array) const {
    if (array == nullptr) return {0, nullptr};
    const auto length = static_cast<jint>(jvm_.Length(array));
    if constexpr (std::is_same_v<T, jbyte>) {
      return {length, reinterpret_cast<jbyte*>(jvm_.Bytes(array).data())};
    } else if constexpr (std::is_same_v<T, jint>) {
      return {length, jvm_.Ints(array).data()};
    } else {
      return {length, jvm_.Longs(array).data()};
    }
  }
  template <size_t... I>
  auto Bodies(const Chunk& ch, std::index_sequence<I...>) const {
    return std::tuple_cat(Body<jbyte>(ch.b[I])...);
  }
  // count, b0..b31, caps, offs, lens, start: for the JNI entry, and for the twin.
  auto JniBatch(const Caller& c, const Chunk& ch) const {
    return std::tuple_cat(std::make_tuple(ch.count),
                          Buffers(ch, std::make_index_sequence<kBatch>()),
                          std::make_tuple(ch.caps, c.offs, c.lens, ch.start));
  }
  auto TwinBatch(const Caller& c, const Chunk& ch) const {
    return std::tuple_cat(std::make_tuple(ch.count),
                          Bodies(ch, std::make_index_sequence<kBatch>()), Body<jint>(ch.caps),
                          Body<jint>(c.offs), Body<jint>(c.lens), std::make_tuple(ch.start));
  }

  // After an accepted call: the pool's buffers take their new lengths where the call named
  // them as the pool does.
  void TakeLengths(const Caller& c, const Chunk& ch, const Snapshot& s) {
    for (jint i = 0; i < ch.count; ++i) {
      auto* b = const_cast<Buffer*>(c.buffers[ch.first + static_cast<size_t>(i)]);
      const auto k = static_cast<size_t>(ch.start + i);
      if (jvm_.Ints(c.offs)[k] == b->off && s.lens[k] == b->len) b->len = jvm_.Ints(c.lens)[k];
    }
  }

  // SrtpSession.transform*Batch: a native call per 32 packets (statuses in c.codes), up to
  // the first refused one. False if one was refused (or ran out of memory).
  bool SrtpBatch(jlong h, bool rtcp, const Caller& c) {
    const jboolean r = rtcp ? JNI_TRUE : JNI_FALSE;
    for (size_t first = 0; first == 0 || first < c.buffers.size(); first += kBatch) {
      const Chunk ch = MakeChunk(c, first);
      Refusal expected = h == 0 ? kClosed : BatchRefusal(c, ch);
      if (expected == kNone && !Holds(c.codes, ch.start, ch.count)) expected = kArrayWindow;
      const Snapshot before = Take(c, ch);
      const jint ok = Invoke(
          "srtpTransformBatch", expected, c, ch, before,
          [&] {
            return std::apply(
                [&](auto... v) {
                  return Call<SrtpTransformBatch>("nativeSrtpTransformBatch", v...);
                },
                std::tuple_cat(std::make_tuple(h, r), JniBatch(c, ch), std::make_tuple(c.codes)));
          },
          [&] {
            return std::apply(
                JavaCritical_org_jvbfastpath_PacketNatives_nativeSrtpTransformBatch,
                              std::tuple_cat(std::make_tuple(h, r), TwinBatch(c, ch),
                                             Body<jbyte>(c.codes)));
          });
      if (ok < 0) return false;
      jint zeros = 0;
      for (jint i = 0; i < ch.count; ++i) {
        const auto k = static_cast<size_t>(ch.start + i);
        const jint status = jvm_.Bytes(c.codes)[k];
        const jint length = jvm_.Ints(c.lens)[k];
        Check(status < srtp::kStatusCount, "unknown SRTP status");
        Check(status == 0 || length == before.lens[k], "a failed transform changed its length");
        Check(length >= 0 && length <= ch.real[i] - jvm_.Ints(c.offs)[k],
              "a transformed length past the array");
        zeros += status == 0;
      }
      Check(ok == zeros, "srtpTransformBatch's count is not its number of ok statuses");
      TakeLengths(c, ch, before);
    }
    return true;
  }

  // A Java call on pool packets, any session (or 0).
  void TransformBatch() {
    const jlong h = AnySession();
    const bool rtcp = in_.Byte() & 1;
    const uint8_t misuse = MisuseByte();
    Caller c = MakeCaller(misuse, in_.Byte() % (kMaxCallPackets + 1));
    c.codes = ByteArray(ArrayLength(misuse, c.buffers.size()));
    SrtpBatch(h, rtcp, c);
  }

  // Up to 40 fresh packets protected as a batch by one session of a pair, then unprotected
  // by its peer (each native call through the JNI entry or the twin): every packet that got
  // through both is its plaintext again.
  void BatchRoundTrip() {
    if (pairs_.empty()) return;
    const SessionPair pair = Pick(pairs_);
    const bool rtcp = in_.Byte() & 1;
    const size_t n = 1 + in_.Byte() % kMaxCallPackets;
    std::vector<std::vector<uint8_t>> plain(n);
    std::vector<Buffer> stored(n);
    std::vector<jint> offs(n);
    std::vector<jint> lens(n);
    Caller c;
    for (size_t i = 0; i < n; ++i) {
      plain[i] = rtcp ? Rtcp() : Rtp();
      stored[i] = Store(plain[i], rtcp, true);
      offs[i] = stored[i].off;
      lens[i] = stored[i].len;
      c.buffers.push_back(&stored[i]);
    }
    c.offs = jvm_.NewIntArray(offs);
    c.lens = jvm_.NewIntArray(lens);
    c.codes = ByteArray(static_cast<ptrdiff_t>(n));
    if (!SrtpBatch(pair.out, rtcp, c)) return;
    std::vector<bool> protected_ok(n);
    for (size_t i = 0; i < n; ++i) protected_ok[i] = jvm_.Bytes(c.codes)[i] == 0;
    if (!SrtpBatch(pair.in, rtcp, c)) return;
    for (size_t i = 0; i < n; ++i) {
      if (!protected_ok[i] || jvm_.Bytes(c.codes)[i] != 0) continue;
      Buffer b = stored[i];
      b.len = jvm_.Ints(c.lens)[i];
      Check(Contents(b) == Received(plain[i], rtcp, pair.cryptex),
            "batch unprotect(protect(p)) != p");
    }
  }

  void SessionQuery() {
    const jlong h = AnySession();
    const bool rtcp = in_.Byte() & 1;
    const jint ssrc = static_cast<jint>(kSsrcs[in_.Byte() % 3]);
    const Refusal closed = h == 0 ? kClosed : kNone;
    switch (in_.Byte() % 9) {
      case 0:
        Query("srtpProtectRoom", Call<jint(jlong, jboolean)>("nativeSrtpProtectRoom", h, rtcp),
              closed);
        break;
      case 1:
        Query("srtpAddStream", Call<jint(jlong, jint)>("nativeSrtpAddStream", h, ssrc), closed);
        break;
      case 2:
        Query("srtpRemoveStream", Call<jint(jlong, jint)>("nativeSrtpRemoveStream", h, ssrc),
              closed);
        break;
      case 3:
        Query("srtpSetRoc",
              Call<jint(jlong, jint, jint)>("nativeSrtpSetRoc", h, ssrc, Fuzz(in_, in_.Byte())),
              closed);
        break;
      case 4:
        Call<jlong(jlong, jint)>("srtpGetRoc", h, ssrc);
        break;
      case 5:
      case 6: {
        const size_t n = in_.Byte() & 1 ? 2 : 2 * srtp::kStatusCount;
        Obj out = LongsOrNull(n);
        Query("srtp counters",
              Call<jint(jlong, jlongArray)>(n == 2 ? "nativeSrtpStreamStats" : "nativeSrtpCounters",
                                            h, out),
              h == 0 ? kClosed : Holds(out, 0, static_cast<jint>(n)) ? kNone : kShortArray);
        break;
      }
      case 7: {
        const jint list = Fuzz(in_, in_.Byte() % 10);
        Obj names = Call<jobjectArray(jint)>("names", list);
        if (list >= 0 && list < 10) NoThrow();
        if (!threw()) Check(names != nullptr && jvm_.Length(names) > 0, "an empty list");
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
      case 0: {
        const jint mode = Fuzz(in_, in_.Byte() % 4);
        Query("confSetMode", Call<jint(jlong, jint)>("nativeConfSetMode", h, mode),
              h == 0 ? kClosed : mode >= 0 && mode <= 3 ? kNone : kUnknownValue);
        break;
      }
      case 1: {
        const jint mode = Call<jint(jlong)>("nativeConfMode", h);
        Query("confMode", mode, h == 0 ? kClosed : kNone);
        Check(h == 0 || (mode >= 0 && mode <= 3), "unknown mode");
        break;
      }
      case 2: {
        Obj text = Call<jstring(jlong, jboolean)>("confMetrics", h, in_.Byte() & 1);
        Check(threw() || text != nullptr, "no metrics and no exception");
        break;
      }
      case 3: {
        const jint stage = Fuzz(in_, in_.Byte() % int(pipeline::Stage::kCount));
        const jint n = stats::LatencyHistogram::kBuckets + 2;
        Obj out = LongsOrNull(n);
        Query("confStageLatency",
              Call<jint(jlong, jint, jlongArray)>("nativeConfStageLatency", h, stage, out),
              h == 0                                                     ? kClosed
              : stage < 0 || stage >= int(pipeline::Stage::kCount) ? kUnknownValue
              : Holds(out, 0, n)                                         ? kNone
                                                                         : kShortArray);
        break;
      }
      case 4: {
        Obj out = LongsOrNull(size_t(pipeline::DropReason::kCount));
        Query("confDrops", Call<jint(jlong, jlongArray)>("nativeConfDrops", h, out),
              h == 0 ? kClosed
              : Holds(out, 0, jint(pipeline::DropReason::kCount)) ? kNone : kShortArray);
        break;
      }
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
    const uint8_t nature = in_.Byte();
    const bool cryptex = (nature & 0x10) != 0;  // RFC 9335 with this endpoint, both sides
    const jlong h = Call<EpCreate>("epCreate", conf, id, profile, km, bridge_is_client,
                                   nature % 8 == 0, ids_array, uris_array, pts_array,
                                   codecs_array, window, cryptex);
    if (!Created(h)) return;
    EndpointRec rec{h, 0};
    if (profile == valid_profile && km_length == km_valid && km != nullptr) {
      rec.client = Call<SrtpCreateFromDtls>("srtpCreateFromDtls", profile, km, !bridge_is_client,
                                            true, 64, 1024, false, cryptex);
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
    const jint r =
        Call<SrtpTransform>("nativeSrtpTransform", client, rtcp, b.array, b.off, b.len);
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

  // metaRead or metaDrops: the refusal the arguments call for, else 0.
  void MetadataQuery() {
    const jlong h = PickMeta();
    const jint capacity = MetaCapacity(h);
    const bool read = in_.Byte() & 1;
    const jint start = Fuzz(in_, in_.Byte() % capacity);
    const jint count = read ? 1 : Fuzz(in_, in_.Byte() % (capacity + 1));
    const size_t valid = read ? jni::kPacketInfoFields : std::clamp<size_t>(count, 0, 4096);
    Obj out = nullptr;
    if (in_.Byte() % 16 != 0) {
      const size_t n = FuzzLength(valid);
      out = read ? Ints(n, 0) : jvm_.NewByteArray(std::vector<uint8_t>(n));
    }
    const jint r = read ? Call<jint(jlong, jint, jintArray)>("nativeMetaRead", h, start, out)
                        : Call<jint(jlong, jint, jint, jbyteArray)>("nativeMetaDrops", h, start,
                                                                    count, out);
    if (threw()) return;  // out of memory
    const Refusal expected = h == 0 ? kClosed
                             : start < 0 || count < 0 || int64_t{start} + count > capacity
                                 ? kMetadataRange
                             : !Holds(out, 0, read ? jni::kPacketInfoFields : count) ? kArrayWindow
                                                                                    : kNone;
    Expect(read ? "metaRead" : "metaDrops", "JNI entry", RefusalOf(r), expected);
  }

  // FastpathEndpoint.ingress (drops) or parse (no drops, plaintext) of up to 40 pool
  // packets into metadata slots metadataStart ..: a native call per 32 packets.
  void Ingress() {
    const jlong h = PickEndpoint();
    const jlong meta = PickMeta();
    const jint capacity = MetaCapacity(meta);
    const uint8_t misuse = MisuseByte();
    Caller c = MakeCaller(misuse, in_.Byte() % (kMaxCallPackets + 1));
    const auto n = static_cast<jint>(c.buffers.size());
    const bool unprotect = in_.Byte() % 4 != 0;
    if (unprotect) c.codes = ByteArray(ArrayLength(misuse, c.buffers.size()));
    if (in_.Byte() & 1) c.infos = IntArray(ArrayLength(misuse, kBatch * kInfoFields), {});
    jint meta_start = in_.Byte() % std::max(1, capacity - n + 1);
    if (misuse & kBadMetadata) meta_start = Fuzz(in_, meta_start);
    const jboolean u = unprotect ? JNI_TRUE : JNI_FALSE;
    for (size_t first = 0; first == 0 || first < c.buffers.size(); first += kBatch) {
      const Chunk ch = MakeChunk(c, first);
      // Java's metadataStart + start (an int: wraps).
      const auto slot = static_cast<jint>(static_cast<uint32_t>(meta_start) + first);
      Refusal expected = h == 0 || meta == 0 ? kClosed : BatchRefusal(c, ch);
      if (expected == kNone &&
          ((c.codes != nullptr && !Holds(c.codes, ch.start, ch.count)) ||
           (c.infos != nullptr && !Holds(c.infos, 0, ch.count * kInfoFields)))) {
        expected = kArrayWindow;
      }
      if (expected == kNone && (slot < 0 || int64_t{slot} + ch.count > capacity)) {
        expected = kMetadataRange;
      }
      const Snapshot before = Take(c, ch);
      const jint forwardable = Invoke(
          "epIngressBatch", expected, c, ch, before,
          [&] {
            return std::apply(
                [&](auto... v) { return Call<EpIngressBatch>("nativeEpIngressBatch", v...); },
                std::tuple_cat(std::make_tuple(h), JniBatch(c, ch),
                               std::make_tuple(meta, slot, u, c.codes, c.infos)));
          },
          [&] {
            return std::apply(
                JavaCritical_org_jvbfastpath_PacketNatives_nativeEpIngressBatch,
                              std::tuple_cat(std::make_tuple(h), TwinBatch(c, ch),
                                             std::make_tuple(meta, slot, u), Body<jbyte>(c.codes),
                                             Body<jint>(c.infos)));
          });
      if (forwardable < 0) return;  // Java stops at the exception
      jint zeros = 0;
      for (jint i = 0; i < ch.count; ++i) {
        const auto k = static_cast<size_t>(ch.start + i);
        const jint length = jvm_.Ints(c.lens)[k];
        Check(length >= 0 && length <= before.lens[k], "ingress lengthened a packet");
        if (c.codes == nullptr) continue;
        const jint drop = jvm_.Bytes(c.codes)[k];
        Check(drop < jint(pipeline::DropReason::kCount), "unknown drop reason");
        zeros += drop == 0;
      }
      Check(c.codes == nullptr || forwardable == zeros,
            "epIngressBatch's count is not its number of forwardable packets");
      TakeLengths(c, ch, before);
    }
  }

  // FastpathEndpoint.egress of up to 40 pool packets: per packet a metadata index, a
  // rewriter (or 0) and EGRESS_* flags (or no flags array); a native call per 32 packets.
  void Egress() {
    const jlong h = PickEndpoint();
    const jlong meta = PickMeta();
    const jint capacity = MetaCapacity(meta);
    const uint8_t misuse = MisuseByte();
    Caller c = MakeCaller(misuse, in_.Byte() % (kMaxCallPackets + 1));
    const size_t n = c.buffers.size();
    std::vector<jint> indexes(n);
    std::vector<jlong> rewriters(n);
    for (size_t i = 0; i < n; ++i) {
      indexes[i] = in_.Byte() % capacity;
      if (misuse & kBadMetadata) indexes[i] = Fuzz(in_, indexes[i]);
      rewriters[i] = PickHandle(rewriters_);
    }
    c.indexes = IntArray(ArrayLength(misuse, n), indexes);
    c.rewriters = LongArray(ArrayLength(misuse, n), rewriters);
    if (in_.Byte() % 4 == 0) {
      const ptrdiff_t length = ArrayLength(misuse, n);
      c.flags = ByteArray(length, in_.Bytes(n));
    }
    c.codes = ByteArray(ArrayLength(misuse, n));
    for (size_t first = 0; first == 0 || first < n; first += kBatch) {
      const Chunk ch = MakeChunk(c, first);
      Refusal expected = h == 0 || meta == 0 ? kClosed : BatchRefusal(c, ch);
      if (expected == kNone &&
          (!Holds(c.indexes, ch.start, ch.count) || !Holds(c.rewriters, ch.start, ch.count) ||
           (c.flags != nullptr && !Holds(c.flags, ch.start, ch.count)) ||
           !Holds(c.codes, ch.start, ch.count))) {
        expected = kArrayWindow;
      }
      for (jint i = 0; expected == kNone && i < ch.count; ++i) {
        const jint index = jvm_.Ints(c.indexes)[static_cast<size_t>(ch.start + i)];
        if (index < 0 || index >= capacity) expected = kMetadataRange;
      }
      const Snapshot before = Take(c, ch);
      const jint sent = Invoke(
          "epEgressBatch", expected, c, ch, before,
          [&] {
            return std::apply(
                [&](auto... v) { return Call<EpEgressBatch>("nativeEpEgressBatch", v...); },
                std::tuple_cat(std::make_tuple(h), JniBatch(c, ch),
                               std::make_tuple(meta, c.indexes, c.rewriters, c.flags, c.codes)));
          },
          [&] {
            return std::apply(
                JavaCritical_org_jvbfastpath_PacketNatives_nativeEpEgressBatch,
                              std::tuple_cat(std::make_tuple(h), TwinBatch(c, ch),
                                             std::make_tuple(meta), Body<jint>(c.indexes),
                                             Body<jlong>(c.rewriters), Body<jbyte>(c.flags),
                                             Body<jbyte>(c.codes)));
          });
      if (sent < 0) return;
      jint zeros = 0;
      for (jint i = 0; i < ch.count; ++i) {
        const auto k = static_cast<size_t>(ch.start + i);
        const jint length = jvm_.Ints(c.lens)[k];
        const jint drop = jvm_.Bytes(c.codes)[k];
        Check(drop < jint(pipeline::DropReason::kCount), "unknown drop reason");
        Check(length >= 0 && length <= ch.real[i] - jvm_.Ints(c.offs)[k],
              "an egress length past the array");
        zeros += drop == 0;
      }
      Check(sent == zeros, "epEgressBatch's count is not its number of packets sent");
      TakeLengths(c, ch, before);
    }
  }

  void RewriterOp() {
    switch (in_.Byte() % 4) {
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
        const jlong rw = PickHandle(rewriters_);
        const jint r = Call<jint(jlong, jlong, jint)>("nativeRwDrop", rw, meta, index);
        if (threw()) return;  // out of memory
        Expect("rwDrop", "JNI entry", RefusalOf(r),
               rw == 0 || meta == 0                        ? kClosed
               : index < 0 || index >= MetaCapacity(meta) ? kMetadataRange
                                                           : kNone);
        break;
      }
      case 3: {  // rwDropBatch (FastpathEndpoint.skip): a window of the caller's arrays
        const jlong meta = PickMeta();
        const jint count = Fuzz(in_, in_.Byte() % 12);
        const jint start = Fuzz(in_, in_.Byte() % 4);
        const auto valid =
            static_cast<size_t>(std::clamp<int64_t>(int64_t{start} + count, 0, 64));
        std::vector<jint> slots(FuzzLength(valid));
        for (jint& slot : slots) slot = Fuzz(in_, in_.Byte() % MetaCapacity(meta));
        Obj indexes = in_.Byte() % 16 == 0 ? nullptr : jvm_.NewIntArray(slots);
        Obj handles = in_.Byte() % 16 == 0 ? nullptr : jvm_.NewLongArray(FuzzLength(valid));
        if (handles != nullptr) {
          for (jlong& h : jvm_.Longs(handles)) h = PickHandle(rewriters_);  // 0: none
        }
        const jint r = Call<RwDropBatch>("nativeRwDropBatch", meta, indexes, handles, start, count);
        if (threw()) return;  // out of memory
        Refusal expected = meta == 0                  ? kClosed
                           : count < 0 || count > kBatch ? kCount
                           : !Holds(indexes, start, count) || !Holds(handles, start, count)
                               ? kArrayWindow
                               : kNone;
        for (jint i = 0; expected == kNone && i < count; ++i) {
          const jint slot = slots[static_cast<size_t>(start + i)];
          if (slot < 0 || slot >= MetaCapacity(meta)) expected = kMetadataRange;
        }
        Expect("rwDropBatch", "JNI entry", RefusalOf(r), expected);
        Check(r <= 0, "rwDropBatch returned a count");
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
