// Process-wide libsrtp set-up: srtp_init once, versions of what we are built on.
//
// Contract: EnsureLibsrtpInitialized() is idempotent and thread-safe; every SrtpSession
// calls it. libsrtp's own error reports go to stderr with a prefix (it never reports keys:
// debug logging is compiled out, see third_party/libsrtp/config.h).
#pragma once

#include <string>

namespace jvbfastpath::srtp {

// Also installs our cipher and auth types (crypto_types.h).
// Returns false if libsrtp failed its start-up self test.
bool EnsureLibsrtpInitialized();

// "libsrtp2 2.5.0"
std::string LibsrtpVersion();

// "OpenSSL 3.0.x <date>", from the libcrypto actually loaded at run time.
std::string CryptoBackendVersion();

}  // namespace jvbfastpath::srtp
