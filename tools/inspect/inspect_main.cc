// ./fastpath inspect: decrypts and describes the RTP/RTCP in a capture, one JSON line per
// UDP packet.
//
//   inspect --pcap FILE [--srtp-profile PROFILE --srtp-key [ssrc:N=|port:N=]BASE64 ...]
//           [--write-pcap OUT]
//
// Reads pcap and pcapng (libpcap). UDP payloads are classified per RFC 7983/5761; RTP and
// RTCP are unprotected with the key that applies (by SSRC, then port, then the default)
// when keys are given, or taken as plain otherwise. --write-pcap writes every packet that
// unprotected (or was plain) as an Ethernet/IP/UDP frame with the same addresses.
#include <pcap/pcap.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "native/capture/demux.h"
#include "native/capture/udp_frame.h"
#include "native/srtp/srtp_session.h"
#include "tools/inspect/key_spec.h"

namespace jvbfastpath::inspect {
namespace {

struct Options {
  std::string pcap;
  std::string write_pcap;
  std::optional<srtp::Profile> profile;
  KeyRing keys;
};

int Usage(const char* message) {
  if (message != nullptr) std::fprintf(stderr, "inspect: %s\n", message);
  std::fprintf(stderr,
               "usage: inspect --pcap FILE [--srtp-profile PROFILE "
               "--srtp-key [ssrc:N=|port:N=]BASE64 ...] [--write-pcap OUT]\n"
               "  PROFILE: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32,\n"
               "           AEAD_AES_128_GCM, AEAD_AES_256_GCM\n");
  return 2;
}

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// The RTP payload length (header, CSRCs, extension and padding removed), or -1 if the
// header does not fit.
long RtpPayloadLength(std::span<const uint8_t> p) {
  if (p.size() < 12) return -1;
  size_t header = 12 + 4u * (p[0] & 0x0F);
  if ((p[0] & 0x10) != 0) {
    if (p.size() < header + 4) return -1;
    header += 4 + 4u * Be16(&p[header + 2]);
  }
  size_t padding = (p[0] & 0x20) != 0 && !p.empty() ? p.back() : 0;
  if (header + padding > p.size()) return -1;
  return static_cast<long>(p.size() - header - padding);
}

class Inspector {
 public:
  explicit Inspector(Options options) : options_(std::move(options)) {}

  int Run() {
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* in = pcap_open_offline(options_.pcap.c_str(), errbuf);
    if (in == nullptr) {
      std::fprintf(stderr, "inspect: cannot read %s: %s\n", options_.pcap.c_str(), errbuf);
      return 1;
    }
    std::unique_ptr<pcap_t, decltype(&pcap_close)> in_owner(in, &pcap_close);
    const int link_type = pcap_datalink(in);
    pcap_t* dead = nullptr;
    pcap_dumper_t* out = nullptr;
    if (!options_.write_pcap.empty()) {
      dead = pcap_open_dead(DLT_EN10MB, 65535);
      out = pcap_dump_open(dead, options_.write_pcap.c_str());
      if (out == nullptr) {
        std::fprintf(stderr, "inspect: cannot write %s: %s\n", options_.write_pcap.c_str(),
                     pcap_geterr(dead));
        pcap_close(dead);
        return 1;
      }
    }
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc;
    while ((rc = pcap_next_ex(in, &header, &data)) == 1) {
      ++frames_;
      capture::UdpDatagram datagram;
      capture::FrameError error = capture::ParseUdpFrame(
          link_type, {data, static_cast<size_t>(header->caplen)}, &datagram);
      if (error != capture::FrameError::kOk) {
        ++skipped_[std::string(capture::FrameErrorName(error))];
        continue;
      }
      Describe(*header, datagram, out);
    }
    if (out != nullptr) {
      pcap_dump_close(out);
      pcap_close(dead);
    }
    if (rc == PCAP_ERROR) {
      std::fprintf(stderr, "inspect: read error: %s\n", pcap_geterr(in));
      return 1;
    }
    std::fprintf(stderr, "inspect: %lu frames, %lu UDP packets", frames_, udp_);
    for (const auto& [reason, count] : skipped_) {
      std::fprintf(stderr, ", %lu skipped (%s)", count, reason.c_str());
    }
    std::fprintf(stderr, "\n");
    return 0;
  }

 private:
  srtp::SrtpSession* SessionFor(int key_index) {
    auto it = sessions_.find(key_index);
    if (it != sessions_.end()) return it->second.get();
    const KeySpec& spec = options_.keys.spec(key_index);
    auto key = srtp::MasterKey::Create(*options_.profile, spec.key.view());
    std::unique_ptr<srtp::SrtpSession> session;
    if (key) {
      srtp::SessionConfig config;
      config.direction = srtp::Direction::kInbound;
      std::string error;
      session = srtp::SrtpSession::Create(*key, config, &error);
    }
    return (sessions_[key_index] = std::move(session)).get();
  }

