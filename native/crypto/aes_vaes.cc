// AES CTR key stream and GHASH on VAES and VPCLMULQDQ over 512-bit registers (four blocks
// per register, AVX-512F/BW/VL for byte shuffles and masked tails). The key schedule, single
// blocks and the GHASH key come from aes_ni.cc. Compiled with -mvaes -mvpclmulqdq
// -mavx512f -mavx512bw -mavx512vl (BUILD); only C headers here (kernels.h says why).
// GHASH's representation and reduction are aes_ni.cc's, four lanes at a time.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's avx512fintrin.h trips these on its own _mm512_undefined_epi32().
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#include <stdint.h>

#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto::internal {
namespace {

// Bytes [0, length) of a 64-byte register, length in 0..64.
inline __mmask64 Mask(size_t length) {
  return length >= 64 ? ~__mmask64{0} : (__mmask64{1} << length) - 1;
}

inline __m512i Broadcast(const uint8_t* p) {
  return _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// --- CTR ------------------------------------------------------------------------------------

struct CtrState {
  const __m512i* rk;  // the schedule's wide round keys (read from there, never copied)
  int rounds;
  __m512i swap;    // byte-swaps the last word of each block: the counter becomes 32-bit lane 3
  __m512i ctr;     // four consecutive counters, swapped form
};

// Key stream for N registers (4N blocks) from s.ctr, which advances by 4N; with kExtra,
// `extra` is encrypted in the same rounds (a reference: it stays in a register).
template <int N, bool kExtra = false>
JVBFASTPATH_KERNEL_INLINE void KeyStream(CtrState& s, __m512i* ks, __m128i& extra) {
  const __m512i four = _mm512_set_epi32(4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0);
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    ks[j] = _mm512_xor_si512(_mm512_shuffle_epi8(s.ctr, s.swap), s.rk[0]);
    s.ctr = _mm512_add_epi32(s.ctr, four);
  }
  if constexpr (kExtra) extra = _mm_xor_si128(extra, _mm512_castsi512_si128(s.rk[0]));
  for (int r = 1; r < s.rounds; ++r) {
    const __m512i k = s.rk[r];
#pragma GCC unroll 4
    for (int j = 0; j < N; ++j) ks[j] = _mm512_aesenc_epi128(ks[j], k);
    if constexpr (kExtra) extra = _mm_aesenc_si128(extra, _mm512_castsi512_si128(k));
  }
  const __m512i last = s.rk[s.rounds];
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) ks[j] = _mm512_aesenclast_epi128(ks[j], last);
  if constexpr (kExtra) extra = _mm_aesenclast_si128(extra, _mm512_castsi512_si128(last));
}

template <int N>
JVBFASTPATH_KERNEL_INLINE void KeyStreamMaybeExtra(CtrState& s, __m512i* ks, bool& extra_pending,
                                                   __m128i& extra) {
  if (extra_pending) {
    KeyStream<N, true>(s, ks, extra);
    extra_pending = false;
  } else {
    KeyStream<N>(s, ks, extra);
  }
}

// The plaintext check riding on the CTR pass (kernels.h, ctr32's `expected`): input byte k
// against expected[k - from], for k >= from.
struct Check {
  const uint8_t* expected;
  size_t from;
  __m512i differs = _mm512_setzero_si512();  // OR of input XOR expected: nonzero, a difference
};

// Compares the input register `data` (bytes `valid` of it), input offset `at`, where the
// check covers it: a whole register by a plain load; otherwise the lanes outside are taken
// from `data` itself (a masked load merged into it), so they compare equal and `expected`
// is never read there.
template <bool kCheck>
JVBFASTPATH_KERNEL_INLINE void Compare(Check& c, __m512i data, size_t at, __mmask64 valid) {
  if constexpr (kCheck) {
    __mmask64 m = valid;
    if (at < c.from) m &= c.from - at >= 64 ? 0 : ~__mmask64{0} << (c.from - at);
    // expected + (at - from), formed as an integer: before `expected` when at < from, where
    // only masked-off lanes would be.
    const auto* e = reinterpret_cast<const uint8_t*>(
        reinterpret_cast<uintptr_t>(c.expected) + (at - c.from));
    const __m512i want =
        m == ~__mmask64{0} ? _mm512_loadu_si512(e) : _mm512_mask_loadu_epi8(data, m, e);
    c.differs = _mm512_ternarylogic_epi64(c.differs, data, want, 0xF6);  // a | (b ^ c)
  }
}

