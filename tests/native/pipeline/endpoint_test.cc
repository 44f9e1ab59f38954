// The pipeline with real JFrame envelopes (the test encrypter follows lib-jitsi-meet; see
// tests/native/e2ee): a sending client, ingress, egress with a rewriter, a receiving client
// that decrypts every frame (the ciphertext arrived intact), and the conference switching
// modes from other threads while packets flow (run under TSan by ./fastpath test --tsan).
#include "native/pipeline/endpoint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <random>
#include <thread>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/rtp/rtcp_packet.h"
#include "tests/native/e2ee/test_frame_crypto.h"

namespace jvbfastpath::pipeline {
namespace {

namespace t = e2ee::testing;

constexpr uint8_t kVp8Pt = 100;
constexpr srtp::Profile kProfile = srtp::Profile::kAeadAes128Gcm;

std::vector<uint8_t> KeyingMaterial(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> km(2 * (16 + 12));
  for (auto& b : km) b = static_cast<uint8_t>(rng());
  return km;
}

struct Client {
  explicit Client(std::span<const uint8_t> km) {
    auto keys = srtp::SplitDtlsKeyingMaterial(kProfile, km, srtp::DtlsRole::kClient);
    srtp::SessionConfig c;
    std::string error;
    c.direction = srtp::Direction::kOutbound;
    out = srtp::SrtpSession::Create(keys->local, c, &error);
    c.direction = srtp::Direction::kInbound;
    c.replay_window = 1024;
    in = srtp::SrtpSession::Create(keys->remote, c, &error);
  }
  std::unique_ptr<srtp::SrtpSession> out, in;
};

constexpr uint8_t kRtxPt = 101;

std::unique_ptr<Endpoint> MakeEndpoint(Conference& c, const std::string& id,
                                       std::span<const uint8_t> km, bool needs_plaintext = false,
                                       HoldLimits hold = {}) {
  EndpointConfig config;
  config.id = id;
  config.profile = kProfile;
  config.payload_types.Set(kVp8Pt, codec::Codec::kVp8);
  config.payload_types.SetRtx(kRtxPt, kVp8Pt);
  config.hold = hold;
  config.needs_plaintext = needs_plaintext;
  std::string error;
  auto e = Endpoint::Create(c, config, km, &error);
  EXPECT_NE(nullptr, e) << error;
  e->set_timing_sample_every(1);
  return e;
}

// Packetises a JFrame envelope as a VP8 RTP packetiser would: descriptor with a 15-bit
// picture id and TL0PICIDX on every packet, S on the first, the marker on the last.
std::vector<std::vector<uint8_t>> Packetise(const std::vector<uint8_t>& envelope, uint16_t* seq,
                                            uint32_t ts, uint16_t picture_id, uint8_t tl0) {
  std::vector<std::vector<uint8_t>> packets;
  constexpr size_t kChunk = 1000;
  for (size_t off = 0; off < envelope.size(); off += kChunk) {
    const size_t n = std::min(kChunk, envelope.size() - off);
    const bool last = off + n == envelope.size();
    std::vector<uint8_t> p = {0x80, static_cast<uint8_t>((last ? 0x80 : 0) | kVp8Pt),
                              static_cast<uint8_t>(*seq >> 8), static_cast<uint8_t>(*seq),
                              static_cast<uint8_t>(ts >> 24), static_cast<uint8_t>(ts >> 16),
                              static_cast<uint8_t>(ts >> 8), static_cast<uint8_t>(ts),
                              0xAB, 0xCD, 0xEF, 0x01,
                              static_cast<uint8_t>(0x80 | (off == 0 ? 0x10 : 0)), 0xC0,
                              static_cast<uint8_t>(0x80 | (picture_id >> 8)),
                              static_cast<uint8_t>(picture_id), tl0};
    p.insert(p.end(), envelope.begin() + off, envelope.begin() + off + n);
    p.resize(p.size() + srtp::kMaxTrailerLength);  // room for the SRTP trailer
    packets.push_back(std::move(p));
    ++*seq;
  }
  return packets;
}

// The packets of `in` (one ingress call, after it) in the order the bridge sends them:
// each forwardable packet, preceded by the held packets its ingress released (frame_hold.h);
// held packets released later are not in it. Checks that every event names a packet of `in`.
std::vector<size_t> SendOrder(Endpoint& e, std::vector<IngressResult>& in) {
  std::vector<HoldEvent> events(FrameHold::kCapacity);
  events.resize(e.TakeHoldEvents(events));
  std::vector<size_t> order;
  std::vector<bool> released(in.size());
  for (const HoldEvent& ev : events) {
    if (ev.before != nullptr) released[static_cast<size_t>(ev.packet - in.data())] = true;
  }
  size_t next = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    // Drops are queued among the releases, in the order they happened.
    for (; next < events.size() && events[next].before == nullptr; ++next) {
    }
    while (next < events.size() && events[next].before == &in[i]) {
      const auto k = static_cast<size_t>(events[next].packet - in.data());
      EXPECT_LT(k, i);
      EXPECT_EQ(DropReason::kNone, in[k].drop);
      order.push_back(k);
      ++next;
      for (; next < events.size() && events[next].before == nullptr; ++next) {
      }
    }
    if (in[i].drop == DropReason::kNone && !released[i]) order.push_back(i);
  }
  for (; next < events.size(); ++next) EXPECT_EQ(nullptr, events[next].before);
  return order;
}

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest()
      : conference_("c", conference::Mode::kE2eePassthrough, e2ee::ExpectedEnvelope::kJFrame),
        km_a_(KeyingMaterial(1)), km_b_(KeyingMaterial(2)), client_a_(km_a_), client_b_(km_b_),
        a_(MakeEndpoint(conference_, "a", km_a_)), b_(MakeEndpoint(conference_, "b", km_b_)),
        rewriter_(rewrite::StreamRewriteConfig{0x1234, 90000, true}) {
    EXPECT_EQ(t::CryptoStatus::kOk, sender_.SetKey(std::vector<uint8_t>(32, 5), 1));
    EXPECT_EQ(t::CryptoStatus::kOk, receiver_.SetKey(std::vector<uint8_t>(32, 5), 1));
  }

