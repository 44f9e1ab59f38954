// Compiled with -mavx2 on x86-64 (see BUILD); only reached when the CPU reports AVX2.
// Empty on other architectures.
#include <xxhash.h>

#include "native/e2ee/opaque_digest_impl.h"

#if defined(__x86_64__)
namespace jvbfastpath::e2ee::internal {

uint64_t DigestAvx2(const uint8_t* data, size_t size, const uint8_t* secret) {
  return XXH3_64bits_withSecret(data, size, secret, kOpaqueDigestSecretSize);
}

}  // namespace jvbfastpath::e2ee::internal
#endif
