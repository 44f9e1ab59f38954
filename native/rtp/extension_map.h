// Which header extension each local ID means, for one endpoint (RFC 8285 section 5:
// "a=extmap:<id> <uri>" as negotiated in SDP).
//
// Contract: set up once per endpoint (Register from SDP URIs), then read-only on the
// packet path: TypeOf(id) and IdOf(type) are table lookups. Unknown URIs are accepted and
// map to kUnknown, so an SDP with extensions we do not read is not an error. IDs 1..255
// (1..14 fit the one-byte form); 0 and 15 in the one-byte sense are rejected as IDs only
// where RFC 8285 forbids them (0 always; 15 is valid in the two-byte form).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace jvbfastpath::rtp {

//   X(enumerator, "name", "uri")
#define JVBFASTPATH_RTP_EXTENSIONS(X)                                                         \
  X(kAudioLevel, "ssrc-audio-level", "urn:ietf:params:rtp-hdrext:ssrc-audio-level")          \
  X(kTransportSequenceNumber, "transport-cc",                                                 \
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01")              \
  X(kAbsSendTime, "abs-send-time", "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time") \
  X(kMid, "mid", "urn:ietf:params:rtp-hdrext:sdes:mid")                                       \
  X(kRtpStreamId, "rtp-stream-id", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id")            \
  X(kRepairedRtpStreamId, "repaired-rtp-stream-id",                                           \
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id")                                 \
  X(kDependencyDescriptor, "dependency-descriptor",                                           \
    "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension") \
  X(kTransmissionOffset, "toffset", "urn:ietf:params:rtp-hdrext:toffset")                     \
  X(kVideoOrientation, "video-orientation", "urn:3gpp:video-orientation")

enum class ExtensionType : uint8_t {
  kUnknown,
#define JVBFASTPATH_X(e, name, uri) e,
  JVBFASTPATH_RTP_EXTENSIONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
      kCount,
};

std::string_view ExtensionTypeName(ExtensionType type);
// kUnknown for a URI we do not read. Exact match, as SDP URIs are case-sensitive.
ExtensionType ExtensionTypeFromUri(std::string_view uri);

class ExtensionMap {
 public:
  static constexpr uint8_t kNoId = 0;

  // Maps `id` to `uri`'s type. False (and no change) for id 0. A later registration of
  // the same id or type replaces the earlier one.
  bool Register(uint8_t id, std::string_view uri);
  bool Register(uint8_t id, ExtensionType type);
  void Clear();

  ExtensionType TypeOf(uint8_t id) const { return by_id_[id]; }
  // kNoId when the type is not negotiated.
  uint8_t IdOf(ExtensionType type) const { return by_type_[static_cast<size_t>(type)]; }

 private:
  std::array<ExtensionType, 256> by_id_{};
  std::array<uint8_t, static_cast<size_t>(ExtensionType::kCount)> by_type_{};
};

}  // namespace jvbfastpath::rtp
