// Internal: the per-instruction-set digest functions behind OpaqueDigest.
// Each is compiled in its own file with only C headers, so no inline C++ function compiled
// for AVX2 can be picked by the linker for code that runs on a CPU without it.
//
// The digest is XXH3-64 with a 256-byte secret (kOpaqueDigestSecretSize) that
// XXH3_generateSecret derives from kOpaqueDigestSeed: with it, one XXH3 block spans
// (256 - 64) / 8 = 24 stripes of 64 bytes = 1536 bytes, so a packet up to an MTU hashes
// without the block scramble the default 192-byte secret needs every 1024 bytes (about
// 10% faster at 1200 bytes, measured in docs/performance.md).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jvbfastpath::e2ee::internal {

inline constexpr size_t kOpaqueDigestSecretSize = 256;
inline constexpr char kOpaqueDigestSeed[] = "jvbfastpath opaque digest v1";

// The architecture's baseline vector unit: SSE2 on x86-64, NEON on aarch64.
uint64_t DigestBaseline(const uint8_t* data, size_t size, const uint8_t* secret);
#if defined(__x86_64__)
uint64_t DigestAvx2(const uint8_t* data, size_t size, const uint8_t* secret);
#endif

}  // namespace jvbfastpath::e2ee::internal
