#include "native/e2ee/opaque_digest.h"

#include "native/e2ee/opaque_digest_impl.h"

namespace jvbfastpath::e2ee {
namespace {

using DigestFn = uint64_t (*)(const uint8_t*, size_t);

bool HasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

const bool kAvx2 = HasAvx2();
const DigestFn kDigest = kAvx2 ? &internal::DigestAvx2 : &internal::DigestSse2;

}  // namespace

uint64_t OpaqueDigest(std::span<const uint8_t> bytes) { return kDigest(bytes.data(), bytes.size()); }

const char* OpaqueDigestImplementation() { return kAvx2 ? "avx2" : "sse2"; }

}  // namespace jvbfastpath::e2ee
