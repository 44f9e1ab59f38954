#include "native/srtp/expected_plaintext.h"

#include <atomic>

namespace jvbfastpath::srtp {

constinit __attribute__((tls_model("initial-exec"))) thread_local ExpectedPlaintext*
    internal::active_expectation = nullptr;

namespace {

std::atomic<bool> ours{false};

}  // namespace

bool CheckedWhileEncrypting() { return ours.load(std::memory_order_relaxed); }
void SetCheckedWhileEncrypting(bool value) { ours.store(value, std::memory_order_relaxed); }

}  // namespace jvbfastpath::srtp