// The last N registers' worth (length <= 64 * N) at input offset `at`: the key stream stays
// in registers (every index is a constant), the bytes past `length` are masked off.
template <int N, bool kCheck>
JVBFASTPATH_KERNEL_INLINE void Tail(CtrState& s, const uint8_t* in, uint8_t* out, size_t length,
                                    size_t at, uint8_t tail_keystream[16], bool& extra_pending,
                                    __m128i& extra, Check& check) {
  __m512i data[N];  // the input first: its compare overlaps the rounds that follow
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    const __mmask64 mask = Mask(length - 64 * j);
    data[j] = _mm512_maskz_loadu_epi8(mask, in + 64 * j);
    Compare<kCheck>(check, data[j], at + 64 * j, mask);
  }
  __m512i ks[N];
  KeyStreamMaybeExtra<N>(s, ks, extra_pending, extra);
  const size_t last_block = (length - 1) / 16;
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    const __mmask64 mask = Mask(length - 64 * j);
    _mm512_mask_storeu_epi8(out + 64 * j, mask, _mm512_xor_si512(ks[j], data[j]));
    if (length % 16 != 0 && last_block / 4 == static_cast<size_t>(j)) {
      __m128i block;
      switch (last_block % 4) {
        case 0: block = _mm512_extracti32x4_epi32(ks[j], 0); break;
        case 1: block = _mm512_extracti32x4_epi32(ks[j], 1); break;
        case 2: block = _mm512_extracti32x4_epi32(ks[j], 2); break;
        default: block = _mm512_extracti32x4_epi32(ks[j], 3); break;
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(tail_keystream), block);
    }
  }
}

