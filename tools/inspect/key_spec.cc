#include "tools/inspect/key_spec.h"

#include <charconv>

namespace jvbfastpath::inspect {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<uint32_t> ParseNumber(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<KeyBytes> DecodeBase64Key(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  uint8_t out[64];
  size_t n = 0;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    int v = Base64Value(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      if (n == sizeof(out)) return std::nullopt;
      out[n++] = static_cast<uint8_t>(bits >> bit_count);
    }
  }
  KeyBytes key;
  key.Assign({out, n});
  OPENSSL_cleanse(out, sizeof(out));
  return key;
}

std::optional<KeySpec> ParseKeySpec(std::string_view arg, std::string* error) {
  KeySpec spec;
  std::string_view encoded = arg;
  for (auto [prefix, scope] : {std::pair{std::string_view("ssrc:"), KeySpec::Scope::kSsrc},
                               std::pair{std::string_view("port:"), KeySpec::Scope::kPort}}) {
    if (arg.substr(0, prefix.size()) != prefix) continue;
    size_t eq = arg.find('=', prefix.size());
    if (eq == std::string_view::npos) {
      *error = "expected " + std::string(prefix) + "N=BASE64";
      return std::nullopt;
    }
    auto number = ParseNumber(arg.substr(prefix.size(), eq - prefix.size()));
    if (!number || (scope == KeySpec::Scope::kPort && *number > 0xFFFF)) {
      *error = "bad number in --srtp-key " + std::string(arg.substr(0, eq));
      return std::nullopt;
    }
    spec.scope = scope;
    spec.value = *number;
    encoded = arg.substr(eq + 1);
  }
  auto key = DecodeBase64Key(encoded);
  if (!key) {
    *error = "--srtp-key is not valid base64";
    return std::nullopt;
  }
  spec.key = std::move(*key);
  return spec;
}

void KeyRing::Add(KeySpec spec) { specs_.push_back(std::move(spec)); }

int KeyRing::Find(uint32_t ssrc, uint16_t src_port, uint16_t dst_port) const {
  int by_port = -1;
  int fallback = -1;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const KeySpec& s = specs_[i];
    if (s.scope == KeySpec::Scope::kSsrc && s.value == ssrc) return static_cast<int>(i);
    if (s.scope == KeySpec::Scope::kPort && by_port < 0 &&
        (s.value == src_port || s.value == dst_port)) {
      by_port = static_cast<int>(i);
    }
    if (s.scope == KeySpec::Scope::kDefault && fallback < 0) fallback = static_cast<int>(i);
  }
  return by_port >= 0 ? by_port : fallback;
}

}  // namespace jvbfastpath::inspect
