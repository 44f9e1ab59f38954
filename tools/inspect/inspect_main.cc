// ./fastpath inspect: decrypts and describes the RTP/RTCP in a capture, one JSON line per
// UDP packet.
//
//   inspect --pcap FILE [--pt PT=CODEC ...] [--sdp FILE ...]
//           [--srtp-profile PROFILE --srtp-key [ssrc:N=|port:N=]BASE64 ... [--cryptex]]
//           [--write-pcap OUT]
//
// Reads pcap and pcapng (libpcap). UDP payloads are classified per RFC 7983/5761; RTP and
// RTCP are unprotected with the key that applies (by SSRC, then port, then the default)
// when keys are given, or taken as plain otherwise. RTP packets are then parsed as the
// bridge parses them (codec::ParsePacket with the payload types and extension IDs from
// --pt and --sdp, in the order given) and their frames' E2EE envelopes recognised per SSRC
// (envelope_streams.h). --write-pcap writes every packet that unprotected (or was plain) as
// an Ethernet/IP/UDP frame with the same addresses. --cryptex: RFC 9335 was negotiated, so
// Cryptex packets (0xC0DE/0xC2DE) are unprotected too; without it they are
// cryptex_not_negotiated, as on an endpoint without Cryptex. The fields are listed in
// docs/inspect.md.
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
#include "native/codec/h264_access_unit.h"
#include "native/codec/packet_info.h"
#include "native/rtp/bytes.h"
#include "native/srtp/srtp_session.h"
#include "tools/inspect/envelope_streams.h"
#include "tools/inspect/json_line.h"
#include "tools/inspect/key_spec.h"
#include "tools/inspect/media_config.h"
#include "tools/inspect/sdp.h"

namespace jvbfastpath::inspect {
namespace {

struct Options {
  std::string pcap;
  std::string write_pcap;
  std::optional<srtp::Profile> profile;
  bool cryptex = false;
  KeyRing keys;
  MediaConfig media;
};

int Usage(const char* message) {
  if (message != nullptr) std::fprintf(stderr, "inspect: %s\n", message);
  std::fprintf(stderr,
               "usage: inspect --pcap FILE [--pt PT=CODEC ...] [--sdp FILE ...]\n"
               "               [--srtp-profile PROFILE --srtp-key [ssrc:N=|port:N=]BASE64 ...\n"
               "                [--cryptex]] [--write-pcap OUT]\n"
               "  CODEC:   vp8, vp9, h264, av1, opus\n"
               "  --sdp:   its a=rtpmap and a=extmap lines set payload types and extension IDs\n"
               "  PROFILE: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32,\n"
               "           AEAD_AES_128_GCM, AEAD_AES_256_GCM\n");
  return 2;
}

// The codec and E2EE fields of an RTP line, all null (the packet did not unprotect or is
// not valid RTP), so that every RTP line has the same keys.
void CodecFieldsNull(JsonLine& line) {
  for (const char* key : {"codec", "codec_error", "keyframe", "frame_start", "frame_end", "sid",
                          "tid", "picture_id", "tl0picidx", "width", "height", "audio_level",
                          "voice", "tcc_seq", "e2ee", "e2ee_key_id"}) {
    line.Null(key);
  }
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
      config.cryptex = options_.cryptex;
      std::string error;
      session = srtp::SrtpSession::Create(*key, config, &error);
    }
    return (sessions_[key_index] = std::move(session)).get();
  }

  void Describe(const pcap_pkthdr& header, const capture::UdpDatagram& datagram,
                pcap_dumper_t* out) {
    ++udp_;
    const capture::PayloadKind kind = capture::ClassifyUdpPayload(datagram.payload);
    char time[48];
    std::snprintf(time, sizeof time, "%ld.%06ld", static_cast<long>(header.ts.tv_sec),
                  static_cast<long>(header.ts.tv_usec));
    line_.Uint("frame", frames_)
        .Raw("time", time)
        .String("src", datagram.src.ToString() + ":" + std::to_string(datagram.src_port))
        .String("dst", datagram.dst.ToString() + ":" + std::to_string(datagram.dst_port))
        .String("kind", capture::PayloadKindName(kind));
    if (kind != capture::PayloadKind::kRtp && kind != capture::PayloadKind::kRtcp) {
      line_.String("status", "not_media").Uint("udp_len", datagram.payload.size());
      line_.Print(stdout);
      return;
    }
    const bool rtp = kind == capture::PayloadKind::kRtp;
    // Work on a copy with room for nothing extra: unprotect only shrinks.
    buffer_.assign(datagram.payload.begin(), datagram.payload.end());
    size_t length = buffer_.size();
    const size_t ssrc_offset = rtp ? 8 : 4;
    const bool has_ssrc = length >= ssrc_offset + 4;
    const uint32_t ssrc = has_ssrc ? rtp::ReadU32(&buffer_[ssrc_offset]) : 0;
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
    line_.String("status", status);
    std::span<const uint8_t> packet(buffer_.data(), length);
    if (has_ssrc) {
      line_.Uint("ssrc", ssrc);
    } else {
      line_.Null("ssrc");
    }
    if (rtp) {
      DescribeRtp(packet, status == "ok");
    } else if (length >= 2) {
      line_.Null("seq").Null("rtp_ts").Uint("pt", packet[1]).Null("marker")
          .Uint("payload_len", status == "ok" ? length : datagram.payload.size());
    }
    line_.Print(stdout);
    if (out != nullptr && status == "ok") {
      frame_.resize(14 + 40 + 8 + length);
      size_t n = capture::BuildUdpFrame(datagram, packet, frame_);
      pcap_pkthdr h = header;
      h.caplen = h.len = static_cast<bpf_u_int32>(n);
      pcap_dump(reinterpret_cast<u_char*>(out), &h, frame_.data());
    }
  }

