// Internal: the per-instruction-set kernels behind AesCtr, AesGcm and HmacSha1.
//
// Each x86 kernel file is compiled for its own instruction set (BUILD: copts) and includes
// only C headers, so that no inline C++ function compiled for an instruction set this CPU
// may lack can be chosen by the linker for code that runs everywhere. Callers reach a kernel
// only through a table returned for an implementation cpu.h reports as supported.
//
// Key hygiene: kernels keep round keys and key stream in registers or in the caller's
// (wiped) context, and wipe what they must stage on the stack, so that no key or key stream
// (which is key material during SRTP's key derivation) outlives a call there
// (tests/native/secrets checks the process memory after close).
//
// Conventions: a "counter block" is 16 bytes whose last 4 bytes are a big-endian counter
// that the kernels increment modulo 2^32 (GCM's inc32; AES-CTR callers split a call where
// those 32 bits would wrap and carry by hand). GHASH values are kept byte-reversed (the
// integer whose bit i is the coefficient of x^(127-i)), so they load straight into a
// register; the GCM tag code reverses them back.
#pragma once

#include <stddef.h>
#include <stdint.h>

// For the kernels' per-block helpers: inlined whatever the compiler's size heuristics say,
// because a call clobbers every vector register, and the values live across it (input,
// key stream) would be spilled to the stack and read back on every chunk.
#define JVBFASTPATH_KERNEL_INLINE inline __attribute__((always_inline))

namespace jvbfastpath::crypto::internal {

// An AES encryption key schedule: rounds + 1 round keys (10 for AES-128, 14 for AES-256),
// and for the VAES kernels each round key four times over (a 512-bit operand), so that the
// kernels read them from here and never keep a copy of their own on the stack.
struct AesSchedule {
  alignas(64) uint8_t round_keys[15][16];
  alignas(64) uint8_t wide_round_keys[15][64];
  int rounds;
};

// H^16 .. H^1 times x^-1 (byte-reversed form), so that one carry-less multiply by an entry
// and a Montgomery-style reduction gives a product by the power of H.
struct GhashKey {
  alignas(64) uint8_t powers[16][16];
};

struct AesKernels {
  // key_length is 16 or 32 (the caller checked).
  void (*expand_key)(const uint8_t* key, size_t key_length, AesSchedule* out);
  // XORs the key stream of `length` bytes from `counter` into in -> out (may alias). The
  // counter is advanced past every block begun; if length is not a multiple of 16, the
  // last block's key stream is written to tail_keystream (otherwise it is untouched). If
  // `extra` is not null, that block is encrypted in place alongside (GCM's E(K, J0), which
  // then costs no latency of its own).
  // If `expected` is not null, the input is compared in the same pass with what it must
  // be: in[k] with expected[k - expected_from] for every k in [expected_from, length)
  // (expected_from <= length; no byte of `expected` outside that range is read). Returns
  // false if any of them differs, true otherwise (always true without `expected`); the
  // output is written either way.
  bool (*ctr32)(const AesSchedule* schedule, uint8_t counter[16], const uint8_t* in,
                uint8_t* out, size_t length, uint8_t tail_keystream[16], uint8_t extra[16],
                const uint8_t* expected, size_t expected_from);
  void (*encrypt_block)(const AesSchedule* schedule, const uint8_t in[16], uint8_t out[16]);
  // h is E(K, 0^128) as GCM defines it (not reversed).
  void (*ghash_key)(const uint8_t h[16], GhashKey* out);
  // xi = (... ((xi ^ b0) * H ^ b1) * H ...) * H over `blocks` 16-byte blocks of `in`.
  void (*ghash)(const GhashKey* key, uint8_t xi[16], const uint8_t* in, size_t blocks);
  // GCM decryption in one pass over the data (CTR and GHASH stitched): GHASH as ghash
  // computes it, into xi, over `aad_blocks` (<= 15) whole blocks at `aad`, then the `length`
  // bytes of ciphertext at `data` (the last block zero-padded), then the 16-byte `lengths`
  // block; and the key stream from `counter` XORed into the ciphertext in place, each chunk
  // read once and hashed before its plaintext is written. The counter is advanced past
  // every block begun, as by ctr32. Null in a table: AesGcm runs ghash, then ctr32.
  void (*gcm_open)(const AesSchedule* schedule, const GhashKey* key, uint8_t counter[16],
                   uint8_t xi[16], const uint8_t* aad, size_t aad_blocks, uint8_t* data,
                   size_t length, const uint8_t lengths[16]);
};

// SHA-1's compression function over `blocks` 64-byte blocks.
using Sha1Blocks = void (*)(uint32_t state[5], const uint8_t* in, size_t blocks);

// HMAC-SHA1's end: from `inner` (the inner hash's state after its whole blocks), the last
// `used` (< 64) bytes in `block` (scratch, 128 bytes) of an inner message of `total` bytes
// (the ipad block included) are padded and hashed, then the outer hash from `outer` over the
// inner digest; writes the 20-byte MAC.
using HmacSha1Finish = void (*)(const uint32_t inner[5], const uint32_t outer[5],
                                uint8_t block[128], size_t used, uint64_t total, uint8_t mac[20]);

#if defined(__x86_64__)
// aes_ni.cc: also the key set-up of kVaesKernels (a VAES CPU has AES-NI and PCLMULQDQ).
void AesNiExpandKey(const uint8_t* key, size_t key_length, AesSchedule* out);
void AesNiEncryptBlock(const AesSchedule* schedule, const uint8_t in[16], uint8_t out[16]);
void ClmulGhashKey(const uint8_t h[16], GhashKey* out);
extern const AesKernels kAesNiKernels;
extern const AesKernels kVaesKernels;
void Sha1BlocksShaNi(uint32_t state[5], const uint8_t* in, size_t blocks);
void HmacSha1FinishShaNi(const uint32_t inner[5], const uint32_t outer[5], uint8_t block[128],
                         size_t used, uint64_t total, uint8_t mac[20]);
#endif

}  // namespace jvbfastpath::crypto::internal
