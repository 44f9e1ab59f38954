// Cryptex (RFC 9335) endpoints in an E2EE conference: a sending client whose audio and video
// carry header extensions (audio level, transport-cc, abs-send-time) and JFrame envelopes,
// sent with Cryptex (0xC0DE, and CSRCs from a mixer); the bridge's ingress unprotects, then
// parses the extensions it could not read on the wire; egress forwards the JFrame media with
// the passthrough guard's proof intact and sends the extensions (and CSRCs) encrypted again to
// a Cryptex receiver, in clear RFC 8285 form to one that did not negotiate Cryptex; the
// receiving client decrypts every frame. In E2EE-required mode a plaintext frame is still
// refused, and a corrupted opaque byte is still caught: Cryptex changes none of the guard's
// rules. An endpoint that did not negotiate Cryptex cannot take a Cryptex packet.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/rtp/bytes.h"
#include "tests/native/e2ee/test_frame_crypto.h"

namespace jvbfastpath::pipeline {
namespace {

namespace t = e2ee::testing;

constexpr srtp::Profile kProfile = srtp::Profile::kAeadAes128Gcm;
constexpr uint8_t kVp8Pt = 100;
constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kAudioLevelId = 1;
constexpr uint8_t kAbsSendTimeId = 2;
constexpr uint8_t kTccId = 3;
constexpr uint32_t kVideoSsrc = 0xABCDEF01;
constexpr uint32_t kAudioSsrc = 0x0A0B0C0D;

std::vector<uint8_t> KeyingMaterial(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> km(2 * (16 + 12));
  for (auto& b : km) b = static_cast<uint8_t>(rng());
  return km;
}

// A browser's SRTP sessions toward the bridge (the DTLS client), Cryptex as negotiated.
struct Client {
  Client(std::span<const uint8_t> km, bool cryptex) {
    auto keys = srtp::SplitDtlsKeyingMaterial(kProfile, km, srtp::DtlsRole::kClient);
    srtp::SessionConfig c;
    c.cryptex = cryptex;
    std::string error;
    c.direction = srtp::Direction::kOutbound;
    out = srtp::SrtpSession::Create(keys->local, c, &error);
    c.direction = srtp::Direction::kInbound;
    c.replay_window = 1024;
    in = srtp::SrtpSession::Create(keys->remote, c, &error);
  }
  std::unique_ptr<srtp::SrtpSession> out, in;
};

std::unique_ptr<Endpoint> MakeEndpoint(Conference& c, const std::string& id,
                                       std::span<const uint8_t> km, bool cryptex) {
  EndpointConfig config;
  config.id = id;
  config.profile = kProfile;
  config.cryptex = cryptex;
  config.payload_types.Set(kVp8Pt, codec::Codec::kVp8);
  config.payload_types.Set(kOpusPt, codec::Codec::kOpus);
  EXPECT_TRUE(config.extensions.Register(kAudioLevelId,
                                         "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
  EXPECT_TRUE(config.extensions.Register(
      kAbsSendTimeId, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
  EXPECT_TRUE(config.extensions.Register(
      kTccId, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
  std::string error;
  auto e = Endpoint::Create(c, config, km, &error);
  EXPECT_NE(nullptr, e) << error;
  return e;
}

// Where the extension block starts and its profile (0 when the packet has none).
size_t BlockAt(std::span<const uint8_t> p) { return 12 + 4 * (p[0] & 0x0F); }
uint16_t BlockProfile(std::span<const uint8_t> p) {
  return (p[0] & 0x10) != 0 ? rtp::ReadU16(p.data() + BlockAt(p)) : 0;
}

// One RTP packet as a browser sends it: `csrcs` CSRCs (a mixer's), a one-byte block
// (audio: audio level + transport-cc; video: abs-send-time + transport-cc), then `payload`.
std::vector<uint8_t> Packet(bool audio, uint16_t seq, uint32_t ts, bool marker, uint16_t tcc,
                            uint8_t level, size_t csrcs, std::span<const uint8_t> payload) {
  std::vector<uint8_t> p = {static_cast<uint8_t>(0x90 | csrcs),
                            static_cast<uint8_t>((marker ? 0x80 : 0) | (audio ? kOpusPt : kVp8Pt)),
                            static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq)};
  for (int shift = 24; shift >= 0; shift -= 8) p.push_back(static_cast<uint8_t>(ts >> shift));
  const uint32_t ssrc = audio ? kAudioSsrc : kVideoSsrc;
  for (int shift = 24; shift >= 0; shift -= 8) p.push_back(static_cast<uint8_t>(ssrc >> shift));
  for (size_t i = 0; i < csrcs; ++i) {
    const uint8_t csrc[4] = {0xC5, 0, 0, static_cast<uint8_t>(i + 1)};
    p.insert(p.end(), csrc, csrc + 4);
  }
  const uint8_t first = audio ? static_cast<uint8_t>(kAudioLevelId << 4)
                              : static_cast<uint8_t>(kAbsSendTimeId << 4 | 2);
  std::vector<uint8_t> block = {0xBE, 0xDE, 0, 2, first};
  if (audio) {
    block.push_back(static_cast<uint8_t>(0x80 | level));  // V=1
  } else {
    block.insert(block.end(), {0x12, 0x34, static_cast<uint8_t>(seq)});
  }
  block.insert(block.end(), {static_cast<uint8_t>(kTccId << 4 | 1), static_cast<uint8_t>(tcc >> 8),
                             static_cast<uint8_t>(tcc)});
  block.resize(4 + 8, 0);  // two words
  p.insert(p.end(), block.begin(), block.end());
  p.insert(p.end(), payload.begin(), payload.end());
  p.resize(p.size() + srtp::kMaxTrailerLength);  // room for the trailer
  return p;
}

// VP8 payload descriptor: 15-bit picture id, TL0PICIDX, S on the frame's first packet.
std::vector<uint8_t> Vp8Payload(std::span<const uint8_t> chunk, bool first, uint16_t picture_id) {
  std::vector<uint8_t> p = {static_cast<uint8_t>(0x80 | (first ? 0x10 : 0)), 0xC0,
                            static_cast<uint8_t>(0x80 | (picture_id >> 8)),
                            static_cast<uint8_t>(picture_id), 7};
  p.insert(p.end(), chunk.begin(), chunk.end());
  return p;
}

class CryptexPipelineTest : public ::testing::Test {
 protected:
  CryptexPipelineTest()
      : conference_("c", conference::Mode::kE2eePassthrough, e2ee::ExpectedEnvelope::kJFrame),
        km_a_(KeyingMaterial(11)), km_b_(KeyingMaterial(12)), km_c_(KeyingMaterial(13)),
        client_a_(km_a_, true), client_b_(km_b_, true), client_c_(km_c_, false),
        a_(MakeEndpoint(conference_, "a", km_a_, true)),
        b_(MakeEndpoint(conference_, "b", km_b_, true)),
        c_(MakeEndpoint(conference_, "c", km_c_, false)) {
    EXPECT_EQ(t::CryptoStatus::kOk, sender_.SetKey(std::vector<uint8_t>(32, 9), 2));
    for (auto* r : {&receiver_b_, &receiver_c_}) {
      EXPECT_EQ(t::CryptoStatus::kOk, r->SetKey(std::vector<uint8_t>(32, 9), 2));
    }
  }

  struct Sent {
    std::vector<std::vector<uint8_t>> plain;  // what the client's RTP stack built
    std::vector<std::vector<uint8_t>> wire;   // after the client's SRTP (with Cryptex)
  };

  // A frame (JFrame-encrypted unless `plaintext`) as client a's packets, protected.
  Sent MakeFrame(bool audio, bool plaintext, size_t size, size_t csrcs) {
    std::mt19937 rng(seq_ + (audio ? 7u : 0u));
    std::vector<uint8_t> frame(size);
    for (auto& x : frame) x = static_cast<uint8_t>(rng());
    const t::JFrameType type = audio ? t::JFrameType::kAudio : t::JFrameType::kVideoDelta;
    if (!audio) frame[0] = 0x11;  // a VP8 inter frame's tag
    std::vector<uint8_t> envelope = frame;
    if (!plaintext) {
      EXPECT_EQ(t::CryptoStatus::kOk,
                sender_.Encrypt(type, audio ? kAudioSsrc : kVideoSsrc, ts_, frame, envelope));
    }
    frames_.push_back({audio, plaintext, frame});
    Sent s;
    const size_t chunk = audio ? envelope.size() : 700;
    for (size_t off = 0; off < envelope.size(); off += chunk) {
      const size_t n = std::min(chunk, envelope.size() - off);
      std::span<const uint8_t> bytes(envelope.data() + off, n);
      std::vector<uint8_t> payload =
          audio ? std::vector<uint8_t>(bytes.begin(), bytes.end())
                : Vp8Payload(bytes, off == 0, picture_id_);
      uint16_t& seq = audio ? audio_seq_ : seq_;
      s.plain.push_back(Packet(audio, seq++, ts_, off + n == envelope.size(), tcc_++,
                               static_cast<uint8_t>(30 + tcc_ % 60), csrcs, payload));
    }
    ++picture_id_;
    ts_ += audio ? 960 : 3000;
    for (const auto& p : s.plain) {
      std::vector<uint8_t> w = p;
      size_t len = p.size() - srtp::kMaxTrailerLength;
      EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(w, len));
      w.resize(len + srtp::kMaxTrailerLength);
      s.wire.push_back(std::move(w));
    }
    return s;
  }

  // Ingress at a, egress to `to`; returns each packet's drop reason; `received` gets what
  // the receiving client unprotected (and `sent_wire` what the bridge sent), for packets
  // that went all the way.
  std::vector<DropReason> Forward(Sent& s, Endpoint& to, Client& client,
                                  std::vector<std::vector<uint8_t>>* received,
                                  std::vector<std::vector<uint8_t>>* sent_wire,
                                  int corrupt_at = -1) {
    std::vector<srtp::PacketSlot> slots;
    for (size_t i = 0; i < s.wire.size(); ++i) {
      const size_t len = s.plain[i].size() - srtp::kMaxTrailerLength + 16;  // + the GCM tag
      slots.push_back({s.wire[i], len, srtp::Status::kOk});
    }
    ingress_.assign(slots.size(), IngressResult{});
    a_->Ingress(slots, ingress_);
    std::vector<DropReason> reasons(slots.size());
    std::vector<srtp::PacketSlot> fwd;
    std::vector<EgressItem> items;
    std::vector<size_t> where;
    for (size_t i = 0; i < slots.size(); ++i) {
      reasons[i] = ingress_[i].drop;
      if (ingress_[i].drop != DropReason::kNone) continue;
      if (corrupt_at >= 0) slots[i].buffer[static_cast<size_t>(corrupt_at)] ^= 0x20;
      fwd.push_back(slots[i]);
      items.push_back({&ingress_[i], nullptr, false, false});
      where.push_back(i);
    }
    std::vector<EgressResult> out(fwd.size());
    to.Egress(fwd, items, out);
    for (size_t k = 0; k < fwd.size(); ++k) {
      reasons[where[k]] = out[k].drop;
      if (out[k].drop != DropReason::kNone) continue;
      const auto sent = fwd[k].buffer.first(fwd[k].length);
      if (sent_wire) sent_wire->emplace_back(sent.begin(), sent.end());
      size_t len = fwd[k].length;
      EXPECT_EQ(srtp::Status::kOk, client.in->UnprotectRtp(fwd[k].buffer, len));
      if (received) received->emplace_back(fwd[k].buffer.begin(), fwd[k].buffer.begin() + len);
    }
    return reasons;
  }

  struct Frame {
    bool audio, plaintext;
    std::vector<uint8_t> bytes;
  };

  Conference conference_;
  std::vector<uint8_t> km_a_, km_b_, km_c_;
  Client client_a_, client_b_, client_c_;
  std::unique_ptr<Endpoint> a_, b_, c_;
  t::JFrameSender sender_;
  t::JFrameReceiver receiver_b_, receiver_c_;
  std::vector<Frame> frames_;
  std::vector<IngressResult> ingress_;
  uint16_t seq_ = 65530;  // wraps: Cryptex and the rollover counter
  uint16_t audio_seq_ = 100;
  uint16_t tcc_ = 1;
  uint32_t ts_ = 5000;
  uint16_t picture_id_ = 300;
};

// The frame's bytes after each packet's descriptor, reassembled from what a client received.
std::vector<uint8_t> Reassemble(const std::vector<std::vector<uint8_t>>& packets, bool audio) {
  std::vector<uint8_t> envelope;
  for (const auto& p : packets) {
    const size_t header = BlockAt(p) + 4 + 4 * rtp::ReadU16(p.data() + BlockAt(p) + 2);
    const size_t descriptor = audio ? 0 : 5;
    envelope.insert(envelope.end(), p.begin() + header + descriptor, p.end());
  }
  return envelope;
}

TEST_F(CryptexPipelineTest, ExtensionsParseAfterDecryptionAndTravelEncryptedWithTheGuardIntact) {
  for (conference::Mode mode :
       {conference::Mode::kE2eePassthrough, conference::Mode::kE2eeRequired}) {
    conference_.SetMode(mode);
    for (int f = 0; f < 8; ++f) {
      const bool audio = f % 2 == 1;
      const size_t csrcs = f % 4 == 3 ? 2 : 0;  // an audio mixer's contributors, now and then
      Sent s = MakeFrame(audio, false, audio ? 90 + f : 1500 + 100 * f, csrcs);
      for (const auto& w : s.wire) ASSERT_EQ(0xC0DE, BlockProfile(w)) << "sent as Cryptex";
      std::vector<std::vector<uint8_t>> received, sent_wire;
      for (DropReason r : Forward(s, *b_, client_b_, &received, &sent_wire)) {
        ASSERT_EQ(DropReason::kNone, r) << conference::ModeName(mode) << " frame " << f;
      }
      ASSERT_EQ(s.plain.size(), received.size());
      for (size_t i = 0; i < s.plain.size(); ++i) {
        // Ingress read the extensions out of the decrypted packet.
        const codec::PacketInfo& info = ingress_[i].info;
        const std::vector<uint8_t>& plain = s.plain[i];
        const size_t block = BlockAt(plain) + 4;
        EXPECT_EQ(rtp::ReadU16(plain.data() + block + (audio ? 3 : 5)), info.tcc_seq);
        EXPECT_EQ(audio ? plain[block + 1] & 0x7F : -1, info.audio_level);
        EXPECT_EQ(audio ? 1 : -1, info.voice);
        EXPECT_TRUE(ingress_[i].guarded);
        // Egress sent them encrypted again: 0xC0DE, and neither the block nor the CSRCs in
        // the clear.
        const std::vector<uint8_t>& wire = sent_wire[i];
        EXPECT_EQ(0xC0DE, BlockProfile(wire));
        EXPECT_FALSE(std::equal(plain.begin() + block, plain.begin() + block + 8,
                                wire.begin() + static_cast<ptrdiff_t>(block)));
        if (csrcs > 0) {
          EXPECT_FALSE(std::equal(plain.begin() + 12, plain.begin() + 20, wire.begin() + 12));
        }
        // The receiving client reads them back as they were sent.
        const size_t len = plain.size() - srtp::kMaxTrailerLength;
        EXPECT_TRUE(std::equal(plain.begin() + 12, plain.begin() + static_cast<ptrdiff_t>(len),
                               received[i].begin() + 12))
            << "packet " << i;
      }
      EXPECT_EQ(e2ee::EnvelopeKind::kJFrame, ingress_.back().envelope);
      // The guard's promise: the receiver decrypts the frame.
      std::vector<uint8_t> decrypted;
      size_t steps = 0;
      EXPECT_EQ(t::CryptoStatus::kOk,
                receiver_b_.Decrypt(audio ? t::JFrameType::kAudio : t::JFrameType::kVideoDelta,
                                    Reassemble(received, audio), decrypted, &steps));
      EXPECT_EQ(frames_.back().bytes, decrypted);
    }
  }
  EXPECT_EQ(0u, a_->inbound().counters().Get(srtp::PacketKind::kRtp, srtp::Status::kAuthFail));
  EXPECT_GE(b_->counters().egress_sent.load(), 30u);
}

TEST_F(CryptexPipelineTest, AReceiverWithoutCryptexGetsTheExtensionsInTheClear) {
  Sent s = MakeFrame(true, false, 120, 0);
  std::vector<std::vector<uint8_t>> received, sent_wire;
  for (DropReason r : Forward(s, *c_, client_c_, &received, &sent_wire)) {
    ASSERT_EQ(DropReason::kNone, r);
  }
  ASSERT_EQ(1u, sent_wire.size());
  EXPECT_EQ(0xBEDE, BlockProfile(sent_wire[0]));  // c did not negotiate Cryptex
  const size_t block = BlockAt(s.plain[0]) + 4;
  EXPECT_TRUE(std::equal(s.plain[0].begin() + block, s.plain[0].begin() + block + 8,
                         sent_wire[0].begin() + static_cast<ptrdiff_t>(block)));
  std::vector<uint8_t> decrypted;
  size_t steps = 0;
  EXPECT_EQ(t::CryptoStatus::kOk, receiver_c_.Decrypt(t::JFrameType::kAudio,
                                                      Reassemble(received, true), decrypted,
                                                      &steps));
  EXPECT_EQ(frames_.back().bytes, decrypted);
}

TEST_F(CryptexPipelineTest, TheGuardStillCatchesAModifiedOpaqueByte) {
  Sent s = MakeFrame(false, false, 2000, 0);
  // Past header (12), block (4 + 8) and descriptor (5): in the JFrame ciphertext.
  for (DropReason r : Forward(s, *b_, client_b_, nullptr, nullptr, 60)) {
    EXPECT_EQ(DropReason::kOpaqueModifiedBeforeEgress, r);
  }
}

TEST_F(CryptexPipelineTest, E2eeRequiredStillRefusesPlaintextSentWithCryptex) {
  conference_.SetMode(conference::Mode::kE2eeRequired);
  // Several plaintext frames: the stream is known not to be JFrame.
  std::vector<DropReason> last;
  for (int f = 0; f < 6; ++f) {
    Sent s = MakeFrame(false, true, 1200, 0);
    last = Forward(s, *b_, client_b_, nullptr, nullptr);
  }
  for (DropReason r : last) EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, r);
}

TEST_F(CryptexPipelineTest, AnEndpointWithoutCryptexCannotTakeACryptexPacket) {
  // c's keys, a Cryptex sender: c did not negotiate it, so ingress refuses the packet.
  Client rogue(km_c_, true);
  Sent s = MakeFrame(true, false, 80, 0);
  std::vector<uint8_t> w = s.plain[0];
  size_t len = w.size() - srtp::kMaxTrailerLength;
  ASSERT_EQ(srtp::Status::kOk, rogue.out->ProtectRtp(w, len));
  std::vector<srtp::PacketSlot> slots = {{w, len, srtp::Status::kOk}};
  std::vector<IngressResult> in(1);
  c_->Ingress(slots, in);
  EXPECT_EQ(DropReason::kSrtpIn, in[0].drop);
  EXPECT_EQ(srtp::Status::kCryptexNotNegotiated, in[0].srtp);
  EXPECT_EQ(1u, c_->inbound().counters().Get(srtp::PacketKind::kRtp,
                                             srtp::Status::kCryptexNotNegotiated));
}

}  // namespace
}  // namespace jvbfastpath::pipeline
