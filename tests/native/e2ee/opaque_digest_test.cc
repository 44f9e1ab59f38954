#include "native/e2ee/opaque_digest.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "native/e2ee/opaque_digest_impl.h"

namespace jvbfastpath::e2ee {
namespace {

// XXH3-64 of the empty input with seed 0, as published by the xxHash project
// (XXH3_64bits("") == 0x2D06800538D394C2): we use the algorithm, not a variant of it.
TEST(OpaqueDigestTest, MatchesXxh3KnownAnswer) {
  EXPECT_EQ(0x2D06800538D394C2ull, OpaqueDigest({}));
}

// Both implementations give the same digest for every length class XXH3 distinguishes
// (0-16, 17-128, 129-240, long inputs with partial stripes), so the dispatch never changes
// a value between machines.
TEST(OpaqueDigestTest, Avx2AndSse2Agree) {
  std::mt19937 rng(7);
  std::vector<uint8_t> bytes(4096);
  for (auto& b : bytes) b = static_cast<uint8_t>(rng());
  for (size_t n = 0; n <= bytes.size(); n += (n < 300 ? 1 : 97)) {
    const uint64_t sse2 = internal::DigestSse2(bytes.data(), n);
    if (__builtin_cpu_supports("avx2")) {
      ASSERT_EQ(sse2, internal::DigestAvx2(bytes.data(), n)) << n;
    }
    ASSERT_EQ(sse2, OpaqueDigest({bytes.data(), n})) << n;
  }
}

TEST(OpaqueDigestTest, EveryFlippedBitChangesTheDigest) {
  std::vector<uint8_t> bytes(1200, 0x5A);
  const uint64_t original = OpaqueDigest(bytes);
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      bytes[i] ^= static_cast<uint8_t>(1 << bit);
      ASSERT_NE(original, OpaqueDigest(bytes)) << i << ":" << bit;
      bytes[i] ^= static_cast<uint8_t>(1 << bit);
    }
  }
}

}  // namespace
}  // namespace jvbfastpath::e2ee
