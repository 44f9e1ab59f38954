#include "tests/native/pipeline/real_frames.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "native/capture/udp_frame.h"
#include "native/codec/packet_info.h"

namespace jvbfastpath::pipeline::testing {
namespace {

namespace t = e2ee::testing;

constexpr size_t kRtpHeader = 12;
constexpr uint8_t kVp8Pt = 100;
constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kRtxPt = 101;
constexpr uint32_t kLayerSsrcs[2] = {0x0A0A0A0A, 0x0B0B0B0B};
constexpr uint32_t kOutSsrc = 0x5151;
constexpr uint32_t kRtxSsrc = 0x5152;
constexpr size_t kVp8DescriptorLength = 4;  // X|S, I, 15-bit picture id

std::vector<uint8_t> KeyingMaterial(std::mt19937& rng) {
  std::vector<uint8_t> km(2 * (16 + 12));  // AEAD_AES_128_GCM, RFC 5764 section 4.2
  for (auto& b : km) b = static_cast<uint8_t>(rng());
  return km;
}

std::unique_ptr<srtp::SrtpSession> ClientSession(std::span<const uint8_t> km, bool outbound) {
  auto keys = srtp::SplitDtlsKeyingMaterial(srtp::Profile::kAeadAes128Gcm, km,
                                            srtp::DtlsRole::kClient);
  srtp::SessionConfig c;
  c.direction = outbound ? srtp::Direction::kOutbound : srtp::Direction::kInbound;
  c.replay_window = 1024;
  std::string error;
  auto s = srtp::SrtpSession::Create(outbound ? keys->local : keys->remote, c, &error);
  EXPECT_NE(nullptr, s) << error;
  return s;
}

uint16_t Read16(std::span<const uint8_t> p, size_t at) {
  return static_cast<uint16_t>((p[at] << 8) | p[at + 1]);
}

void Write16(std::span<uint8_t> p, size_t at, uint16_t v) {
  p[at] = static_cast<uint8_t>(v >> 8);
  p[at + 1] = static_cast<uint8_t>(v);
}

void Write32(std::span<uint8_t> p, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

}  // namespace

std::vector<Frame> ReadCaptureFrames(const std::string& path, codec::Codec codec,
                                     uint8_t payload_type) {
  char errbuf[PCAP_ERRBUF_SIZE];
  pcap_t* pcap = pcap_open_offline(path.c_str(), errbuf);
  EXPECT_NE(nullptr, pcap) << errbuf;
  if (pcap == nullptr) return {};
  codec::PayloadTypeMap payload_types;
  payload_types.Set(payload_type, codec);
  const rtp::ExtensionMap no_extensions;
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
    codec::PacketInfo info;
    const codec::PacketError error =
        codec::ParsePacket(d.payload, no_extensions, payload_types, &info);
    EXPECT_EQ(codec::PacketError::kOk, error);
    if (error != codec::PacketError::kOk || info.payload_type != payload_type) continue;
    const std::span<const uint8_t> body = codec::FrameData(d.payload, info);
    const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
    if (bounds.start) {
      current = Frame{};
      current.keyframe = codec == codec::Codec::kVp8 && !body.empty() && (body[0] & 1) == 0;
    }
    current.bytes.insert(current.bytes.end(), body.begin(), body.end());
    if (bounds.end) frames.push_back(std::move(current));
  }
  pcap_close(pcap);
  return frames;
}

size_t IndexInChain(const FrameReport& report, const RunConfig& config, bool chain_per_key) {
  size_t start = 0;
  if (chain_per_key) {
    for (size_t rotation : config.rotate_before) {
      if (rotation <= report.index) start = rotation;
    }
  }
  return report.index - start;
}

void ExpectEveryFrame(const std::vector<FrameReport>& reports, const RunConfig& config,
                      e2ee::EnvelopeKind kind, size_t frames_to_prove, bool chain_per_key) {
  const bool required = config.mode == conference::Mode::kE2eeRequired;
  for (const FrameReport& r : reports) {
    SCOPED_TRACE("pass " + std::to_string(r.pass) + " frame " + std::to_string(r.index));
    const size_t in_chain = IndexInChain(r, config, chain_per_key);
    // e2ee-required: the frames before the stream is proven are held, none is lost.
    EXPECT_FALSE(r.dropped_at_ingress);
    EXPECT_EQ(required && in_chain + 1 < frames_to_prove, r.held);
    if (in_chain + 1 >= frames_to_prove) {
      EXPECT_EQ(kind, r.envelope);
      EXPECT_EQ(r.sent_key_id, r.key_id);
    }
    if (r.dropped_at_ingress) continue;
    EXPECT_TRUE(r.picture_id_continuous);
    if (static_cast<long>(r.index) == config.corrupt_frame) {
      EXPECT_TRUE(r.corruption_caught);
      EXPECT_TRUE(r.corrupted_envelope_fails);
      continue;
    }
    EXPECT_TRUE(r.decrypted_exact);
    if (config.rtx_every != 0 && r.index % config.rtx_every == config.rtx_every - 1) {
      EXPECT_TRUE(r.rtx_recovered);
    }
  }
}

size_t DropCount(const Endpoint& endpoint, DropReason reason) {
  return endpoint.counters().drops[static_cast<size_t>(reason)].load();
}

RealFramesBridge::RealFramesBridge(const RunConfig& config)
    : config_(config),
      conference_("real", config.mode, config.expected),
      rewriter_(rewrite::StreamRewriteConfig{
          kOutSsrc, config.codec == codec::Codec::kOpus ? 48000u : 90000u, true}) {
  std::mt19937 rng(3);
  const std::vector<uint8_t> km_a = KeyingMaterial(rng);
  const std::vector<uint8_t> km_b = KeyingMaterial(rng);
  auto endpoint = [&](const char* id, const std::vector<uint8_t>& km) {
    EndpointConfig c;
    c.id = id;
    c.payload_types.Set(kVp8Pt, codec::Codec::kVp8);
    c.payload_types.Set(kOpusPt, codec::Codec::kOpus);
    std::string error;
    auto e = Endpoint::Create(conference_, c, km, &error);
    EXPECT_NE(nullptr, e) << error;
    return e;
  };
  a_ = endpoint("a", km_a);
  b_ = endpoint("b", km_b);
  a_out_ = ClientSession(km_a, true);
  b_in_ = ClientSession(km_b, false);
}

RealFramesBridge::~RealFramesBridge() = default;

std::vector<std::vector<uint8_t>> RealFramesBridge::Packetise(std::span<const uint8_t> envelope,
                                                              int layer, uint32_t timestamp) {
  const bool vp8 = config_.codec == codec::Codec::kVp8;
  const size_t chunk = vp8 ? config_.packet_chunk : envelope.size();
  std::vector<std::vector<uint8_t>> packets;
  for (size_t off = 0; off < envelope.size(); off += chunk) {
    const size_t n = std::min(chunk, envelope.size() - off);
    const bool last = off + n == envelope.size();
    // Video: the marker ends a frame. Audio: it starts a talkspurt (RFC 3551 section 4.1).
    const bool marker = vp8 ? last : std::exchange(talkspurt_start_[layer], false);
    std::vector<uint8_t> p(kRtpHeader, 0);
    p[0] = 0x80;
    p[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | (vp8 ? kVp8Pt : kOpusPt));
    Write16(p, 2, seq_[layer]++);
    Write32(p, 4, timestamp);
    Write32(p, 8, kLayerSsrcs[layer]);
    if (vp8) {
      const uint16_t pid = picture_id_[layer];
      p.insert(p.end(), {static_cast<uint8_t>(0x80 | (off == 0 ? 0x10 : 0)), 0x80,
                         static_cast<uint8_t>(0x80 | (pid >> 8)), static_cast<uint8_t>(pid)});
    }
    p.insert(p.end(), envelope.begin() + static_cast<long>(off),
             envelope.begin() + static_cast<long>(off + n));
    p.resize(p.size() + srtp::kMaxTrailerLength);  // room for the SRTP trailer
    packets.push_back(std::move(p));
  }
  picture_id_[layer] = static_cast<uint16_t>((picture_id_[layer] + 1) & 0x7FFF);
  return packets;
}

void RealFramesBridge::Forward(const Frame& frame, std::vector<std::vector<uint8_t>>& packets,
                               FrameCipher& cipher, bool corrupt, bool rtx,
                               std::vector<FrameReport>& reports) {
  // The sending client protects; the bridge's endpoint `a` receives.
  auto pending = std::make_unique<PendingFrame>();
  pending->frame = &frame;
  pending->packets = std::move(packets);
  pending->corrupt = corrupt;
  pending->rtx = rtx;
  pending->report = reports.size() - 1;
  for (auto& p : pending->packets) {
    size_t len = p.size() - srtp::kMaxTrailerLength;
    EXPECT_EQ(srtp::Status::kOk, a_out_->ProtectRtp(p, len));
    pending->slots.push_back({p, len, srtp::Status::kOk});
  }
  std::vector<IngressResult>& in = pending->in;
  in.resize(pending->slots.size());
  a_->Ingress(pending->slots, in);
  FrameReport& report = reports.back();
  report.keyframe = in.front().info.keyframe;
  report.width = in.front().info.width;
  report.height = in.front().info.height;
  report.envelope = in.back().envelope;
  report.key_id = in.back().key_id;
  // Held frames (frame_hold.h) wait; the events say when they go: released packets right
  // before the packet that proved them (here always this frame's last), so the frames
  // held before this one go out first, in order.
  std::vector<HoldEvent> events(FrameHold::kCapacity);
  events.resize(a_->TakeHoldEvents(events));
  size_t dropped = 0, held = 0;
  for (const IngressResult& r : in) {
    if (r.drop == DropReason::kHeld) ++held;
    if (r.drop == DropReason::kNone || r.drop == DropReason::kHeld) continue;
    EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, r.drop) << DropReasonName(r.drop);
    ++dropped;
  }
  for (const HoldEvent& e : events) {
    if (!config_.plaintext_sender) {
      EXPECT_EQ(DropReason::kNone, e.packet->drop) << "no E2EE frame is dropped from the hold";
    }
    if (e.packet->drop == DropReason::kNone) EXPECT_EQ(&in.back(), e.before);
  }
  if (dropped != 0) {
    EXPECT_EQ(in.size(), dropped) << "a frame is refused whole";
    report.dropped_at_ingress = true;
    return;
  }
  if (held != 0) {
    EXPECT_EQ(in.size(), held) << "a frame is held whole";
    report.held = true;
    held_.push_back(std::move(pending));
    return;
  }
  for (auto& h : held_) Deliver(*h, cipher, reports[h->report]);
  held_.clear();
  Deliver(*pending, cipher, report);
}

