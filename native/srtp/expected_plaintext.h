// ExpectedPlaintext: bytes an outbound RTP packet must still hold when it is encrypted,
// compared by our cipher types (crypto_types.h) in the pass that encrypts them. This is how
// the E2EE passthrough check (e2ee/passthrough_guard.h) runs at egress: one more load per
// 64 bytes inside the AES kernel instead of a second pass over the payload before protect
// (docs/performance.md, `bench e2ee`).
//
// Contract:
// - SrtpSession::ProtectRtp(packet, length, &expected) makes `expected` the active one on
//   its thread for the call (ScopedExpectation; one thread per session, so no sharing). The
//   first cipher call that encrypts a range ending at the packet's end and containing
//   [at, at + bytes.size()) checks it and sets the verdict; every other cipher call (key
//   derivation, SRTCP) leaves it alone. Code that moves the packet's bytes before
//   encrypting moves `at` with them (Cryptex's empty extension block, cryptex.cc).
// - kNotChecked after a successful protect cannot happen while our cipher types are
//   installed (CheckedWhileEncrypting()); after a failed one it means nothing was encrypted
//   (libsrtp refused the packet first), so the bytes can still be compared in place.
// - kModified: the packet was encrypted all the same (the cipher pass is the check) and
//   must not be sent.
#pragma once

#include <cstdint>
#include <span>

namespace jvbfastpath::srtp {

struct ExpectedPlaintext {
  enum class Verdict : uint8_t { kNotChecked, kIntact, kModified };
  const uint8_t* at = nullptr;     // in the packet: where the expected bytes must be
  std::span<const uint8_t> bytes;  // what must be there, up to the packet's end
  Verdict verdict = Verdict::kNotChecked;
};

namespace internal {
// initial-exec: one %fs-relative load per cipher call, no __tls_get_addr (8 bytes of the
// static TLS surplus glibc keeps for libraries loaded later, as the JVM loads this one);
// constinit: no dynamic initialisation, so no TLS wrapper call either.
extern constinit __attribute__((tls_model("initial-exec"))) thread_local ExpectedPlaintext*
    active_expectation;
}  // namespace internal

// The expectation of the protect call running on this thread, or null. Read by every
// cipher call (inline: it is on every packet's path).
inline ExpectedPlaintext* ActiveExpectation() { return internal::active_expectation; }

class ScopedExpectation {
 public:
  explicit ScopedExpectation(ExpectedPlaintext* expected) {
    internal::active_expectation = expected;
  }
  ~ScopedExpectation() { internal::active_expectation = nullptr; }
  ScopedExpectation(const ScopedExpectation&) = delete;
  ScopedExpectation& operator=(const ScopedExpectation&) = delete;
};

// True when every SRTP cipher libsrtp uses here is ours (InstallCryptoTypes succeeded for
// all four), so that every protect checks its expectation; false: the caller compares the
// bytes itself before protecting.
bool CheckedWhileEncrypting();
void SetCheckedWhileEncrypting(bool ours);  // InstallCryptoTypes's verdict

}  // namespace jvbfastpath::srtp
