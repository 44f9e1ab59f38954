// Real encoded frames through one bridge endpoint pair, end to end, for E2EE tests.
//
// Contract:
// - ReadCaptureFrames reads a plain-RTP capture from a real encoder (tests/data/codec) and
//   returns its encoded frames: VP8 frames reassembled from their packets (payload
//   descriptor stripped, payloads joined up to the marker bit), Opus packets one frame each.
// - FrameCipher is what the two browsers do to each frame: the sender encrypts it into an
//   envelope (JFrame, SFrame), the receiver decrypts what arrived. Implementations live in
//   the tests; they use the test encrypter (tests/native/e2ee/test_frame_crypto.h).
// - RealFramesBridge plays a sending client, the bridge (endpoint `a` receives, endpoint
//   `b` sends) and a receiving client. Run() sends every frame twice: first from "layer 0",
//   then the same frames from "layer 1" (another SSRC and picture id space), and the
//   receiver's StreamRewriter follows the switch. On the way it can rotate the sender's key,
//   flip one opaque byte of one packet between ingress and egress (a broken stage), and
//   resend a frame's last packet as RTX. It returns what happened to every frame, from
//   outside the parser where it can: what the receiver decrypted, picture-id continuity, the
//   RTX recovery. Invariants that hold for every envelope (SRTP, rewritten SSRC) are checked
//   with gtest expectations inside; the rest is for the caller to assert.
//
// Packets are what a browser sends for the codec: VP8 (RFC 7741 section 4.2) with X = 1,
// S on the first packet, PID = 0, a 15-bit picture id; Opus (RFC 7587) the frame alone.
//
//   VP8:  RTP header (12) | 90 (first) or 80 | 80 | 80|pid_hi | pid_lo | envelope chunk
//   Opus: RTP header (12) | envelope
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "native/codec/codec.h"
#include "native/conference/mode.h"
#include "native/e2ee/envelope.h"
#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/e2ee/test_frame_crypto.h"