void RealFramesBridge::Deliver(PendingFrame& pending, FrameCipher& cipher, FrameReport& report) {
  const Frame& frame = *pending.frame;
  std::vector<srtp::PacketSlot>& slots = pending.slots;
  std::vector<IngressResult>& in = pending.in;
  const bool corrupt = pending.corrupt;
  const bool rtx = pending.rtx;
  const bool vp8 = config_.codec == codec::Codec::kVp8;
  const size_t descriptor = vp8 ? kVp8DescriptorLength : 0;
  // What the bridge's RTX cache keeps of the frame's last packet: the bytes as received.
  const std::vector<uint8_t> cached(slots.back().buffer.begin(),
                                    slots.back().buffer.begin() + static_cast<long>(slots.back().length));
  // A broken stage between ingress and egress changes one opaque byte: what it made is
  // kept here, because egress refuses the packet but need not leave its bytes as they were.
  std::vector<uint8_t> broken;
  if (corrupt) {
    const size_t at = kRtpHeader + descriptor + config_.corrupt_offset;
    EXPECT_LT(at, slots.front().length);
    slots.front().buffer[at] ^= 0x01;
    broken.assign(slots.front().buffer.begin() + static_cast<long>(kRtpHeader + descriptor),
                  slots.front().buffer.begin() + static_cast<long>(slots.front().length));
    report.corrupted = true;
  }
  std::vector<EgressItem> items;
  for (auto& r : in) items.push_back({&r, &rewriter_, false});
  std::vector<EgressResult> out(slots.size());
  b_->Egress(slots, items, out);

  // The receiving client: unprotect, read the descriptor, join the payloads.
  std::vector<std::vector<uint8_t>> chunks;
  std::vector<uint8_t> last_received;
  int frame_picture_id = -1;
  for (size_t i = 0; i < slots.size(); ++i) {
    srtp::PacketSlot& s = slots[i];
    if (corrupt && i == 0) {
      report.corruption_caught = out[i].drop == DropReason::kOpaqueModifiedBeforeEgress;
      // Never sent: the receiver's envelope gets what the broken stage made.
      chunks.push_back(broken);
      continue;
    }
    EXPECT_EQ(DropReason::kNone, out[i].drop) << DropReasonName(out[i].drop);
    if (out[i].drop != DropReason::kNone) return;
    size_t len = s.length;
    EXPECT_EQ(srtp::Status::kOk, b_in_->UnprotectRtp(s.buffer, len));
    EXPECT_EQ(kOutSsrc, (uint32_t{Read16(s.buffer, 8)} << 16) | Read16(s.buffer, 10));
    if (vp8) frame_picture_id = ((s.buffer[14] & 0x7F) << 8) | s.buffer[15];
    chunks.emplace_back(s.buffer.begin() + static_cast<long>(kRtpHeader + descriptor),
                        s.buffer.begin() + static_cast<long>(len));
    if (i + 1 == slots.size()) last_received.assign(s.buffer.begin(), s.buffer.begin() + static_cast<long>(len));
  }
  // A frame whose only packet was refused was rewritten all the same: its picture id was
  // used, and the next frame's follows it.
  if (vp8 && frame_picture_id < 0 && corrupt && last_out_picture_id_ >= 0) {
    frame_picture_id = (last_out_picture_id_ + 1) & 0x7FFF;
  }
  if (vp8 && frame_picture_id >= 0) {
    report.picture_id_continuous =
        last_out_picture_id_ < 0 || frame_picture_id == ((last_out_picture_id_ + 1) & 0x7FFF);
    last_out_picture_id_ = frame_picture_id;
  }

  // RTX (RFC 4588 section 4): the bridge resends the last packet from its cache with the
  // receiver's header (RTX SSRC, PT, sequence number), the OSN (the sequence number the
  // receiver saw), its own descriptor bytes, and the cached opaque bytes. The receiver
  // recovers the original and uses it instead of the first copy.
  if (rtx && !last_received.empty()) {
    std::vector<uint8_t> r(last_received.begin(), last_received.begin() + kRtpHeader);
    r[1] = static_cast<uint8_t>((r[1] & 0x80) | kRtxPt);
    Write16(r, 2, rtx_seq_++);
    Write32(r, 8, kRtxSsrc);
    r.push_back(last_received[2]);
    r.push_back(last_received[3]);
    r.insert(r.end(), last_received.begin() + kRtpHeader,
             last_received.begin() + static_cast<long>(kRtpHeader + descriptor));
    r.insert(r.end(), cached.begin() + static_cast<long>(kRtpHeader + descriptor), cached.end());
    const size_t rtx_length = r.size();
    r.resize(rtx_length + srtp::kMaxTrailerLength);
    srtp::PacketSlot slot{r, rtx_length, srtp::Status::kOk};
    const EgressItem item{&in.back(), nullptr, true};
    EgressResult result;
    b_->Egress({&slot, 1}, {&item, 1}, {&result, 1});
    EXPECT_EQ(DropReason::kNone, result.drop) << DropReasonName(result.drop);
    size_t len = slot.length;
    if (result.drop == DropReason::kNone &&
        b_in_->UnprotectRtp(r, len) == srtp::Status::kOk) {
      const std::span<const uint8_t> original_payload =
          std::span<const uint8_t>(last_received).subspan(kRtpHeader);
      const std::span<const uint8_t> rtx_payload =
          std::span<const uint8_t>(r).subspan(kRtpHeader + 2, len - kRtpHeader - 2);
      report.rtx_recovered = Read16(r, kRtpHeader) == Read16(last_received, 2) &&
                             std::equal(original_payload.begin(), original_payload.end(),
                                        rtx_payload.begin(), rtx_payload.end());
      chunks.back().assign(rtx_payload.begin() + static_cast<long>(descriptor), rtx_payload.end());
    }
  }

  std::vector<uint8_t> envelope;
  for (const auto& c : chunks) envelope.insert(envelope.end(), c.begin(), c.end());
  std::vector<uint8_t> decrypted;
  const t::CryptoStatus status = cipher.Decrypt(frame, envelope, decrypted);
  if (corrupt) {
    report.corrupted_envelope_fails = status != t::CryptoStatus::kOk;
  } else {
    EXPECT_EQ(t::CryptoStatus::kOk, status) << t::CryptoStatusName(status);
    report.decrypted_exact = status == t::CryptoStatus::kOk && decrypted == frame.bytes;
  }
}

