#include <xxhash.h>

#include "native/e2ee/opaque_digest_impl.h"

namespace jvbfastpath::e2ee::internal {

uint64_t DigestSse2(const uint8_t* data, size_t size, const uint8_t* secret) {
  return XXH3_64bits_withSecret(data, size, secret, kOpaqueDigestSecretSize);
}

}  // namespace jvbfastpath::e2ee::internal
