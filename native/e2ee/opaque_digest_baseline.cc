// The baseline digest: compiled for the architecture's baseline vector unit (SSE2 on x86-64,
// NEON on aarch64; xxHash picks it from the compiler's target).
#include <xxhash.h>

#include "native/e2ee/opaque_digest_impl.h"

namespace jvbfastpath::e2ee::internal {

uint64_t DigestBaseline(const uint8_t* data, size_t size, const uint8_t* secret) {
  return XXH3_64bits_withSecret(data, size, secret, kOpaqueDigestSecretSize);
}

}  // namespace jvbfastpath::e2ee::internal
