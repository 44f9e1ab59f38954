#include "native/crypto/cpu.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace jvbfastpath::crypto {
namespace {

struct Features {
  bool aes_ni = false;  // AES-NI, PCLMULQDQ, SSSE3, SSE4.1
  bool vaes = false;    // and VAES, VPCLMULQDQ, AVX-512F/BW/VL with the OS saving ZMM state
  bool sha_ni = false;  // SHA, SSSE3, SSE4.1
};

#if defined(__x86_64__)
uint64_t ReadXcr0() {
  uint32_t eax = 0;
  uint32_t edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

Features Detect() {
  Features f;
  unsigned int eax = 0, ebx = 0, ecx1 = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx1, &edx) == 0) return f;
  unsigned int ebx7 = 0, ecx7 = 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx7, &ecx7, &edx) == 0) ebx7 = ecx7 = 0;
  auto bit = [](unsigned int reg, int n) { return ((reg >> n) & 1u) != 0; };
  const bool ssse3_sse41 = bit(ecx1, 9) && bit(ecx1, 19);
  f.aes_ni = ssse3_sse41 && bit(ecx1, 25) && bit(ecx1, 1);
  f.sha_ni = ssse3_sse41 && bit(ebx7, 29);
  const bool osxsave = bit(ecx1, 27);
  // XCR0: SSE and AVX state (bits 1-2), opmask and both halves of the ZMM state (bits 5-7).
  const bool os_zmm = osxsave && (ReadXcr0() & 0xe6) == 0xe6;
  const bool avx512 = bit(ebx7, 16) && bit(ebx7, 30) && bit(ebx7, 31);  // F, BW, VL
  f.vaes = f.aes_ni && os_zmm && avx512 && bit(ecx7, 9) && bit(ecx7, 10);
  return f;
}
#else
Features Detect() { return {}; }
#endif

const Features& Cpu() {
  static const Features features = Detect();
  return features;
}

AesImpl BestAesBelow(AesImpl cap) {
  for (int i = static_cast<int>(cap); i > 0; --i) {
    if (Supported(static_cast<AesImpl>(i))) return static_cast<AesImpl>(i);
  }
  return AesImpl::kPortable;
}

Sha1Impl BestSha1Below(Sha1Impl cap) {
  return cap == Sha1Impl::kShaNi && Supported(Sha1Impl::kShaNi) ? Sha1Impl::kShaNi
                                                                  : Sha1Impl::kPortable;
}

struct Defaults {
  std::atomic<AesImpl> aes;
  std::atomic<Sha1Impl> sha1;
  Defaults() : aes(BestAesBelow(AesImpl::kVaes)), sha1(BestSha1Below(Sha1Impl::kShaNi)) {
    const char* env = std::getenv("JVBFASTPATH_CRYPTO");
    if (env == nullptr) return;
    if (std::strcmp(env, "portable") == 0) {
      aes = AesImpl::kPortable;
      sha1 = Sha1Impl::kPortable;
    } else if (std::strcmp(env, "aesni") == 0) {
      aes = BestAesBelow(AesImpl::kAesNi);
    }
  }
};

Defaults& TheDefaults() {
  static Defaults defaults;
  return defaults;
}

}  // namespace

bool Supported(AesImpl impl) {
  switch (impl) {
    case AesImpl::kPortable: return true;
    case AesImpl::kAesNi: return Cpu().aes_ni;
    case AesImpl::kVaes: return Cpu().vaes;
  }
  return false;
}

bool Supported(Sha1Impl impl) {
  return impl == Sha1Impl::kPortable || (impl == Sha1Impl::kShaNi && Cpu().sha_ni);
}

std::string_view Name(AesImpl impl) {
  switch (impl) {
    case AesImpl::kPortable: return "portable";
    case AesImpl::kAesNi: return "aesni";
    case AesImpl::kVaes: return "vaes";
  }
  return "?";
}

std::string_view Name(Sha1Impl impl) {
  return impl == Sha1Impl::kShaNi ? "shani" : "portable";
}

AesImpl DefaultAesImpl() { return TheDefaults().aes.load(std::memory_order_relaxed); }
Sha1Impl DefaultSha1Impl() { return TheDefaults().sha1.load(std::memory_order_relaxed); }

void SetDefaultImpls(AesImpl aes, Sha1Impl sha1) {
  TheDefaults().aes.store(BestAesBelow(aes), std::memory_order_relaxed);
  TheDefaults().sha1.store(BestSha1Below(sha1), std::memory_order_relaxed);
}

}  // namespace jvbfastpath::crypto
