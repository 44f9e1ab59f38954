#include "tests/interop/pcap_datagrams.h"

#include <memory>

namespace jvbfastpath::interop {

bool ReadPcapDatagrams(const std::string& path, std::vector<CapturedDatagram>* out,
                       std::string* error) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, decltype(&pcap_close)> in(pcap_open_offline(path.c_str(), errbuf),
                                                    &pcap_close);
  if (!in) {
    *error = "cannot read " + path + ": " + errbuf;
    return false;
  }
  const int link_type = pcap_datalink(in.get());
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc;
  while ((rc = pcap_next_ex(in.get(), &header, &data)) == 1) {
    capture::UdpDatagram datagram;
    if (capture::ParseUdpFrame(link_type, {data, static_cast<size_t>(header->caplen)},
                               &datagram) != capture::FrameError::kOk) {
      continue;
    }
    CapturedDatagram captured;
    captured.time = header->ts;
    captured.payload.assign(datagram.payload.begin(), datagram.payload.end());
    captured.addresses = datagram;
    captured.addresses.payload = {};
    out->push_back(std::move(captured));
  }
  if (rc == PCAP_ERROR) {
    *error = "read error in " + path + ": " + pcap_geterr(in.get());
    return false;
  }
  return true;
}

bool PcapWriter::Open(const std::string& path, std::string* error) {
  Close();
  dead_ = pcap_open_dead(DLT_EN10MB, 65535);
  dumper_ = pcap_dump_open(dead_, path.c_str());
  if (dumper_ == nullptr) {
    *error = "cannot write " + path + ": " + pcap_geterr(dead_);
    pcap_close(dead_);
    dead_ = nullptr;
    return false;
  }
  return true;
}

void PcapWriter::Write(const timeval& time, const capture::UdpDatagram& addresses,
                       std::span<const uint8_t> payload) {
  frame_.resize(14 + 40 + 8 + payload.size());
  const size_t n = capture::BuildUdpFrame(addresses, payload, frame_);
  if (n == 0) return;
  pcap_pkthdr header{};
  header.ts = time;
  header.caplen = header.len = static_cast<bpf_u_int32>(n);
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame_.data());
}

void PcapWriter::Close() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (dead_ != nullptr) pcap_close(dead_);
  dumper_ = nullptr;
  dead_ = nullptr;
}

capture::IpAddress Loopback() {
  capture::IpAddress address;
  address.bytes[0] = 127;
  address.bytes[3] = 1;
  return address;
}

}  // namespace jvbfastpath::interop
