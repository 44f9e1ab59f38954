#include "native/version/version.h"

#include <gtest/gtest.h>

namespace jvbfastpath {
namespace {

TEST(VersionTest, NamesLibsrtpAndTheOpenSslBackend) {
  VersionInfo v = GetVersionInfo();
  EXPECT_EQ(kFastpathVersion, v.fastpath);
  EXPECT_EQ("libsrtp2 2.5.0", v.libsrtp);
  EXPECT_EQ(0u, v.crypto_backend.rfind("OpenSSL 3.", 0)) << v.crypto_backend;
  EXPECT_NE(std::string::npos, VersionLine().find("OpenSSL"));
}

}  // namespace
}  // namespace jvbfastpath
