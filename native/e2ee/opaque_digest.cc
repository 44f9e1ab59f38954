#include "native/e2ee/opaque_digest.h"

#include <xxhash.h>

#include <array>

#include "native/e2ee/opaque_digest_impl.h"

namespace jvbfastpath::e2ee {
namespace {

using DigestFn = uint64_t (*)(const uint8_t*, size_t, const uint8_t*);

struct Secret {
  Secret() {
    XXH3_generateSecret(bytes.data(), bytes.size(), internal::kOpaqueDigestSeed,
                        sizeof(internal::kOpaqueDigestSeed) - 1);
  }
  alignas(64) std::array<uint8_t, internal::kOpaqueDigestSecretSize> bytes;
};

#if defined(__x86_64__)
bool HasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
const bool kAvx2 = HasAvx2();
const DigestFn kDigest = kAvx2 ? &internal::DigestAvx2 : &internal::DigestBaseline;
const char* const kImplementation = kAvx2 ? "avx2" : "sse2";
#else
const DigestFn kDigest = &internal::DigestBaseline;
const char* const kImplementation = "neon";
#endif
const Secret kSecret;

}  // namespace

uint64_t OpaqueDigest(std::span<const uint8_t> bytes) {
  return kDigest(bytes.data(), bytes.size(), kSecret.bytes.data());
}

const char* OpaqueDigestImplementation() { return kImplementation; }

}  // namespace jvbfastpath::e2ee