  void Describe(const pcap_pkthdr& header, const capture::UdpDatagram& datagram,
                pcap_dumper_t* out) {
    ++udp_;
    const capture::PayloadKind kind = capture::ClassifyUdpPayload(datagram.payload);
    std::printf("{\"frame\":%lu,\"time\":%ld.%06ld,\"src\":\"%s:%u\",\"dst\":\"%s:%u\","
                "\"kind\":\"%.*s\"",
                frames_, static_cast<long>(header.ts.tv_sec), static_cast<long>(header.ts.tv_usec),
                datagram.src.ToString().c_str(), datagram.src_port,
                datagram.dst.ToString().c_str(), datagram.dst_port,
                static_cast<int>(capture::PayloadKindName(kind).size()),
                capture::PayloadKindName(kind).data());
    if (kind != capture::PayloadKind::kRtp && kind != capture::PayloadKind::kRtcp) {
      std::printf(",\"status\":\"not_media\",\"udp_len\":%zu}\n", datagram.payload.size());
      return;
    }
    const bool rtp = kind == capture::PayloadKind::kRtp;
    // Work on a copy with room for nothing extra: unprotect only shrinks.
    buffer_.assign(datagram.payload.begin(), datagram.payload.end());
    size_t length = buffer_.size();
    const size_t ssrc_offset = rtp ? 8 : 4;
    const bool has_ssrc = length >= ssrc_offset + 4;
    const uint32_t ssrc = has_ssrc ? Be32(&buffer_[ssrc_offset]) : 0;
    std::string status = "ok";
    if (!options_.keys.empty()) {
      int key_index = options_.keys.Find(ssrc, datagram.src_port, datagram.dst_port);
      srtp::SrtpSession* session = key_index < 0 ? nullptr : SessionFor(key_index);
      if (key_index < 0) {
        status = "no_key";
      } else if (session == nullptr) {
        status = "bad_key";
      } else {
        srtp::Status s = rtp ? session->UnprotectRtp(buffer_, length)
                             : session->UnprotectRtcp(buffer_, length);
        status = std::string(srtp::StatusName(s));
      }
    }
    std::printf(",\"status\":\"%s\"", status.c_str());
    std::span<const uint8_t> packet(buffer_.data(), length);
    if (has_ssrc) {
      std::printf(",\"ssrc\":%u", ssrc);
    } else {
      std::printf(",\"ssrc\":null");
    }
    if (rtp && length >= 12) {
      long payload = status == "ok" ? RtpPayloadLength(packet) : -1;
      std::printf(",\"seq\":%u,\"rtp_ts\":%u,\"pt\":%u,\"marker\":%s", Be16(&packet[2]),
                  Be32(&packet[4]), packet[1] & 0x7F, (packet[1] & 0x80) ? "true" : "false");
      if (payload >= 0) {
        std::printf(",\"payload_len\":%ld", payload);
      } else {
        std::printf(",\"payload_len\":null");
      }
    } else if (!rtp && length >= 2) {
      std::printf(",\"seq\":null,\"rtp_ts\":null,\"pt\":%u,\"marker\":null,\"payload_len\":%zu",
                  packet[1], status == "ok" ? length : datagram.payload.size());
    }
    std::printf("}\n");
    if (out != nullptr && status == "ok") {
      frame_.resize(14 + 40 + 8 + length);
      size_t n = capture::BuildUdpFrame(datagram, packet, frame_);
      pcap_pkthdr h = header;
      h.caplen = h.len = static_cast<bpf_u_int32>(n);
      pcap_dump(reinterpret_cast<u_char*>(out), &h, frame_.data());
    }
  }

  Options options_;
  std::map<int, std::unique_ptr<srtp::SrtpSession>> sessions_;
  std::vector<uint8_t> buffer_;
  std::vector<uint8_t> frame_;
  unsigned long frames_ = 0;
  unsigned long udp_ = 0;
  std::map<std::string, unsigned long> skipped_;
};

}  // namespace
}  // namespace jvbfastpath::inspect

int main(int argc, char** argv) {
  using namespace jvbfastpath;
  inspect::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--pcap") {
      const char* v = value();
      if (v == nullptr) return inspect::Usage("--pcap needs a file");
      options.pcap = v;
    } else if (arg == "--write-pcap") {
      const char* v = value();
      if (v == nullptr) return inspect::Usage("--write-pcap needs a file");
      options.write_pcap = v;
    } else if (arg == "--srtp-profile") {
      const char* v = value();
      options.profile = v ? srtp::ProfileFromName(v) : std::nullopt;
      if (!options.profile) return inspect::Usage("unknown --srtp-profile");
    } else if (arg == "--srtp-key") {
      const char* v = value();
      if (v == nullptr) return inspect::Usage("--srtp-key needs a value");
      std::string error;
      auto spec = inspect::ParseKeySpec(v, &error);
      if (!spec) return inspect::Usage(error.c_str());
      options.keys.Add(std::move(*spec));
    } else if (arg == "-h" || arg == "--help") {
      return inspect::Usage(nullptr);
    } else {
      return inspect::Usage(("unknown argument " + arg).c_str());
    }
  }
  if (options.pcap.empty()) return inspect::Usage("--pcap is required");
  if (!options.keys.empty() && !options.profile) {
    return inspect::Usage("--srtp-key needs --srtp-profile");
  }
  if (options.profile) {
    const auto& info = srtp::Info(*options.profile);
    for (size_t k = 0; k < options.keys.size(); ++k) {
      if (options.keys.spec(static_cast<int>(k)).key.size() !=
          info.master_key_length + info.master_salt_length) {
        std::fprintf(stderr, "inspect: a --srtp-key is %zu bytes; %.*s needs %zu (key || salt)\n",
                     options.keys.spec(static_cast<int>(k)).key.size(),
                     static_cast<int>(info.name.size()), info.name.data(),
                     info.master_key_length + info.master_salt_length);
        return 2;
      }
    }
  }
  return inspect::Inspector(std::move(options)).Run();
}
