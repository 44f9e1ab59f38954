// AES (FIPS 197) key schedule, CTR key stream and GHASH (SP 800-38D) on AES-NI and
// PCLMULQDQ, 128-bit registers. Compiled with -maes -mpclmul -mssse3 -msse4.1 (BUILD); only C
// headers here (kernels.h says why).
//
// GHASH: blocks are byte-reversed on load, so bit i of a register is the coefficient of
// x^(127-i). The carry-less product of two such values, read as a 256-bit integer W, is
// y^-255 W(y) in y = x^-1; multiplying by H * x^-1 instead of H and reducing W * y^-128
// modulo y^128 + y^127 + y^126 + y^121 + 1 (the GCM polynomial in y) gives the product in
// the same form with no shift. The reduction folds the low 64 bits twice, each time with one
// carry-less multiply by 0xc200000000000000 (y^57 + y^62 + y^63), a Montgomery step.
#include <immintrin.h>
#include <string.h>

#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto::internal {
namespace {

inline __m128i Load(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void Store(uint8_t* p, __m128i v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }

// --- key schedule ---------------------------------------------------------------------------

// w[i] = w[i-1] ^ w[i-Nk] over the four words of `previous`, plus `word` (broadcast).
inline __m128i NextRoundKey(__m128i previous, __m128i word) {
  previous = _mm_xor_si128(previous, _mm_slli_si128(previous, 4));
  previous = _mm_xor_si128(previous, _mm_slli_si128(previous, 4));
  previous = _mm_xor_si128(previous, _mm_slli_si128(previous, 4));
  return _mm_xor_si128(previous, word);
}

// The next AES-128 round key: RotWord(SubWord(last word)) ^ rcon, broadcast, folded in.
template <int kRcon>
inline __m128i Next128(__m128i k) {
  return NextRoundKey(k, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k, kRcon), 0xff));
}

// AES-256's next two round keys: the first as AES-128's from b, the second from SubWord
// (no rotation, no rcon) of the first's last word.
template <int kRcon>
inline void Next256(__m128i& a, __m128i& b, __m128i* rk) {
  a = NextRoundKey(a, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(b, kRcon), 0xff));
  rk[0] = a;
  b = NextRoundKey(b, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(a, 0), 0xaa));
  rk[1] = b;
}

}  // namespace

void AesNiExpandKey(const uint8_t* key, size_t key_length, AesSchedule* out) {
  __m128i* rk = reinterpret_cast<__m128i*>(out->round_keys);
  if (key_length == 16) {
    out->rounds = 10;
    rk[0] = Load(key);
    rk[1] = Next128<0x01>(rk[0]);
    rk[2] = Next128<0x02>(rk[1]);
    rk[3] = Next128<0x04>(rk[2]);
    rk[4] = Next128<0x08>(rk[3]);
    rk[5] = Next128<0x10>(rk[4]);
    rk[6] = Next128<0x20>(rk[5]);
    rk[7] = Next128<0x40>(rk[6]);
    rk[8] = Next128<0x80>(rk[7]);
    rk[9] = Next128<0x1b>(rk[8]);
    rk[10] = Next128<0x36>(rk[9]);
    return;
  }
  out->rounds = 14;
  __m128i a = Load(key);
  __m128i b = Load(key + 16);
  rk[0] = a;
  rk[1] = b;
  Next256<0x01>(a, b, rk + 2);
  Next256<0x02>(a, b, rk + 4);
  Next256<0x04>(a, b, rk + 6);
  Next256<0x08>(a, b, rk + 8);
  Next256<0x10>(a, b, rk + 10);
  Next256<0x20>(a, b, rk + 12);
  rk[14] = NextRoundKey(a, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(b, 0x40), 0xff));
}


