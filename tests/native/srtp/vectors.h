// The RFCs' SRTP vectors from tests/data/srtp/rfc_vectors.txt, the file the Java tests read
// too (its header describes the format). Read once, on first use; a missing file or name
// aborts: a test must not run on a vector it did not get.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

#include "tests/native/srtp/hex.h"

namespace jvbfastpath::srtp::testing {

inline constexpr char kVectorFile[] = "tests/data/srtp/rfc_vectors.txt";

// The file from the test's working directory (bazel test runs in the runfiles root), else
// under $TEST_SRCDIR/jvbfastpath.
inline std::map<std::string, Bytes> LoadVectors() {
  std::ifstream in(kVectorFile);
  if (!in) {
    const char* srcdir = std::getenv("TEST_SRCDIR");
    if (srcdir != nullptr) in.open(std::string(srcdir) + "/jvbfastpath/" + kVectorFile);
  }
  if (!in) {
    std::fprintf(stderr, "cannot read %s (add it to the test's data)\n", kVectorFile);
    std::abort();
  }
  std::map<std::string, std::string> text;
  std::string* current = nullptr;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t") == std::string::npos) {
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (current == nullptr) {
        std::fprintf(stderr, "%s: hex before a name\n", kVectorFile);
        std::abort();
      }
      *current += line;
      continue;
    }
    const size_t colon = line.find(':');
    const std::string name = colon == std::string::npos ? "" : line.substr(0, colon);
    if (name.empty() || text.count(name) != 0) {
      std::fprintf(stderr, "%s: bad or repeated name in '%s'\n", kVectorFile, line.c_str());
      std::abort();
    }
    current = &(text[name] = line.substr(colon + 1));
  }
  std::map<std::string, Bytes> vectors;
  for (const auto& [name, hex] : text) vectors[name] = Hex(hex);
  return vectors;
}

inline const Bytes& Vector(std::string_view name) {
  static const std::map<std::string, Bytes> vectors = LoadVectors();
  auto it = vectors.find(std::string(name));
  if (it == vectors.end()) {
    std::fprintf(stderr, "%s has no vector '%.*s'\n", kVectorFile, static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
  return it->second;
}

}  // namespace jvbfastpath::srtp::testing