  // A one-packet JFrame delta frame of `frame` through a's ingress: the packet as ingress
  // left it (unprotected), its result in `in` (guarded, forwardable).
  std::vector<uint8_t> IngressOnePacketFrame(const std::vector<uint8_t>& frame,
                                             IngressResult& in) {
    std::vector<uint8_t> envelope;
    EXPECT_EQ(t::CryptoStatus::kOk,
              sender_.Encrypt(t::JFrameType::kVideoDelta, 0xABCDEF01, ts_, frame, envelope));
    auto packets = Packetise(envelope, &seq_, ts_, picture_id_, tl0_);
    EXPECT_EQ(1u, packets.size());
    std::vector<uint8_t>& p = packets[0];
    size_t len = p.size() - srtp::kMaxTrailerLength;
    EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(p, len));
    srtp::PacketSlot slot{p, len, srtp::Status::kOk};
    a_->Ingress({&slot, 1}, {&in, 1});
    EXPECT_EQ(DropReason::kNone, in.drop);
    EXPECT_TRUE(in.guarded);
    p.resize(slot.length);
    return p;
  }

  // Sends one JFrame-encrypted frame a -> bridge -> b; returns the drop reasons of its
  // packets; checks that b's client can unprotect and decrypt the frame when all passed.
  std::vector<DropReason> SendFrame(bool keyframe, size_t size, int corrupt_at = -1,
                                    bool marker_on_first = false) {
    std::mt19937 rng(static_cast<uint32_t>(seq_));
    std::vector<uint8_t> frame(size);
    for (auto& x : frame) x = static_cast<uint8_t>(rng());
    if (keyframe) {  // a VP8 key frame header: tag, start code, 320x180
      const uint8_t header[10] = {0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xb4, 0x00};
      std::copy(header, header + 10, frame.begin());
    } else {
      frame[0] = 0x11;
    }
    std::vector<uint8_t> envelope;
    EXPECT_EQ(t::CryptoStatus::kOk,
              sender_.Encrypt(keyframe ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta,
                              0xABCDEF01, ts_, frame, envelope));
    auto packets = Packetise(envelope, &seq_, ts_, picture_id_++, tl0_++);
    ts_ += 3000;
    std::vector<srtp::PacketSlot> slots;
    for (auto& p : packets) {
      size_t len = p.size() - srtp::kMaxTrailerLength;
      EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(p, len));
      slots.push_back({p, len, srtp::Status::kOk});
    }
    std::vector<IngressResult> in(slots.size());
    a_->Ingress(slots, in);
    last_verdicts_.clear();
    for (const auto& r : in) {
      last_verdicts_ += std::string(conference::ModeName(r.mode)) + ":" +
                        std::string(e2ee::EnvelopeKindName(r.envelope)) + "/" +
                        std::string(e2ee::EnvelopeKindName(r.stream_envelope)) + "/p" +
                        std::to_string(static_cast<int>(r.parse)) + " ";
    }
    std::vector<DropReason> reasons(slots.size());
    std::vector<srtp::PacketSlot> fwd;
    std::vector<EgressItem> items;
    std::vector<size_t> where;
    // The order packets leave in: held packets released by a packet go right before it.
    const std::vector<size_t> order = SendOrder(*a_, in);
    for (size_t i : order) {
      if (in[i].drop != DropReason::kNone) continue;
      if (corrupt_at >= 0) slots[i].buffer[static_cast<size_t>(corrupt_at)] ^= 0x40;
      fwd.push_back(slots[i]);
      items.push_back({&in[i], &rewriter_, false, marker_on_first && i == 0});
      where.push_back(i);
    }
    for (size_t i = 0; i < slots.size(); ++i) reasons[i] = in[i].drop;
    std::vector<EgressResult> out(fwd.size());
    b_->Egress(fwd, items, out);
    std::vector<uint8_t> received;
    bool all_sent = !fwd.empty() && fwd.size() == slots.size();
    for (size_t k = 0; k < fwd.size(); ++k) {
      reasons[where[k]] = out[k].drop;
      if (out[k].drop != DropReason::kNone) {
        all_sent = false;
        refused_.emplace_back(fwd[k].buffer.begin(),
                                   fwd[k].buffer.begin() + static_cast<long>(fwd[k].length));
        continue;
      }
      size_t len = fwd[k].length;
      EXPECT_EQ(srtp::Status::kOk, client_b_.in->UnprotectRtp(fwd[k].buffer, len));
      last_markers_.push_back((fwd[k].buffer[1] & 0x80) != 0);
      EXPECT_EQ(0x12, fwd[k].buffer[10]);  // rewritten SSRC 0x00001234
      EXPECT_EQ(0x34, fwd[k].buffer[11]);
      received.insert(received.end(), fwd[k].buffer.begin() + 17, fwd[k].buffer.begin() + len);
    }
    if (all_sent) {
      // The receiving client decrypts the frame: the ciphertext arrived byte-identical.
      std::vector<uint8_t> decrypted;
      size_t steps = 0;
      EXPECT_EQ(t::CryptoStatus::kOk,
                receiver_.Decrypt(keyframe ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta,
                                  received, decrypted, &steps));
      EXPECT_EQ(frame, decrypted);
    }
    return reasons;
  }

  Conference conference_;
  std::vector<uint8_t> km_a_, km_b_;
  Client client_a_, client_b_;
  std::unique_ptr<Endpoint> a_, b_;
  rewrite::StreamRewriter rewriter_;
  t::JFrameSender sender_;
  t::JFrameReceiver receiver_;
  uint16_t seq_ = 65000;  // wraps during the tests
  uint32_t ts_ = 1000;
  uint16_t picture_id_ = 32760;  // wraps in 15 bits
  uint8_t tl0_ = 250;
  std::string last_verdicts_;
  std::vector<bool> last_markers_;  // the M bit of each packet b's client received
  std::vector<std::vector<uint8_t>> refused_;  // what egress left of refused packets
};

TEST_F(PipelineTest, EncryptedFramesArriveIntactInEveryNativeMode) {
  for (conference::Mode mode : {conference::Mode::kAccelerated, conference::Mode::kE2eePassthrough,
                                conference::Mode::kE2eeRequired}) {
    conference_.SetMode(mode);
    for (int f = 0; f < 20; ++f) {
      for (DropReason r : SendFrame(f % 10 == 0, 500 + 397 * f)) {
        ASSERT_EQ(DropReason::kNone, r) << conference::ModeName(mode) << " frame " << f;
      }
    }
  }
  EXPECT_GE(a_->counters().frames_jframe.load(), 40u);
}

TEST_F(PipelineTest, ACorruptedOpaqueByteIsCaughtAndNothingCorruptedIsSent) {
  // Byte 40 of the packet: past header (12) + descriptor (5): in the envelope.
  for (DropReason r : SendFrame(true, 2500, 40)) {
    EXPECT_EQ(DropReason::kOpaqueModifiedBeforeEgress, r);
  }
  EXPECT_GE(b_->counters().drops[static_cast<size_t>(DropReason::kOpaqueModifiedBeforeEgress)].load(),
            3u);
  // The cipher compared the bytes as it encrypted them (srtp/expected_plaintext.h): what is
  // left in a refused buffer is nothing b's client would take, had the caller sent it.
  ASSERT_GE(refused_.size(), 3u);
  for (std::vector<uint8_t>& packet : refused_) {
    size_t len = packet.size();
    EXPECT_NE(srtp::Status::kOk, client_b_.in->UnprotectRtp(packet, len));
  }
  // The header is the bridge's to change: no drop.
  for (DropReason r : SendFrame(false, 800, 5)) EXPECT_EQ(DropReason::kNone, r);
}

// Reset() (used per packet instead of `= IngressResult{}`, which would copy the opaque
// copy's storage) gives back every default.
TEST(IngressResultTest, ResetRestoresEveryDefault) {
  IngressResult r;
  r.srtp = srtp::Status::kAuthFail;
  r.rtcp = true;
  r.drop = DropReason::kRewrite;
  r.mode = conference::Mode::kE2eeRequired;
  r.mode_epoch = 9;
  r.parse = codec::PacketError::kCodecInvalid;
  r.info.ssrc = 5;
  r.guarded = true;
  r.opaque.offset = r.opaque.length = 3;
  r.opaque.digest = 4;
  r.opaque.copied = true;
  r.envelope = r.stream_envelope = e2ee::EnvelopeKind::kJFrame;
  r.key_id = 2;
  r.ingressed = true;
  r.Reset();
  const IngressResult d{};
  EXPECT_EQ(d.srtp, r.srtp);
  EXPECT_EQ(d.rtcp, r.rtcp);
  EXPECT_EQ(d.drop, r.drop);
  EXPECT_EQ(d.mode, r.mode);
  EXPECT_EQ(d.mode_epoch, r.mode_epoch);
  EXPECT_EQ(d.parse, r.parse);
  EXPECT_EQ(d.info.ssrc, r.info.ssrc);
  EXPECT_EQ(d.guarded, r.guarded);
  EXPECT_EQ(d.opaque.offset, r.opaque.offset);
  EXPECT_EQ(d.opaque.length, r.opaque.length);
  EXPECT_EQ(d.opaque.digest, r.opaque.digest);
  EXPECT_EQ(d.opaque.copied, r.opaque.copied);
  EXPECT_EQ(d.envelope, r.envelope);
  EXPECT_EQ(d.stream_envelope, r.stream_envelope);
  EXPECT_EQ(d.key_id, r.key_id);
  EXPECT_EQ(d.ingressed, r.ingressed);
}