namespace {

// --- CTR ------------------------------------------------------------------------------------

// Byte-swaps the last 32-bit word only: the counter becomes lane 3, little-endian.
inline __m128i CounterSwap() {
  return _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
}

// N blocks of key stream for counters ctr + 0 .. ctr + N-1 (ctr in swapped form); with
// kExtra, `extra` is encrypted in the same rounds (a reference, not an address: it stays in
// a register).
template <int N, bool kExtra = false>
JVBFASTPATH_KERNEL_INLINE void KeyStream(const __m128i* rk, int rounds, __m128i ctr, __m128i swap,
                                         __m128i* ks, __m128i& extra) {
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    const __m128i block = _mm_add_epi32(ctr, _mm_set_epi32(j, 0, 0, 0));
    ks[j] = _mm_xor_si128(_mm_shuffle_epi8(block, swap), rk[0]);
  }
  if constexpr (kExtra) extra = _mm_xor_si128(extra, rk[0]);
  for (int r = 1; r < rounds; ++r) {
    const __m128i k = rk[r];
#pragma GCC unroll 8
    for (int j = 0; j < N; ++j) ks[j] = _mm_aesenc_si128(ks[j], k);
    if constexpr (kExtra) extra = _mm_aesenc_si128(extra, k);
  }
  const __m128i last = rk[rounds];
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) ks[j] = _mm_aesenclast_si128(ks[j], last);
  if constexpr (kExtra) extra = _mm_aesenclast_si128(extra, last);
}

// KeyStream<N>, with `extra` encrypted alongside if it is still pending (then not).
template <int N>
JVBFASTPATH_KERNEL_INLINE void KeyStreamMaybeExtra(const __m128i* rk, int rounds, __m128i ctr,
                                                   __m128i swap, __m128i* ks, bool& extra_pending,
                                                   __m128i& extra) {
  if (extra_pending) {
    KeyStream<N, true>(rk, rounds, ctr, swap, ks, extra);
    extra_pending = false;
  } else {
    KeyStream<N>(rk, rounds, ctr, swap, ks, extra);
  }
}

// The plaintext check riding on the CTR pass (kernels.h, ctr32's `expected`): input byte k
// against expected[k - from], for k >= from.
struct Check {
  const uint8_t* expected;
  size_t from;
  __m128i differs;   // whole blocks: OR of input XOR expected
  uint8_t bytes = 0;  // blocks the check covers in part: OR of the byte differences
};

// The 16-byte input block `data` at input offset `at` (of which `valid` bytes are input).
template <bool kCheck>
JVBFASTPATH_KERNEL_INLINE void Compare(Check& c, __m128i data, const uint8_t* in, size_t at,
                                       size_t valid) {
  if constexpr (kCheck) {
    if (at >= c.from && valid == 16) {
      c.differs = _mm_or_si128(c.differs, _mm_xor_si128(data, Load(c.expected + (at - c.from))));
    } else {
      for (size_t k = at < c.from ? c.from - at : 0; k < valid; ++k) {
        c.bytes |= static_cast<uint8_t>(in[k] ^ c.expected[at + k - c.from]);
      }
    }
  }
}

// The last blocks (length <= 16 * N) at input offset `at`: key stream for N blocks, XORed
// into in -> out. Every index is a constant so that the key stream stays in registers; the
// one block a partial tail stages on the stack is wiped (it holds key stream, which is key
// material itself when SRTP derives its keys).
template <int N, bool kCheck>
JVBFASTPATH_KERNEL_INLINE void Tail(const __m128i* rk, int rounds, __m128i ctr, __m128i swap,
                                    const uint8_t* in, uint8_t* out, size_t length, size_t at,
                                    uint8_t tail_keystream[16], bool& extra_pending, __m128i& extra,
                                    Check& check) {
  __m128i ks[N];
  KeyStreamMaybeExtra<N>(rk, rounds, ctr, swap, ks, extra_pending, extra);
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    const size_t offset = 16 * static_cast<size_t>(j);
    if (offset + 16 <= length) {
      const __m128i data = Load(in + offset);
      Compare<kCheck>(check, data, in + offset, at + offset, 16);
      Store(out + offset, _mm_xor_si128(ks[j], data));
    } else if (offset < length) {
      const size_t rest = length - offset;
      Compare<kCheck>(check, _mm_setzero_si128(), in + offset, at + offset, rest);
      alignas(16) uint8_t block[16];
      memcpy(block, in + offset, rest);
      Store(block, _mm_xor_si128(ks[j], Load(block)));
      memcpy(out + offset, block, rest);
      Store(block, _mm_setzero_si128());
      __asm__ volatile("" : : "r"(block) : "memory");
      Store(tail_keystream, ks[j]);
    }
  }
}

