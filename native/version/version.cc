#include "native/version/version.h"

#include "native/srtp/libsrtp_library.h"

namespace jvbfastpath {

VersionInfo GetVersionInfo() {
  return VersionInfo{std::string(kFastpathVersion), srtp::LibsrtpVersion(),
                     srtp::CryptoBackendVersion()};
}

std::string VersionLine() {
  VersionInfo v = GetVersionInfo();
  return "jvb-fastpath " + v.fastpath + "; " + v.libsrtp + "; " + v.crypto_backend;
}

}  // namespace jvbfastpath
