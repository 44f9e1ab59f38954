// The shared test hex helpers (tests/native/common/hex.h), in the SRTP tests' namespace.
#pragma once

#include "tests/native/common/hex.h"

namespace jvbfastpath::srtp::testing {

using jvbfastpath::testing::Bytes;
using jvbfastpath::testing::Concat;
using jvbfastpath::testing::Hex;
using jvbfastpath::testing::ToHex;

}  // namespace jvbfastpath::srtp::testing
