#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::rtp {

std::string_view RtpErrorName(RtpError error) {
  switch (error) {
#define JVBFASTPATH_X(e, name) \
  case RtpError::e:            \
    return name;
    JVBFASTPATH_RTP_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  }
  return "unknown";
}

Result<RtpPacket, RtpError> ParseRtp(std::span<const uint8_t> data) {
  if (data.size() < RtpPacket::kFixedHeaderSize) return RtpError::kTooShort;
  if ((data[0] >> 6) != RtpPacket::kVersion) return RtpError::kBadVersion;

  RtpPacket packet;
  packet.data_ = data;
  size_t pos = RtpPacket::kFixedHeaderSize + 4 * size_t{packet.csrc_count()};
  if (pos > data.size()) return RtpError::kCsrcPastEnd;

  if (packet.has_extension()) {
    if (data.size() - pos < 4) return RtpError::kExtensionHeaderPastEnd;
    packet.extension_profile_ = ReadU16(&data[pos]);
    const size_t ext_size = 4 * size_t{ReadU16(&data[pos + 2])};
    pos += 4;
    if (data.size() - pos < ext_size) return RtpError::kExtensionPastEnd;
    packet.extension_data_ = data.subspan(pos, ext_size);
    pos += ext_size;
  }
  packet.header_size_ = pos;

  if (packet.has_padding()) {
    if (data.size() == pos) return RtpError::kPaddingPastEnd;  // no byte for the count
    const size_t padding = data.back();
    if (padding == 0) return RtpError::kPaddingInvalid;
    if (padding > data.size() - pos) return RtpError::kPaddingPastEnd;
    packet.padding_size_ = padding;
  }
  return packet;
}

bool LooksLikeRtcp(std::span<const uint8_t> data) {
  return data.size() >= 2 && data[1] >= 192 && data[1] <= 223;
}

namespace {
bool HasFixedHeader(std::span<uint8_t> packet) {
  return packet.size() >= RtpPacket::kFixedHeaderSize;
}
}  // namespace

bool SetSequenceNumber(std::span<uint8_t> packet, uint16_t seq) {
  if (!HasFixedHeader(packet)) return false;
  WriteU16(&packet[2], seq);
  return true;
}

bool SetTimestamp(std::span<uint8_t> packet, uint32_t timestamp) {
  if (!HasFixedHeader(packet)) return false;
  WriteU32(&packet[4], timestamp);
  return true;
}

bool SetSsrc(std::span<uint8_t> packet, uint32_t ssrc) {
  if (!HasFixedHeader(packet)) return false;
  WriteU32(&packet[8], ssrc);
  return true;
}

bool SetMarker(std::span<uint8_t> packet, bool marker) {
  if (!HasFixedHeader(packet)) return false;
  packet[1] = static_cast<uint8_t>((packet[1] & 0x7f) | (marker ? 0x80 : 0));
  return true;
}

bool SetPayloadType(std::span<uint8_t> packet, uint8_t payload_type) {
  if (!HasFixedHeader(packet) || payload_type > 127) return false;
  packet[1] = static_cast<uint8_t>((packet[1] & 0x80) | payload_type);
  return true;
}

}  // namespace jvbfastpath::rtp