// The bridge ends a picture where it stops forwarding layers: the marker bit it asks for is
// set on that packet (and the passthrough check, which covers no header bit, agrees).
TEST_F(PipelineTest, EgressSetsTheMarkerBitWhereTheBridgeEndsThePicture) {
  last_markers_.clear();
  for (DropReason r : SendFrame(false, 2500, -1, true)) EXPECT_EQ(DropReason::kNone, r);
  ASSERT_EQ(3u, last_markers_.size());
  EXPECT_TRUE(last_markers_[0]);   // asked for
  EXPECT_FALSE(last_markers_[1]);
  EXPECT_TRUE(last_markers_[2]);   // the sender's own, on the frame's last packet
}

// An endpoint that leaves takes its counters with it, but not out of the conference's
// totals: those only grow (Prometheus counters), however participants come and go.
TEST_F(PipelineTest, ConferenceTotalsKeepWhatLeftEndpointsCounted) {
  constexpr auto kModified = DropReason::kOpaqueModifiedBeforeEgress;
  SendFrame(true, 2500, 40);
  const uint64_t drops = conference_.Drops(static_cast<int>(kModified));
  const uint64_t timed = conference_.StageLatency(static_cast<int>(Stage::kProtect)).count;
  ASSERT_GE(drops, 3u);
  b_.reset();  // b (the receiver, whose egress dropped them) leaves
  EXPECT_EQ(drops, conference_.Drops(static_cast<int>(kModified)));
  EXPECT_EQ(timed, conference_.StageLatency(static_cast<int>(Stage::kProtect)).count);
  stats::Metrics metrics;
  conference_.ExportMetrics(metrics);
  const std::string text = metrics.ToPrometheus();
  EXPECT_NE(std::string::npos,
            text.find("jvbfastpath_conference_dropped_total{conference=\"c\",reason=\"" +
                      std::string(DropReasonName(kModified)) + "\"} " + std::to_string(drops)))
      << text;
}

// Where our cipher types are not libsrtp's (one failed its self test at start-up), egress
// compares the bytes itself before protect: the same verdicts.
TEST_F(PipelineTest, WithoutOurCiphersEgressComparesTheBytesBeforeProtect) {
  ASSERT_TRUE(srtp::CheckedWhileEncrypting());
  srtp::SetCheckedWhileEncrypting(false);
  for (DropReason r : SendFrame(true, 2500, 40)) {
    EXPECT_EQ(DropReason::kOpaqueModifiedBeforeEgress, r);
  }
  for (DropReason r : SendFrame(false, 800)) EXPECT_EQ(DropReason::kNone, r);
  srtp::SetCheckedWhileEncrypting(true);
}

// The bytes are compared by the cipher as it encrypts them (srtp/expected_plaintext.h); a
// packet protect refuses before encrypting (here: no room for the tag) is compared in place,
// so a changed opaque byte is still named as the violation it is, not as an SRTP failure.
TEST_F(PipelineTest, AChangedOpaqueByteIsNamedEvenWhereProtectRefusesThePacketFirst) {
  IngressResult in;
  const std::vector<uint8_t> p = IngressOnePacketFrame(std::vector<uint8_t>(300, 0x11), in);
  ASSERT_FALSE(HasFailure());
  for (bool changed : {false, true}) {
    std::vector<uint8_t> out = p;
    if (changed) out[40] ^= 0x01;  // past header (12) + descriptor (5)
    srtp::PacketSlot slot{out, out.size(), srtp::Status::kOk};  // no room after it
    const EgressItem item{&in, nullptr, false};
    EgressResult result;
    b_->Egress({&slot, 1}, {&item, 1}, {&result, 1});
    EXPECT_EQ(changed ? DropReason::kOpaqueModifiedBeforeEgress : DropReason::kSrtpOut,
              result.drop);
    EXPECT_EQ(srtp::Status::kNoRoom, result.srtp);
  }
}

// RTX (RFC 4588): the bridge resends a packet to b as an RTX packet (its own SSRC and PT,
// the original sequence number first in the payload). The passthrough check knows the 2
// added bytes and still verifies the rest; b's client recovers the frame's bytes.
TEST_F(PipelineTest, RtxEncapsulationPassesTheGuardAndAnythingElseDoesNot) {
  // A single-packet frame through ingress.
  std::mt19937 rng(9);
  std::vector<uint8_t> frame(600);
  for (auto& x : frame) x = static_cast<uint8_t>(rng());
  frame[0] = 0x11;
  IngressResult in;
  const std::vector<uint8_t> p = IngressOnePacketFrame(frame, in);
  ASSERT_FALSE(HasFailure());
  // RTX: header with the RTX SSRC/PT/seq, OSN, then the original payload.
  auto make_rtx = [&](uint8_t seq) {
    std::vector<uint8_t> rtx(p.begin(), p.begin() + 12);
    rtx[1] = static_cast<uint8_t>((rtx[1] & 0x80) | 101);
    rtx[8] = 0x77;
    rtx[2] = 0x00;
    rtx[3] = seq;
    rtx.push_back(p[2]);
    rtx.push_back(p[3]);
    rtx.insert(rtx.end(), p.begin() + 12, p.end());
    return rtx;
  };
  for (bool tamper : {false, true}) {
    std::vector<uint8_t> rtx = make_rtx(tamper ? 0x02 : 0x01);
    const size_t rtx_len = rtx.size();
    if (tamper) rtx[rtx_len - 20] ^= 1;
    rtx.resize(rtx_len + srtp::kMaxTrailerLength);
    srtp::PacketSlot out_slot{rtx, rtx_len, srtp::Status::kOk};
    EgressItem item{&in, nullptr, true};
    EgressResult out;
    b_->Egress({&out_slot, 1}, {&item, 1}, {&out, 1});
    if (tamper) {
      EXPECT_EQ(DropReason::kOpaqueModifiedBeforeEgress, out.drop);
      continue;
    }
    ASSERT_EQ(DropReason::kNone, out.drop);
    size_t plain = out_slot.length;
    ASSERT_EQ(srtp::Status::kOk, client_b_.in->UnprotectRtp(rtx, plain));
    // The receiver strips the OSN and the descriptor: the envelope decrypts.
    std::vector<uint8_t> received(rtx.begin() + 12 + 2 + 5, rtx.begin() + static_cast<long>(plain));
    std::vector<uint8_t> decrypted;
    EXPECT_EQ(t::CryptoStatus::kOk,
              receiver_.Decrypt(t::JFrameType::kVideoDelta, received, decrypted));
    EXPECT_EQ(frame, decrypted);
  }
  // An RTX item with a rewriter is refused (its offsets are not the source's).
  std::vector<uint8_t> copy = make_rtx(0x03);
  const size_t copy_len = copy.size();
  copy.resize(copy_len + srtp::kMaxTrailerLength);
  srtp::PacketSlot slot{copy, copy_len, srtp::Status::kOk};
  EgressItem item{&in, &rewriter_, true};
  EgressResult out;
  b_->Egress({&slot, 1}, {&item, 1}, {&out, 1});
  EXPECT_EQ(DropReason::kRewrite, out.drop);
  // The same with opaque bytes changed (here: the packet lost its last byte) is named as
  // the passthrough violation it is, rewriter or not.
  for (rewrite::StreamRewriter* rewriter : {&rewriter_, static_cast<rewrite::StreamRewriter*>(nullptr)}) {
    for (bool as_rtx : {true, false}) {
      std::vector<uint8_t> cut = as_rtx ? make_rtx(0x04) : p;
      const size_t cut_len = cut.size() - 1;
      cut.resize(cut.size() + srtp::kMaxTrailerLength);
      srtp::PacketSlot cut_slot{cut, cut_len, srtp::Status::kOk};
      EgressItem cut_item{&in, rewriter, as_rtx};
      b_->Egress({&cut_slot, 1}, {&cut_item, 1}, {&out, 1});
      EXPECT_EQ(DropReason::kOpaqueModifiedBeforeEgress, out.drop) << as_rtx << (rewriter != nullptr);
    }
  }
}

