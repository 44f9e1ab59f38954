// --srtp-key values: which SRTP master key (key || salt, base64) applies to which packets.
//
// Contract: a spec is "BASE64" (every packet), "ssrc:N=BASE64" (one SSRC; N decimal or
// 0x-hex) or "port:N=BASE64" (datagrams from or to UDP port N). KeyRing picks, for a packet,
// the SSRC key first, then the port key, then the default. The decoded bytes live in
// SecretBytes and are never printed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "native/common/secret_bytes.h"

namespace jvbfastpath::inspect {

using KeyBytes = SecretBytes<64>;

// Standard base64 with optional padding; nullopt on any invalid character or length.
std::optional<KeyBytes> DecodeBase64Key(std::string_view text);

struct KeySpec {
  enum class Scope : uint8_t { kDefault, kSsrc, kPort } scope = Scope::kDefault;
  uint32_t value = 0;  // the SSRC or the port
  KeyBytes key;
};

// Parses one --srtp-key argument; on failure returns nullopt and sets *error.
std::optional<KeySpec> ParseKeySpec(std::string_view arg, std::string* error);

class KeyRing {
 public:
  void Add(KeySpec spec);
  bool empty() const { return specs_.empty(); }
  // Index of the spec that applies, or -1 if none does.
  int Find(uint32_t ssrc, uint16_t src_port, uint16_t dst_port) const;
  const KeySpec& spec(int index) const { return specs_[static_cast<size_t>(index)]; }
  size_t size() const { return specs_.size(); }

 private:
  std::vector<KeySpec> specs_;
};

}  // namespace jvbfastpath::inspect
