// srtp_lines: JVB Fastpath's SRTP (SrtpSession) over packet files, for the interop tests.
//
//   srtp_lines protect   --profile P --key BASE64 --in PLAIN --out PROTECTED [--cryptex]
//   srtp_lines unprotect --profile P --key BASE64 --in PROTECTED --out PLAIN [--cryptex]
//                        [--expect-fail]
//   srtp_lines generate  --out PLAIN          (synthetic RTP/RTCP, see Generate below)
//   srtp_lines generate  --cryptex --out PLAIN --expect EXPECTED
//                        (the Cryptex corpus, see GenerateCryptex, and what a receiver gets)
//   srtp_lines from-pcap --in CAPTURE --out PLAIN   (every RTP/RTCP datagram of a pcap)
//   srtp_lines tamper    --in PROTECTED --out TAMPERED   (one bit flipped per packet)
//   srtp_lines forms     --in PACKETS   (counts RTP headers by what they carry, cryptex.h's
//                        Form: "cryptex N plain_8285 N nothing_to_hide N other N", then the
//                        Cryptex ones by block: "c0de N c2de N")
//
// Packet files are described in packet_lines.h. KEY is the master key || master salt.
// unprotect fails (exit 1) unless every packet is ok; with --expect-fail it fails unless
// every packet is rejected. --cryptex: RFC 9335 negotiated (SessionConfig::cryptex). A
// summary goes to stderr.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "native/capture/demux.h"
#include "native/srtp/cryptex.h"
#include "native/srtp/srtp_session.h"
#include "tests/interop/packet_lines.h"
#include "tests/interop/pcap_datagrams.h"
#include "tools/inspect/key_spec.h"

namespace jvbfastpath::interop {
namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "srtp_lines: %s\n", message.c_str());
  return 1;
}

bool HasFlag(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], flag) == 0) return true;
  }
  return false;
}

std::unique_ptr<srtp::SrtpSession> OpenSession(int argc, char** argv, srtp::Direction direction,
                                               std::string* error) {
  const std::string profile_name = FlagValue(argc, argv, "--profile");
  auto profile = srtp::ProfileFromName(profile_name);
  if (!profile) {
    *error = "unknown --profile '" + profile_name + "'";
    return nullptr;
  }
  auto key_bytes = inspect::DecodeBase64Key(FlagValue(argc, argv, "--key"));
  if (!key_bytes) {
    *error = "--key is not base64";
    return nullptr;
  }
  auto key = srtp::MasterKey::Create(*profile, key_bytes->view());
  if (!key) {
    *error = "--key has the wrong length for " + profile_name;
    return nullptr;
  }
  srtp::SessionConfig config;
  config.direction = direction;
  config.cryptex = HasFlag(argc, argv, "--cryptex");
  return srtp::SrtpSession::Create(*key, config, error);
}

int Protect(int argc, char** argv, bool protect) {
  const bool expect_fail = !protect && HasFlag(argc, argv, "--expect-fail");
  std::string error;
  auto session = OpenSession(
      argc, argv, protect ? srtp::Direction::kOutbound : srtp::Direction::kInbound, &error);
  if (!session) return Fail(error);
  std::vector<Packet> packets;
  if (!ReadPacketLines(FlagValue(argc, argv, "--in"), &packets, &error)) return Fail(error);
  size_t ok[2] = {0, 0};
  size_t failed = 0;
  size_t index = 0;
  for (Packet& packet : packets) {
    ++index;
    const bool rtp = packet.kind == Kind::kRtp;
    size_t length = packet.bytes.size();
    packet.bytes.resize(length + srtp::kMaxTrailerLength + 4);  // 4: Cryptex's empty block
    srtp::Status status;
    if (protect) {
      status = rtp ? session->ProtectRtp(packet.bytes, length)
                   : session->ProtectRtcp(packet.bytes, length);
    } else {
      status = rtp ? session->UnprotectRtp(packet.bytes, length)
                   : session->UnprotectRtcp(packet.bytes, length);
    }
    packet.bytes.resize(length);
    if (status == srtp::Status::kOk) {
      ++ok[rtp ? 0 : 1];
      if (expect_fail) {
        std::fprintf(stderr, "srtp_lines: packet %zu (%s) was accepted after tampering\n",
                     index, rtp ? "rtp" : "rtcp");
      }
    } else {
      ++failed;
      if (!expect_fail) {
        std::fprintf(stderr, "srtp_lines: packet %zu (%s): %.*s\n", index, rtp ? "rtp" : "rtcp",
                     static_cast<int>(srtp::StatusName(status).size()),
                     srtp::StatusName(status).data());
      }
    }
  }
  std::fprintf(stderr, "srtp_lines: %s %.*s: %zu rtp ok, %zu rtcp ok, %zu failed\n",
               protect ? "protect" : "unprotect",
               static_cast<int>(srtp::Info(session->profile()).name.size()),
               srtp::Info(session->profile()).name.data(), ok[0], ok[1], failed);
  if (expect_fail) return ok[0] + ok[1] == 0 && failed > 0 ? 0 : 1;
  if (failed > 0 || packets.empty()) return 1;
  const std::string out = FlagValue(argc, argv, "--out");
  if (!out.empty() && !WritePacketLines(out, packets, &error)) return Fail(error);
  return 0;
}

