// Which code runs our AES and SHA-1: picked from what the CPU has (cpuid, once), or forced.
//
// Contract: every context (AesCtr, AesGcm, HmacSha1) takes its implementation when it is
// keyed and keeps it; nothing is decided per packet. Supported() says whether this CPU can
// run an implementation (the portable ones always can); tests, fuzzers and benchmarks force
// each supported one in turn. DefaultAesImpl()/DefaultSha1Impl() are what contexts keyed
// without an explicit choice use (the libsrtp cipher and auth types do): the best supported,
// unless capped with SetDefaultImpls() or, at start-up, JVBFASTPATH_CRYPTO=portable|aesni.
#pragma once

#include <cstdint>
#include <string_view>

namespace jvbfastpath::crypto {

enum class AesImpl : uint8_t {
  kPortable,  // OpenSSL EVP (any CPU OpenSSL runs on: its own AES-NI/ARMv8/table code)
  kAesNi,     // x86-64 AES-NI + PCLMULQDQ on 128-bit registers
  kVaes,      // x86-64 VAES + VPCLMULQDQ on 512-bit registers (AVX-512F/BW/VL)
};

enum class Sha1Impl : uint8_t {
  kPortable,  // OpenSSL's SHA-1 block function (it picks SHA-NI/AVX2/NEON itself)
  kShaNi,     // x86-64 SHA extensions
};

inline constexpr AesImpl kAllAesImpls[] = {AesImpl::kPortable, AesImpl::kAesNi, AesImpl::kVaes};
inline constexpr Sha1Impl kAllSha1Impls[] = {Sha1Impl::kPortable, Sha1Impl::kShaNi};

bool Supported(AesImpl impl);
bool Supported(Sha1Impl impl);

// "portable", "aesni", "vaes"; "portable", "shani".
std::string_view Name(AesImpl impl);
std::string_view Name(Sha1Impl impl);

AesImpl DefaultAesImpl();
Sha1Impl DefaultSha1Impl();

// Caps the defaults (for contexts keyed from now on): an unsupported choice falls back to the
// best supported one below it. Not for the packet path; thread-safe.
void SetDefaultImpls(AesImpl aes, Sha1Impl sha1);

}  // namespace jvbfastpath::crypto