template <bool kCheck>
bool Ctr32With(const AesSchedule* schedule, uint8_t counter[16], const uint8_t* in, uint8_t* out,
               size_t length, uint8_t tail_keystream[16], uint8_t extra_block[16],
               const uint8_t* expected, size_t expected_from) {
  // A local whose address never leaves this function, so that its accumulator stays in a
  // register (the stores through `out` may alias anything the caller could see).
  Check check{expected, expected_from};
  const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m128i first =
      _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(counter)), swap);
  const size_t total_blocks = (length + 15) / 16;
  CtrState s;
  s.rounds = schedule->rounds;
  s.rk = reinterpret_cast<const __m512i*>(schedule->wide_round_keys);
  s.swap = _mm512_broadcast_i32x4(swap);
  s.ctr = _mm512_add_epi32(_mm512_broadcast_i32x4(first),
                           _mm512_set_epi32(3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0));
  __m128i extra = extra_block != nullptr
                      ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(extra_block))
                      : _mm_setzero_si128();
  bool extra_pending = extra_block != nullptr;  // until encrypted
  size_t at = 0;  // input offset of `in`
  while (length >= 256) {
    // The input first: its compare overlaps the rounds that follow.
    __m512i data[4];
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) {
      data[j] = _mm512_loadu_si512(in + 64 * j);
      Compare<kCheck>(check, data[j], at + 64 * j, ~__mmask64{0});
    }
    __m512i ks[4];
    KeyStreamMaybeExtra<4>(s, ks, extra_pending, extra);
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) {
      _mm512_storeu_si512(out + 64 * j, _mm512_xor_si512(ks[j], data[j]));
    }
    in += 256;
    out += 256;
    at += 256;
    length -= 256;
  }
  if (length != 0) {
    switch ((length + 63) / 64) {
      case 1:
        Tail<1, kCheck>(s, in, out, length, at, tail_keystream, extra_pending, extra, check);
        break;
      case 2:
        Tail<2, kCheck>(s, in, out, length, at, tail_keystream, extra_pending, extra, check);
        break;
      case 3:
        Tail<3, kCheck>(s, in, out, length, at, tail_keystream, extra_pending, extra, check);
        break;
      default:
        Tail<4, kCheck>(s, in, out, length, at, tail_keystream, extra_pending, extra, check);
        break;
    }
  }
  const __m128i next = _mm_add_epi32(
      first, _mm_set_epi32(static_cast<int>(static_cast<uint32_t>(total_blocks)), 0, 0, 0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(counter), _mm_shuffle_epi8(next, swap));
  if (extra_block != nullptr) {
    if (extra_pending) {  // no data: the extra block alone
      extra = _mm_xor_si128(extra, _mm512_castsi512_si128(s.rk[0]));
      for (int r = 1; r < s.rounds; ++r) {
        extra = _mm_aesenc_si128(extra, _mm512_castsi512_si128(s.rk[r]));
      }
      extra = _mm_aesenclast_si128(extra, _mm512_castsi512_si128(s.rk[s.rounds]));
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(extra_block), extra);
  }
  return _mm512_test_epi64_mask(check.differs, check.differs) == 0;
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

// --- GHASH ----------------------------------------------------------------------------------

// Four-lane products accumulated: lo, mid (middle terms), hi.
struct Wide {
  __m512i lo, mid, hi;
};

inline void MultiplyAdd(__m512i a, __m512i h, Wide* w) {
  w->lo = _mm512_xor_si512(w->lo, _mm512_clmulepi64_epi128(a, h, 0x00));
  w->hi = _mm512_xor_si512(w->hi, _mm512_clmulepi64_epi128(a, h, 0x11));
  w->mid = _mm512_ternarylogic_epi64(w->mid, _mm512_clmulepi64_epi128(a, h, 0x01),
                                     _mm512_clmulepi64_epi128(a, h, 0x10), 0x96);
}

// Reduces each lane (aes_ni.cc's Reduce, four at once) and sums the lanes.
inline __m128i ReduceSum(const Wide& w) {
  __m512i lo = _mm512_xor_si512(w.lo, _mm512_bslli_epi128(w.mid, 8));
  const __m512i hi = _mm512_xor_si512(w.hi, _mm512_bsrli_epi128(w.mid, 8));
  const __m512i poly = _mm512_broadcast_i32x4(
      _mm_set_epi64x(0, static_cast<long long>(0xc200000000000000ULL)));
  for (int step = 0; step < 2; ++step) {
    lo = _mm512_xor_si512(_mm512_shuffle_epi32(lo, _MM_PERM_BADC),
                          _mm512_clmulepi64_epi128(lo, poly, 0x00));
  }
  const __m512i r = _mm512_xor_si512(hi, lo);
  const __m256i r2 = _mm256_xor_si256(_mm512_castsi512_si256(r), _mm512_extracti64x4_epi64(r, 1));
  return _mm_xor_si128(_mm256_castsi256_si128(r2), _mm256_extracti128_si256(r2, 1));
}

inline __m512i ByteReverse() {
  return _mm512_broadcast_i32x4(
      _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

// Accumulates into w the products of the blocks of in[0, bytes) (a multiple of 16, at most
// 256) by the powers at h (H^(bytes/16) first), xi added to the first block.
inline void MultiplyBlocks(const uint8_t* in, size_t bytes, const uint8_t* h, __m128i xi,
                           Wide* w) {
  for (size_t j = 0; j * 64 < bytes; ++j) {
    const __mmask64 mask = Mask(bytes - 64 * j);
    __m512i d = _mm512_shuffle_epi8(_mm512_maskz_loadu_epi8(mask, in + 64 * j), ByteReverse());
    if (j == 0) d = _mm512_xor_si512(d, _mm512_zextsi128_si512(xi));
    MultiplyAdd(d, _mm512_maskz_loadu_epi8(mask, h + 64 * j), w);
  }
}

void Ghash(const GhashKey* key, uint8_t xi_bytes[16], const uint8_t* in, size_t blocks) {
  const uint8_t* powers = &key->powers[0][0];
  __m128i xi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(xi_bytes));
  while (blocks != 0) {
    const size_t n = blocks < 16 ? blocks : 16;
    Wide w = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
    MultiplyBlocks(in, 16 * n, powers + 16 * (16 - n), xi, &w);  // H^n first
    xi = ReduceSum(w);
    in += 16 * n;
    blocks -= n;
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(xi_bytes), xi);
}

// --- GCM open: CTR and GHASH stitched -------------------------------------------------------

inline void AesRound(__m512i* ks, int n, __m512i round_key) {
#pragma GCC unroll 4
  for (int j = 0; j < n; ++j) ks[j] = _mm512_aesenc_epi128(ks[j], round_key);
}

// What a chunk hashes around its ciphertext: `aad_blocks` whole blocks before it, and after
// it the lengths block if not null.
struct Edges {
  const uint8_t* aad;
  size_t aad_blocks;
  const uint8_t* lengths;
};

// One chunk: `length` bytes of ciphertext at `data`, 64(N-1) < length <= 64N (none for
// N = 0), and with kEdges the chunk's edges, 16 blocks at the most in all. Their GHASH (the
// ciphertext's last block zero-padded, xi added to the first block) is multiplied by
// H^blocks .. H^1 and reduced once, one register's products beside each of the first N AES
// rounds of the key stream (from s.ctr, which advances past the chunk's blocks), the
// reduction beside the next; then the plaintext is written over the ciphertext. Returns the
// new xi.
template <int N, bool kEdges>
inline __m128i OpenChunk(CtrState& s, const uint8_t* powers, __m128i xi, uint8_t* data,
                         size_t length, const Edges& e) {
  const __m512i four = _mm512_set_epi32(4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0);
  const size_t bytes = (length + 15) & ~size_t{15};
  size_t hashed = bytes;
  if constexpr (kEdges) hashed += 16 * e.aad_blocks + (e.lengths != nullptr ? 16 : 0);
  const uint8_t* h = powers + 256 - hashed;  // H^blocks first
  __m512i c[N > 0 ? N : 1], ks[N > 0 ? N : 1];
  __m512i ctr = s.ctr;
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    c[j] = _mm512_maskz_loadu_epi8(Mask(length - 64 * j), data + 64 * j);
    ks[j] = _mm512_xor_si512(_mm512_shuffle_epi8(ctr, s.swap), s.rk[0]);
    ctr = _mm512_add_epi32(ctr, four);
  }
  s.ctr = _mm512_add_epi32(
      s.ctr, _mm512_broadcast_i32x4(_mm_set_epi32(static_cast<int>(bytes / 16), 0, 0, 0)));
  Wide w = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  if constexpr (kEdges) {
    if (e.aad_blocks != 0) {
      MultiplyBlocks(e.aad, 16 * e.aad_blocks, h, xi, &w);
      h += 16 * e.aad_blocks;
      xi = _mm_setzero_si128();
    }
    if (e.lengths != nullptr) {
      MultiplyBlocks(e.lengths, 16, powers + 240, N == 0 ? xi : _mm_setzero_si128(), &w);
    }
  }
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    __m512i d = _mm512_shuffle_epi8(c[j], ByteReverse());
    if (j == 0) d = _mm512_xor_si512(d, _mm512_zextsi128_si512(xi));
    AesRound(ks, N, s.rk[j + 1]);
    MultiplyAdd(d, _mm512_maskz_loadu_epi8(Mask(bytes - 64 * j), h + 64 * j), &w);
  }
  AesRound(ks, N, s.rk[N + 1]);
  xi = ReduceSum(w);
  for (int r = N + 2; r < s.rounds; ++r) AesRound(ks, N, s.rk[r]);
#pragma GCC unroll 4
  for (int j = 0; j < N; ++j) {
    const __m512i plain =
        _mm512_xor_si512(_mm512_aesenclast_epi128(ks[j], s.rk[s.rounds]), c[j]);
    _mm512_mask_storeu_epi8(data + 64 * j, Mask(length - 64 * j), plain);
  }
  return xi;
}

