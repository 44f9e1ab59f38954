// udp_to_pcap: receives RTP and RTCP on a loopback port pair and writes them to a pcap.
//
//   udp_to_pcap --out CAPTURE --port-file FILE [--max-seconds N]
//   udp_to_pcap --pick-free-pair
//
// Binds 127.0.0.1:P (RTP) and 127.0.0.1:P+1 (RTCP) with P even and free, picked by the
// kernel, then writes "P" to FILE (atomically: the file appears complete). Every datagram
// is kept, in arrival order, as an Ethernet/IPv4/UDP frame to the port it arrived on. Stops
// on SIGTERM/SIGINT (after draining what is queued) or after --max-seconds (default 60),
// then writes CAPTURE and prints the count to stderr.
// --pick-free-pair prints such a P and exits, for a receiver that binds P itself (a small
// race with other processes is possible; the caller then fails clearly when it cannot bind).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tests/interop/packet_lines.h"
#include "tests/interop/pcap_datagrams.h"

namespace jvbfastpath::interop {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

int BindLoopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  int size = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  return fd;
}

uint16_t LocalPort(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

// Binds an even port and the next one; returns false after many tries.
bool BindPair(int fds[2]) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    int rtp = BindLoopback(0);
    if (rtp < 0) return false;
    const uint16_t port = LocalPort(rtp);
    if (port % 2 == 0 && port < 65535) {
      int rtcp = BindLoopback(static_cast<uint16_t>(port + 1));
      if (rtcp >= 0) {
        fds[0] = rtp;
        fds[1] = rtcp;
        return true;
      }
    }
    close(rtp);
  }
  return false;
}

struct Received {
  timeval time;
  uint16_t src_port;
  uint16_t dst_port;
  std::vector<uint8_t> payload;
};

// Reads every datagram queued on fd without blocking.
void Drain(int fd, uint16_t port, std::vector<Received>* out) {
  uint8_t buffer[65536];
  for (;;) {
    sockaddr_in from{};
    socklen_t len = sizeof(from);
    ssize_t n = recvfrom(fd, buffer, sizeof(buffer), MSG_DONTWAIT,
                         reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) return;
    Received r;
    gettimeofday(&r.time, nullptr);
    r.src_port = ntohs(from.sin_port);
    r.dst_port = port;
    r.payload.assign(buffer, buffer + n);
    out->push_back(std::move(r));
  }
}

int Run(int argc, char** argv) {
  int fds[2];
  if (!BindPair(fds)) {
    std::fprintf(stderr, "udp_to_pcap: cannot bind a free port pair on 127.0.0.1\n");
    return 1;
  }
  const uint16_t port = LocalPort(fds[0]);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--pick-free-pair") == 0) {
      close(fds[0]);
      close(fds[1]);
      std::printf("%u\n", port);
      return 0;
    }
  }
  const std::string out = FlagValue(argc, argv, "--out");
  const std::string port_file = FlagValue(argc, argv, "--port-file");
  const std::string max = FlagValue(argc, argv, "--max-seconds");
  if (out.empty() || port_file.empty()) {
    std::fprintf(stderr, "usage: udp_to_pcap --out CAPTURE --port-file FILE [--max-seconds N]\n"
                         "       udp_to_pcap --pick-free-pair\n");
    return 2;
  }
  const int max_seconds = max.empty() ? 60 : std::stoi(max);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);

  const std::string tmp = port_file + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr || std::fprintf(f, "%u\n", port) < 0 || std::fclose(f) != 0 ||
      std::rename(tmp.c_str(), port_file.c_str()) != 0) {
    std::fprintf(stderr, "udp_to_pcap: cannot write %s\n", port_file.c_str());
    return 1;
  }

  std::vector<Received> received;
  timeval start;
  gettimeofday(&start, nullptr);
  pollfd polls[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
  bool timed_out = false;
  while (!g_stop) {
    timeval now;
    gettimeofday(&now, nullptr);
    if (now.tv_sec - start.tv_sec >= max_seconds) {
      timed_out = true;
      break;
    }
    int n = poll(polls, 2, 100);
    if (n < 0 && errno != EINTR) break;
    // Drain both sockets in one go so RTP and RTCP keep their arrival order closely.
    if (n > 0) {
      Drain(fds[0], port, &received);
      Drain(fds[1], static_cast<uint16_t>(port + 1), &received);
    }
  }
  Drain(fds[0], port, &received);
  Drain(fds[1], static_cast<uint16_t>(port + 1), &received);
  close(fds[0]);
  close(fds[1]);

  PcapWriter writer;
  std::string error;
  if (!writer.Open(out, &error)) {
    std::fprintf(stderr, "udp_to_pcap: %s\n", error.c_str());
    return 1;
  }
  capture::UdpDatagram addresses;
  addresses.src = Loopback();
  addresses.dst = Loopback();
  for (const Received& r : received) {
    addresses.src_port = r.src_port;
    addresses.dst_port = r.dst_port;
    writer.Write(r.time, addresses, r.payload);
  }
  writer.Close();
  std::fprintf(stderr, "udp_to_pcap: %zu datagrams on ports %u/%u%s\n", received.size(), port,
               port + 1, timed_out ? " (stopped by --max-seconds)" : "");
  return 0;
}

}  // namespace
}  // namespace jvbfastpath::interop

int main(int argc, char** argv) { return jvbfastpath::interop::Run(argc, argv); }