// Deterministic pseudo-random bytes (a 32-bit LCG): the corpus is the same on every run.
class Lcg {
 public:
  uint8_t Byte() {
    state_ = state_ * 1664525u + 1013904223u;
    return static_cast<uint8_t>(state_ >> 24);
  }

 private:
  uint32_t state_ = 0x5EED1234;
};

void Put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x >> 8));
  v.push_back(static_cast<uint8_t>(x));
}
void Put32(std::vector<uint8_t>& v, uint32_t x) {
  Put16(v, static_cast<uint16_t>(x >> 16));
  Put16(v, static_cast<uint16_t>(x));
}

// One RTP packet; `variant` picks the optional header parts so that the corpus covers
// CSRCs, one- and two-byte header extensions (RFC 8285) and padding.
Packet MakeRtp(Lcg& rng, uint32_t ssrc, uint8_t pt, uint16_t seq, uint32_t ts, bool marker,
               size_t payload_size, unsigned variant) {
  const bool csrcs = variant % 7 == 3;
  const bool one_byte_ext = variant % 4 == 1;
  const bool two_byte_ext = !one_byte_ext && variant % 11 == 5;
  const bool padding = variant % 9 == 2;
  Packet p;
  std::vector<uint8_t>& v = p.bytes;
  v.push_back(static_cast<uint8_t>(0x80 | (padding ? 0x20 : 0) |
                                   (one_byte_ext || two_byte_ext ? 0x10 : 0) | (csrcs ? 2 : 0)));
  v.push_back(static_cast<uint8_t>((marker ? 0x80 : 0) | pt));
  Put16(v, seq);
  Put32(v, ts);
  Put32(v, ssrc);
  if (csrcs) {
    Put32(v, 0x01020304);
    Put32(v, 0x0A0B0C0D);
  }
  if (one_byte_ext) {
    // abs-send-time (id 3, 3 bytes) + audio level (id 1, 1 byte), padded to 8 bytes.
    Put16(v, 0xBEDE);
    Put16(v, 2);
    const uint8_t ext[8] = {0x32, rng.Byte(), rng.Byte(), rng.Byte(), 0x10, 0x7F, 0, 0};
    v.insert(v.end(), ext, ext + 8);
  } else if (two_byte_ext) {
    // One element (id 7, 5 bytes), padded to 8 bytes.
    Put16(v, 0x1000);
    Put16(v, 2);
    const uint8_t ext[8] = {7, 5, rng.Byte(), rng.Byte(), rng.Byte(), rng.Byte(), rng.Byte(), 0};
    v.insert(v.end(), ext, ext + 8);
  }
  for (size_t i = 0; i < payload_size; ++i) v.push_back(rng.Byte());
  if (padding) {
    const uint8_t pad[4] = {0, 0, 0, 4};
    v.insert(v.end(), pad, pad + 4);
  }
  return p;
}

// SR (one report block) + SDES CNAME: a compound RTCP packet as WebRTC sends.
Packet MakeSenderReport(uint32_t ssrc, uint32_t about, uint32_t ntp_seconds, uint32_t packets) {
  Packet p;
  p.kind = Kind::kRtcp;
  std::vector<uint8_t>& v = p.bytes;
  v.push_back(0x81);
  v.push_back(200);
  Put16(v, 12);  // 13 words
  Put32(v, ssrc);
  Put32(v, ntp_seconds);
  Put32(v, 0x80000000);
  Put32(v, ntp_seconds * 90000u);
  Put32(v, packets);
  Put32(v, packets * 500u);
  Put32(v, about);
  Put32(v, 0x01000002);  // fraction lost 1/256, cumulative lost 2
  Put32(v, 65500 + packets);
  Put32(v, 20);
  Put32(v, ntp_seconds << 16);
  Put32(v, 0x00010000);
  // SDES: one chunk, CNAME "interop" (7 bytes), end, padded to a word boundary.
  v.push_back(0x81);
  v.push_back(202);
  Put16(v, 4);
  Put32(v, ssrc);
  const uint8_t cname[12] = {1, 7, 'i', 'n', 't', 'e', 'r', 'o', 'p', 0, 0, 0};
  v.insert(v.end(), cname, cname + 12);
  return p;
}

