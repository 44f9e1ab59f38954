// SHA-1's compression function (FIPS 180-4 section 6.1.2) on the x86 SHA extensions.
// Compiled with -msha -mssse3 -msse4.1 (BUILD); only C headers here (kernels.h says why).
//
// Registers: ABCD holds A in its top 32-bit lane; a message register holds four schedule
// words W[4g..4g+3], the first in the top lane (a 16-byte load, fully byte-reversed). Each
// group g of four rounds is one SHA1RNDS4 (function g / 5) on W + E, where E for group g
// comes from SHA1NEXTE on the ABCD that entered group g-1. The schedule
// W[t] = ROL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) runs three groups ahead of the rounds:
// while group g runs, block g+3 gets SHA1MSG1(block g-1, block g), block g+2 gets
// ^= block g, and block g+1 is finished by SHA1MSG2(.., block g).
// HMAC's last steps are one call: the inner hash's padded last block(s), then the outer
// block built in registers from the inner digest (no store and reload of the digest).
#include <immintrin.h>
#include <string.h>

#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto::internal {
namespace {

// The block loop must keep ABCD, E and the schedule in registers: everything inlined.
#define JVB_INLINE inline __attribute__((always_inline))

template <int G>
JVB_INLINE void Group(__m128i& abcd, __m128i& entered_previous, __m128i (&m)[4], __m128i e0) {
  const __m128i wk =
      G == 0 ? _mm_add_epi32(e0, m[0]) : _mm_sha1nexte_epu32(entered_previous, m[G % 4]);
  entered_previous = abcd;
  abcd = _mm_sha1rnds4_epu32(abcd, wk, G / 5);
  if constexpr (G >= 3 && G <= 18) m[(G + 1) % 4] = _mm_sha1msg2_epu32(m[(G + 1) % 4], m[G % 4]);
  if constexpr (G >= 2 && G <= 17) m[(G + 2) % 4] = _mm_xor_si128(m[(G + 2) % 4], m[G % 4]);
  if constexpr (G >= 1 && G <= 16) m[(G + 3) % 4] = _mm_sha1msg1_epu32(m[(G + 3) % 4], m[G % 4]);
}

// Four message registers (W[0..15], W[0] in m[0]'s top lane) into abcd/e0.
JVB_INLINE void Compress(__m128i& abcd, __m128i& e0, __m128i (&m)[4]) {
  const __m128i abcd_in = abcd;
  const __m128i e_in = e0;
  __m128i entered = abcd;
  Group<0>(abcd, entered, m, e0);
  Group<1>(abcd, entered, m, e0);
  Group<2>(abcd, entered, m, e0);
  Group<3>(abcd, entered, m, e0);
  Group<4>(abcd, entered, m, e0);
  Group<5>(abcd, entered, m, e0);
  Group<6>(abcd, entered, m, e0);
  Group<7>(abcd, entered, m, e0);
  Group<8>(abcd, entered, m, e0);
  Group<9>(abcd, entered, m, e0);
  Group<10>(abcd, entered, m, e0);
  Group<11>(abcd, entered, m, e0);
  Group<12>(abcd, entered, m, e0);
  Group<13>(abcd, entered, m, e0);
  Group<14>(abcd, entered, m, e0);
  Group<15>(abcd, entered, m, e0);
  Group<16>(abcd, entered, m, e0);
  Group<17>(abcd, entered, m, e0);
  Group<18>(abcd, entered, m, e0);
  Group<19>(abcd, entered, m, e0);
  e0 = _mm_sha1nexte_epu32(entered, e_in);  // E after round 79, plus the E that came in
  abcd = _mm_add_epi32(abcd, abcd_in);
}

JVB_INLINE __m128i Reverse() {
  return _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

JVB_INLINE void LoadState(const uint32_t state[5], __m128i& abcd, __m128i& e0) {
  abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1b);
  e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
}

JVB_INLINE void CompressBlocks(__m128i& abcd, __m128i& e0, const uint8_t* in, size_t blocks) {
  const __m128i reverse = Reverse();
  for (; blocks != 0; --blocks, in += 64) {
    __m128i m[4];  // in registers (constant indexes): it holds K ^ ipad while keying
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      const __m128i words = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16 * i));
      m[i] = _mm_shuffle_epi8(words, reverse);
    }
    Compress(abcd, e0, m);
  }
}

#undef JVB_INLINE

}  // namespace

void Sha1BlocksShaNi(uint32_t state[5], const uint8_t* in, size_t blocks) {
  __m128i abcd, e0;
  LoadState(state, abcd, e0);
  CompressBlocks(abcd, e0, in, blocks);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
}

void HmacSha1FinishShaNi(const uint32_t inner[5], const uint32_t outer[5], uint8_t block[128],
                         size_t used, uint64_t total, uint8_t mac[20]) {
  // The inner hash's padding: 0x80, zeros, the bit length; one block or two.
  block[used++] = 0x80;
  const size_t blocks = used > 56 ? 2 : 1;
  memset(block + used, 0, 64 * blocks - 8 - used);
  const uint64_t bits = total * 8;
  for (int i = 0; i < 8; ++i) block[64 * blocks - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  __m128i abcd, e0;
  LoadState(inner, abcd, e0);
  CompressBlocks(abcd, e0, block, blocks);
  // The outer hash's one block, straight from the registers: the inner digest (ABCD is
  // W[0..3] as it stands, E is W[4] in e0's top lane), 0x80, zeros, the bit length of
  // 64 + 20 bytes.
  __m128i m[4] = {abcd, _mm_or_si128(e0, _mm_set_epi32(0, static_cast<int>(0x80000000u), 0, 0)),
                  _mm_setzero_si128(), _mm_set_epi32(0, 0, 0, (64 + 20) * 8)};
  LoadState(outer, abcd, e0);
  Compress(abcd, e0, m);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(mac), _mm_shuffle_epi8(abcd, Reverse()));
  const uint32_t e = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
  mac[16] = static_cast<uint8_t>(e >> 24);
  mac[17] = static_cast<uint8_t>(e >> 16);
  mac[18] = static_cast<uint8_t>(e >> 8);
  mac[19] = static_cast<uint8_t>(e);
}

}  // namespace jvbfastpath::crypto::internal