// parse() (IngressPlain: the bridge unprotected the packet itself) validates RTCP as
// unprotect does: random bytes whose second byte looks like an RTCP type are refused
// (about 12% of random byte strings would pass a looser check); a valid compound passes.
TEST_F(PipelineTest, IngressPlainValidatesRtcp) {
  std::mt19937 rng(13);
  size_t passed = 0;
  constexpr size_t kTries = 20000;
  for (size_t i = 0; i < kTries; ++i) {
    std::vector<uint8_t> bytes(4 + rng() % 60);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    bytes[1] = static_cast<uint8_t>(192 + rng() % 32);
    srtp::PacketSlot slot{bytes, bytes.size(), srtp::Status::kOk};
    IngressResult r;
    a_->IngressPlain({&slot, 1}, {&r, 1});
    ASSERT_TRUE(r.rtcp);
    if (r.drop == DropReason::kNone) {
      ++passed;
      EXPECT_EQ(rtp::RtcpError::kOk, rtp::ValidateRtcpCompound({bytes.data(), bytes.size()}));
    } else {
      EXPECT_EQ(DropReason::kParse, r.drop);
    }
  }
  EXPECT_LT(passed, kTries / 100);
  // A receiver report with no blocks, then a BYE: valid.
  std::vector<uint8_t> rr = {0x80, 201, 0, 1, 1, 2, 3, 4, 0x81, 203, 0, 1, 1, 2, 3, 4};
  srtp::PacketSlot slot{rr, rr.size(), srtp::Status::kOk};
  IngressResult r;
  a_->IngressPlain({&slot, 1}, {&r, 1});
  EXPECT_EQ(DropReason::kNone, r.drop);
}

// An endpoint keeps state for 32 incoming streams (common::SsrcTable): a 33rd SSRC evicts
// the least recently used one, and the eviction is counted in the exported metrics.
TEST_F(PipelineTest, AStreamPastTheTableEvictsTheLeastRecentlyUsedAndCountsIt) {
  auto send = [&](uint32_t ssrc) {
    std::vector<uint8_t> p = {0x80, kVp8Pt, 0, 1, 0, 0, 0, 9,
                              static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
                              static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc),
                              0x90, 0xC0, 0x80, 0x01, 0x00, 0x11, 0x22, 0x33};
    srtp::PacketSlot slot{p, p.size(), srtp::Status::kOk};
    IngressResult r;
    a_->IngressPlain({&slot, 1}, {&r, 1});
    EXPECT_FALSE(r.rtcp);
  };
  auto evictions = [&] {
    stats::Metrics metrics;
    conference_.ExportMetrics(metrics);
    const std::string text = metrics.ToPrometheus();
    const std::string key =
        "jvbfastpath_endpoint_streams_evicted_total{conference=\"c\",endpoint=\"a\","
        "table=\"envelope\"} ";
    const size_t at = text.find(key);
    EXPECT_NE(std::string::npos, at) << text;
    // The SRTP sessions' retired positions are exported beside their evictions.
    EXPECT_NE(std::string::npos, text.find("jvbfastpath_srtp_streams_restored_total{")) << text;
    EXPECT_NE(std::string::npos, text.find("jvbfastpath_srtp_stream_positions_forgotten_total{"))
        << text;
    return at == std::string::npos ? -1 : std::stoi(text.substr(at + key.size()));
  };
  for (uint32_t ssrc = 1; ssrc <= 32; ++ssrc) send(ssrc);
  EXPECT_EQ(0, evictions());
  send(1);   // 1 is now the most recently used: 2 is the least
  send(33);  // evicts 2
  EXPECT_EQ(1, evictions());
  send(1);  // still there: no eviction
  EXPECT_EQ(1, evictions());
  send(2);  // came back: evicts 3
  EXPECT_EQ(2, evictions());
}

// --- The frame hold (e2ee-required; frame_hold.h) and RTX under E2EE -----------------

// A frame as a's client sends it: JFrame-encrypted (or the plaintext frame when a sender
// stopped encrypting), packetised in 1000-byte chunks, SRTP-protected.
struct ClientPackets {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<srtp::PacketSlot> slots;
  uint32_t timestamp = 0;
  uint16_t first_seq = 0;
};

class HoldTest : public PipelineTest {
 protected:
  HoldTest() { conference_.SetMode(conference::Mode::kE2eeRequired); }

  // The frame's unprotected packets (before the client protects them).
  ClientPackets Frame(bool encrypted, size_t size) {
    std::mt19937 rng(static_cast<uint32_t>(seq_) + 77);
    std::vector<uint8_t> frame(size);
    for (auto& x : frame) x = static_cast<uint8_t>(rng());
    frame[0] = 0x11;
    std::vector<uint8_t> envelope = frame;
    if (encrypted) {
      EXPECT_EQ(t::CryptoStatus::kOk, sender_.Encrypt(t::JFrameType::kVideoDelta, 0xABCDEF01,
                                                      ts_, frame, envelope));
    }
    ClientPackets c;
    c.timestamp = ts_;
    c.first_seq = seq_;
    c.bytes = Packetise(envelope, &seq_, ts_, picture_id_++, tl0_++);
    ts_ += 3000;
    for (auto& p : c.bytes) plain_.push_back(p);
    return c;
  }
  // Protects and ingresses packets [from, to) of `c` on a as one batch.
  std::vector<IngressResult>& Ingress(ClientPackets& c, size_t from, size_t to) {
    std::vector<srtp::PacketSlot> slots;
    for (size_t i = from; i < to; ++i) {
      size_t len = c.bytes[i].size() - srtp::kMaxTrailerLength;
      EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(c.bytes[i], len));
      slots.push_back({c.bytes[i], len, srtp::Status::kOk});
    }
    results_.emplace_back(std::make_unique<std::vector<IngressResult>>(slots.size()));
    a_->Ingress(slots, *results_.back());
    return *results_.back();
  }
  std::vector<HoldEvent> Events() {
    std::vector<HoldEvent> events(FrameHold::kCapacity);
    events.resize(a_->TakeHoldEvents(events));
    return events;
  }
  // An RTX packet (RFC 4588) of plain packet `original` from a's client: RTX SSRC 0x7777,
  // PT kRtxPt, the OSN, then the original payload; protected.
  std::vector<uint8_t> Rtx(const std::vector<uint8_t>& original, size_t original_length,
                           size_t* length) {
    std::vector<uint8_t> r(original.begin(), original.begin() + 12);
    r[1] = static_cast<uint8_t>((r[1] & 0x80) | kRtxPt);
    r[2] = static_cast<uint8_t>(rtx_seq_ >> 8);
    r[3] = static_cast<uint8_t>(rtx_seq_++);
    r[8] = r[9] = r[10] = 0x00;
    r[11] = 0x77;
    r.push_back(original[2]);
    r.push_back(original[3]);
    r.insert(r.end(), original.begin() + 12, original.begin() + static_cast<long>(original_length));
    *length = r.size();
    r.resize(r.size() + srtp::kMaxTrailerLength);
    EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(r, *length));
    return r;
  }
  // A one-packet proven frame and a retransmission of it: the RTX SSRC is learned.
  void LearnRtxSsrc() {
    ClientPackets warm = Frame(true, 600);
    Ingress(warm, 0, 1);
    const std::vector<uint8_t>& p = plain_.back();
    size_t len;
    std::vector<uint8_t> learn = Rtx(p, p.size() - srtp::kMaxTrailerLength, &len);
    ASSERT_EQ(DropReason::kNone, IngressOne(learn, len).drop);
  }
  IngressResult& IngressOne(std::vector<uint8_t>& packet, size_t length) {
    srtp::PacketSlot slot{packet, length, srtp::Status::kOk};
    results_.emplace_back(std::make_unique<std::vector<IngressResult>>(1));
    a_->Ingress({&slot, 1}, *results_.back());
    return results_.back()->front();
  }

  std::vector<std::unique_ptr<std::vector<IngressResult>>> results_;  // stay put while held
  std::vector<std::vector<uint8_t>> plain_;  // every packet a's client made, unprotected
  uint16_t rtx_seq_ = 500;
};

