// Real browser traffic through an e2ee-required conference (the frame hold): Chromium's
// VP8 and Opus with lib-jitsi-meet-style JFrame E2EE (tests/browser/jframe_worker.js in an
// RTCRtpScriptTransform), relayed with loss so it retransmits over RTX, with encryption
// switched off mid-stream and a sender restart (tests/data/browser, made by capture.sh).
//
// The bridge (Endpoint::IngressPlain: the capture is plain RTP, --disable-webrtc-encryption)
// gets the packets in batches of 4 in capture order, forwards what it releases (held packets
// right before the packet that proved their frame), decapsulates RTX as JVB's RtxHandler
// does, rewrites every stream's SSRC, sequence numbers and timestamps, and protects for a
// receiving client. Independently of the bridge's verdicts, every frame of the capture is
// reassembled (RTX recovering lost packets) and decrypted with the page's key: that says
// which frames were E2EE and which were plaintext. Then:
//   - not one payload byte of a plaintext frame reached the receiver (RTX included);
//   - every complete E2EE frame reached it whole, first frames included, and decrypts;
//   - the RTX stream of the second session, not signalled, was learned.
// It prints what holding each frame until its last packet costs on this traffic: the
// spread of each video frame's packets in the capture (what a bridge adds, at most).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "native/codec/packet_info.h"
#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/rtp/bytes.h"
#include "native/rtp/rtp_packet.h"
#include "tests/interop/pcap_datagrams.h"
#include "tests/native/e2ee/test_frame_crypto.h"
#include "tools/inspect/sdp.h"

namespace jvbfastpath::pipeline {
namespace {

namespace t = e2ee::testing;

// The page's key material (tests/browser/capture.mjs, MATERIAL) and key index.
constexpr char kMaterialHex[] = "4a56422d46617374706174682062726f777365722d746573742d6b6579212121";
constexpr uint32_t kKeyIndex = 3;
constexpr uint16_t kSessionPorts[] = {41002, 41012};  // the relay's source port per session
constexpr size_t kBatch = 4;

std::vector<uint8_t> Material() {
  std::vector<uint8_t> m;
  for (size_t i = 0; kMaterialHex[i] != 0; i += 2) {
    m.push_back(static_cast<uint8_t>(std::stoi(std::string(kMaterialHex + i, 2), nullptr, 16)));
  }
  return m;
}

// The committed captures, or a fresh one (./fastpath test runs capture.sh live and points
// JVBFASTPATH_BROWSER_CAPTURES at it).
std::string DataPath(const std::string& name) {
  const char* dir = std::getenv("JVBFASTPATH_BROWSER_CAPTURES");
  return std::string(dir != nullptr && *dir != 0 ? dir : "tests/data/browser") + "/" + name;
}

struct Packet {
  timeval time{};
  std::vector<uint8_t> bytes;  // with room for the SRTP trailer
  size_t length = 0;
  codec::PacketInfo info;
  uint32_t media_ssrc = 0;  // RTX: the stream it retransmits (from either session's SDP)
  uint16_t media_seq = 0;   // RTX: the OSN
  bool padding = false;     // no media bytes (RTX probe, or padding on the media SSRC)
};

// A frame of the capture: (media SSRC, RTP timestamp).
using FrameId = std::pair<uint32_t, uint32_t>;

struct TruthFrame {
  std::map<uint16_t, std::vector<uint8_t>> data;  // by media sequence number: frame data
  bool audio = false;
  bool has_start = false, has_end = false;
  uint16_t start_seq = 0, end_seq = 0;
  double first_s = 1e18, last_s = 0;  // arrival times of its packets (originals and RTX)
  bool complete = false;
  bool e2ee = false;
  bool first_of_stream = false;
};

t::JFrameType TypeOf(const TruthFrame& f, const std::vector<uint8_t>& envelope) {
  if (f.audio) return t::JFrameType::kAudio;
  return !envelope.empty() && (envelope[0] & 1) == 0 ? t::JFrameType::kVideoKey
                                                      : t::JFrameType::kVideoDelta;
}

bool Reassemble(const TruthFrame& f, std::vector<uint8_t>* envelope) {
  envelope->clear();
  if (!f.has_start || !f.has_end) return false;
  for (uint16_t s = f.start_seq;; ++s) {
    auto it = f.data.find(s);
    if (it == f.data.end()) return false;
    envelope->insert(envelope->end(), it->second.begin(), it->second.end());
    if (s == f.end_seq) return true;
  }
}

double Seconds(const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; }

class ChromiumJFrameTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    for (const char* sdp : {"jframe-1.sdp", "jframe-2.sdp"}) {
      ASSERT_TRUE(inspect::ApplySdpFile(DataPath(sdp), &truth_config_, &error)) << error;
    }
    ASSERT_TRUE(inspect::ApplySdpFile(DataPath("jframe-1.sdp"), &bridge_config_, &error)) << error;
    std::vector<interop::CapturedDatagram> datagrams;
    ASSERT_TRUE(interop::ReadPcapDatagrams(DataPath("chromium_jframe_vp8.pcap"), &datagrams, &error))
        << error;
    for (const auto& d : datagrams) {
      const std::vector<uint8_t>& b = d.payload;
      if (b.size() < 12 || (b[0] >> 6) != 2 || rtp::LooksLikeRtcp(b)) continue;  // STUN, RTCP
      if (std::find(std::begin(kSessionPorts), std::end(kSessionPorts), d.addresses.src_port) ==
          std::end(kSessionPorts)) {
        continue;
      }
      Packet p;
      p.time = d.time;
      p.length = b.size();
      p.bytes = b;
      p.bytes.resize(b.size() + srtp::kMaxTrailerLength);
      if (codec::ParsePacket(b, truth_config_.extensions, truth_config_.payload_types, &p.info) ==
          codec::PacketError::kRtpInvalid) {
        continue;
      }
      p.media_ssrc = p.info.ssrc;
      p.media_seq = p.info.sequence_number;
      if (p.info.rtx) {
        p.media_ssrc = 0;
        for (const auto& [rtx, media] : truth_config_.rtx_ssrcs) {
          if (rtx == p.info.ssrc) p.media_ssrc = media;
        }
        p.media_seq = static_cast<uint16_t>(p.info.rtx_osn);
      }
      p.padding = p.info.payload_length == 0 || (p.info.rtx && p.info.rtx_osn < 0);
      packets_.push_back(std::move(p));
    }
    BuildTruth();
  }

