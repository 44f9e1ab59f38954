// OpaqueDigest: a fast 64-bit digest of the bytes the bridge must forward untouched.
//
// Contract: the same bytes always give the same digest, in any process on any CPU
// (XXH3-64 from Debian's xxHash with a fixed 256-byte secret, see opaque_digest_impl.h;
// on x86-64 AVX2 when the CPU has it, SSE2 otherwise, chosen once at start-up; NEON on
// aarch64: all give identical values). It detects accidental modification (a bridge
// stage that rewrote a byte it does not own); it is not a MAC and is never sent anywhere.
#pragma once

#include <cstdint>
#include <span>

namespace jvbfastpath::e2ee {

uint64_t OpaqueDigest(std::span<const uint8_t> bytes);

// "avx2", "sse2" or "neon": which implementation runs here.
const char* OpaqueDigestImplementation();

}  // namespace jvbfastpath::e2ee
