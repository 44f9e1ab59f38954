// Typed RTP header extensions: each is a small type with its ExtensionType, a Parse of the
// element's data and, where the bridge rewrites it, a Write of the same size in place.
//
// Contract: Parse takes the element data (as found by header_extensions.h) and returns
// std::nullopt when it is too short or invalid; extra trailing bytes are ignored (senders
// may pad). Write never changes the element's size: it returns false when the element is
// smaller than the value. Nothing allocates; string values are views into the packet.
// Adding an extension never touches RtpPacket.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "native/rtp/bytes.h"
#include "native/rtp/extension_map.h"
#include "native/rtp/header_extensions.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::rtp {

// RFC 6464 client-to-mixer audio level:
//     0 1 2 3 4 5 6 7
//    +-+-+-+-+-+-+-+-+
//    |V|   level     |   level: 0..127, in -dBov (0 loudest, 127 silence)
//    +-+-+-+-+-+-+-+-+
struct AudioLevelExtension {
  static constexpr ExtensionType kType = ExtensionType::kAudioLevel;
  struct Value {
    uint8_t level = 127;
    bool voice = false;
  };
  static std::optional<Value> Parse(std::span<const uint8_t> data);
  static bool Write(std::span<uint8_t> data, Value value);
};

// draft-holmer-rmcat-transport-wide-cc-extensions-01: a 16-bit transport-wide sequence
// number, big-endian (version 2 appends feedback-request bytes; they are ignored here).
struct TransportSequenceNumberExtension {
  static constexpr ExtensionType kType = ExtensionType::kTransportSequenceNumber;
  using Value = uint16_t;
  static std::optional<Value> Parse(std::span<const uint8_t> data);
  static bool Write(std::span<uint8_t> data, Value value);
};

// abs-send-time: 24 bits, seconds in 6.18 fixed point (wraps every 64 s).
struct AbsSendTimeExtension {
  static constexpr ExtensionType kType = ExtensionType::kAbsSendTime;
  using Value = uint32_t;
  static std::optional<Value> Parse(std::span<const uint8_t> data);
  static bool Write(std::span<uint8_t> data, Value value);
};

// RFC 7941 SDES items in a header extension (RFC 9143 mid, RFC 8852 rtp-stream-id and
// repaired-rtp-stream-id): the text, without trailing NUL bytes; nullopt when empty.
std::optional<std::string_view> ParseSdesExtension(std::span<const uint8_t> data);

struct MidExtension {
  static constexpr ExtensionType kType = ExtensionType::kMid;
  using Value = std::string_view;
  static std::optional<Value> Parse(std::span<const uint8_t> data) {
    return ParseSdesExtension(data);
  }
};
struct RtpStreamIdExtension {
  static constexpr ExtensionType kType = ExtensionType::kRtpStreamId;
  using Value = std::string_view;
  static std::optional<Value> Parse(std::span<const uint8_t> data) {
    return ParseSdesExtension(data);
  }
};
struct RepairedRtpStreamIdExtension {
  static constexpr ExtensionType kType = ExtensionType::kRepairedRtpStreamId;
  using Value = std::string_view;
  static std::optional<Value> Parse(std::span<const uint8_t> data) {
    return ParseSdesExtension(data);
  }
};

// The element data of extension type `type` as mapped for this endpoint; empty if absent.
inline std::span<const uint8_t> FindExtension(const RtpPacket& packet, const ExtensionMap& map,
                                              ExtensionType type) {
  const uint8_t id = map.IdOf(type);
  return id == ExtensionMap::kNoId ? std::span<const uint8_t>() : FindExtension(packet, id);
}

template <typename Ext>
std::optional<typename Ext::Value> GetExtension(const RtpPacket& packet, const ExtensionMap& map) {
  const std::span<const uint8_t> data = FindExtension(packet, map, Ext::kType);
  if (data.empty()) return std::nullopt;
  return Ext::Parse(data);
}

// Rewrites extension `Ext` in `bytes`, the same buffer `packet` was parsed from. False when
// the extension is absent or too small.
template <typename Ext>
bool SetExtension(std::span<uint8_t> bytes, const RtpPacket& packet, const ExtensionMap& map,
                  typename Ext::Value value) {
  const std::span<const uint8_t> data = FindExtension(packet, map, Ext::kType);
  if (data.empty()) return false;
  const size_t offset = OffsetIn(packet.data(), data);
  if (offset + data.size() > bytes.size()) return false;
  return Ext::Write(bytes.subspan(offset, data.size()), value);
}

}  // namespace jvbfastpath::rtp
