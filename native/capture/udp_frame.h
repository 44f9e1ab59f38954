// UDP datagrams out of captured link-layer frames (what pcap/pcapng files hold).
//
// Contract: ParseUdpFrame reads one frame of the given pcap link type and returns the UDP
// datagram it carries (addresses, ports, payload view into the frame), or a reason why not.
// It never reads past the frame; truncated captures (caplen < len) give kTruncated.
// Link types: Ethernet (with 802.1Q/802.1ad tags), Linux cooked v1/v2, BSD loopback
// (DLT_NULL / DLT_LOOP), raw IP. Network: IPv4 (first fragments only; later fragments are
// kFragment) and IPv6 (hop-by-hop, routing, destination-options extension headers).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace jvbfastpath::capture {

// pcap LINKTYPE_ values (tcpdump.org/linktypes.html).
inline constexpr int kLinkNull = 0;
inline constexpr int kLinkEthernet = 1;
inline constexpr int kLinkRaw = 101;
inline constexpr int kLinkLoop = 108;
inline constexpr int kLinkLinuxSll = 113;
inline constexpr int kLinkLinuxSll2 = 276;

enum class FrameError : uint8_t {
  kOk,
  kUnsupportedLinkType,
  kNotIp,
  kNotUdp,
  kFragment,
  kTruncated,
  kMalformed,
};

std::string_view FrameErrorName(FrameError error);

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
  std::string ToString() const;
};

struct UdpDatagram {
  IpAddress src;
  IpAddress dst;
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  std::span<const uint8_t> payload;
};

FrameError ParseUdpFrame(int link_type, std::span<const uint8_t> frame, UdpDatagram* out);

// Writes an Ethernet + IPv4/IPv6 + UDP frame carrying `payload` from `like`'s addresses and
// ports into `out`; returns the frame length, or 0 if `out` is too small.
size_t BuildUdpFrame(const UdpDatagram& like, std::span<const uint8_t> payload,
                     std::span<uint8_t> out);

}  // namespace jvbfastpath::capture