template <bool kCheck>
bool Ctr32With(const AesSchedule* schedule, uint8_t counter[16], const uint8_t* in, uint8_t* out,
               size_t length, uint8_t tail_keystream[16], uint8_t extra_block[16],
               const uint8_t* expected, size_t expected_from) {
  // A local whose address never leaves this function, so that its accumulator stays in a
  // register (the stores through `out` may alias anything the caller could see).
  Check check{expected, expected_from, _mm_setzero_si128()};
  const __m128i* rk = reinterpret_cast<const __m128i*>(schedule->round_keys);
  const int rounds = schedule->rounds;
  const __m128i swap = CounterSwap();
  __m128i ctr = _mm_shuffle_epi8(Load(counter), swap);
  __m128i extra = extra_block != nullptr ? Load(extra_block) : _mm_setzero_si128();
  bool extra_pending = extra_block != nullptr;  // until encrypted
  size_t at = 0;  // input offset of `in`
  while (length >= 128) {
    // The input first: its compare overlaps the rounds that follow.
    __m128i data[8];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      data[j] = Load(in + 16 * j);
      Compare<kCheck>(check, data[j], in + 16 * j, at + 16 * j, 16);
    }
    __m128i ks[8];
    KeyStreamMaybeExtra<8>(rk, rounds, ctr, swap, ks, extra_pending, extra);
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) Store(out + 16 * j, _mm_xor_si128(ks[j], data[j]));
    ctr = _mm_add_epi32(ctr, _mm_set_epi32(8, 0, 0, 0));
    in += 128;
    out += 128;
    at += 128;
    length -= 128;
  }
  if (length != 0) {
    const size_t blocks = (length + 15) / 16;
    if (blocks <= 4) {
      Tail<4, kCheck>(rk, rounds, ctr, swap, in, out, length, at, tail_keystream, extra_pending,
                      extra, check);
    } else {
      Tail<8, kCheck>(rk, rounds, ctr, swap, in, out, length, at, tail_keystream, extra_pending,
                      extra, check);
    }
    ctr = _mm_add_epi32(ctr, _mm_set_epi32(static_cast<int>(blocks), 0, 0, 0));
  }
  Store(counter, _mm_shuffle_epi8(ctr, swap));
  if (extra_block != nullptr) {
    if (extra_pending) {  // no data: the extra block alone
      extra = _mm_xor_si128(extra, rk[0]);
      for (int r = 1; r < rounds; ++r) extra = _mm_aesenc_si128(extra, rk[r]);
      extra = _mm_aesenclast_si128(extra, rk[rounds]);
    }
    Store(extra_block, extra);
  }
  return _mm_testz_si128(check.differs, check.differs) && check.bytes == 0;
}

bool Ctr32(const AesSchedule* schedule, uint8_t counter[16], const uint8_t* in, uint8_t* out,
           size_t length, uint8_t tail_keystream[16], uint8_t extra_block[16],
           const uint8_t* expected, size_t expected_from) {
  return expected == nullptr
             ? Ctr32With<false>(schedule, counter, in, out, length, tail_keystream, extra_block,
                                nullptr, 0)
             : Ctr32With<true>(schedule, counter, in, out, length, tail_keystream, extra_block,
                               expected, expected_from);
}

}  // namespace

void AesNiEncryptBlock(const AesSchedule* schedule, const uint8_t in[16], uint8_t out[16]) {
  const __m128i* rk = reinterpret_cast<const __m128i*>(schedule->round_keys);
  __m128i b = _mm_xor_si128(Load(in), rk[0]);
  for (int r = 1; r < schedule->rounds; ++r) b = _mm_aesenc_si128(b, rk[r]);
  Store(out, _mm_aesenclast_si128(b, rk[schedule->rounds]));
}

