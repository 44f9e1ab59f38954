#include "native/rtp/rtcp_packet.h"

namespace jvbfastpath::rtp {

std::string_view RtcpErrorName(RtcpError error) {
  switch (error) {
#define JVBFASTPATH_X(e, name) \
  case RtcpError::e:           \
    return name;
    JVBFASTPATH_RTCP_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  }
  return "unknown";
}

Result<RtcpPacket, RtcpError> ParseRtcpHeader(std::span<const uint8_t> data) {
  if (data.size() < RtcpPacket::kHeaderSize) return RtcpError::kTooShort;
  if ((data[0] >> 6) != 2) return RtcpError::kBadVersion;
  const size_t size = 4 * (size_t{ReadU16(&data[2])} + 1);
  if (size > data.size()) return RtcpError::kLengthPastEnd;

  RtcpPacket packet;
  packet.padding = (data[0] & 0x20) != 0;
  packet.count = data[0] & 0x1f;
  packet.packet_type = data[1];
  packet.data = data.first(size);
  size_t body_size = size - RtcpPacket::kHeaderSize;
  if (packet.padding) {
    if (body_size == 0) return RtcpError::kPaddingPastEnd;
    const size_t padding = packet.data.back();
    if (padding == 0) return RtcpError::kPaddingInvalid;
    if (padding > body_size) return RtcpError::kPaddingPastEnd;
    body_size -= padding;
  }
  packet.body = packet.data.subspan(RtcpPacket::kHeaderSize, body_size);
  return packet;
}

bool RtcpReader::Next(RtcpPacket* packet) {
  if (rest_.empty() || error_ != RtcpError::kOk) return false;
  const Result<RtcpPacket, RtcpError> parsed = ParseRtcpHeader(rest_);
  if (!parsed) {
    error_ = parsed.error();
    rest_ = {};
    return false;
  }
  *packet = *parsed;
  rest_ = rest_.subspan(parsed->data.size());
  return true;
}

RtcpError ValidateRtcpCompound(std::span<const uint8_t> compound) {
  if (compound.empty()) return RtcpError::kTooShort;
  RtcpReader reader(compound);
  RtcpPacket packet;
  while (reader.Next(&packet)) {
  }
  return reader.error();
}

}  // namespace jvbfastpath::rtp
