// Fuzz target: --srtp-key arguments of the inspect tool.
#include <cstdint>
#include <string>
#include <string_view>

#include "tools/inspect/key_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  jvbfastpath::inspect::ParseKeySpec(
      std::string_view(reinterpret_cast<const char*>(data), size), &error);
  return 0;
}
