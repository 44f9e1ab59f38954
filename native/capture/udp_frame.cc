#include "native/capture/udp_frame.h"

#include <arpa/inet.h>

#include <cstring>

#include "native/rtp/bytes.h"

namespace jvbfastpath::capture {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86DD;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88A8;
constexpr uint8_t kProtoUdp = 17;


FrameError ParseUdp(std::span<const uint8_t> l4, UdpDatagram* out) {
  if (l4.size() < 8) return FrameError::kTruncated;
  out->src_port = rtp::ReadU16(&l4[0]);
  out->dst_port = rtp::ReadU16(&l4[2]);
  const uint16_t udp_length = rtp::ReadU16(&l4[4]);
  if (udp_length < 8) return FrameError::kMalformed;
  if (udp_length > l4.size()) return FrameError::kTruncated;
  out->payload = l4.subspan(8, udp_length - 8);
  return FrameError::kOk;
}

FrameError ParseIpv4(std::span<const uint8_t> ip, UdpDatagram* out) {
  if (ip.size() < 20) return FrameError::kTruncated;
  if ((ip[0] >> 4) != 4) return FrameError::kMalformed;
  const size_t header = (ip[0] & 0x0F) * 4u;
  const size_t total = rtp::ReadU16(&ip[2]);
  if (header < 20 || total < header) return FrameError::kMalformed;
  if (total > ip.size()) return FrameError::kTruncated;
  if (ip[9] != kProtoUdp) return FrameError::kNotUdp;
  if ((rtp::ReadU16(&ip[6]) & 0x1FFF) != 0) return FrameError::kFragment;
  out->src.v6 = out->dst.v6 = false;
  std::memcpy(out->src.bytes.data(), &ip[12], 4);
  std::memcpy(out->dst.bytes.data(), &ip[16], 4);
  return ParseUdp(ip.subspan(header, total - header), out);
}

FrameError ParseIpv6(std::span<const uint8_t> ip, UdpDatagram* out) {
  if (ip.size() < 40) return FrameError::kTruncated;
  if ((ip[0] >> 4) != 6) return FrameError::kMalformed;
  const size_t payload_length = rtp::ReadU16(&ip[4]);
  if (40 + payload_length > ip.size()) return FrameError::kTruncated;
  out->src.v6 = out->dst.v6 = true;
  std::memcpy(out->src.bytes.data(), &ip[8], 16);
  std::memcpy(out->dst.bytes.data(), &ip[24], 16);
  uint8_t next = ip[6];
  std::span<const uint8_t> rest = ip.subspan(40, payload_length);
  // Hop-by-hop (0), routing (43), destination options (60): length in 8-octet units.
  while (next == 0 || next == 43 || next == 60) {
    if (rest.size() < 8) return FrameError::kTruncated;
    const size_t ext = (rest[1] + 1u) * 8u;
    if (ext > rest.size()) return FrameError::kTruncated;
    next = rest[0];
    rest = rest.subspan(ext);
  }
  if (next == 44) return FrameError::kFragment;
  if (next != kProtoUdp) return FrameError::kNotUdp;
  return ParseUdp(rest, out);
}

FrameError ParseByEtherType(uint16_t type, std::span<const uint8_t> rest, UdpDatagram* out) {
  if (type == kEtherIpv4) return ParseIpv4(rest, out);
  if (type == kEtherIpv6) return ParseIpv6(rest, out);
  return FrameError::kNotIp;
}

FrameError ParseRawIp(std::span<const uint8_t> ip, UdpDatagram* out) {
  if (ip.empty()) return FrameError::kTruncated;
  if ((ip[0] >> 4) == 4) return ParseIpv4(ip, out);
  if ((ip[0] >> 4) == 6) return ParseIpv6(ip, out);
  return FrameError::kNotIp;
}

uint32_t SumWords(std::span<const uint8_t> bytes, uint32_t sum) {
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += rtp::ReadU16(&bytes[i]);
  if (i < bytes.size()) sum += static_cast<uint32_t>(bytes[i]) << 8;
  return sum;
}

uint16_t FoldChecksum(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace

std::string_view FrameErrorName(FrameError error) {
  switch (error) {
    case FrameError::kOk: return "ok";
    case FrameError::kUnsupportedLinkType: return "unsupported_link_type";
    case FrameError::kNotIp: return "not_ip";
    case FrameError::kNotUdp: return "not_udp";
    case FrameError::kFragment: return "fragment";
    case FrameError::kTruncated: return "truncated";
    case FrameError::kMalformed: return "malformed";
  }
  return "unknown";
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), text, sizeof(text));
  return text;
}

