// srtp_send: replays the RTP/RTCP of a plain capture to a loopback receiver, protected
// with JVB Fastpath's SRTP (or plain, for a reference run).
//
//   srtp_send --pcap PLAIN --port P [--profile PROFILE --key BASE64] [--no-rtcp] [--bye]
//             [--interval-us N]
//
// Sends, in capture order, every RTP datagram to 127.0.0.1:P and every RTCP datagram to
// 127.0.0.1:P+1, one every N microseconds (default 2000). --no-rtcp leaves RTCP out.
// --bye ends with an RTCP BYE for each SSRC sent (a receiver such as ffmpeg's SDP input
// ends its stream on it; each BYE follows an empty RR in one compound packet). Protect failures stop the run (exit 1).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "native/capture/demux.h"
#include "native/srtp/srtp_session.h"
#include "tests/interop/packet_lines.h"
#include "tests/interop/pcap_datagrams.h"
#include "tools/inspect/key_spec.h"

namespace jvbfastpath::interop {
namespace {

bool HasFlag(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], flag) == 0) return true;
  }
  return false;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "srtp_send: %s\n", message.c_str());
  return 1;
}

int Run(int argc, char** argv) {
  const std::string pcap = FlagValue(argc, argv, "--pcap");
  const std::string port_text = FlagValue(argc, argv, "--port");
  if (pcap.empty() || port_text.empty()) {
    std::fprintf(stderr,
                 "usage: srtp_send --pcap PLAIN --port P [--profile PROFILE --key BASE64] "
                 "[--no-rtcp] [--bye] [--interval-us N]\n");
    return 2;
  }
  const int port = std::stoi(port_text);
  const std::string interval_text = FlagValue(argc, argv, "--interval-us");
  const int interval_us = interval_text.empty() ? 2000 : std::stoi(interval_text);
  const bool send_rtcp = !HasFlag(argc, argv, "--no-rtcp");

  std::unique_ptr<srtp::SrtpSession> session;
  const std::string profile_name = FlagValue(argc, argv, "--profile");
  if (!profile_name.empty()) {
    auto profile = srtp::ProfileFromName(profile_name);
    if (!profile) return Fail("unknown --profile " + profile_name);
    auto key_bytes = inspect::DecodeBase64Key(FlagValue(argc, argv, "--key"));
    if (!key_bytes) return Fail("--key is not base64");
    auto key = srtp::MasterKey::Create(*profile, key_bytes->view());
    if (!key) return Fail("--key has the wrong length for " + profile_name);
    srtp::SessionConfig config;
    config.direction = srtp::Direction::kOutbound;
    std::string error;
    session = srtp::SrtpSession::Create(*key, config, &error);
    if (!session) return Fail(error);
  }

  std::vector<CapturedDatagram> datagrams;
  std::string error;
  if (!ReadPcapDatagrams(pcap, &datagrams, &error)) return Fail(error);

  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail("socket failed");
  auto send_to = [&](bool rtp, std::span<const uint8_t> bytes) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(rtp ? port : port + 1));
    // Loopback: a refused send (no receiver yet) is reported, not retried.
    return sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&addr),
                  sizeof(addr)) == static_cast<ssize_t>(bytes.size());
  };
  // Protects (when a session is set) and sends one packet.
  std::vector<uint8_t> buffer;
  size_t sent[2] = {0, 0};
  auto protect_and_send = [&](bool rtp, std::span<const uint8_t> plain) -> bool {
    buffer.assign(plain.begin(), plain.end());
    size_t length = buffer.size();
    buffer.resize(length + srtp::kMaxTrailerLength);
    if (session) {
      srtp::Status s = rtp ? session->ProtectRtp(buffer, length)
                           : session->ProtectRtcp(buffer, length);
      if (s != srtp::Status::kOk) {
        std::fprintf(stderr, "srtp_send: protect failed: %.*s\n",
                     static_cast<int>(srtp::StatusName(s).size()), srtp::StatusName(s).data());
        return false;
      }
    }
    if (!send_to(rtp, {buffer.data(), length})) {
      std::fprintf(stderr, "srtp_send: sendto 127.0.0.1:%d failed: %s\n", rtp ? port : port + 1,
                   std::strerror(errno));
      return false;
    }
    ++sent[rtp ? 0 : 1];
    std::this_thread::sleep_for(std::chrono::microseconds(interval_us));
    return true;
  };

  std::set<uint32_t> ssrcs;
  for (const CapturedDatagram& d : datagrams) {
    const capture::PayloadKind kind = capture::ClassifyUdpPayload(d.payload);
    const bool rtp = kind == capture::PayloadKind::kRtp;
    if (!rtp && kind != capture::PayloadKind::kRtcp) continue;
    if (!rtp && !send_rtcp) continue;
    if (rtp && d.payload.size() >= 12) {
      ssrcs.insert(uint32_t{d.payload[8]} << 24 | uint32_t{d.payload[9]} << 16 |
                   uint32_t{d.payload[10]} << 8 | d.payload[11]);
    }
    if (!protect_and_send(rtp, d.payload)) return 1;
  }
  if (HasFlag(argc, argv, "--bye")) {
    // Let the receiver take the media first: RTP and RTCP arrive on different sockets.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (uint32_t ssrc : ssrcs) {
      // A compound packet starts with SR or RR (RFC 3550 6.1): an empty RR, then the BYE.
      // (ffmpeg also ignores RTCP shorter than 12 bytes.)
      const uint8_t s[4] = {static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
                            static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc)};
      const uint8_t bye[16] = {0x80, 201, 0, 1, s[0], s[1], s[2], s[3],
                               0x81, 203, 0, 1, s[0], s[1], s[2], s[3]};
      if (!protect_and_send(false, bye)) return 1;
    }
  }
  close(fd);
  std::fprintf(stderr, "srtp_send: %zu rtp, %zu rtcp sent to 127.0.0.1:%d/%d (%s)\n", sent[0],
               sent[1], port, port + 1, session ? profile_name.c_str() : "plain");
  return sent[0] > 0 ? 0 : 1;
}

}  // namespace
}  // namespace jvbfastpath::interop

int main(int argc, char** argv) { return jvbfastpath::interop::Run(argc, argv); }
