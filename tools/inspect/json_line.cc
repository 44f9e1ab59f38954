#include "tools/inspect/json_line.h"

#include <cinttypes>

namespace jvbfastpath::inspect {

void JsonLine::Key(std::string_view key) {
  if (text_.size() > 1) text_ += ',';
  text_ += '"';
  text_ += key;
  text_ += "\":";
}

JsonLine& JsonLine::String(std::string_view key, std::string_view value) {
  Key(key);
  text_ += '"';
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      text_ += '\\';
      text_ += c;
    } else if (u < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
      text_ += escaped;
    } else {
      text_ += c;
    }
  }
  text_ += '"';
  return *this;
}

JsonLine& JsonLine::Uint(std::string_view key, uint64_t value) {
  Key(key);
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::Int(std::string_view key, int64_t value) {
  Key(key);
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::Bool(std::string_view key, bool value) {
  Key(key);
  text_ += value ? "true" : "false";
  return *this;
}

JsonLine& JsonLine::Null(std::string_view key) {
  Key(key);
  text_ += "null";
  return *this;
}

JsonLine& JsonLine::IntOrNull(std::string_view key, int64_t value) {
  return value >= 0 ? Int(key, value) : Null(key);
}

JsonLine& JsonLine::FlagOrNull(std::string_view key, int value) {
  if (value == 0 || value == 1) return Bool(key, value == 1);
  return Null(key);
}

JsonLine& JsonLine::Raw(std::string_view key, std::string_view literal) {
  Key(key);
  text_ += literal;
  return *this;
}

void JsonLine::Print(std::FILE* out) {
  text_ += "}\n";
  std::fwrite(text_.data(), 1, text_.size(), out);
  text_.clear();
  text_ += '{';
}

}  // namespace jvbfastpath::inspect
