// Recognising end-to-end-encryption envelopes without any key (docs/e2ee.md).
//
// JFrame (lib-jitsi-meet) ends every frame with a 14-byte trailer:
//
//   ... ciphertext | GCM tag (16) | IV (12)                             | 0x0C | key index |
//                                   SSRC(4) | timestamp(4) | 00 00 cc cc        |  0..15   |
//
// so the frame must end with 0x0C and a key index below 16, IV bytes 8-9 must be zero (the
// send count is taken mod 0xFFFF) and, when the caller gives the frame's origin (ingress: the
// RTP SSRC and timestamp the sender put on the frame), bytes 0-3 must be that SSRC and bytes
// 4-7 that timestamp. All 14 bytes must be there: a trailer that straddles two packets is
// joined only with the packet right before the last one, of the same frame (same timestamp,
// previous sequence number); a frame seen from its start must have room for the trailer, a
// 16-byte tag and one clear byte (31 bytes), or no trailer can be its own.
// SFrame (RFC 9605 section 4.3) starts every frame with a header after the codec
// descriptor:
//
//    0 1 2 3 4 5 6 7
//   +-+-+-+-+-+-+-+-+---------------------------+---------------------------+
//   |X|  K  |Y|  C  |   KID (K+1 bytes if X)    |   CTR (C+1 bytes if Y)    |
//   +-+-+-+-+-+-+-+-+---------------------------+---------------------------+
//
// which any byte parses as, so one frame proves nothing: a stream is SFrame once its
// frames keep one KID and a CTR that grows by 1 to kSFrameMaxCtrStep per frame. A KID change
// (a key rotation, or plaintext whose first byte reads as another KID) starts a new chain
// that must earn trust as the first did.
//
// Contract: EnvelopeTracker keeps one stream's state (per SSRC, allocation-free) and
// classifies each frame from its first and last packets' opaque bytes (the payload after
// the codec descriptor). A frame is only classified once its last packet is seen.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace jvbfastpath::e2ee {

enum class EnvelopeKind : uint8_t {
  kUnknown,    // nothing decided yet (frame not finished, or too few frames)
  kNone,       // plaintext or an unknown format
  kJFrame,
  kSFrame,
};
std::string_view EnvelopeKindName(EnvelopeKind kind);

// What the conference expects its E2EE clients to send.
enum class ExpectedEnvelope : uint8_t { kJFrame, kSFrame, kAny };

struct SFrameHeader {
  uint64_t kid = 0;
  uint64_t ctr = 0;
  size_t length = 0;  // header bytes
};
// Parses an RFC 9605 header at the start of `bytes`; nullopt if truncated.
std::optional<SFrameHeader> ParseSFrameHeader(std::span<const uint8_t> bytes);

struct FrameVerdict {
  EnvelopeKind kind = EnvelopeKind::kUnknown;
  int key_id = -1;          // JFrame key index or SFrame KID (low 31 bits), -1 if none
  bool key_changed = false;  // differs from the stream's previous frame (key rotation)
  // On a frame's last packet with kind kUnknown: the frame is an SFrame candidate (a
  // header parsed) that the stream does not trust yet. `sframe_chain_start`: it starts a new
  // chain (the previous candidates' KID/CTR do not continue into it, so they are not SFrame).
  bool sframe_candidate = false;
  bool sframe_chain_start = false;
};

// Where a frame came from, as its RTP header says at ingress: JFrame's IV starts with these
// two values (lib-jitsi-meet's _makeIV: the SSRC and the frame's RTP timestamp).
// `sequence` (the packet's RTP sequence number, -1: unknown) tells which packet is the one
// right before the last, for a trailer that straddles two packets.
struct FrameOrigin {
  uint32_t ssrc = 0;
  uint32_t timestamp = 0;
  int32_t sequence = -1;
};

// An SFrame header alone is easily mimicked by other bytes: a stream counts as SFrame once
// kSFrameFramesToTrust frames have followed its first with the same KID and increasing CTR,
// i.e. from its kSFrameFramesToRecognise-th frame on. (A JFrame trailer is recognised on
// the frame itself.)
inline constexpr int kSFrameFramesToTrust = 3;
inline constexpr int kSFrameFramesToRecognise = kSFrameFramesToTrust + 1;
// The most a stream's CTR may grow from one frame to the next and stay a chain: a sender
// counts frames (one counter may serve all its streams under one key), while the CTR read
// from plaintext bytes jumps at random.
inline constexpr uint64_t kSFrameMaxCtrStep = 1 << 16;
// The shortest JFrame frame: one clear byte, a 16-byte GCM tag, the 14-byte trailer.
inline constexpr size_t kJFrameMinFrame = 31;

class EnvelopeTracker {
 public:
  explicit EnvelopeTracker(ExpectedEnvelope expected = ExpectedEnvelope::kAny)
      : expected_(expected) {}

  // Call for every packet of the stream in order. `opaque` is the payload after the codec
  // payload descriptor; `frame_start`/`frame_end` come from the descriptor or the marker
  // bit. Returns the frame's verdict on its last packet, kUnknown before.
  // `origin` (null: not checked) is the frame's SSRC and timestamp; with it a JFrame trailer
  // counts only if the IV's first 8 bytes carry them, a straddling trailer is joined only
  // with the previous packet of the same timestamp (and sequence number, when given), and an
  // SFrame header only counts for the frame (timestamp) whose first packet carried it.
  FrameVerdict OnPacket(std::span<const uint8_t> opaque, bool frame_start, bool frame_end,
                        const FrameOrigin* origin = nullptr);

  // The stream's current classification (the last finished frame's).
  EnvelopeKind stream_kind() const { return last_.kind; }
  uint64_t key_changes() const { return key_changes_; }
  uint64_t frames() const { return frames_; }

 private:
  ExpectedEnvelope expected_;
  // The run: the packets of one frame that came in order, up to the last one seen. Its last
  // bytes (JFrame's trailer may straddle the last two packets) and its length.
  std::array<uint8_t, 14> tail_{};
  size_t tail_length_ = 0;
  bool run_open_ = false;
  bool run_from_start_ = false;  // it began with the frame's first packet
  uint32_t run_timestamp_ = 0;
  int32_t run_sequence_ = -1;
  size_t run_bytes_ = 0;
  std::optional<SFrameHeader> frame_sframe_;  // header seen at a frame's start
  uint32_t frame_sframe_timestamp_ = 0;       // that frame's timestamp
  std::optional<SFrameHeader> last_sframe_;
  int sframe_consistent_frames_ = 0;
  FrameVerdict last_;
  int last_key_id_ = -1;  // the last frame's key id that was not -1
  uint64_t key_changes_ = 0;
  uint64_t frames_ = 0;
};

// The JFrame trailer test on a frame's last bytes (its last packet, or the last 14 bytes
// joined across its last two packets; exposed for tests and the inspector). Returns the key
// index, or nullopt if the bytes cannot be a JFrame trailer: fewer than 14 bytes, or, with
// an origin, an IV that does not carry its SSRC and timestamp.
std::optional<int> MatchJFrameTrailer(std::span<const uint8_t> last_packet_opaque,
                                      const FrameOrigin* origin = nullptr);

}  // namespace jvbfastpath::e2ee