Packet MakeReceiverReportWithPli(uint32_t ssrc, uint32_t media) {
  Packet p;
  p.kind = Kind::kRtcp;
  std::vector<uint8_t>& v = p.bytes;
  v.push_back(0x80);  // RR, no report block
  v.push_back(201);
  Put16(v, 1);
  Put32(v, ssrc);
  v.push_back(0x81);  // PSFB, FMT 1: PLI
  v.push_back(206);
  Put16(v, 2);
  Put32(v, ssrc);
  Put32(v, media);
  return p;
}

Packet MakeBye(uint32_t ssrc) {
  Packet p;
  p.kind = Kind::kRtcp;
  p.bytes = {0x81, 203, 0, 1};
  Put32(p.bytes, ssrc);
  return p;
}

// Two senders: video 0x11223344 (PT 96, 300 packets whose sequence numbers wrap past 65535,
// so the rollover counter moves to 1) and audio 0xCAFEBABE (PT 111); RTCP every 25 RTP
// packets, a BYE for each at the end.
std::vector<Packet> Generate() {
  constexpr uint32_t kVideo = 0x11223344;
  constexpr uint32_t kAudio = 0xCAFEBABE;
  Lcg rng;
  std::vector<Packet> packets;
  for (unsigned i = 0; i < 300; ++i) {
    const uint16_t seq = static_cast<uint16_t>(65400 + i);
    packets.push_back(MakeRtp(rng, kVideo, 96, seq, 1000 + 3000 * (i / 3), i % 3 == 2,
                              1 + (i * 37) % 1100, i));
    if (i % 3 == 0) {
      packets.push_back(MakeRtp(rng, kAudio, 111, static_cast<uint16_t>(1000 + i / 3),
                                960 * (i / 3), false, 60 + (i * 13) % 100, i + 1));
    }
    if (i % 25 == 24) {
      packets.push_back(MakeSenderReport(kVideo, kAudio, 1000 + i, i));
      packets.push_back(MakeReceiverReportWithPli(kAudio, kVideo));
    }
  }
  packets.push_back(MakeBye(kVideo));
  packets.push_back(MakeBye(kAudio));
  return packets;
}

// The Cryptex corpus (RFC 9335): every header shape a Cryptex sender and receiver must
// handle, on a video stream whose sequence numbers wrap (ROC 0 -> 1) and an audio stream:
// one-byte blocks as browsers send them (mid, abs-send-time, transport-cc, audio level), two-
// byte blocks (a zero-length element, an element longer than 16 bytes), CSRCs with a block,
// CSRCs without one (a Cryptex sender adds an empty 0xC0DE block), explicit empty blocks of
// both forms with and without CSRCs, 15 CSRCs, padding, and plain packets (nothing to hide)
// between them on the same streams; RTCP as in Generate. `expected` is what a Cryptex
// receiver returns: the same packets, except that a CSRC-only packet keeps the empty block
// its sender added (X set, 0xBEDE, length 0), as RFC 9335 section 5.1 allows.
struct CryptexCorpus {
  std::vector<Packet> plain;
  std::vector<Packet> expected;
};

void PutCsrcs(std::vector<uint8_t>& v, unsigned count) {
  for (unsigned i = 0; i < count; ++i) Put32(v, 0xC5000000u + i);
}

