// UDP datagrams read from, and written to, pcap files (libpcap) for the interop tools.
//
// Contract: ReadPcapDatagrams returns every UDP datagram of a pcap/pcapng capture in
// capture order (payload copied, with its time and addresses); frames that are not UDP are
// skipped. PcapWriter writes Ethernet/IPv4/UDP frames (capture::BuildUdpFrame).
#pragma once

#include <pcap/pcap.h>
#include <sys/time.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "native/capture/udp_frame.h"

namespace jvbfastpath::interop {

struct CapturedDatagram {
  timeval time{};
  capture::UdpDatagram addresses;  // payload left empty: see `payload`
  std::vector<uint8_t> payload;
};

bool ReadPcapDatagrams(const std::string& path, std::vector<CapturedDatagram>* out,
                       std::string* error);

class PcapWriter {
 public:
  PcapWriter() = default;
  ~PcapWriter() { Close(); }
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  bool Open(const std::string& path, std::string* error);
  void Write(const timeval& time, const capture::UdpDatagram& addresses,
             std::span<const uint8_t> payload);
  void Close();

 private:
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  std::vector<uint8_t> frame_;
};

// 127.0.0.1 as an IpAddress.
capture::IpAddress Loopback();

}  // namespace jvbfastpath::interop