namespace {

// --- GHASH ----------------------------------------------------------------------------------

inline __m128i ByteReverse() {
  return _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
}

// Accumulates the 256-bit carry-less product a * h as lo, mid (middle terms), hi.
inline void MultiplyAdd(__m128i a, __m128i h, __m128i* lo, __m128i* mid, __m128i* hi) {
  *lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(a, h, 0x00));
  *hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(a, h, 0x11));
  *mid = _mm_xor_si128(*mid, _mm_xor_si128(_mm_clmulepi64_si128(a, h, 0x01),
                                           _mm_clmulepi64_si128(a, h, 0x10)));
}

// W * y^-128 mod the GCM polynomial, W = hi * 2^128 + mid * 2^64 + lo.
inline __m128i Reduce(__m128i lo, __m128i mid, __m128i hi) {
  lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
  hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
  const __m128i poly = _mm_set_epi64x(0, static_cast<long long>(0xc200000000000000ULL));
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, poly, 0x00));
  lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), _mm_clmulepi64_si128(lo, poly, 0x00));
  return _mm_xor_si128(hi, lo);
}

inline __m128i Multiply(__m128i a, __m128i h_times_x_inverse) {
  __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
  MultiplyAdd(a, h_times_x_inverse, &lo, &mid, &hi);
  return Reduce(lo, mid, hi);
}

// v * x^-1: a left shift of the byte-reversed form; x^0 shifted out becomes x^-1 =
// x^127 + x^6 + x + 1 (0xc2000000000000000000000000000001 in this form).
inline __m128i TimesXInverse(__m128i v) {
  uint64_t w[2];
  Store(reinterpret_cast<uint8_t*>(w), v);
  const uint64_t carry = w[1] >> 63;
  w[1] = (w[1] << 1) | (w[0] >> 63);
  w[0] <<= 1;
  if (carry != 0) {
    w[1] ^= 0xc200000000000000ULL;
    w[0] ^= 1;
  }
  return Load(reinterpret_cast<const uint8_t*>(w));
}

}  // namespace

void ClmulGhashKey(const uint8_t h[16], GhashKey* out) {
  const __m128i h1 = _mm_shuffle_epi8(Load(h), ByteReverse());
  const __m128i h1x = TimesXInverse(h1);
  __m128i power = h1;
  Store(out->powers[15], h1x);
  for (int k = 2; k <= 16; ++k) {
    power = Multiply(power, h1x);
    Store(out->powers[16 - k], TimesXInverse(power));
  }
}