TEST_F(HoldTest, ANewStreamsFirstFrameIsHeldAndReleasedNotLost) {
  for (DropReason r : SendFrame(true, 2500)) EXPECT_EQ(DropReason::kNone, r);  // decrypts at b
  EXPECT_EQ(2u, a_->counters().held_packets.load());
  EXPECT_EQ(2u, a_->counters().released_packets.load());
  EXPECT_EQ(1u, a_->HoldLatency().count);
  EXPECT_EQ(0u, a_->held_packets());
  EXPECT_EQ(0u, a_->counters().drops[static_cast<size_t>(DropReason::kPlaintextInE2eeRequired)].load());
}

TEST_F(HoldTest, AFrameSplitAcrossBatchesIsReleasedInOrderBeforeTheProvingPacket) {
  ClientPackets c = Frame(true, 2500);  // 3 packets
  std::vector<IngressResult>& first = Ingress(c, 0, 1);
  EXPECT_EQ(DropReason::kHeld, first[0].drop);
  EXPECT_NE(0u, first[0].hold_ticket);
  EXPECT_TRUE(Events().empty());
  std::vector<IngressResult>& second = Ingress(c, 1, 2);
  EXPECT_EQ(DropReason::kHeld, second[0].drop);
  EXPECT_EQ(2u, a_->held_packets());
  EXPECT_EQ(c.bytes[0].size() - srtp::kMaxTrailerLength + c.bytes[1].size() - srtp::kMaxTrailerLength,
            a_->held_bytes());  // unprotected lengths
  std::vector<IngressResult>& last = Ingress(c, 2, 3);
  EXPECT_EQ(DropReason::kNone, last[0].drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  EXPECT_EQ(&first[0], events[0].packet);
  EXPECT_EQ(&second[0], events[1].packet);
  for (const HoldEvent& e : events) {
    EXPECT_EQ(&last[0], e.before);
    EXPECT_EQ(DropReason::kNone, e.packet->drop);
    EXPECT_EQ(0u, e.packet->hold_ticket);
  }
  EXPECT_EQ(0u, a_->held_packets());
  EXPECT_EQ(0u, a_->held_bytes());
}

// Issue 13, 2: a sender that stops encrypting: not one byte of the plaintext frame leaves.
TEST_F(HoldTest, ASenderThatStopsEncryptingLeaksNothing) {
  for (DropReason r : SendFrame(true, 2500)) EXPECT_EQ(DropReason::kNone, r);
  ClientPackets c = Frame(false, 2500);  // a plaintext keyframe-sized frame, 3 packets
  std::vector<IngressResult>& in = Ingress(c, 0, 3);
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, in[2].drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) {
    EXPECT_EQ(nullptr, e.before);
    EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, e.packet->drop);
  }
  for (const IngressResult& r : in) EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, r.drop);
  // Egress refuses them too, whatever the caller does.
  std::vector<uint8_t> copy = c.bytes[0];
  srtp::PacketSlot slot{copy, in[0].info.payload_offset + in[0].info.payload_length,
                        srtp::Status::kOk};
  EgressItem item{&in[0], &rewriter_};
  EgressResult out;
  b_->Egress({&slot, 1}, {&item, 1}, {&out, 1});
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, out.drop);
  // Encryption back on: the next frame passes.
  for (DropReason r : SendFrame(true, 1500)) EXPECT_EQ(DropReason::kNone, r);
}