// A chunk with edges, `length` <= 256; a lengths block that does not fit is hashed after it,
// alone.
inline __m128i OpenEdgeChunk(CtrState& s, const uint8_t* powers, __m128i xi, uint8_t* data,
                             size_t length, Edges e) {
  const uint8_t* lengths_after = nullptr;
  if (e.lengths != nullptr && e.aad_blocks + (length + 15) / 16 == 16) {
    lengths_after = e.lengths;
    e.lengths = nullptr;
  }
  switch ((length + 63) / 64) {
    case 0: xi = OpenChunk<0, true>(s, powers, xi, data, length, e); break;
    case 1: xi = OpenChunk<1, true>(s, powers, xi, data, length, e); break;
    case 2: xi = OpenChunk<2, true>(s, powers, xi, data, length, e); break;
    case 3: xi = OpenChunk<3, true>(s, powers, xi, data, length, e); break;
    default: xi = OpenChunk<4, true>(s, powers, xi, data, length, e); break;
  }
  if (lengths_after == nullptr) return xi;
  return OpenChunk<0, true>(s, powers, xi, data, 0, Edges{nullptr, 0, lengths_after});
}

// The AAD and the whole registers of ciphertext that fit beside it in 16 blocks first, then
// chunks of 256 bytes, the last with the lengths block.
void GcmOpen(const AesSchedule* schedule, const GhashKey* key, uint8_t counter[16],
             uint8_t xi_bytes[16], const uint8_t* aad, size_t aad_blocks, uint8_t* data,
             size_t length, const uint8_t lengths[16]) {
  const __m128i swap = _mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m128i first =
      _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(counter)), swap);
  const __m128i next = _mm_add_epi32(
      first, _mm_set_epi32(static_cast<int>(static_cast<uint32_t>((length + 15) / 16)), 0, 0, 0));
  CtrState s = {reinterpret_cast<const __m512i*>(schedule->wide_round_keys), schedule->rounds,
                _mm512_broadcast_i32x4(swap),
                _mm512_add_epi32(_mm512_broadcast_i32x4(first),
                                 _mm512_set_epi32(3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0))};
  const uint8_t* powers = &key->powers[0][0];
  __m128i xi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(xi_bytes));
  if (length <= 256 - 16 * aad_blocks) {
    xi = OpenEdgeChunk(s, powers, xi, data, length, Edges{aad, aad_blocks, lengths});
  } else {
    // Whole registers beside the AAD: a partial one's masked store would hold up the next
    // chunk's load of the same 64 bytes until it retires.
    const size_t room = (256 - 16 * aad_blocks) & ~size_t{63};
    xi = OpenEdgeChunk(s, powers, xi, data, room, Edges{aad, aad_blocks, nullptr});
    for (data += room, length -= room; length > 256; data += 256, length -= 256) {
      xi = OpenChunk<4, false>(s, powers, xi, data, 256, Edges{});
    }
    xi = OpenEdgeChunk(s, powers, xi, data, length, Edges{nullptr, 0, lengths});
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(xi_bytes), xi);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(counter), _mm_shuffle_epi8(next, swap));
}

// AES-NI's key schedule, and each round key broadcast for the 512-bit rounds.
void ExpandKey(const uint8_t* key, size_t key_length, AesSchedule* out) {
  AesNiExpandKey(key, key_length, out);
  for (int r = 0; r <= out->rounds; ++r) {
    _mm512_store_si512(out->wide_round_keys[r], Broadcast(out->round_keys[r]));
  }
}

}  // namespace

const AesKernels kVaesKernels = {ExpandKey,     Ctr32, AesNiEncryptBlock, ClmulGhashKey, Ghash,
                                 GcmOpen};

}  // namespace jvbfastpath::crypto::internal