namespace {

// Accumulates the products of the n blocks at `in` by h[0] .. h[n-1] (H^n .. H^1), xi added
// to the first block.
inline void MultiplyBlocks(const uint8_t* in, size_t n, const __m128i* h, __m128i xi,
                           __m128i* lo, __m128i* mid, __m128i* hi) {
  for (size_t j = 0; j < n; ++j) {
    __m128i d = _mm_shuffle_epi8(Load(in + 16 * j), ByteReverse());
    if (j == 0) d = _mm_xor_si128(d, xi);
    MultiplyAdd(d, h[j], lo, mid, hi);
  }
}

void Ghash(const GhashKey* key, uint8_t xi_bytes[16], const uint8_t* in, size_t blocks) {
  const __m128i* powers = reinterpret_cast<const __m128i*>(key->powers);
  __m128i xi = Load(xi_bytes);
  while (blocks != 0) {
    const size_t n = blocks < 8 ? blocks : 8;
    __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
    MultiplyBlocks(in, n, powers + (16 - n), xi, &lo, &mid, &hi);  // H^n first
    xi = Reduce(lo, mid, hi);
    in += 16 * n;
    blocks -= n;
  }
  Store(xi_bytes, xi);
}

// --- GCM open: CTR and GHASH stitched -------------------------------------------------------

// Blocks per chunk: six blocks of key stream, the three GHASH sums, a block with its power of H
// and its products, a round key and the counter fit in the 16 registers (eight do not: GCC
// then spills key stream to the stack).
constexpr int kChunkBlocks = 6;

inline void AesRound(__m128i* ks, int n, __m128i round_key) {
#pragma GCC unroll 8
  for (int j = 0; j < n; ++j) ks[j] = _mm_aesenc_si128(ks[j], round_key);
}

// Copies n < 16 bytes in fixed-size moves: a call to memcpy would have the caller save
// registers (GHASH state) on the stack around it.
inline void CopyShort(uint8_t* out, const uint8_t* in, size_t n) {
  size_t at = 0;
  if (n & 8) memcpy(out + at, in + at, 8), at += 8;
  if (n & 4) memcpy(out + at, in + at, 4), at += 4;
  if (n & 2) memcpy(out + at, in + at, 2), at += 2;
  if (n & 1) out[at] = in[at];
}

// What a chunk hashes around its ciphertext: `aad_blocks` whole blocks before it, and after
// it the lengths block if not null.
struct Edges {
  const uint8_t* aad;
  size_t aad_blocks;
  const uint8_t* lengths;
};

// One chunk: `length` (<= 16N) bytes of ciphertext at `data`, and with kEdges the chunk's
// edges, 16 blocks at the most in all. Their GHASH (the ciphertext's last block zero-padded,
// xi added to the first block) is multiplied by H^blocks .. H^1 and reduced once, one
// block's products beside each of the first N AES rounds of the key stream (from ctr, which
// advances past the chunk's blocks), the reduction beside the next; then the plaintext is
// written over the ciphertext. A partial last block is staged on the stack and wiped (it
// holds key stream). Returns the new xi.
template <int N, bool kEdges>
inline __m128i OpenChunk(const AesSchedule* schedule, __m128i& ctr, const __m128i* powers,
                         __m128i xi, uint8_t* data, size_t length, const Edges& e) {
  const __m128i* rk = reinterpret_cast<const __m128i*>(schedule->round_keys);
  const size_t blocks = (length + 15) / 16;
  size_t hashed = blocks;
  if constexpr (kEdges) hashed += e.aad_blocks + (e.lengths != nullptr ? 1 : 0);
  const __m128i* h = powers + (16 - hashed);  // H^hashed first
  alignas(16) uint8_t staged[16] = {};
  if (length % 16 != 0) CopyShort(staged, data + length / 16 * 16, length % 16);
  __m128i ks[N > 0 ? N : 1];
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    const __m128i block = _mm_add_epi32(ctr, _mm_set_epi32(j, 0, 0, 0));
    ks[j] = _mm_xor_si128(_mm_shuffle_epi8(block, CounterSwap()), rk[0]);
  }
  ctr = _mm_add_epi32(ctr, _mm_set_epi32(static_cast<int>(blocks), 0, 0, 0));
  __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
  if constexpr (kEdges) {
    if (e.aad_blocks != 0) {
      MultiplyBlocks(e.aad, e.aad_blocks, h, xi, &lo, &mid, &hi);
      h += e.aad_blocks;
      xi = _mm_setzero_si128();
    }
    if (e.lengths != nullptr) {
      MultiplyBlocks(e.lengths, 1, powers + 15, N == 0 ? xi : _mm_setzero_si128(), &lo, &mid,
                     &hi);
    }
  }
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    AesRound(ks, N, rk[j + 1]);
    if (16 * static_cast<size_t>(j) < length) {
      const uint8_t* in = 16 * static_cast<size_t>(j) + 16 <= length ? data + 16 * j : staged;
      __m128i d = _mm_shuffle_epi8(Load(in), ByteReverse());
      if (j == 0) d = _mm_xor_si128(d, xi);
      MultiplyAdd(d, h[j], &lo, &mid, &hi);
      // The sums in registers here: GCC would otherwise keep every product (of H's powers,
      // key material) for one tree of XORs at the end, and spill them to the stack.
      __asm__("" : "+x"(lo), "+x"(mid), "+x"(hi));
    }
  }
  AesRound(ks, N, rk[N + 1]);
  xi = Reduce(lo, mid, hi);
  const int rounds = schedule->rounds;
  for (int r = N + 2; r < rounds; ++r) AesRound(ks, N, rk[r]);
  // The ciphertext is read again here rather than kept in registers since the hashing, which
  // would leave too few for the key stream.
  __asm__ volatile("" : : : "memory");