// One RTP packet of shape `shape` (0..9); `ssrc`'s payload is pseudo-random.
void AddCryptexRtp(CryptexCorpus& corpus, Lcg& rng, uint32_t ssrc, uint8_t pt, uint16_t seq,
                   uint32_t ts, size_t payload_size, unsigned shape) {
  unsigned csrcs = 0;
  enum { kNone, kOneByte, kTwoByte, kEmptyOneByte, kEmptyTwoByte } block = kNone;
  bool padding = false;
  switch (shape) {
    case 0: block = kOneByte; break;
    case 1: break;  // nothing to hide: plain SRTP on the same stream
    case 2: block = kTwoByte; break;
    case 3: csrcs = 2; block = kOneByte; break;
    case 4: csrcs = 3; break;  // CSRCs only: the sender adds an empty block
    case 5: block = kEmptyOneByte; break;
    case 6: csrcs = 1; block = kEmptyTwoByte; break;
    case 7: csrcs = 15; block = kTwoByte; break;
    case 8: block = kOneByte; padding = true; break;
    default: block = kEmptyTwoByte; break;
  }
  Packet p;
  std::vector<uint8_t>& v = p.bytes;
  v.push_back(static_cast<uint8_t>(0x80 | (padding ? 0x20 : 0) | (block != kNone ? 0x10 : 0) |
                                   csrcs));
  v.push_back(pt);
  Put16(v, seq);
  Put32(v, ts);
  Put32(v, ssrc);
  PutCsrcs(v, csrcs);
  switch (block) {
    case kNone: break;
    case kOneByte: {
      // mid "0" (id 4), abs-send-time (id 2, 3 bytes), transport-cc (id 3, 2 bytes), audio
      // level (id 1, 1 byte): 12 bytes with one byte of padding.
      Put16(v, 0xBEDE);
      Put16(v, 3);
      const uint8_t ext[12] = {0x40, '0', 0x22, rng.Byte(), rng.Byte(), rng.Byte(),
                               0x31, static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                               0x10, static_cast<uint8_t>(0x80 | (seq & 0x7F)), 0};
      v.insert(v.end(), ext, ext + 12);
      break;
    }
    case kTwoByte: {
      // id 7 (5 bytes), id 8 (0 bytes), id 9 (20 bytes: only the two-byte form has room), 31
      // bytes + 1 of padding.
      Put16(v, 0x1000);
      Put16(v, 8);
      const uint8_t head[7] = {7, 5, rng.Byte(), rng.Byte(), rng.Byte(), rng.Byte(), rng.Byte()};
      v.insert(v.end(), head, head + 7);
      v.push_back(8);
      v.push_back(0);
      v.push_back(9);
      v.push_back(20);
      for (int i = 0; i < 20; ++i) v.push_back(rng.Byte());
      v.push_back(0);
      break;
    }
    case kEmptyOneByte: Put16(v, 0xBEDE); Put16(v, 0); break;
    case kEmptyTwoByte: Put16(v, 0x1000); Put16(v, 0); break;
  }
  for (size_t i = 0; i < payload_size; ++i) v.push_back(rng.Byte());
  if (padding) {
    const uint8_t pad[4] = {0, 0, 0, 4};
    v.insert(v.end(), pad, pad + 4);
  }
  Packet expected = p;
  if (csrcs > 0 && block == kNone) {
    expected.bytes[0] |= 0x10;
    const uint8_t empty[4] = {0xBE, 0xDE, 0, 0};
    expected.bytes.insert(expected.bytes.begin() + 12 + 4 * csrcs, empty, empty + 4);
  }
  corpus.plain.push_back(std::move(p));
  corpus.expected.push_back(std::move(expected));
}

CryptexCorpus GenerateCryptex() {
  constexpr uint32_t kVideo = 0x11223344;
  constexpr uint32_t kAudio = 0xCAFEBABE;
  Lcg rng;
  CryptexCorpus corpus;
  auto rtcp = [&corpus](Packet p) {
    corpus.plain.push_back(p);
    corpus.expected.push_back(std::move(p));
  };
  for (unsigned i = 0; i < 400; ++i) {
    // Video wraps after 136 packets; each shape appears 40 times, on both sides of the wrap.
    AddCryptexRtp(corpus, rng, kVideo, 96, static_cast<uint16_t>(65400 + i),
                  1000 + 3000 * (i / 3), 1 + (i * 37) % 1100, i % 10);
    if (i % 2 == 0) {
      // Audio: mostly the one-byte block, sometimes CSRCs (a mixer) or nothing to hide.
      const unsigned shape = i % 14 == 0 ? 4 : i % 14 == 6 ? 3 : i % 14 == 10 ? 1 : 0;
      AddCryptexRtp(corpus, rng, kAudio, 111, static_cast<uint16_t>(1000 + i / 2),
                    960 * (i / 2), 60 + (i * 13) % 100, shape);
    }
    if (i % 25 == 24) {
      rtcp(MakeSenderReport(kVideo, kAudio, 1000 + i, i));
      rtcp(MakeReceiverReportWithPli(kAudio, kVideo));
    }
  }
  rtcp(MakeBye(kVideo));
  rtcp(MakeBye(kAudio));
  return corpus;
}