  // Every frame of the capture, from the packets alone: a frame is complete when its first
  // (VP8 S bit) to last (marker) packet are all there, originals or RTX.
  void BuildTruth() {
    std::map<uint32_t, bool> stream_seen;
    for (const Packet& p : packets_) {
      if (p.padding || p.media_ssrc == 0) continue;
      const codec::PacketInfo& i = p.info;
      TruthFrame& f = truth_[{p.media_ssrc, i.timestamp}];
      f.audio = i.codec == static_cast<uint8_t>(codec::Codec::kOpus);
      const auto data = codec::FrameData(std::span(p.bytes.data(), p.length), i);
      f.data[p.media_seq].assign(data.begin(), data.end());
      const codec::FrameBounds bounds = codec::FrameBoundsOf(i);
      if (bounds.start) {
        f.has_start = true;
        f.start_seq = p.media_seq;
      }
      if (bounds.end) {
        f.has_end = true;
        f.end_seq = p.media_seq;
      }
      f.first_s = std::min(f.first_s, Seconds(p.time));
      f.last_s = std::max(f.last_s, Seconds(p.time));
      if (!stream_seen[p.media_ssrc]) {
        stream_seen[p.media_ssrc] = true;
        f.first_of_stream = true;
      }
    }
    t::JFrameReceiver receiver;
    ASSERT_EQ(t::CryptoStatus::kOk, receiver.SetKey(Material(), kKeyIndex));
    for (auto& [id, f] : truth_) {
      std::vector<uint8_t> envelope, plain;
      f.complete = Reassemble(f, &envelope);
      f.e2ee = f.complete && receiver.Decrypt(TypeOf(f, envelope), envelope, plain) ==
                                 t::CryptoStatus::kOk;
    }
  }

  inspect::MediaConfig truth_config_;   // both sessions' SDPs
  inspect::MediaConfig bridge_config_;  // the first session's only: the second's RTX is learned
  std::vector<Packet> packets_;
  std::map<FrameId, TruthFrame> truth_;
};

std::vector<uint8_t> KeyingMaterial(uint8_t seed) {
  std::vector<uint8_t> km(2 * (16 + 12));
  for (size_t i = 0; i < km.size(); ++i) km[i] = static_cast<uint8_t>(seed * 31 + i * 7);
  return km;
}