#pragma GCC unroll 8
  for (int j = 0; j < N; ++j) {
    const size_t at = 16 * static_cast<size_t>(j);
    const __m128i k = _mm_aesenclast_si128(ks[j], rk[rounds]);
    if (at + 16 <= length) {
      Store(data + at, _mm_xor_si128(k, Load(data + at)));
    } else if (at < length) {
      Store(staged, _mm_xor_si128(k, Load(staged)));
      CopyShort(data + at, staged, length - at);
      Store(staged, _mm_setzero_si128());
      __asm__ volatile("" : : "r"(staged) : "memory");
    }
  }
  return xi;
}

// A chunk with edges, `length` <= 16 * kChunkBlocks; a lengths block that does not fit is
// hashed after it, alone.
inline __m128i OpenEdgeChunk(const AesSchedule* schedule, __m128i& ctr, const __m128i* powers,
                             __m128i xi, uint8_t* data, size_t length, Edges e) {
  const uint8_t* lengths_after = nullptr;
  if (e.lengths != nullptr && e.aad_blocks + (length + 15) / 16 == 16) {
    lengths_after = e.lengths;
    e.lengths = nullptr;
  }
  if (length == 0) {
    xi = OpenChunk<0, true>(schedule, ctr, powers, xi, data, length, e);
  } else if (length <= 64) {
    xi = OpenChunk<4, true>(schedule, ctr, powers, xi, data, length, e);
  } else {
    xi = OpenChunk<kChunkBlocks, true>(schedule, ctr, powers, xi, data, length, e);
  }
  if (lengths_after == nullptr) return xi;
  return OpenChunk<0, true>(schedule, ctr, powers, xi, data, 0, Edges{nullptr, 0, lengths_after});
}

// The AAD and the ciphertext that fits beside it in 16 blocks (a chunk at the most) first,
// then whole chunks, the last with the lengths block.
void GcmOpen(const AesSchedule* schedule, const GhashKey* key, uint8_t counter[16],
             uint8_t xi_bytes[16], const uint8_t* aad, size_t aad_blocks, uint8_t* data,
             size_t length, const uint8_t lengths[16]) {
  const __m128i* powers = reinterpret_cast<const __m128i*>(key->powers);
  __m128i ctr = _mm_shuffle_epi8(Load(counter), CounterSwap());
  __m128i xi = Load(xi_bytes);
  constexpr size_t kChunk = 16 * kChunkBlocks;
  const size_t room = aad_blocks <= 16 - kChunkBlocks ? kChunk : 16 * (16 - aad_blocks);
  if (length <= room) {
    xi = OpenEdgeChunk(schedule, ctr, powers, xi, data, length, Edges{aad, aad_blocks, lengths});
  } else {
    xi = OpenEdgeChunk(schedule, ctr, powers, xi, data, room, Edges{aad, aad_blocks, nullptr});
    for (data += room, length -= room; length > kChunk; data += kChunk, length -= kChunk) {
      xi = OpenChunk<kChunkBlocks, false>(schedule, ctr, powers, xi, data, kChunk, Edges{});
    }
    xi = OpenEdgeChunk(schedule, ctr, powers, xi, data, length, Edges{nullptr, 0, lengths});
  }
  Store(xi_bytes, xi);
  Store(counter, _mm_shuffle_epi8(ctr, CounterSwap()));
}

}  // namespace

const AesKernels kAesNiKernels = {AesNiExpandKey, Ctr32,  AesNiEncryptBlock, ClmulGhashKey,
                                  Ghash,          GcmOpen};

}  // namespace jvbfastpath::crypto::internal
