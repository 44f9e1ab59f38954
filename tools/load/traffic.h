// The load generator's model of real WebRTC senders: what each participant of a simulated
// conference puts on the wire every 20 ms tick, as plain RTP/RTCP (before client-side SRTP).
//
// Shapes (sources in docs/load.md):
// - Opus audio: one packet per 20 ms (50/s), 60-130 byte payloads while talking; with DTX a
//   3-byte packet every 400 ms while silent; ssrc-audio-level and transport-cc extensions.
// - VP8 simulcast (libwebrtc defaults as jitsi-meet configures them): three layers,
//   320x180 / 640x360 / 1280x720 at 30 fps and 200 / 500 / 1500 kbit/s, each with three
//   temporal layers (pattern 0,2,1,2), 15-bit picture ids and TL0PICIDX; keyframes every
//   few seconds or on request, several times a delta frame's size; packets up to 1200 bytes.
// - VP9 SVC (Chrome's L3T3_KEY as jitsi-meet enables it): one SSRC, three spatial layers
//   (180p/360p/720p) per superframe, inter-layer prediction on key pictures only, three
//   temporal layers (0,2,1,2); RFC 9628 non-flexible descriptor with 15-bit picture id and
//   TL0PICIDX, B/E per layer frame, SS on key pictures, marker bit at the superframe's end.
// - AV1 SVC (L3T3_KEY): one SSRC, the same layers; AV1 RTP aggregation headers (W, Z/Y,
//   N on the key picture) and the Dependency Descriptor extension on every packet, with the
//   template structure on the key picture's first packet (two-byte extension form then).
// - H.264 simulcast (packetization-mode 1): three SSRCs like VP8; keyframes start with a
//   STAP-A of SPS + PPS, NAL units over the packet size go as FU-A, others as single NAL
//   unit packets; one temporal layer, marker bit on each frame's last packet.
// - RTCP: a sender report + SDES per sending SSRC every second; transport-cc feedback from
//   each participant every 100 ms.
// - E2EE (JFrame, as lib-jitsi-meet frames it): the first bytes of each frame stay clear
//   (VP8 keyframe 10, delta 3, audio 1), the rest is opaque, and the frame's last packet
//   ends with the 12-byte IV, the IV length (12) and the key index.
// - E2EE (SFrame, RFC 9605, AES_128_CTR_HMAC_SHA256_80): each frame starts, right after the
//   payload descriptor, with the SFrame header (KID = the key index, CTR = a per-stream
//   frame counter) and ends with the 10-byte tag; nothing of the frame stays clear (the
//   placement docs/e2ee.md assumes).
// Everything is deterministic for a seed. No allocation per tick once warmed up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string_view>
#include <vector>

namespace jvbfastpath::load {

enum class VideoKind : uint8_t { kVp8Simulcast, kVp9Svc, kAv1Svc, kH264Simulcast };
enum class E2eeKind : uint8_t { kOff, kJitsi, kSFrame };

// "vp8-simulcast", "vp9-svc", "av1-svc", "h264".
const char* VideoKindName(VideoKind kind);
// One SSRC per simulcast layer (VP8, H.264), or one SSRC for all spatial layers (SVC).
inline bool IsSvc(VideoKind kind) { return kind == VideoKind::kVp9Svc || kind == VideoKind::kAv1Svc; }
// Why no real client sends `video` with `e2ee` (docs/load.md), or nullptr if one does.
const char* UnsupportedE2ee(VideoKind video, E2eeKind e2ee);

// RTP payload types and header extension ids the simulated clients use (as jitsi-meet
// negotiates them with the bridge).
inline constexpr uint8_t kOpusPt = 111;
inline constexpr uint8_t kVp8Pt = 100;
inline constexpr uint8_t kVp9Pt = 101;
inline constexpr uint8_t kH264Pt = 107;
inline constexpr uint8_t kAv1Pt = 41;
inline constexpr uint8_t kAudioLevelExtId = 1;
inline constexpr uint8_t kTransportCcExtId = 5;
inline constexpr uint8_t kDependencyDescriptorExtId = 11;
inline constexpr int kVideoLayers = 3;
inline constexpr size_t kMaxPacket = 1200 + 12 + 8 + 16;  // payload + header + ext + room

struct TrafficConfig {
  int participants = 20;
  VideoKind video = VideoKind::kVp8Simulcast;
  E2eeKind e2ee = E2eeKind::kJitsi;
  uint32_t seed = 1;
  double keyframe_interval_s = 10;
};

// One packet a participant sent this tick: its bytes live in the caller's buffer.
struct SentPacket {
  int sender = 0;
  // 0 audio, 1..3 video SSRC (simulcast layer 0..2; SVC: always 1), -1 RTCP.
  int stream = 0;
  bool rtcp = false;
  bool frame_end = false;
  size_t length = 0;
  size_t buffer_index = 0;  // which of the caller's buffers holds it
  int spatial = 0;          // video: the spatial layer (simulcast: the SSRC's layer)
  bool keyframe = false;    // video: a packet of a key picture (every layer of it)
};

class ConferenceTraffic {
 public:
  explicit ConferenceTraffic(const TrafficConfig& config);

