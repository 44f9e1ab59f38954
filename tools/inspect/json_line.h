// One JSON object per output line, built field by field.
//
// Contract: keys are written as given (callers pass plain ASCII names); string values are
// escaped per RFC 8259. IntOrNull writes null for the absent value the parsers use (-1 or
// below). The buffer is reused from line to line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace jvbfastpath::inspect {

class JsonLine {
 public:
  JsonLine& String(std::string_view key, std::string_view value);
  JsonLine& Uint(std::string_view key, uint64_t value);
  JsonLine& Int(std::string_view key, int64_t value);
  JsonLine& Bool(std::string_view key, bool value);
  JsonLine& Null(std::string_view key);
  // `value` if it is >= 0, else null.
  JsonLine& IntOrNull(std::string_view key, int64_t value);
  // A tri-state flag: 1 true, 0 false, anything else null.
  JsonLine& FlagOrNull(std::string_view key, int value);
  // `literal` must already be valid JSON (e.g. a number formatted by the caller).
  JsonLine& Raw(std::string_view key, std::string_view literal);

  // Writes "{...}\n" to `out` and starts the next line.
  void Print(std::FILE* out);
  // The line so far, closed (for tests).
  std::string Text() const { return text_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string text_ = "{";
};

}  // namespace jvbfastpath::inspect
