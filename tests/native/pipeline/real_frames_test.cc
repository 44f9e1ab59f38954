// Real frames through the E2EE pipeline in lib-jitsi-meet's JFrame format.
//
// The frames come from GStreamer's encoders (tests/data/codec): gst_vp8.pcap (30 frames,
// 160x120, a keyframe every 10) and gst_opus.pcap (20 ms frames). Each frame is encrypted
// as lib-jitsi-meet does (the test encrypter), packetised as a browser would, protected by
// the sending client, and sent through the bridge to a receiver (real_frames.h). Half way,
// the same frames come from a second "simulcast layer" and the receiver's StreamRewriter
// switches to it. On the way the sender's key index changes twice per pass, one packet has an
// opaque byte changed between ingress and egress, and every fifth frame's last packet is
// resent as RTX. Checked from outside our parser: every forwarded frame decrypts at the
// receiver to the encoder's bytes; keyframes are where the encoder put them, with the
// encoder's size read from the clear prefix; picture ids stay continuous across the switch.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/native/pipeline/real_frames.h"

namespace jvbfastpath::pipeline::testing {
namespace {

namespace t = e2ee::testing;

// lib-jitsi-meet's Context on both sides: ring slot `index` holds material 0x40 + index.
class JFrameCipher : public FrameCipher {
 public:
  explicit JFrameCipher(bool audio) : audio_(audio) { EXPECT_EQ(t::CryptoStatus::kOk, SetKeys()); }

  t::CryptoStatus Encrypt(const Frame& frame, uint32_t ssrc, uint32_t timestamp,
                          std::vector<uint8_t>& envelope) override {
    return sender_.Encrypt(TypeOf(frame), ssrc, timestamp, frame.bytes, envelope);
  }
  t::CryptoStatus Decrypt(const Frame& frame, std::span<const uint8_t> envelope,
                          std::vector<uint8_t>& decrypted) override {
    return receiver_.Decrypt(TypeOf(frame), envelope, decrypted);
  }
  // OlmAdapter: a new key goes to the next ring slot.
  int RotateKey() override {
    index_ = (index_ + 1) % t::kJFrameKeyRingSize;
    EXPECT_EQ(t::CryptoStatus::kOk, SetKeys());
    return key_id();
  }
  int key_id() const override { return static_cast<int>(index_); }

 private:
  t::JFrameType TypeOf(const Frame& frame) const {
    if (audio_) return t::JFrameType::kAudio;
    return frame.keyframe ? t::JFrameType::kVideoKey : t::JFrameType::kVideoDelta;
  }
  t::CryptoStatus SetKeys() {
    const std::vector<uint8_t> material(32, static_cast<uint8_t>(0x40 + index_));
    const t::CryptoStatus s = sender_.SetKey(material, static_cast<uint32_t>(index_));
    return s != t::CryptoStatus::kOk ? s : receiver_.SetKey(material, static_cast<uint32_t>(index_));
  }

  bool audio_;
  size_t index_ = 3;
  t::JFrameSender sender_;
  t::JFrameReceiver receiver_;
};

TEST(RealFramesTest, JFrameVp8SurvivesForwardingASimulcastSwitchRotationAndRtx) {
  const RunConfig config{.codec = codec::Codec::kVp8,
                         .expected = e2ee::ExpectedEnvelope::kJFrame,
                         .rotate_before = {12, 24},
                         .corrupt_frame = 16,
                         .corrupt_offset = 20,  // past the clear prefix (10 or 3): ciphertext
                         .rtx_every = 5};
  JFrameCipher cipher(false);
  const CaptureRun run = RunCapture(config, cipher);
  ASSERT_EQ(30u, run.frames.size());
  ExpectEveryFrame(run.reports, config, e2ee::EnvelopeKind::kJFrame, 1);
  int keyframes = 0;
  for (const FrameReport& r : run.reports) {
    const Frame& frame = run.frames[r.index];
    // Keyframes: where the encoder put them, with its size, read from the clear prefix.
    EXPECT_EQ(frame.keyframe ? 1 : 0, r.keyframe) << "frame " << r.index;
    if (!frame.keyframe) continue;
    ++keyframes;
    EXPECT_EQ(160, r.width);
    EXPECT_EQ(120, r.height);
  }
  EXPECT_EQ(6, keyframes);  // 3 per pass: frames 0, 10, 20
  const EndpointCounters& a = run.bridge->sender_endpoint().counters();
  EXPECT_EQ(60u, a.frames_jframe.load());
  EXPECT_EQ(0u, a.frames_sframe.load());
  EXPECT_EQ(0u, a.frames_plaintext.load());
  EXPECT_EQ(4u, a.key_changes.load());  // 3 -> 4 -> 5 on each layer's stream
  // No frame lost to the proof (the frame hold): every held packet was released.
  EXPECT_EQ(0u, DropCount(run.bridge->sender_endpoint(), DropReason::kPlaintextInE2eeRequired));
  EXPECT_EQ(a.held_packets.load(), a.released_packets.load());
  EXPECT_EQ(2u, DropCount(run.bridge->receiver_endpoint(), DropReason::kOpaqueModifiedBeforeEgress));
}

TEST(RealFramesTest, JFrameOpusSurvivesForwardingASourceSwitchRotationAndRtx) {
  const RunConfig config{.codec = codec::Codec::kOpus,
                         .expected = e2ee::ExpectedEnvelope::kJFrame,
                         .rotate_before = {10, 20},
                         .corrupt_frame = 15,
                         .corrupt_offset = 5,  // past the TOC byte: ciphertext
                         .rtx_every = 4};
  JFrameCipher cipher(true);
  const CaptureRun run = RunCapture(config, cipher);
  ExpectEveryFrame(run.reports, config, e2ee::EnvelopeKind::kJFrame, 1);
  const EndpointCounters& a = run.bridge->sender_endpoint().counters();
  EXPECT_EQ(run.reports.size(), a.frames_jframe.load());
  EXPECT_EQ(4u, a.key_changes.load());
  EXPECT_EQ(2u, DropCount(run.bridge->receiver_endpoint(), DropReason::kOpaqueModifiedBeforeEgress));
}

}  // namespace
}  // namespace jvbfastpath::pipeline::testing