FrameError ParseUdpFrame(int link_type, std::span<const uint8_t> frame, UdpDatagram* out) {
  switch (link_type) {
    case kLinkEthernet: {
      if (frame.size() < 14) return FrameError::kTruncated;
      size_t offset = 12;
      uint16_t type = rtp::ReadU16(&frame[offset]);
      while (type == kEtherVlan || type == kEtherQinQ) {
        offset += 4;
        if (frame.size() < offset + 2) return FrameError::kTruncated;
        type = rtp::ReadU16(&frame[offset]);
      }
      return ParseByEtherType(type, frame.subspan(offset + 2), out);
    }
    case kLinkLinuxSll:
      if (frame.size() < 16) return FrameError::kTruncated;
      return ParseByEtherType(rtp::ReadU16(&frame[14]), frame.subspan(16), out);
    case kLinkLinuxSll2:
      if (frame.size() < 20) return FrameError::kTruncated;
      return ParseByEtherType(rtp::ReadU16(&frame[0]), frame.subspan(20), out);
    case kLinkNull:
    case kLinkLoop:
      // A 4-byte address family (host byte order for NULL, network order for LOOP); the IP
      // version nibble tells us the same thing more robustly.
      if (frame.size() < 4) return FrameError::kTruncated;
      return ParseRawIp(frame.subspan(4), out);
    case kLinkRaw:
      return ParseRawIp(frame, out);
    default:
      return FrameError::kUnsupportedLinkType;
  }
}

size_t BuildUdpFrame(const UdpDatagram& like, std::span<const uint8_t> payload,
                     std::span<uint8_t> out) {
  const bool v6 = like.src.v6;
  const size_t ip_header = v6 ? 40 : 20;
  const size_t total = 14 + ip_header + 8 + payload.size();
  if (out.size() < total || 8 + payload.size() > 0xFFFF - ip_header) return 0;
  uint8_t* p = out.data();
  std::memset(p, 0, 14 + ip_header + 8);
  rtp::WriteU16(p + 12, v6 ? kEtherIpv6 : kEtherIpv4);
  uint8_t* ip = p + 14;
  uint8_t* udp = ip + ip_header;
  const uint16_t udp_length = static_cast<uint16_t>(8 + payload.size());
  uint32_t pseudo = 0;
  if (v6) {
    ip[0] = 0x60;
    rtp::WriteU16(ip + 4, udp_length);
    ip[6] = kProtoUdp;
    ip[7] = 64;
    std::memcpy(ip + 8, like.src.bytes.data(), 16);
    std::memcpy(ip + 24, like.dst.bytes.data(), 16);
    pseudo = SumWords({ip + 8, 32}, 0);
  } else {
    ip[0] = 0x45;
    rtp::WriteU16(ip + 2, static_cast<uint16_t>(20 + udp_length));
    ip[8] = 64;
    ip[9] = kProtoUdp;
    std::memcpy(ip + 12, like.src.bytes.data(), 4);
    std::memcpy(ip + 16, like.dst.bytes.data(), 4);
    rtp::WriteU16(ip + 10, FoldChecksum(SumWords({ip, 20}, 0)));
    pseudo = SumWords({ip + 12, 8}, 0);
  }
  rtp::WriteU16(udp, like.src_port);
  rtp::WriteU16(udp + 2, like.dst_port);
  rtp::WriteU16(udp + 4, udp_length);
  std::memcpy(udp + 8, payload.data(), payload.size());
  pseudo += kProtoUdp + udp_length;
  uint16_t checksum = FoldChecksum(SumWords({udp, udp_length}, pseudo));
  rtp::WriteU16(udp + 6, checksum == 0 ? 0xFFFF : checksum);
  return total;
}

}  // namespace jvbfastpath::capture
