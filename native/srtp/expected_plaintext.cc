#include "native/srtp/expected_plaintext.h"

#include <atomic>

namespace jvbfastpath::srtp {
namespace {

// initial-exec: one %fs-relative load, no __tls_get_addr call per packet (8 bytes of the
// static TLS surplus glibc keeps for libraries loaded later, as the JVM loads this one).
__attribute__((tls_model("initial-exec"))) thread_local ExpectedPlaintext* active = nullptr;

std::atomic<bool> ours{false};

}  // namespace

ExpectedPlaintext* ActiveExpectation() { return active; }

ScopedExpectation::ScopedExpectation(ExpectedPlaintext* expected) { active = expected; }
ScopedExpectation::~ScopedExpectation() { active = nullptr; }

bool CheckedWhileEncrypting() { return ours.load(std::memory_order_relaxed); }
void SetCheckedWhileEncrypting(bool value) { ours.store(value, std::memory_order_relaxed); }

}  // namespace jvbfastpath::srtp