TEST_F(HoldTest, OverflowDropsTheWholeFrameAndNeverReleasesIt) {
  a_ = MakeEndpoint(conference_, "a2", km_a_, false, HoldLimits{2, 1 << 20, 1'000'000'000});
  ClientPackets c = Frame(true, 3500);  // 4 packets: the third does not fit
  std::vector<IngressResult>& in = Ingress(c, 0, 4);
  EXPECT_EQ(DropReason::kHoldOverflow, in[2].drop);
  EXPECT_EQ(DropReason::kHoldOverflow, in[3].drop);  // the proving packet of a refused frame
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) EXPECT_EQ(DropReason::kHoldOverflow, e.packet->drop);
  EXPECT_EQ(4u, a_->counters().drops[static_cast<size_t>(DropReason::kHoldOverflow)].load());
  EXPECT_EQ(0u, a_->held_packets());
}

TEST_F(HoldTest, AFrameNotProvenInTimeIsDropped) {
  a_ = MakeEndpoint(conference_, "a3", km_a_, false, HoldLimits{256, 1 << 20, 1'000'000});
  ClientPackets c = Frame(true, 2500);
  std::vector<IngressResult>& in = Ingress(c, 0, 2);  // its end is late
  EXPECT_EQ(DropReason::kHeld, in[1].drop);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ClientPackets next = Frame(true, 500);
  EXPECT_EQ(DropReason::kNone, Ingress(next, 0, 1)[0].drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) EXPECT_EQ(DropReason::kHoldExpired, e.packet->drop);
  EXPECT_EQ(DropReason::kHoldExpired, Ingress(c, 2, 3)[0].drop);  // its frame is refused
}

TEST_F(HoldTest, AReusedSlotIsNeverTouchedByALaterEvent) {
  ClientPackets c = Frame(true, 2500);
  std::vector<IngressResult>& in = Ingress(c, 0, 2);
  in[0].Reset();  // the caller gave the slot to another packet
  Ingress(c, 2, 3);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(&in[1], events[0].packet);
  EXPECT_EQ(DropReason::kNone, in[0].drop);
  EXPECT_EQ(0u, in[0].hold_ticket);
}

// Issue 13, 1: RTX is judged by its media stream. A retransmission passes only if its
// original's frame was proven E2EE (or it proves it itself); its OSN is not opaque; padding
// passes as padding.
TEST_F(HoldTest, RtxIsJudgedByItsMediaStream) {
  ClientPackets e2ee = Frame(true, 2500);
  Ingress(e2ee, 0, 3);
  Events();
  // A retransmission of the proven frame's first packet: passes, the media stream learned
  // from the OSN and timestamp; the opaque range excludes the OSN.
  size_t len;
  std::vector<uint8_t> rtx = Rtx(plain_[0], plain_[0].size() - srtp::kMaxTrailerLength, &len);
  IngressResult& r = IngressOne(rtx, len);
  EXPECT_EQ(DropReason::kNone, r.drop);
  EXPECT_EQ(1, r.info.rtx);
  EXPECT_EQ(e2ee.first_seq, r.info.rtx_osn);
  EXPECT_EQ(0xABCDEF01u, r.media_ssrc);
  EXPECT_EQ(12u + 5u, r.opaque.offset);  // the original packet's layout
  // The bridge decapsulates it (as JVB's RtxHandler) and forwards it rewritten: intact.
  const size_t unprotected = r.info.payload_offset + r.info.payload_length;
  std::vector<uint8_t> original(rtx.begin(), rtx.begin() + 12);
  original.insert(original.end(), rtx.begin() + 14, rtx.begin() + static_cast<long>(unprotected));
  original[2] = rtx[12];
  original[3] = rtx[13];
  const size_t original_len = original.size();
  original.resize(original_len + srtp::kMaxTrailerLength);
  srtp::PacketSlot slot{original, original_len, srtp::Status::kOk};
  EgressItem item{&r, &rewriter_};
  EgressResult out;
  b_->Egress({&slot, 1}, {&item, 1}, {&out, 1});
  EXPECT_EQ(DropReason::kNone, out.drop);
  // Forwarded still encapsulated (an RTX item): intact too.
  std::vector<uint8_t> again = Rtx(plain_[1], plain_[1].size() - srtp::kMaxTrailerLength, &len);
  IngressResult& r2 = IngressOne(again, len);
  EXPECT_EQ(DropReason::kNone, r2.drop);

  // A plaintext frame, then its retransmissions (the browser answering NACKs after it
  // stopped encrypting): refused, 10 out of 10.
  const size_t before = plain_.size();
  ClientPackets plain = Frame(false, 2500);
  Ingress(plain, 0, 3);
  Events();
  for (int k = 0; k < 10; ++k) {
    const std::vector<uint8_t>& p = plain_[before + static_cast<size_t>(k % 3)];
    std::vector<uint8_t> bad = Rtx(p, p.size() - srtp::kMaxTrailerLength, &len);
    EXPECT_NE(DropReason::kNone, IngressOne(bad, len).drop) << k;
  }
  // A retransmission of a frame nobody saw: unproven.
  std::vector<uint8_t> unknown = plain_[0];
  unknown[7] ^= 0x55;  // another timestamp
  std::vector<uint8_t> lost = Rtx(unknown, unknown.size() - srtp::kMaxTrailerLength, &len);
  EXPECT_EQ(DropReason::kRtxUnproven, IngressOne(lost, len).drop);
  // A padding-only RTX probe (P bit, 200 bytes of padding): passes as padding.
  std::vector<uint8_t> probe(12 + 200 + srtp::kMaxTrailerLength, 0);
  std::copy(rtx.begin(), rtx.begin() + 12, probe.begin());
  probe[0] |= 0x20;
  probe[2] = 0x7F;
  probe[12 + 199] = 200;
  len = 12 + 200;
  ASSERT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(probe, len));
  EXPECT_EQ(DropReason::kNone, IngressOne(probe, len).drop);
}

// A frame whose last packet was lost: the RTX of it proves the frame, which is released
// right before it.
TEST_F(HoldTest, AnRtxOfTheLostLastPacketProvesAndReleasesItsFrame) {
  LearnRtxSsrc();
  size_t len;
  const size_t at = plain_.size();
  ClientPackets c = Frame(true, 2500);
  std::vector<IngressResult>& in = Ingress(c, 0, 2);  // packet 2 never arrives
  EXPECT_EQ(DropReason::kHeld, in[0].drop);
  std::vector<uint8_t> rtx = Rtx(plain_[at + 2], plain_[at + 2].size() - srtp::kMaxTrailerLength, &len);
  IngressResult& r = IngressOne(rtx, len);
  EXPECT_EQ(DropReason::kNone, r.drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) {
    EXPECT_EQ(&r, e.before);
    EXPECT_EQ(DropReason::kNone, e.packet->drop);
  }
}

// --- What was attacked (docs/e2ee.md, "What was attacked") ----------------------------

// A VP8 packet from a's client (SSRC 0xABCDEF01), unprotected, with room for the trailer:
// descriptor with S on `start`, the marker on `marker`, then `payload`.
std::vector<uint8_t> Vp8Packet(uint16_t seq, uint32_t ts, bool start, bool marker,
                               const std::vector<uint8_t>& payload, uint32_t ssrc = 0xABCDEF01) {
  std::vector<uint8_t> p = {0x80, static_cast<uint8_t>((marker ? 0x80 : 0) | kVp8Pt),
                            static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                            static_cast<uint8_t>(ts >> 24), static_cast<uint8_t>(ts >> 16),
                            static_cast<uint8_t>(ts >> 8), static_cast<uint8_t>(ts),
                            static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
                            static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc),
                            static_cast<uint8_t>(0x80 | (start ? 0x10 : 0)), 0xC0, 0x80, 0x01, 0x01};
  p.insert(p.end(), payload.begin(), payload.end());
  p.resize(p.size() + srtp::kMaxTrailerLength);
  return p;
}

class HoldAttackTest : public HoldTest {
 protected:
  // Protects `p` (made by Vp8Packet) as a's client does and ingresses it alone.
  IngressResult& Send(std::vector<uint8_t> p) {
    packets_.push_back(std::move(p));
    std::vector<uint8_t>& bytes = packets_.back();
    size_t len = bytes.size() - srtp::kMaxTrailerLength;
    EXPECT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(bytes, len));
    return IngressOne(bytes, len);
  }
  std::deque<std::vector<uint8_t>> packets_;
};

// A plaintext frame of three bytes that ends in `0c 03` (an IV length and a key index): 1 in
// 4096 plaintext frames does. It used to prove itself JFrame and leave.
TEST_F(HoldAttackTest, AFrameEndingInAnIvLengthAndKeyIndexAloneIsPlaintext) {
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired,
            Send(Vp8Packet(seq_++, ts_, true, true, {0x11, 0x0C, 0x03})).drop);
  // As the end of a two-packet frame whose first packet is plaintext too.
  ts_ += 3000;
  EXPECT_EQ(DropReason::kHeld, Send(Vp8Packet(seq_++, ts_, true, false, {0x11, 0x22})).drop);
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired,
            Send(Vp8Packet(seq_++, ts_, false, true, {0x00, 0x00, 0x0C, 0x03})).drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, events[0].packet->drop);
}

// A packet that carries a proven frame's timestamp but lies outside the frame's sequence
// numbers (after its last packet, before its first) is not part of it: it used to pass as
// "a late packet of a proven frame". A retransmission inside the frame still passes.
TEST_F(HoldAttackTest, APacketOutsideAProvenFramesSequenceNumbersIsNotPartOfIt) {
  ClientPackets c = Frame(true, 2500);  // 3 packets, proven; the middle one lost
  Ingress(c, 0, 1);
  EXPECT_EQ(DropReason::kNone, Ingress(c, 2, 3)[0].drop);
  Events();
  const std::vector<uint8_t> plain(200, 0x5A);
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired,
            Send(Vp8Packet(static_cast<uint16_t>(c.first_seq + 3), c.timestamp, false, false, plain)).drop);
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired,
            Send(Vp8Packet(static_cast<uint16_t>(c.first_seq - 1), c.timestamp, false, false, plain)).drop);
  // Its lost middle packet resent on the media SSRC (a NACK answered without RTX): passes.
  EXPECT_EQ(DropReason::kNone, Ingress(c, 1, 2)[0].drop);
}

