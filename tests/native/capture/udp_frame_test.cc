// ParseUdpFrame on every link type it reads (frames built by BuildUdpFrame, then rewrapped),
// its refusals (not IP, not UDP, fragments, truncation, bad lengths), and the RFC 7983 /
// RFC 5761 demux.
#include "native/capture/udp_frame.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "native/capture/demux.h"

namespace jvbfastpath::capture {
namespace {

using Bytes = std::vector<uint8_t>;

const Bytes kPayload = {0x80, 0x60, 0x00, 0x01, 0xAA, 0xBB};

UdpDatagram Like(bool v6) {
  UdpDatagram d;
  d.src.v6 = d.dst.v6 = v6;
  if (v6) {
    d.src.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    d.dst.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  } else {
    d.src.bytes = {192, 0, 2, 1};
    d.dst.bytes = {198, 51, 100, 7};
  }
  d.src_port = 10000;
  d.dst_port = 40000;
  return d;
}

// An Ethernet frame carrying kPayload.
Bytes Ethernet(bool v6) {
  Bytes frame(14 + 40 + 8 + kPayload.size());
  frame.resize(BuildUdpFrame(Like(v6), kPayload, frame));
  return frame;
}

void ExpectDatagram(FrameError error, const UdpDatagram& d, bool v6) {
  ASSERT_EQ(FrameError::kOk, error) << FrameErrorName(error);
  EXPECT_EQ(v6, d.src.v6);
  EXPECT_EQ(10000, d.src_port);
  EXPECT_EQ(40000, d.dst_port);
  EXPECT_EQ(kPayload, Bytes(d.payload.begin(), d.payload.end()));
  EXPECT_EQ(v6 ? "2001:db8::1" : "192.0.2.1", d.src.ToString());
  EXPECT_EQ(v6 ? "2001:db8::2" : "198.51.100.7", d.dst.ToString());
}

TEST(UdpFrameTest, EthernetIpv4AndIpv6) {
  for (bool v6 : {false, true}) {
    const Bytes frame = Ethernet(v6);
    ASSERT_FALSE(frame.empty());
    UdpDatagram d;
    ExpectDatagram(ParseUdpFrame(kLinkEthernet, frame, &d), d, v6);
  }
}

TEST(UdpFrameTest, VlanTagsCookedLoopbackAndRawIp) {
  const Bytes eth = Ethernet(false);
  const Bytes ip(eth.begin() + 14, eth.end());
  UdpDatagram d;
  // 802.1ad + 802.1Q tags before the EtherType.
  Bytes tagged(eth.begin(), eth.begin() + 12);
  tagged.insert(tagged.end(), {0x88, 0xA8, 0x00, 0x05, 0x81, 0x00, 0x00, 0x07, 0x08, 0x00});
  tagged.insert(tagged.end(), ip.begin(), ip.end());
  ExpectDatagram(ParseUdpFrame(kLinkEthernet, tagged, &d), d, false);
  // Linux cooked v1: the protocol at bytes 14-15.
  Bytes sll(16, 0);
  sll[14] = 0x08;
  sll.insert(sll.end(), ip.begin(), ip.end());
  ExpectDatagram(ParseUdpFrame(kLinkLinuxSll, sll, &d), d, false);
  // Linux cooked v2: the protocol first, 20 bytes.
  Bytes sll2(20, 0);
  sll2[0] = 0x08;
  sll2.insert(sll2.end(), ip.begin(), ip.end());
  ExpectDatagram(ParseUdpFrame(kLinkLinuxSll2, sll2, &d), d, false);
  // BSD loopback: a 4-byte address family; the IP version decides.
  Bytes loop = {2, 0, 0, 0};
  loop.insert(loop.end(), ip.begin(), ip.end());
  ExpectDatagram(ParseUdpFrame(kLinkNull, loop, &d), d, false);
  ExpectDatagram(ParseUdpFrame(kLinkLoop, loop, &d), d, false);
  ExpectDatagram(ParseUdpFrame(kLinkRaw, ip, &d), d, false);
  EXPECT_EQ(FrameError::kUnsupportedLinkType, ParseUdpFrame(9999, ip, &d));
}

TEST(UdpFrameTest, Ipv6ExtensionHeadersAreWalked) {
  const Bytes eth = Ethernet(true);
  Bytes frame(eth.begin(), eth.begin() + 14 + 40);
  frame[14 + 6] = 60;  // next: destination options, 8 bytes, then UDP
  const size_t payload_length = (eth.size() - 14 - 40) + 8;
  frame[14 + 4] = static_cast<uint8_t>(payload_length >> 8);
  frame[14 + 5] = static_cast<uint8_t>(payload_length);
  frame.insert(frame.end(), {17, 0, 1, 4, 0, 0, 0, 0});
  frame.insert(frame.end(), eth.begin() + 14 + 40, eth.end());
  UdpDatagram d;
  ExpectDatagram(ParseUdpFrame(kLinkEthernet, frame, &d), d, true);
  frame[14 + 40] = 44;  // the option header now leads to a fragment header
  EXPECT_EQ(FrameError::kFragment, ParseUdpFrame(kLinkEthernet, frame, &d));
  frame[14 + 40] = 6;  // TCP
  EXPECT_EQ(FrameError::kNotUdp, ParseUdpFrame(kLinkEthernet, frame, &d));
}

TEST(UdpFrameTest, Refusals) {
  UdpDatagram d;
  Bytes frame = Ethernet(false);
  Bytes arp = frame;
  arp[12] = 0x08;
  arp[13] = 0x06;
  EXPECT_EQ(FrameError::kNotIp, ParseUdpFrame(kLinkEthernet, arp, &d));
  Bytes tcp = frame;
  tcp[14 + 9] = 6;
  EXPECT_EQ(FrameError::kNotUdp, ParseUdpFrame(kLinkEthernet, tcp, &d));
  Bytes later_fragment = frame;
  later_fragment[14 + 7] = 0x10;  // fragment offset 16
  EXPECT_EQ(FrameError::kFragment, ParseUdpFrame(kLinkEthernet, later_fragment, &d));
  Bytes bad_version = frame;
  bad_version[14] = 0x55;
  EXPECT_EQ(FrameError::kMalformed, ParseUdpFrame(kLinkEthernet, bad_version, &d));
  Bytes short_udp = frame;
  short_udp[14 + 20 + 4] = 0;
  short_udp[14 + 20 + 5] = 7;  // UDP length below its own header
  EXPECT_EQ(FrameError::kMalformed, ParseUdpFrame(kLinkEthernet, short_udp, &d));
  // Truncated anywhere: never a read past the frame.
  for (size_t n = 0; n < frame.size(); ++n) {
    EXPECT_NE(FrameError::kOk, ParseUdpFrame(kLinkEthernet, {frame.data(), n}, &d)) << n;
  }
  EXPECT_EQ(FrameError::kTruncated, ParseUdpFrame(kLinkEthernet, {frame.data(), 30}, &d));
}

TEST(UdpFrameTest, BuildRefusesTooSmallABuffer) {
  Bytes out(20);
  EXPECT_EQ(0u, BuildUdpFrame(Like(false), kPayload, out));
}

TEST(DemuxTest, FirstByteRangesThenRtcpPacketTypes) {
  EXPECT_EQ(PayloadKind::kUnknown, ClassifyUdpPayload({}));
  const Bytes stun = {0x00, 0x01};
  const Bytes dtls = {22, 0xFE};
  const Bytes rtp = {0x80, 0x60};
  const Bytes rtp_marker_pt96 = {0x80, 0xE0};
  const Bytes rtcp_rr = {0x80, 201};
  const Bytes other = {100, 0};
  EXPECT_EQ(PayloadKind::kStun, ClassifyUdpPayload(stun));
  EXPECT_EQ(PayloadKind::kDtls, ClassifyUdpPayload(dtls));
  EXPECT_EQ(PayloadKind::kRtp, ClassifyUdpPayload(rtp));
  EXPECT_EQ(PayloadKind::kRtp, ClassifyUdpPayload(rtp_marker_pt96));
  EXPECT_EQ(PayloadKind::kRtcp, ClassifyUdpPayload(rtcp_rr));
  EXPECT_EQ(PayloadKind::kUnknown, ClassifyUdpPayload(other));
  EXPECT_EQ("rtcp", PayloadKindName(PayloadKind::kRtcp));
}

}  // namespace
}  // namespace jvbfastpath::capture
