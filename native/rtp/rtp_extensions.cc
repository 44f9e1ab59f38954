#include "native/rtp/rtp_extensions.h"

namespace jvbfastpath::rtp {

std::optional<AudioLevelExtension::Value> AudioLevelExtension::Parse(
    std::span<const uint8_t> data) {
  if (data.empty()) return std::nullopt;
  return Value{static_cast<uint8_t>(data[0] & 0x7f), (data[0] & 0x80) != 0};
}

bool AudioLevelExtension::Write(std::span<uint8_t> data, Value value) {
  if (data.empty() || value.level > 127) return false;
  data[0] = static_cast<uint8_t>((value.voice ? 0x80 : 0) | value.level);
  return true;
}

std::optional<uint16_t> TransportSequenceNumberExtension::Parse(std::span<const uint8_t> data) {
  if (data.size() < 2) return std::nullopt;
  return ReadU16(data.data());
}

bool TransportSequenceNumberExtension::Write(std::span<uint8_t> data, uint16_t value) {
  if (data.size() < 2) return false;
  WriteU16(data.data(), value);
  return true;
}

std::optional<uint32_t> AbsSendTimeExtension::Parse(std::span<const uint8_t> data) {
  if (data.size() < 3) return std::nullopt;
  return ReadU24(data.data());
}

bool AbsSendTimeExtension::Write(std::span<uint8_t> data, uint32_t value) {
  if (data.size() < 3 || value > 0xffffff) return false;
  WriteU24(data.data(), value);
  return true;
}

std::optional<std::string_view> ParseSdesExtension(std::span<const uint8_t> data) {
  size_t size = data.size();
  while (size > 0 && data[size - 1] == 0) --size;
  if (size == 0) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(data.data()), size);
}

}  // namespace jvbfastpath::rtp