// An RTX packet whose OSN lies before the proven frame's first packet is not of that frame.
TEST_F(HoldAttackTest, AnRtxBeforeAProvenFramesFirstPacketIsUnproven) {
  ClientPackets c = Frame(true, 2500);
  Ingress(c, 0, 3);
  Events();
  std::vector<uint8_t> fake = Vp8Packet(static_cast<uint16_t>(c.first_seq - 2), c.timestamp,
                                        false, false, std::vector<uint8_t>(100, 0x5A));
  size_t len;
  std::vector<uint8_t> rtx = Rtx(fake, fake.size() - srtp::kMaxTrailerLength, &len);
  EXPECT_EQ(DropReason::kRtxUnproven, IngressOne(rtx, len).drop);
}

// Two streams with one timestamp (simulcast layers capture together): an unsignalled RTX
// SSRC is learned from the stream whose frame holds the OSN between its first and last
// packets, not from any frame with that timestamp ending after the OSN. Judged against the
// right stream, the retransmission of a plaintext packet is refused.
TEST_F(HoldAttackTest, AnRtxIsLearnedFromTheStreamWhoseFrameHoldsItsOsn) {
  ClientPackets c = Frame(true, 2500);  // stream a, proven: [first_seq, first_seq + 2]
  Ingress(c, 0, 3);
  Events();
  std::vector<uint8_t> plain = Vp8Packet(static_cast<uint16_t>(c.first_seq - 10), c.timestamp,
                                         true, true, std::vector<uint8_t>(300, 0x5A), 0x0B0B0B0B);
  const std::vector<uint8_t> original = plain;
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, Send(std::move(plain)).drop);
  size_t len;
  std::vector<uint8_t> rtx = Rtx(original, original.size() - srtp::kMaxTrailerLength, &len);
  IngressResult& r = IngressOne(rtx, len);
  EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, r.drop);
  EXPECT_EQ(0x0B0B0B0Bu, r.media_ssrc);
}

// The last packet of a frame lost, its RTX short (the IV straddled the last two packets):
// the RTX alone holds only part of the trailer and proves nothing, so the frame's held
// plaintext packet is never released.
TEST_F(HoldAttackTest, AShortRtxOfALastPacketProvesNothing) {
  LearnRtxSsrc();
  size_t len;
  ts_ += 3000;
  EXPECT_EQ(DropReason::kHeld,
            Send(Vp8Packet(seq_++, ts_, true, false, std::vector<uint8_t>(300, 0x5A))).drop);
  std::vector<uint8_t> last = Vp8Packet(seq_++, ts_, false, true, {0x00, 0x00, 0x12, 0x34, 0x0C, 0x03});
  std::vector<uint8_t> rtx = Rtx(last, last.size() - srtp::kMaxTrailerLength, &len);
  EXPECT_NE(DropReason::kNone, IngressOne(rtx, len).drop);
  for (const HoldEvent& e : Events()) EXPECT_NE(DropReason::kNone, e.packet->drop);
  EXPECT_EQ(0u, a_->counters().released_packets.load());
}

// The marker bit of a frame's last packet lost: the frame never ends, its packets are held
// until they expire (never released), and the frames after it pass.
TEST_F(HoldAttackTest, AFrameWhoseMarkerIsLostIsHeldThenExpiresAndTheNextFramesPass) {
  a_ = MakeEndpoint(conference_, "a4", km_a_, false, HoldLimits{256, 1 << 20, 1'000'000});
  ClientPackets c = Frame(true, 2500);
  c.bytes[2][1] &= 0x7F;  // the marker
  for (const IngressResult& r : Ingress(c, 0, 3)) EXPECT_EQ(DropReason::kHeld, r.drop);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ClientPackets next = Frame(true, 2500);
  for (const IngressResult& r : Ingress(next, 0, 3)) EXPECT_NE(DropReason::kHoldExpired, r.drop);
  size_t expired = 0, released = 0;
  for (const HoldEvent& e : Events()) {
    expired += e.packet->drop == DropReason::kHoldExpired;
    released += e.packet->drop == DropReason::kNone;
  }
  EXPECT_EQ(3u, expired);
  EXPECT_EQ(2u, released);  // the next frame's first two packets
}

// Held packets of a frame are settled by the frame's fate, whatever mode the conference
// is in when it ends: a switch out of e2ee-required does not release a plaintext frame.
TEST_F(HoldAttackTest, AModeSwitchWhileHeldReleasesNoPlaintext) {
  ClientPackets c = Frame(false, 2500);
  Ingress(c, 0, 2);
  EXPECT_EQ(2u, a_->held_packets());
  conference_.SetMode(conference::Mode::kAccelerated);
  Ingress(c, 2, 3);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, e.packet->drop);
  // And an E2EE frame held in e2ee-required, ended in e2ee-passthrough, is released.
  conference_.SetMode(conference::Mode::kE2eeRequired);
  ClientPackets e = Frame(true, 2500);
  Ingress(e, 0, 2);
  conference_.SetMode(conference::Mode::kE2eePassthrough);
  EXPECT_EQ(DropReason::kNone, Ingress(e, 2, 3)[0].drop);
  for (const HoldEvent& ev : Events()) EXPECT_EQ(DropReason::kNone, ev.packet->drop);
}

// A switch to off (the bridge's own path) while packets are held: they expire (an ingress
// call in any mode expires them), and their frame stays refused when its end comes.
TEST_F(HoldAttackTest, HeldPacketsExpireInModeOffAndTheirFrameStaysRefused) {
  a_ = MakeEndpoint(conference_, "a6", km_a_, false, HoldLimits{256, 1 << 20, 1'000'000});
  ClientPackets c = Frame(true, 2500);
  Ingress(c, 0, 2);
  conference_.SetMode(conference::Mode::kOff);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ClientPackets other = Frame(true, 600);
  EXPECT_EQ(DropReason::kModeOff, Ingress(other, 0, 1)[0].drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(2u, events.size());
  for (const HoldEvent& e : events) EXPECT_EQ(DropReason::kHoldExpired, e.packet->drop);
  conference_.SetMode(conference::Mode::kE2eeRequired);
  EXPECT_EQ(DropReason::kHoldExpired, Ingress(c, 2, 3)[0].drop);
}

// Egress of a packet whose ingress result never came from ingress (a slot never filled, or
// reset by the caller: an SSRC the bridge never received from this path) is refused; it
// used to be sent unchecked, as if accelerated.
TEST_F(HoldAttackTest, EgressRefusesAPacketThatNeverWentThroughIngress) {
  std::vector<uint8_t> p = Vp8Packet(1, 2, true, true, std::vector<uint8_t>(100, 0x5A));
  const size_t len = p.size() - srtp::kMaxTrailerLength;
  for (bool reset : {false, true}) {
    IngressResult never;
    if (reset) {
      never.guarded = true;
      never.Reset();
    }
    srtp::PacketSlot slot{p, len, srtp::Status::kOk};
    EgressItem item{&never, nullptr};
    EgressResult out;
    EXPECT_EQ(0u, b_->Egress({&slot, 1}, {&item, 1}, {&out, 1}));
    EXPECT_EQ(DropReason::kNotIngressed, out.drop);
  }
  // An RTCP packet's ingress result given for an RTP packet (it would be protected as RTCP,
  // unchecked).
  std::vector<uint8_t> rr = {0x80, 201, 0x00, 0x01, 0xAB, 0xCD, 0xEF, 0x01};
  rr.resize(rr.size() + srtp::kMaxTrailerLength);
  size_t rr_len = 8;
  ASSERT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtcp(rr, rr_len));
  IngressResult& rtcp = IngressOne(rr, rr_len);
  ASSERT_EQ(DropReason::kNone, rtcp.drop);
  ASSERT_TRUE(rtcp.rtcp);
  srtp::PacketSlot slot{p, len, srtp::Status::kOk};
  EgressItem item{&rtcp, nullptr};
  EgressResult out;
  EXPECT_EQ(0u, b_->Egress({&slot, 1}, {&item, 1}, {&out, 1}));
  EXPECT_EQ(DropReason::kNotIngressed, out.drop);
}

