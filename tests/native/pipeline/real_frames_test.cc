// Real VP8 frames through the E2EE pipeline.
//
// The frames come from GStreamer's vp8enc (tests/data/codec/gst_vp8.pcap: 30 frames,
// 160x120, a keyframe every 10). Each frame is reassembled from its RTP packets, encrypted
// as lib-jitsi-meet does (JFrame, the test encrypter), packetised as a browser would (RFC
// 7741 descriptor with a 15-bit picture id, the JFrame clear prefix first), protected by the
// sending client, and sent through the bridge to a receiver. Half way, the same frames come
// from a second "simulcast layer" (another SSRC, other picture ids) and the receiver's
// StreamRewriter switches to it. Checked from outside our parser: every frame decrypts at
// the receiver to the encoder's bytes; keyframes are where the encoder put them, with the
// encoder's size read from the clear prefix; picture ids stay continuous across the switch.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "native/capture/udp_frame.h"
#include "native/codec/vp8.h"
#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "tests/native/e2ee/test_frame_crypto.h"

namespace jvbfastpath::pipeline {
namespace {

namespace t = e2ee::testing;

std::string g_capture;

struct Frame {
  std::vector<uint8_t> bytes;
  bool keyframe = false;
};

// Reassembles the capture's VP8 frames: descriptor stripped, payloads concatenated until the
// marker bit.
std::vector<Frame> ReadFrames(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* pcap = pcap_open_offline(path.c_str(), errbuf);
  EXPECT_NE(nullptr, pcap) << errbuf;
  if (pcap == nullptr) return {};
  std::vector<Frame> frames;
  Frame current;
  pcap_pkthdr* header;
  const u_char* data;
  while (pcap_next_ex(pcap, &header, &data) == 1) {
    capture::UdpDatagram d;
    if (capture::ParseUdpFrame(pcap_datalink(pcap), {data, header->caplen}, &d) !=
        capture::FrameError::kOk) {
      continue;
    }
    std::span<const uint8_t> p = d.payload;
    if (p.size() < 12) continue;
    size_t header_size = 12 + 4u * (p[0] & 0x0F);
    if (p[0] & 0x10) header_size += 4 + 4u * ((p[header_size + 2] << 8) | p[header_size + 3]);
    auto desc = codec::ParseVp8Descriptor(p.subspan(header_size));
    EXPECT_TRUE(static_cast<bool>(desc));
    if (!desc) continue;
    auto body = p.subspan(header_size + desc->size);
    if (desc->frame_start()) {
      current = Frame{};
      current.keyframe = !body.empty() && (body[0] & 1) == 0;  // RFC 6386 9.1: P bit
    }
    current.bytes.insert(current.bytes.end(), body.begin(), body.end());
    if (p[1] & 0x80) frames.push_back(std::move(current));
  }
  pcap_close(pcap);
  return frames;
}

TEST(RealFramesTest, EncryptedVp8FramesSurviveForwardingAndASimulcastSwitch) {
  const std::vector<Frame> frames = ReadFrames(g_capture);
  ASSERT_EQ(30u, frames.size());

  Conference conference("real", conference::Mode::kE2eeRequired, e2ee::ExpectedEnvelope::kJFrame);
  std::mt19937 rng(3);
  std::vector<uint8_t> km_a(56), km_b(56);
  for (auto& x : km_a) x = static_cast<uint8_t>(rng());
  for (auto& x : km_b) x = static_cast<uint8_t>(rng());
  auto endpoint = [&](const char* id, const std::vector<uint8_t>& km) {
    EndpointConfig c;
    c.id = id;
    c.payload_types.Set(100, codec::Codec::kVp8);
    std::string error;
    auto e = Endpoint::Create(conference, c, km, &error);
    EXPECT_NE(nullptr, e) << error;
    return e;
  };
  auto a = endpoint("a", km_a);
  auto b = endpoint("b", km_b);
  auto client_session = [](const std::vector<uint8_t>& km, bool outbound) {
    auto keys = srtp::SplitDtlsKeyingMaterial(srtp::Profile::kAeadAes128Gcm, km,
                                              srtp::DtlsRole::kClient);
    srtp::SessionConfig c;
    c.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
    std::string error;
    return srtp::SrtpSession::Create(outbound ? keys->local : keys->remote, c, &error);
  };
  auto a_out = client_session(km_a, true);
  auto b_in = client_session(km_b, false);
  rewrite::StreamRewriter rewriter(rewrite::StreamRewriteConfig{0x5151, 90000, true});
  t::JFrameSender sender;
  t::JFrameReceiver receiver;
  ASSERT_EQ(t::CryptoStatus::kOk, sender.SetKey(std::vector<uint8_t>(32, 0x42), 3));
  ASSERT_EQ(t::CryptoStatus::kOk, receiver.SetKey(std::vector<uint8_t>(32, 0x42), 3));

  // Two "layers" sending the same frames: layer 0 for the first pass, layer 1 after it.
  const uint32_t ssrcs[2] = {0x0A0A0A0A, 0x0B0B0B0B};
  uint16_t seq[2] = {100, 60000};
  uint16_t picture_id[2] = {500, 32000};
  int out_picture_id = -1;
  int keyframes_seen = 0;
  for (int pass = 0; pass < 2; ++pass) {
    const int layer = pass;
    for (size_t f = 0; f < frames.size(); ++f) {
      const Frame& frame = frames[f];
      std::vector<uint8_t> envelope;
      const uint32_t ts = 3000u * static_cast<uint32_t>(f + pass * frames.size());
      ASSERT_EQ(t::CryptoStatus::kOk,
                sender.Encrypt(frame.keyframe ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta,
                               ssrcs[layer], ts, frame.bytes, envelope));
      // Packetise: 600-byte chunks behind a 5-byte descriptor (X, I with 15-bit id).
      std::vector<std::vector<uint8_t>> packets;
      for (size_t off = 0; off < envelope.size(); off += 600) {
        const size_t n = std::min<size_t>(600, envelope.size() - off);
        const bool last = off + n == envelope.size();
        const uint16_t s = seq[layer]++;
        const uint16_t pid = picture_id[layer];
        std::vector<uint8_t> p = {0x80, static_cast<uint8_t>((last ? 0x80 : 0) | 100),
                                  static_cast<uint8_t>(s >> 8), static_cast<uint8_t>(s),
                                  static_cast<uint8_t>(ts >> 24), static_cast<uint8_t>(ts >> 16),
                                  static_cast<uint8_t>(ts >> 8), static_cast<uint8_t>(ts),
                                  static_cast<uint8_t>(ssrcs[layer] >> 24),
                                  static_cast<uint8_t>(ssrcs[layer] >> 16),
                                  static_cast<uint8_t>(ssrcs[layer] >> 8),
                                  static_cast<uint8_t>(ssrcs[layer]),
                                  static_cast<uint8_t>(0x80 | (off == 0 ? 0x10 : 0)), 0x80,
                                  static_cast<uint8_t>(0x80 | (pid >> 8)), static_cast<uint8_t>(pid)};
        p.insert(p.end(), envelope.begin() + off, envelope.begin() + off + n);
        p.resize(p.size() + srtp::kMaxTrailerLength);
        packets.push_back(std::move(p));
      }
      picture_id[layer] = static_cast<uint16_t>((picture_id[layer] + 1) & 0x7FFF);
      std::vector<srtp::PacketSlot> slots;
      for (auto& p : packets) {
        size_t len = p.size() - srtp::kMaxTrailerLength;
        ASSERT_EQ(srtp::Status::kOk, a_out->ProtectRtp(p, len));
        slots.push_back({p, len, srtp::Status::kOk});
      }
      std::vector<IngressResult> in(slots.size());
      a->Ingress(slots, in);
      // Keyframes: where the encoder put them, with its size, read from the clear prefix.
      EXPECT_EQ(frame.keyframe ? 1 : 0, in[0].info.keyframe) << "frame " << f;
      if (frame.keyframe) {
        ++keyframes_seen;
        EXPECT_EQ(160, in[0].info.width);
        EXPECT_EQ(120, in[0].info.height);
      }
      // The first frame of each stream proves it E2EE; the rest is forwarded.
      const bool first_of_stream = f == 0;
      std::vector<srtp::PacketSlot> fwd;
      std::vector<EgressItem> items;
      for (size_t i = 0; i < slots.size(); ++i) {
        if (first_of_stream) {
          EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, in[i].drop);
          continue;
        }
        ASSERT_EQ(DropReason::kNone, in[i].drop) << "frame " << f << " packet " << i;
        fwd.push_back(slots[i]);
        items.push_back({&in[i], &rewriter, false});
      }
      if (first_of_stream) continue;
      std::vector<EgressResult> out(fwd.size());
      ASSERT_EQ(fwd.size(), b->Egress(fwd, items, out));
      std::vector<uint8_t> received;
      for (auto& s : fwd) {
        size_t len = s.length;
        ASSERT_EQ(srtp::Status::kOk, b_in->UnprotectRtp(s.buffer, len));
        const int pid = ((s.buffer[14] & 0x7F) << 8) | s.buffer[15];
        if (out_picture_id >= 0 && &s == &fwd.front()) {
          EXPECT_EQ((out_picture_id + 1) & 0x7FFF, pid) << "picture ids continue, frame " << f;
        }
        if (&s == &fwd.front()) out_picture_id = pid;
        received.insert(received.end(), s.buffer.begin() + 16, s.buffer.begin() + len);
      }
      std::vector<uint8_t> decrypted;
      ASSERT_EQ(t::CryptoStatus::kOk,
                receiver.Decrypt(frame.keyframe ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta,
                                 received, decrypted));
      EXPECT_EQ(frame.bytes, decrypted) << "frame " << f;
    }
  }
  EXPECT_EQ(6, keyframes_seen);  // 3 per pass: frames 0, 10, 20
}

}  // namespace
}  // namespace jvbfastpath::pipeline

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) jvbfastpath::pipeline::g_capture = argv[1];
  return RUN_ALL_TESTS();
}
