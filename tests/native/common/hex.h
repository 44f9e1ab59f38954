// Hex strings for test vectors, so a vector reads as the RFC prints it: "8040f17b 8041f8d3",
// "00 01 02 03" and "E03EAD09" all parse the same way. Shared by every native test.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jvbfastpath::testing {

using Bytes = std::vector<uint8_t>;

// Hex digits, with spaces and line breaks ignored. Anything else, or an odd number of digits,
// aborts: a typo in a vector must not quietly become a shorter vector.
inline Bytes Hex(std::string_view text) {
  Bytes out;
  int high = -1;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else if (c == ' ' || c == '\n' || c == '\t') {
      continue;
    } else {
      std::fprintf(stderr, "Hex: not a hex digit: '%c'\n", c);
      std::abort();
    }
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<uint8_t>((high << 4) | digit));
      high = -1;
    }
  }
  if (high >= 0) {
    std::fprintf(stderr, "Hex: odd number of digits\n");
    std::abort();
  }
  return out;
}

// Lower-case hex without separators: compare these in EXPECT_EQ for a readable failure.
inline std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

inline Bytes Concat(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace jvbfastpath::testing