// A plaintext packet with a frame's timestamp, after the frame's last packet in sequence but
// arriving before it (reordered), is held with the frame and, when the last packet proves
// the frame, dropped instead of released.
TEST_F(HoldAttackTest, AHeldPacketAfterItsFramesEndIsNotReleasedWithIt) {
  ClientPackets c = Frame(true, 2500);  // sequence numbers first_seq .. first_seq + 2
  Ingress(c, 0, 2);
  EXPECT_EQ(DropReason::kHeld, Send(Vp8Packet(static_cast<uint16_t>(c.first_seq + 3), c.timestamp,
                                              false, false, std::vector<uint8_t>(200, 0x5A)))
                                   .drop);
  EXPECT_EQ(DropReason::kNone, Ingress(c, 2, 3)[0].drop);
  size_t released = 0, dropped = 0;
  for (const HoldEvent& e : Events()) {
    released += e.packet->drop == DropReason::kNone;
    dropped += e.packet->drop == DropReason::kPlaintextInE2eeRequired;
  }
  EXPECT_EQ(2u, released);
  EXPECT_EQ(1u, dropped);
}

// The bytes bound: a frame that does not fit is dropped whole.
TEST_F(HoldAttackTest, AFrameOverTheByteBoundIsDroppedWhole) {
  a_ = MakeEndpoint(conference_, "a5", km_a_, false, HoldLimits{256, 1500, 1'000'000'000});
  ClientPackets c = Frame(true, 2500);  // about 1017 bytes per packet: the second overflows
  std::vector<IngressResult>& in = Ingress(c, 0, 3);
  EXPECT_TRUE(in[0].was_held);  // held, then dropped by its event
  EXPECT_EQ(DropReason::kHoldOverflow, in[1].drop);
  EXPECT_EQ(DropReason::kHoldOverflow, in[2].drop);
  const std::vector<HoldEvent> events = Events();
  ASSERT_EQ(1u, events.size());
  EXPECT_EQ(DropReason::kHoldOverflow, events[0].packet->drop);
  EXPECT_EQ(0u, a_->held_bytes());
}

// Retransmissions on the media SSRC (NACK answered without RTX; IngressPlain, where the
// replay check is the bridge's): of a refused frame, dropped with its reason; a duplicate of
// a held packet is held again and released with its frame (ciphertext twice, nothing clear).
TEST_F(HoldAttackTest, PlainRetransmissionsFollowTheirFramesFate) {
  auto plain_ingress = [&](const std::vector<uint8_t>& unprotected) -> IngressResult& {
    packets_.push_back(unprotected);
    srtp::PacketSlot slot{packets_.back(), packets_.back().size() - srtp::kMaxTrailerLength,
                          srtp::Status::kOk};
    results_.emplace_back(std::make_unique<std::vector<IngressResult>>(1));
    a_->IngressPlain({&slot, 1}, *results_.back());
    return results_.back()->front();
  };
  const size_t at = plain_.size();
  Frame(false, 2500);  // plain_[at .. at + 3)
  for (size_t k = 0; k < 3; ++k) plain_ingress(plain_[at + k]);
  Events();
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(DropReason::kPlaintextInE2eeRequired, plain_ingress(plain_[at + k]).drop) << k;
  }
  Frame(true, 2500);  // plain_[at + 3 .. at + 6)
  EXPECT_EQ(DropReason::kHeld, plain_ingress(plain_[at + 3]).drop);
  EXPECT_EQ(DropReason::kHeld, plain_ingress(plain_[at + 3]).drop);  // the duplicate
  plain_ingress(plain_[at + 4]);
  EXPECT_EQ(DropReason::kNone, plain_ingress(plain_[at + 5]).drop);
  size_t released = 0;
  for (const HoldEvent& e : Events()) released += e.packet->drop == DropReason::kNone;
  EXPECT_EQ(3u, released);
}

// Padding-only packets (probes) carry no media: they pass, and do not open or end a frame.
TEST_F(HoldAttackTest, PaddingOnlyPacketsPassAndDecideNothing) {
  ClientPackets c = Frame(true, 2500);
  Ingress(c, 0, 1);
  std::vector<uint8_t> probe(12 + 100 + srtp::kMaxTrailerLength, 0);
  std::copy(c.bytes[0].begin(), c.bytes[0].begin() + 12, probe.begin());
  probe[0] = 0xA0;
  probe[1] = 0x80 | kVp8Pt;  // even with the marker
  probe[2] = static_cast<uint8_t>((c.first_seq - 5) >> 8);  // unseen, in the replay window
  probe[3] = static_cast<uint8_t>(c.first_seq - 5);
  probe[12 + 99] = 100;
  size_t len = 12 + 100;
  ASSERT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(probe, len));
  EXPECT_EQ(DropReason::kNone, IngressOne(probe, len).drop);
  EXPECT_EQ(1u, a_->held_packets());
  EXPECT_EQ(DropReason::kNone, Ingress(c, 1, 3)[1].drop);
  // An RTX packet with one payload byte is no probe (no padding) and has no OSN to judge it
  // by: it used to pass as padding, its byte with it.
  std::vector<uint8_t> one(12 + 1 + srtp::kMaxTrailerLength, 0);
  std::copy(probe.begin(), probe.begin() + 12, one.begin());
  one[0] = 0x80;
  one[1] = kRtxPt;
  one[8] = one[9] = one[10] = 0;
  one[11] = 0x77;
  one[12] = 0x42;
  len = 13;
  ASSERT_EQ(srtp::Status::kOk, client_a_.out->ProtectRtp(one, len));
  EXPECT_EQ(DropReason::kRtxUnproven, IngressOne(one, len).drop);
}

TEST_F(PipelineTest, ModeSwitchesFromOtherThreadsLoseNothing) {
  SendFrame(true, 1200);  // the stream proves itself E2EE
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; !done.load(); ++i) {
        conference_.SetMode(conference::kAllModes[1 + (i + t) % 3]);
      }
    });
  }
  threads.emplace_back([&] {  // stats export while packets flow
    while (!done.load()) {
      stats::Metrics m;
      conference_.ExportMetrics(m);
      EXPECT_GT(m.size(), 0u);
    }
  });
  int lost = 0;
  for (int f = 0; f < 300; ++f) {
    for (DropReason r : SendFrame(f % 30 == 0, 300 + 29 * f)) {
      if (r != DropReason::kNone) {
        ++lost;
        ADD_FAILURE() << "frame " << f << ": " << DropReasonName(r) << " last verdicts "
                      << last_verdicts_;
      }
    }
  }
  done = true;
  for (auto& th : threads) th.join();
}

}  // namespace
}  // namespace jvbfastpath::pipeline