namespace jvbfastpath::pipeline::testing {

struct Frame {
  std::vector<uint8_t> bytes;
  bool keyframe = false;  // VP8: the frame tag's P bit is 0 (RFC 6386 section 9.1)
};

// The captures the test binary was given: its arguments are the VP8 capture, then the Opus
// capture (real_frames_main.cc; the BUILD file passes both).
const std::string& CapturePath(codec::Codec codec);

// `payload_type` is the capture's (tests/data/codec/README.md); kVp8 or kOpus.
std::vector<Frame> ReadCaptureFrames(const std::string& path, codec::Codec codec,
                                     uint8_t payload_type);

class FrameCipher {
 public:
  virtual ~FrameCipher() = default;
  // The sending browser: one encoded frame of `ssrc` at RTP time `timestamp`.
  virtual e2ee::testing::CryptoStatus Encrypt(const Frame& frame, uint32_t ssrc,
                                              uint32_t timestamp,
                                              std::vector<uint8_t>& envelope) = 0;
  // The receiving browser; `frame` tells what its depacketiser knows (key or delta frame).
  virtual e2ee::testing::CryptoStatus Decrypt(const Frame& frame,
                                              std::span<const uint8_t> envelope,
                                              std::vector<uint8_t>& decrypted) = 0;
  // Sender and receiver move to a new key; the key id the next frames carry.
  virtual int RotateKey() = 0;
  // The key id the next frame carries (JFrame key index, SFrame KID), as the endpoint
  // reports it (e2ee::FrameVerdict::key_id).
  virtual int key_id() const = 0;
};

class RealFramesBridge;

struct RunConfig {
  codec::Codec codec = codec::Codec::kVp8;
  conference::Mode mode = conference::Mode::kE2eeRequired;
  e2ee::ExpectedEnvelope expected = e2ee::ExpectedEnvelope::kAny;
  size_t packet_chunk = 600;             // envelope bytes per VP8 packet
  std::set<size_t> rotate_before;        // frame indices (each pass): rotate the key first
  // Frame index (each pass) whose first forwarded packet gets one byte flipped between
  // ingress and egress, at this offset after the payload descriptor; -1: none.
  long corrupt_frame = -1;
  size_t corrupt_offset = 0;
  size_t rtx_every = 0;                  // resend the last packet of every Nth frame as RTX
  // The cipher sends plaintext: frames dropped from the hold are expected, not a failure.
  bool plaintext_sender = false;
};

// What happened to one frame (one pass).
struct FrameReport {
  int pass = 0;
  size_t index = 0;
  bool dropped_at_ingress = false;  // every packet: plaintext-in-e2ee-required
  // e2ee-required: the whole frame was held at its ingress (not proven yet) and released
  // with a later frame's (an SFrame stream's chain being trusted).
  bool held = false;
  // Ingress, first packet: the keyframe flag and size the bridge read (VP8 frame header).
  int keyframe = -1;
  int width = 0;
  int height = 0;
  // Ingress, last packet: the frame's envelope verdict.
  e2ee::EnvelopeKind envelope = e2ee::EnvelopeKind::kUnknown;
  int key_id = -1;
  int sent_key_id = -1;             // what the sender's cipher used
  // Corruption: the changed packet was dropped as opaque-modified-before-egress, and the
  // envelope with the change in it fails to decrypt at a receiver.
  bool corrupted = false;
  bool corruption_caught = false;
  bool corrupted_envelope_fails = false;
  // RTX: the frame's last packet reached the receiver a second time as RTX, its OSN was the
  // sequence number the receiver had seen, and its payload was byte-identical.
  bool rtx_recovered = false;
  // The receiver: picture id = previous frame's + 1 (VP8; always true for Opus), and the
  // frame decrypted to the encoder's bytes exactly.
  bool picture_id_continuous = true;
  bool decrypted_exact = false;
};

// Reads the capture of `config.codec` (VP8: PT 96, Opus: PT 111) and sends its frames through
// a new bridge; the bridge stays for its endpoints' counters.
struct CaptureRun {
  std::vector<Frame> frames;
  std::vector<FrameReport> reports;
  std::unique_ptr<RealFramesBridge> bridge;
};
CaptureRun RunCapture(const RunConfig& config, FrameCipher& cipher);

// The expectations every envelope shares, frame by frame: in e2ee-required no frame is
// refused, the first `frames_to_prove` - 1 of each stream are held whole until the stream's
// envelope is recognised (then released before it) and no later one is; every frame from the last of those on is recognised as
// `kind` with the key id the sender used; picture ids continue; the corrupted packet is
// caught and its envelope would not decrypt; each RTX resend recovers the packet; every
// other forwarded frame decrypts byte-exact. `chain_per_key`: a key rotation (SFrame: a new
// KID) starts the count again, as a stream's first frame does.
void ExpectEveryFrame(const std::vector<FrameReport>& reports, const RunConfig& config,
                      e2ee::EnvelopeKind kind, size_t frames_to_prove, bool chain_per_key = false);
// The frame's index counted from the start of its chain (its stream's first frame, or with
// chain_per_key the last rotation at or before it).
size_t IndexInChain(const FrameReport& report, const RunConfig& config, bool chain_per_key);

size_t DropCount(const Endpoint& endpoint, DropReason reason);

class RealFramesBridge {
 public:
  explicit RealFramesBridge(const RunConfig& config);
  ~RealFramesBridge();

  std::vector<FrameReport> Run(const std::vector<Frame>& frames, FrameCipher& cipher);

  const Endpoint& sender_endpoint() const { return *a_; }
  const Endpoint& receiver_endpoint() const { return *b_; }

 private:
  std::vector<std::vector<uint8_t>> Packetise(std::span<const uint8_t> envelope, int layer,
                                              uint32_t timestamp);
  // One frame as the sending client made it, through the bridge's ingress.
  struct PendingFrame {
    const Frame* frame = nullptr;
    std::vector<std::vector<uint8_t>> packets;
    std::vector<srtp::PacketSlot> slots;
    std::vector<IngressResult> in;
    bool corrupt = false;
    bool rtx = false;
    size_t report = 0;
  };
  // Ingress of a frame (its report is reports.back()); then its egress and the receiver,
  // or, if the bridge holds it, later, after the frames held before it.
  void Forward(const Frame& frame, std::vector<std::vector<uint8_t>>& packets, FrameCipher& cipher,
               bool corrupt, bool rtx, std::vector<FrameReport>& reports);
  void Deliver(PendingFrame& pending, FrameCipher& cipher, FrameReport& report);

  RunConfig config_;
  Conference conference_;
  std::unique_ptr<Endpoint> a_, b_;
  std::unique_ptr<srtp::SrtpSession> a_out_, b_in_;
  rewrite::StreamRewriter rewriter_;
  uint16_t seq_[2] = {100, 60000};
  uint16_t picture_id_[2] = {500, 32000};
  uint16_t rtx_seq_ = 7000;
  bool talkspurt_start_[2] = {true, true};  // audio: the marker on a stream's first packet
  int last_out_picture_id_ = -1;
  std::vector<std::unique_ptr<PendingFrame>> held_;  // frames the bridge holds, in order
};

}  // namespace jvbfastpath::pipeline::testing
