#include "native/srtp/libsrtp_library.h"

#include <openssl/crypto.h>

#include <cstdio>
#include <mutex>

#include "native/srtp/crypto_types.h"
#include "srtp2/srtp.h"

namespace jvbfastpath::srtp {
namespace {

void ReportLibsrtpMessage(srtp_log_level_t level, const char* message, void* /*data*/) {
  if (level == srtp_log_level_debug) return;
  std::fprintf(stderr, "jvbfastpath: libsrtp: %s\n", message);
}

}  // namespace

bool EnsureLibsrtpInitialized() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = srtp_init() == srtp_err_status_ok;
    srtp_install_log_handler(&ReportLibsrtpMessage, nullptr);
    if (ok && !InstallCryptoTypes()) {
      std::fprintf(stderr, "jvbfastpath: one of our cipher/auth types failed its self test; "
                           "libsrtp's own stays in its place\n");
    }
  });
  return ok;
}

std::string LibsrtpVersion() { return srtp_get_version_string(); }

std::string CryptoBackendVersion() { return OpenSSL_version(OPENSSL_VERSION); }

}  // namespace jvbfastpath::srtp