int GenerateCommand(int argc, char** argv) {
  std::string error;
  if (!HasFlag(argc, argv, "--cryptex")) {
    auto packets = Generate();
    return WritePacketLines(FlagValue(argc, argv, "--out"), packets, &error) ? 0 : Fail(error);
  }
  const std::string expect = FlagValue(argc, argv, "--expect");
  if (expect.empty()) return Fail("generate --cryptex needs --expect FILE");
  const CryptexCorpus corpus = GenerateCryptex();
  if (!WritePacketLines(FlagValue(argc, argv, "--out"), corpus.plain, &error) ||
      !WritePacketLines(expect, corpus.expected, &error)) {
    return Fail(error);
  }
  return 0;
}

int FromPcap(int argc, char** argv) {
  std::vector<CapturedDatagram> datagrams;
  std::string error;
  if (!ReadPcapDatagrams(FlagValue(argc, argv, "--in"), &datagrams, &error)) return Fail(error);
  std::vector<Packet> packets;
  for (const CapturedDatagram& d : datagrams) {
    const capture::PayloadKind kind = capture::ClassifyUdpPayload(d.payload);
    if (kind != capture::PayloadKind::kRtp && kind != capture::PayloadKind::kRtcp) continue;
    packets.push_back({kind == capture::PayloadKind::kRtp ? Kind::kRtp : Kind::kRtcp, d.payload});
  }
  if (packets.empty()) return Fail("no RTP or RTCP in the capture");
  return WritePacketLines(FlagValue(argc, argv, "--out"), packets, &error) ? 0 : Fail(error);
}

int Tamper(int argc, char** argv) {
  std::vector<Packet> packets;
  std::string error;
  if (!ReadPacketLines(FlagValue(argc, argv, "--in"), &packets, &error)) return Fail(error);
  size_t n = 0;
  for (Packet& packet : packets) {
    // Past the fixed header (12 bytes RTP, 8 RTCP), so the packet still parses and only
    // authentication can catch it; the position moves around the payload and trailer.
    const size_t fixed = packet.kind == Kind::kRtp ? 12 : 8;
    if (packet.bytes.size() <= fixed) return Fail("packet too short to tamper with");
    const size_t span = packet.bytes.size() - fixed;
    packet.bytes[fixed + (n * 7919) % span] ^= static_cast<uint8_t>(1u << (n % 8));
    ++n;
  }
  return WritePacketLines(FlagValue(argc, argv, "--out"), packets, &error) ? 0 : Fail(error);
}

int Forms(int argc, char** argv) {
  std::vector<Packet> packets;
  std::string error;
  if (!ReadPacketLines(FlagValue(argc, argv, "--in"), &packets, &error)) return Fail(error);
  size_t cryptex = 0, plain = 0, nothing = 0, other = 0, one_byte = 0;
  for (const Packet& packet : packets) {
    if (packet.kind != Kind::kRtp) continue;
    switch (srtp::cryptex::FormOf(packet.bytes)) {
      case srtp::cryptex::Form::kCryptex:
        ++cryptex;
        // FormOf checked that the block header is inside the packet, after the CSRCs.
        if (packet.bytes[12 + 4 * (packet.bytes[0] & 0x0F)] == 0xC0) ++one_byte;
        break;
      case srtp::cryptex::Form::kPlain8285: ++plain; break;
      case srtp::cryptex::Form::kNothingToHide: ++nothing; break;
      default: ++other; break;
    }
  }
  std::printf("cryptex %zu plain_8285 %zu nothing_to_hide %zu other %zu c0de %zu c2de %zu\n",
              cryptex, plain, nothing, other, one_byte, cryptex - one_byte);
  return 0;
}

}  // namespace
}  // namespace jvbfastpath::interop

int main(int argc, char** argv) {
  using namespace jvbfastpath::interop;
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "protect") return Protect(argc, argv, true);
  if (command == "unprotect") return Protect(argc, argv, false);
  if (command == "from-pcap") return FromPcap(argc, argv);
  if (command == "tamper") return Tamper(argc, argv);
  if (command == "forms") return Forms(argc, argv);
  if (command == "generate") return GenerateCommand(argc, argv);
  std::fprintf(stderr,
               "usage: srtp_lines protect|unprotect --profile P --key BASE64 --in F --out F "
               "[--cryptex] [--expect-fail]\n"
               "       srtp_lines generate [--cryptex --expect F] --out F\n"
               "       srtp_lines from-pcap --in CAPTURE --out F\n"
               "       srtp_lines tamper --in F --out F\n"
               "       srtp_lines forms --in F\n");
  return 2;
}