TEST_F(ChromiumJFrameTest, RequiredForwardsEveryE2eeFrameAndNotOnePlaintextByte) {
  // What the capture holds (so that the test tests something).
  size_t e2ee_frames = 0, plaintext_frames = 0, video_multi_packet = 0, rtx = 0, rtx_plain = 0;
  for (const auto& [id, f] : truth_) {
    if (f.complete) (f.e2ee ? e2ee_frames : plaintext_frames)++;
    if (f.e2ee && !f.audio && f.data.size() > 1) ++video_multi_packet;
  }
  for (const Packet& p : packets_) {
    if (!p.info.rtx || p.padding) continue;
    ++rtx;
    auto it = truth_.find({p.media_ssrc, p.info.timestamp});
    if (it != truth_.end() && it->second.complete && !it->second.e2ee) ++rtx_plain;
  }
  EXPECT_GE(e2ee_frames, 100u);
  EXPECT_GE(plaintext_frames, 10u);   // encryption switched off for a second
  EXPECT_GE(video_multi_packet, 2u);  // the sessions' keyframes at least
  EXPECT_GE(rtx, 1u);

  // The bridge.
  Conference conference("browser", conference::Mode::kE2eeRequired, e2ee::ExpectedEnvelope::kJFrame);
  auto endpoint = [&](const char* id, uint8_t seed, bool sender) {
    EndpointConfig c;
    c.id = id;
    c.payload_types = bridge_config_.payload_types;
    c.extensions = bridge_config_.extensions;
    if (sender) c.rtx_ssrcs = bridge_config_.rtx_ssrcs;
    std::string error;
    auto e = Endpoint::Create(conference, c, KeyingMaterial(seed), &error);
    EXPECT_NE(nullptr, e) << error;
    return e;
  };
  auto a = endpoint("chromium", 1, true);
  auto b = endpoint("receiver", 2, false);
  ASSERT_TRUE(a && b);
  auto keys = srtp::SplitDtlsKeyingMaterial(srtp::Profile::kAeadAes128Gcm, KeyingMaterial(2),
                                            srtp::DtlsRole::kClient);
  srtp::SessionConfig sc;
  sc.direction = srtp::Direction::kInbound;
  sc.replay_window = 1024;
  std::string error;
  auto client = srtp::SrtpSession::Create(keys->remote, sc, &error);
  ASSERT_NE(nullptr, client) << error;

  std::map<uint32_t, std::unique_ptr<rewrite::StreamRewriter>> rewriters;  // by media SSRC
  std::map<const IngressResult*, size_t> packet_of;
  std::vector<std::unique_ptr<std::array<IngressResult, kBatch>>> results;
  // What the receiver got, by the frame it belongs to (media SSRC, original timestamp).
  std::map<FrameId, std::map<uint16_t, std::vector<uint8_t>>> received;
  size_t plaintext_bytes_out = 0, rtx_forwarded = 0, padding_dropped = 0, sent = 0;
  size_t duplicates = 0;
  std::vector<HoldEvent> events(FrameHold::kCapacity);

  auto forward = [&](size_t k, const IngressResult& r) {
    const Packet& p = packets_[k];
    if (p.padding) {  // JVB's RtxHandler and PaddingTermination keep probes to the bridge
      ++padding_dropped;
      return;
    }
    std::vector<uint8_t> out(p.bytes.begin(), p.bytes.begin() + static_cast<long>(p.length));
    const size_t header = r.info.payload_offset;
    uint32_t media = r.info.ssrc;
    if (r.info.rtx) {  // decapsulate in place, as JVB's RtxHandler
      ++rtx_forwarded;
      media = r.media_ssrc;
      EXPECT_EQ(p.media_ssrc, media);
      out.erase(out.begin() + static_cast<long>(header), out.begin() + static_cast<long>(header + 2));
      rtp::WriteU16(&out[2], p.media_seq);
      rtp::WriteU32(&out[8], media);
      out[1] = static_cast<uint8_t>((out[1] & 0x80) |
                                    bridge_config_.payload_types.RtxApt(r.info.payload_type));
    }
    auto& rw = rewriters[media];
    if (!rw) {
      rw = std::make_unique<rewrite::StreamRewriter>(rewrite::StreamRewriteConfig{
          0x5000u + static_cast<uint32_t>(rewriters.size()),
          r.info.codec == static_cast<uint8_t>(codec::Codec::kOpus) ? 48000u : 90000u, true});
    }
    const size_t length = out.size();
    out.resize(length + srtp::kMaxTrailerLength);
    srtp::PacketSlot slot{out, length, srtp::Status::kOk};
    const EgressItem item{&r, rw.get()};
    EgressResult er;
    b->Egress({&slot, 1}, {&item, 1}, {&er, 1});
    EXPECT_EQ(DropReason::kNone, er.drop) << DropReasonName(er.drop);
    if (er.drop != DropReason::kNone) return;
    size_t plain = slot.length;
    const srtp::Status status = client->UnprotectRtp(out, plain);
    if (status == srtp::Status::kReplayFail) {
      // Chromium also resends packets that arrived (RTX as bandwidth probe): the receiver
      // has the packet already.
      ++duplicates;
      return;
    }
    ASSERT_EQ(srtp::Status::kOk, status);
    EXPECT_NE(media, rtp::ReadU32(&out[8]));  // rewritten
    ++sent;
    const auto data = codec::FrameData(std::span(p.bytes.data(), p.length), p.info);
    auto it = truth_.find({p.media_ssrc, p.info.timestamp});
    if (it == truth_.end() || (it->second.complete && !it->second.e2ee)) {
      plaintext_bytes_out += data.size();
    }
    // The receiver's copy: the bytes after its descriptor (what it depacketises).
    const size_t descriptor = r.info.descriptor_length - (r.info.rtx ? 2 : 0);
    received[{p.media_ssrc, p.info.timestamp}][p.media_seq].assign(
        out.begin() + static_cast<long>(header + descriptor), out.begin() + static_cast<long>(plain));
  };

  for (size_t begin = 0; begin < packets_.size(); begin += kBatch) {
    const size_t n = std::min(kBatch, packets_.size() - begin);
    std::vector<srtp::PacketSlot> slots;
    for (size_t i = 0; i < n; ++i) {
      Packet& p = packets_[begin + i];
      slots.push_back({p.bytes, p.length, srtp::Status::kOk});
    }
    results.push_back(std::make_unique<std::array<IngressResult, kBatch>>());
    std::array<IngressResult, kBatch>& in = *results.back();
    for (size_t i = 0; i < n; ++i) packet_of[&in[i]] = begin + i;
    a->IngressPlain(slots, {in.data(), n});
    events.resize(FrameHold::kCapacity);
    events.resize(a->TakeHoldEvents(events));
    size_t e = 0;
    for (size_t i = 0; i < n; ++i) {
      // Releases go out right before the packet that proved them; drops (frames that
      // expired or ended as plaintext) are queued among them, in the order they happened.
      for (; e < events.size() && (events[e].before == nullptr || events[e].before == &in[i]);
           ++e) {
        if (events[e].before != nullptr) forward(packet_of.at(events[e].packet), *events[e].packet);
      }
      if (!in[i].was_held && in[i].drop == DropReason::kNone) forward(begin + i, in[i]);
    }
    for (; e < events.size(); ++e) EXPECT_EQ(nullptr, events[e].before);  // drops
  }

  // Not one byte of a plaintext frame left the bridge, RTX included.
  EXPECT_EQ(0u, plaintext_bytes_out);
  // Every complete E2EE frame arrived whole and decrypts at the receiver.
  t::JFrameReceiver receiver;
  ASSERT_EQ(t::CryptoStatus::kOk, receiver.SetKey(Material(), kKeyIndex));
  size_t decrypted = 0, first_frames = 0;
  for (const auto& [id, f] : truth_) {
    if (!f.e2ee) continue;
    TruthFrame got = f;
    got.data = received[id];
    std::vector<uint8_t> envelope, plain;
    const bool whole = Reassemble(got, &envelope);
    EXPECT_TRUE(whole) << "frame " << id.first << "/" << id.second << " not forwarded whole";
    if (whole && receiver.Decrypt(TypeOf(got, envelope), envelope, plain) == t::CryptoStatus::kOk) {
      ++decrypted;
      first_frames += f.first_of_stream;
    }
  }
  EXPECT_EQ(e2ee_frames, decrypted);
  EXPECT_EQ(4u, first_frames);  // audio and video of each session: none lost to the proof
  EXPECT_GE(rtx_forwarded, 1u);
  const EndpointCounters& c = a->counters();
  EXPECT_GT(c.released_packets.load(), 0u);
  EXPECT_LE(c.released_packets.load(), c.held_packets.load());
  EXPECT_EQ(0u, a->held_packets());

  // What holding costs on this traffic: each multi-packet video frame's spread in time.
  std::vector<double> spread_ms;
  for (const auto& [id, f] : truth_) {
    if (f.e2ee && !f.audio && f.data.size() > 1) spread_ms.push_back((f.last_s - f.first_s) * 1e3);
  }
  std::sort(spread_ms.begin(), spread_ms.end());
  auto q = [&](double x) { return spread_ms[static_cast<size_t>(x * (spread_ms.size() - 1))]; };
  std::printf("chromium JFrame: %zu E2EE frames (%zu multi-packet video), %zu plaintext frames, "
              "%zu RTX (%zu of plaintext frames), %zu packets forwarded (%zu duplicates), %zu "
              "padding probes kept; "
              "hold per multi-packet video frame (its packets' spread) p50 %.2f ms, p99 %.2f ms, "
              "max %.2f ms\n",
              e2ee_frames, video_multi_packet, plaintext_frames, rtx, rtx_plain, sent, duplicates,
              padding_dropped, q(0.5), q(0.99), spread_ms.back());
}

}  // namespace
}  // namespace jvbfastpath::pipeline