std::vector<FrameReport> RealFramesBridge::Run(const std::vector<Frame>& frames,
                                               FrameCipher& cipher) {
  const uint32_t step = config_.codec == codec::Codec::kOpus ? 960 : 3000;  // 20 ms, 1/30 s
  std::vector<FrameReport> reports;
  for (int pass = 0; pass < 2; ++pass) {
    const int layer = pass;
    for (size_t f = 0; f < frames.size(); ++f) {
      if (config_.rotate_before.count(f) != 0) cipher.RotateKey();
      FrameReport report;
      report.pass = pass;
      report.index = f;
      report.sent_key_id = cipher.key_id();
      const uint32_t ts = step * static_cast<uint32_t>(f + static_cast<size_t>(pass) * frames.size());
      std::vector<uint8_t> envelope;
      const t::CryptoStatus status = cipher.Encrypt(frames[f], kLayerSsrcs[layer], ts, envelope);
      EXPECT_EQ(t::CryptoStatus::kOk, status) << t::CryptoStatusName(status);
      auto packets = Packetise(envelope, layer, ts);
      const bool corrupt = config_.corrupt_frame == static_cast<long>(f);
      const bool rtx = config_.rtx_every != 0 && f % config_.rtx_every == config_.rtx_every - 1;
      reports.push_back(report);
      Forward(frames[f], packets, cipher, corrupt, rtx, reports);
    }
  }
  return reports;
}

CaptureRun RunCapture(const RunConfig& config, FrameCipher& cipher) {
  CaptureRun run;
  const bool opus = config.codec == codec::Codec::kOpus;
  run.frames = ReadCaptureFrames(CapturePath(config.codec), config.codec, opus ? 111 : 96);
  EXPECT_GE(run.frames.size(), opus ? 25u : 30u);
  run.bridge = std::make_unique<RealFramesBridge>(config);
  run.reports = run.bridge->Run(run.frames, cipher);
  EXPECT_EQ(2 * run.frames.size(), run.reports.size());
  return run;
}

}  // namespace jvbfastpath::pipeline::testing
