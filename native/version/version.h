// What this build of JVB Fastpath is and what it runs on.
//
// Contract: plain strings, computed once, safe from any thread. CryptoBackend() names the
// libcrypto loaded at run time (it must say OpenSSL), not the headers we compiled with.
#pragma once

#include <string>
#include <string_view>

namespace jvbfastpath {

inline constexpr std::string_view kFastpathVersion = "0.1.0";

struct VersionInfo {
  std::string fastpath;        // "0.1.0"
  std::string libsrtp;         // "libsrtp2 2.5.0"
  std::string crypto_backend;  // "OpenSSL 3.0.x <date>"
};

VersionInfo GetVersionInfo();

// "jvb-fastpath 0.1.0; libsrtp2 2.5.0; OpenSSL 3.0.x ..." for logs and --version.
std::string VersionLine();

}  // namespace jvbfastpath
