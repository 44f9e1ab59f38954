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
#include <immintrin.h>

#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto::internal {
namespace {

template <int G>
inline void Group(__m128i& abcd, __m128i& entered_previous, __m128i (&m)[4], __m128i e0) {
  const __m128i wk = G == 0 ? _mm_add_epi32(e0, m[0]) : _mm_sha1nexte_epu32(entered_previous, m[G % 4]);
  entered_previous = abcd;
  abcd = _mm_sha1rnds4_epu32(abcd, wk, G / 5);
  if constexpr (G >= 3 && G <= 18) m[(G + 1) % 4] = _mm_sha1msg2_epu32(m[(G + 1) % 4], m[G % 4]);
  if constexpr (G >= 2 && G <= 17) m[(G + 2) % 4] = _mm_xor_si128(m[(G + 2) % 4], m[G % 4]);
  if constexpr (G >= 1 && G <= 16) m[(G + 3) % 4] = _mm_sha1msg1_epu32(m[(G + 3) % 4], m[G % 4]);
}

}  // namespace

void Sha1BlocksShaNi(uint32_t state[5], const uint8_t* in, size_t blocks) {
  const __m128i reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0x1b);
  __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
  for (; blocks != 0; --blocks, in += 64) {
    const __m128i abcd_in = abcd;
    const __m128i e_in = e0;
    __m128i m[4];
    for (int i = 0; i < 4; ++i) {
      m[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16 * i)), reverse);
    }
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
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_shuffle_epi32(abcd, 0x1b));
  state[4] = static_cast<uint32_t>(_mm_extract_epi32(e0, 3));
}

}  // namespace jvbfastpath::crypto::internal
