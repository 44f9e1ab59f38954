// Fuzz target: UDP datagrams out of captured frames (the inspect tool's pcap reader).
// Byte 0 picks the link type; a parsed datagram is rebuilt and must parse to the same.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "native/capture/demux.h"
#include "native/capture/udp_frame.h"

using namespace jvbfastpath::capture;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const int kLinkTypes[] = {kLinkNull,     kLinkEthernet, kLinkRaw,
                                   kLinkLoop,     kLinkLinuxSll, kLinkLinuxSll2};
  const int link_type = kLinkTypes[data[0] % 6];
  UdpDatagram datagram;
  if (ParseUdpFrame(link_type, {data + 1, size - 1}, &datagram) != FrameError::kOk) return 0;
  ClassifyUdpPayload(datagram.payload);
  std::vector<uint8_t> frame(14 + 40 + 8 + datagram.payload.size());
  const size_t n = BuildUdpFrame(datagram, datagram.payload, frame);
  if (n == 0) return 0;
  UdpDatagram again;
  if (ParseUdpFrame(kLinkEthernet, {frame.data(), n}, &again) != FrameError::kOk ||
      again.src_port != datagram.src_port || again.dst_port != datagram.dst_port ||
      again.payload.size() != datagram.payload.size() ||
      std::memcmp(again.payload.data(), datagram.payload.data(), datagram.payload.size()) != 0) {
    std::abort();
  }
  return 0;
}