  // Writes the packets of the next 20 ms tick into `buffers` (each at least kMaxPacket
  // bytes) and describes them in `out`. Returns how many were written; stops early, never
  // overflowing, if buffers or out run short (the rest of the tick is dropped and counted).
  size_t NextTick(std::span<std::span<uint8_t>> buffers, std::span<SentPacket> out);

  // The SSRC of a participant's stream (0 audio, 1..video_streams()).
  uint32_t Ssrc(int participant, int stream) const;
  // Asks a participant for a keyframe (as a PLI would).
  void RequestKeyframe(int participant);
  // Endpoint churn: a new participant takes this one's place: new SSRCs, sequence numbers
  // and timestamps, and its video starts with a keyframe.
  void Rejoin(int participant);
  // Packets a full-size tick can produce at most (for sizing buffers).
  size_t MaxPacketsPerTick() const;
  uint64_t dropped_for_room() const { return dropped_for_room_; }
  int participants() const { return static_cast<int>(senders_.size()); }
  int video_streams() const { return IsSvc(config_.video) ? 1 : kVideoLayers; }
  uint64_t tick() const { return tick_; }

 private:
  struct Layer {
    uint32_t ssrc = 0;
    uint16_t seq = 0;
    uint32_t timestamp = 0;
    uint16_t picture_id = 0;
    uint8_t tl0picidx = 0;
    int width = 0;
    int height = 0;
    int kbps = 0;
    uint64_t sframe_ctr = 0;
    uint16_t av1_frame_number = 0;
  };
  struct Sender {
    uint32_t audio_ssrc = 0;
    uint16_t audio_seq = 0;
    uint64_t audio_sframe_ctr = 0;
    uint32_t audio_ts = 0;
    uint16_t tcc_seq = 0;
    bool talking = false;
    int talk_ticks_left = 0;
    int frames_since_key = 0;
    bool keyframe_requested = true;
    uint8_t key_index = 0;
    Layer layers[kVideoLayers];
  };

  void InitSender(Sender& s);  // fresh SSRCs, sequence numbers, timestamps
  // Where a tick's packets go, and how many fit.
  struct TickOut {
    std::span<std::span<uint8_t>> buffers;
    std::span<SentPacket> out;
    size_t n = 0;
    size_t limit = 0;
    // False (and the packet counted as dropped for room) when the tick is full.
    bool Room(uint64_t* dropped) {
      if (n < limit) return true;
      ++*dropped;
      return false;
    }
  };
  // One picture of a sender's video (every layer), per shape.
  void EmitVp8Picture(Sender& s, int sender, bool keyframe, int tid, TickOut& t);
  void EmitVp9Picture(Sender& s, int sender, bool keyframe, int tid, TickOut& t);
  void EmitAv1Picture(Sender& s, int sender, bool keyframe, int tid, bool t2_after_t1,
                      TickOut& t);
  void EmitH264Picture(Sender& s, int sender, bool keyframe, TickOut& t);
  // A layer frame's size in bytes: the layer's bitrate per frame, base temporal layer
  // frames larger, times `key_factor` on key pictures, +-25% jitter.
  size_t FrameBytes(int kbps, int tid, double key_factor);

  size_t WriteAudio(Sender& s, int index, std::span<uint8_t> buffer, bool* sent);
  size_t WriteVideoPacket(Sender& s, Layer& layer, bool keyframe, int tid, bool first,
                          bool last, size_t frame_offset, size_t chunk, size_t frame_size,
                          std::span<uint8_t> buffer);
  size_t WriteSenderReport(const Sender& s, std::span<uint8_t> buffer);
  size_t WriteTransportFeedback(const Sender& s, int index, std::span<uint8_t> buffer);
  size_t WriteRtpHeader(std::span<uint8_t> buffer, uint8_t pt, bool marker, uint16_t seq,
                        uint32_t ts, uint32_t ssrc, Sender& s, bool audio, uint8_t level,
                        std::span<const uint8_t> dependency_descriptor = {});

  void FillNoise(uint8_t* out, size_t n);

  TrafficConfig config_;
  uint64_t noise_ = 0x9E3779B97F4A7C15ull;
  std::vector<Sender> senders_;
  std::mt19937 rng_;
  uint64_t tick_ = 0;
  uint64_t dropped_for_room_ = 0;
};

}  // namespace jvbfastpath::load
