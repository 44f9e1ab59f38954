// Internal: the per-instruction-set digest functions behind OpaqueDigest.
// Each is compiled in its own file with only C headers, so no inline C++ function compiled
// for AVX2 can be picked by the linker for code that runs on a CPU without it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jvbfastpath::e2ee::internal {

uint64_t DigestSse2(const uint8_t* data, size_t size);
uint64_t DigestAvx2(const uint8_t* data, size_t size);

}  // namespace jvbfastpath::e2ee::internal