  // The RTP header fields, then the codec, extension and E2EE fields (null when the packet
  // did not unprotect or does not parse as RTP).
  void DescribeRtp(std::span<const uint8_t> packet, bool readable) {
    codec::PacketInfo info;
    const codec::PacketError error =
        readable ? codec::ParsePacket(packet, options_.media.extensions,
                                      options_.media.payload_types, &info)
                 : codec::PacketError::kRtpInvalid;
    if (error == codec::PacketError::kRtpInvalid) {
      if (packet.size() >= 12) {  // what the fixed header says, unvalidated
        line_.Uint("seq", rtp::ReadU16(&packet[2]))
            .Uint("rtp_ts", rtp::ReadU32(&packet[4]))
            .Uint("pt", packet[1] & 0x7F)
            .Bool("marker", (packet[1] & 0x80) != 0);
      } else {
        line_.Null("seq").Null("rtp_ts").Null("pt").Null("marker");
      }
      line_.Null("payload_len");
      if (readable) {
        line_.String("rtp_error", rtp::RtpErrorName(static_cast<rtp::RtpError>(info.rtp_error)));
      }
      CodecFieldsNull(line_);
      return;
    }
    if (error == codec::PacketError::kOk &&
        info.codec == static_cast<uint8_t>(codec::Codec::kH264)) {
      h264_units_[info.ssrc].OnPacket(info);  // as the bridge's ingress does
    }
    line_.Uint("seq", info.sequence_number)
        .Uint("rtp_ts", info.timestamp)
        .Uint("pt", info.payload_type)
        .Bool("marker", info.marker != 0)
        .Uint("payload_len", info.payload_length)
        .String("codec", codec::CodecName(static_cast<codec::Codec>(info.codec)));
    if (error == codec::PacketError::kCodecInvalid) {
      line_.String("codec_error",
                   codec::CodecErrorName(static_cast<codec::CodecError>(info.codec_error)));
    } else {
      line_.Null("codec_error");
    }
    line_.FlagOrNull("keyframe", info.keyframe)
        .FlagOrNull("frame_start", info.frame_start)
        .FlagOrNull("frame_end", info.frame_end)
        .IntOrNull("sid", info.spatial_id)
        .IntOrNull("tid", info.temporal_id)
        .IntOrNull("picture_id", info.picture_id)
        .IntOrNull("tl0picidx", info.tl0picidx)
        .IntOrNull("width", info.width > 0 ? info.width : -1)
        .IntOrNull("height", info.height > 0 ? info.height : -1)
        .IntOrNull("audio_level", info.audio_level)
        .FlagOrNull("voice", info.voice)
        .IntOrNull("tcc_seq", info.tcc_seq);
    const e2ee::FrameVerdict verdict = envelopes_.OnPacket(packet, info);
    if (verdict.sframe_candidate) {
      line_.String("e2ee", e2ee::EnvelopeKindName(e2ee::EnvelopeKind::kNone));  // not yet
    } else if (verdict.kind == e2ee::EnvelopeKind::kUnknown) {
      line_.Null("e2ee");
    } else {
      line_.String("e2ee", e2ee::EnvelopeKindName(verdict.kind));
    }
    line_.IntOrNull("e2ee_key_id", verdict.key_id);
  }

  Options options_;
  std::map<int, std::unique_ptr<srtp::SrtpSession>> sessions_;
  std::vector<uint8_t> buffer_;
  std::vector<uint8_t> frame_;
  EnvelopeStreams envelopes_;
  std::map<uint32_t, codec::H264AccessUnitTracker> h264_units_;
  JsonLine line_;
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
    } else if (arg == "--cryptex") {
      options.cryptex = true;
    } else if (arg == "--pt") {
      const char* v = value();
      if (v == nullptr) return inspect::Usage("--pt needs PT=CODEC");
      std::string error;
      if (!inspect::ApplyPtSpec(v, &options.media, &error)) return inspect::Usage(error.c_str());
    } else if (arg == "--sdp") {
      const char* v = value();
      if (v == nullptr) return inspect::Usage("--sdp needs a file");
      std::string error;
      if (!inspect::ApplySdpFile(v, &options.media, &error)) {
        std::fprintf(stderr, "inspect: %s\n", error.c_str());
        return 2;
      }
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
  if (options.cryptex && options.keys.empty()) return inspect::Usage("--cryptex needs --srtp-key");
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
