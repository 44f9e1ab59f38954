#include "tools/load/traffic.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "native/rtp/bytes.h"
#include "tools/load/payload_writers.h"

namespace jvbfastpath::load {
namespace {

constexpr int kTickMs = 20;
constexpr int kFps = 30;
constexpr size_t kMaxPayload = 1200;
constexpr size_t kVp8DescriptorLength = 6;  // X, I(M, 15-bit), L, T/K
constexpr size_t kJFrameTrailer = 12 + 2;  // IV, IV length, key index
// Simulcast layers as jitsi-meet's default VP8 configuration sets them.
constexpr int kWidths[kVideoLayers] = {320, 640, 1280};
constexpr int kHeights[kVideoLayers] = {180, 360, 720};
// Per layer (simulcast) or per spatial layer (SVC, the increments of lib-jitsi-meet's
// low / standard / high targets for the codec).
constexpr int kVp8Kbps[kVideoLayers] = {200, 500, 1500};
constexpr int kH264Kbps[kVideoLayers] = {200, 500, 1500};
constexpr int kVp9Kbps[kVideoLayers] = {100, 200, 900};
constexpr int kAv1Kbps[kVideoLayers] = {100, 200, 700};
const int* KbpsOf(VideoKind kind) {
  switch (kind) {
    case VideoKind::kVp9Svc: return kVp9Kbps;
    case VideoKind::kAv1Svc: return kAv1Kbps;
    case VideoKind::kH264Simulcast: return kH264Kbps;
    case VideoKind::kVp8Simulcast: break;
  }
  return kVp8Kbps;
}
// Room a packet's headers and payload share: the VP8 budget (12-byte RTP header, 8 bytes
// of extensions, 1200 bytes of payload). Shapes with bigger extensions carry less payload.
constexpr size_t kPacketBudget = 12 + 8 + 1200;
// L1T3: temporal layer ids of consecutive frames.
constexpr int kTemporalPattern[4] = {0, 2, 1, 2};

// The end of a JFrame envelope (docs/e2ee.md): IV = SSRC | timestamp | send count mod
// 0xFFFF (so its bytes 8-9 are zero), then the IV length (12) and the key index.
void PutJFrameTrailer(uint8_t* end, uint32_t ssrc, uint32_t timestamp, uint32_t count,
                      uint8_t key_index) {
  uint8_t* iv = end - 14;
  rtp::WriteU32(iv, ssrc);
  rtp::WriteU32(iv + 4, timestamp);
  rtp::WriteU32(iv + 8, count % 0xFFFF);
  end[-2] = 12;
  end[-1] = key_index;
}

// RFC 9605 section 4.3: |X| K |Y| C | then KID and CTR bytes; a KID below 8 is inline.
// Returns the header length (at most 9 bytes here).
size_t PutSFrameHeader(uint8_t* out, uint8_t kid, uint64_t ctr) {
  size_t ctr_bytes = 0;
  for (uint64_t v = ctr; v != 0; v >>= 8) ++ctr_bytes;
  if (ctr < 8) {
    out[0] = static_cast<uint8_t>(((kid & 7) << 4) | ctr);
    return 1;
  }
  out[0] = static_cast<uint8_t>(((kid & 7) << 4) | 0x08 | (ctr_bytes - 1));
  for (size_t i = 0; i < ctr_bytes; ++i) {
    out[1 + i] = static_cast<uint8_t>(ctr >> (8 * (ctr_bytes - 1 - i)));
  }
  return 1 + ctr_bytes;
}

constexpr size_t kSFrameTag = 10;

// RTP header and extension bytes of a video packet: transport-cc, and a Dependency
// Descriptor of `dd_length` bytes if any (two-byte form above 16 bytes).
size_t VideoHeaderBytes(size_t dd_length) {
  const bool two_byte = dd_length > 16;
  size_t elements = two_byte ? 4 : 3;
  if (dd_length > 0) elements += (two_byte ? 2 : 1) + dd_length;
  return 12 + 4 + (elements + 3) / 4 * 4;
}

}  // namespace

const char* VideoKindName(VideoKind kind) {
  switch (kind) {
    case VideoKind::kVp8Simulcast: return "vp8-simulcast";
    case VideoKind::kVp9Svc: return "vp9-svc";
    case VideoKind::kAv1Svc: return "av1-svc";
    case VideoKind::kH264Simulcast: return "h264";
  }
  return "unknown";
}

const char* UnsupportedE2ee(VideoKind video, E2eeKind e2ee) {
  if (e2ee == E2eeKind::kOff || video == VideoKind::kVp8Simulcast) return nullptr;
  if (e2ee == E2eeKind::kJitsi) {
    return "lib-jitsi-meet sends only VP8 while E2EE is on (CodecSelection: \"E2EE is "
           "curently supported only for VP8 codec\"); use --video vp8-simulcast or --e2ee off";
  }
  if (video == VideoKind::kVp9Svc) return nullptr;
  return video == VideoKind::kAv1Svc
             ? "libwebrtc's AV1 packetizer splits a frame at its OBU headers, which a "
               "whole-frame SFrame ciphertext does not have; use --e2ee off"
             : "libwebrtc's H.264 packetizer splits a frame at its Annex B start codes and "
               "NAL headers, which a whole-frame SFrame ciphertext does not have; use --e2ee off";
}

ConferenceTraffic::ConferenceTraffic(const TrafficConfig& config)
    : config_(config), senders_(static_cast<size_t>(config.participants)), rng_(config.seed) {
  for (Sender& s : senders_) InitSender(s);
}

void ConferenceTraffic::Rejoin(int participant) {
  Sender& s = senders_[static_cast<size_t>(participant)];
  s = Sender{};  // keyframe_requested: a new sender starts with a keyframe
  InitSender(s);
}

void ConferenceTraffic::InitSender(Sender& s) {
  s.audio_ssrc = rng_();
  s.audio_seq = static_cast<uint16_t>(rng_());
  s.audio_ts = rng_();
  s.tcc_seq = static_cast<uint16_t>(rng_());
  s.talk_ticks_left = static_cast<int>(rng_() % 150);
  for (int l = 0; l < kVideoLayers; ++l) {
    Layer& layer = s.layers[l];
    layer.ssrc = rng_();
    layer.seq = static_cast<uint16_t>(rng_());
    layer.timestamp = rng_();
    layer.picture_id = static_cast<uint16_t>(rng_() & 0x7FFF);
    layer.tl0picidx = static_cast<uint8_t>(rng_());
    layer.width = kWidths[l];
    layer.height = kHeights[l];
    layer.kbps = KbpsOf(config_.video)[l];
  }
}

uint32_t ConferenceTraffic::Ssrc(int participant, int stream) const {
  const Sender& s = senders_[static_cast<size_t>(participant)];
  return stream == 0 ? s.audio_ssrc : s.layers[stream - 1].ssrc;
}

void ConferenceTraffic::RequestKeyframe(int participant) {
  senders_[static_cast<size_t>(participant)].keyframe_requested = true;
}

void ConferenceTraffic::FillNoise(uint8_t* out, size_t n) {
  // xorshift64*: media-like bytes at memory speed (a per-byte mt19937 call was half of a
  // load run's time under perf).
  for (size_t i = 0; i < n; i += 8) {
    noise_ ^= noise_ >> 12;
    noise_ ^= noise_ << 25;
    noise_ ^= noise_ >> 27;
    const uint64_t v = noise_ * 0x2545F4914F6CDD1Dull;
    std::memcpy(out + i, &v, std::min<size_t>(8, n - i));
  }
}

size_t ConferenceTraffic::MaxPacketsPerTick() const {
  // Audio 1, RTCP 2, and a keyframe on every layer (10x a delta frame's share), twice.
  size_t video = 0;
  for (int l = 0; l < kVideoLayers; ++l) {
    const size_t key_bytes = static_cast<size_t>(KbpsOf(config_.video)[l]) * 1000 / 8 / kFps * 10;
    video += 2 * (key_bytes / (kMaxPayload - 128) + 3);
  }
  return senders_.size() * (3 + video);
}

size_t ConferenceTraffic::WriteRtpHeader(std::span<uint8_t> b, uint8_t pt, bool marker,
                                         uint16_t seq, uint32_t ts, uint32_t ssrc, Sender& s,
                                         bool audio, uint8_t level,
                                         std::span<const uint8_t> dd) {
  // RFC 3550 header with an RFC 8285 extension block: the one-byte form, or the two-byte
  // form when an element is longer than 16 bytes (a Dependency Descriptor with its
  // structure; extmap-allow-mixed is negotiated, as jicofo offers it).
  const bool two_byte = dd.size() > 16;
  b[0] = 0x90;  // V=2, X=1
  b[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | pt);
  rtp::WriteU16(&b[2], seq);
  rtp::WriteU32(&b[4], ts);
  rtp::WriteU32(&b[8], ssrc);
  b[12] = two_byte ? 0x10 : 0xBE;
  b[13] = two_byte ? 0x00 : 0xDE;
  size_t p = 16;
  auto element = [&](uint8_t id, size_t length) {
    if (two_byte) {
      b[p++] = id;
      b[p++] = static_cast<uint8_t>(length);
    } else {
      b[p++] = static_cast<uint8_t>((id << 4) | (length - 1));
    }
  };
  if (audio) {
    element(kAudioLevelExtId, 1);
    b[p++] = level;
  }
  element(kTransportCcExtId, 2);
  rtp::WriteU16(&b[p], s.tcc_seq++);
  p += 2;
  if (!dd.empty()) {
    element(kDependencyDescriptorExtId, dd.size());
    std::memcpy(&b[p], dd.data(), dd.size());
    p += dd.size();
  }
  while ((p - 16) % 4 != 0) b[p++] = 0;
  rtp::WriteU16(&b[14], static_cast<uint16_t>((p - 16) / 4));
  return p;
}

size_t ConferenceTraffic::WriteAudio(Sender& s, int, std::span<uint8_t> b, bool* sent) {
  // Talk spurts of 1-5 s, silences of 1-10 s; with DTX, one packet per 400 ms in silence.
  if (--s.talk_ticks_left <= 0) {
    s.talking = !s.talking;
    s.talk_ticks_left = s.talking ? 50 + static_cast<int>(rng_() % 200)
                                  : 50 + static_cast<int>(rng_() % 450);
  }
  s.audio_ts += 960;  // 20 ms at 48 kHz
  const bool dtx_frame = !s.talking;
  if (dtx_frame && (tick_ % 20) != 0) {
    *sent = false;
    return 0;
  }
  *sent = true;
  const uint8_t level = s.talking ? static_cast<uint8_t>(0x80 | (20 + rng_() % 30))  // voice
                                  : static_cast<uint8_t>(100 + rng_() % 27);
  size_t p = WriteRtpHeader(b, kOpusPt, false, s.audio_seq++, s.audio_ts, s.audio_ssrc, s,
                            true, level);
  // With E2EE every frame, DTX included, carries the envelope's overhead.
  const size_t frame = dtx_frame ? 3 : 60 + rng_() % 71;
  if (config_.e2ee == E2eeKind::kSFrame) {
    const size_t h = PutSFrameHeader(&b[p], s.key_index, ++s.audio_sframe_ctr);
    FillNoise(&b[p + h], frame + kSFrameTag);
    return p + h + frame + kSFrameTag;
  }
  const size_t payload = frame + (config_.e2ee == E2eeKind::kJitsi ? 30 : 0);
  b[p] = 0xF8;  // Opus TOC: config 31 (CELT FB 20 ms), mono, one frame
  FillNoise(&b[p + 1], payload - 1);
  if (config_.e2ee == E2eeKind::kJitsi && payload > 1 + kJFrameTrailer) {
    // JFrame: the TOC byte stays clear; the frame ends with IV, IV length, key index.
    PutJFrameTrailer(&b[p + payload], s.audio_ssrc, s.audio_ts, s.audio_seq, s.key_index);
  }
  return p + payload;
}

size_t ConferenceTraffic::WriteVideoPacket(Sender& s, Layer& layer, bool keyframe, int tid,
                                           bool first, bool last, size_t frame_offset,
                                           size_t chunk, size_t frame_size,
                                           std::span<uint8_t> b) {
  size_t p = WriteRtpHeader(b, kVp8Pt, last, layer.seq++, layer.timestamp, layer.ssrc, s,
                            false, 0);
  // RFC 7741 payload descriptor: X S PID | I L T K | M + 15-bit picture id | TL0PICIDX |
  // TID Y KEYIDX.
  b[p++] = static_cast<uint8_t>(0x80 | (first ? 0x10 : 0));
  b[p++] = 0xE0;  // I, L, T
  b[p++] = static_cast<uint8_t>(0x80 | (layer.picture_id >> 8));
  b[p++] = static_cast<uint8_t>(layer.picture_id);
  b[p++] = layer.tl0picidx;
  b[p++] = static_cast<uint8_t>((tid << 6) | (tid > 0 ? 0x20 : 0));  // Y on non-base layers
  uint8_t* payload = &b[p];
  FillNoise(payload, chunk);
  if (first && config_.e2ee == E2eeKind::kSFrame) {
    // SFrame: the header opens the frame; nothing of the VP8 frame is clear.
    PutSFrameHeader(payload, s.key_index, ++layer.sframe_ctr);
  } else if (first) {
    // VP8 payload header (RFC 6386 9.1): 3-byte frame tag, then on keyframes the start
    // code and the 14-bit width and height.
    const uint32_t first_partition = static_cast<uint32_t>(std::min<size_t>(frame_size, 0x7FFFF));
    const uint32_t tag = (keyframe ? 0u : 1u) | (0u << 1) | (1u << 4) | (first_partition << 5);
    payload[0] = static_cast<uint8_t>(tag);
    payload[1] = static_cast<uint8_t>(tag >> 8);
    payload[2] = static_cast<uint8_t>(tag >> 16);
    if (keyframe) {
      payload[3] = 0x9D;
      payload[4] = 0x01;
      payload[5] = 0x2A;
      payload[6] = static_cast<uint8_t>(layer.width);
      payload[7] = static_cast<uint8_t>(layer.width >> 8);
      payload[8] = static_cast<uint8_t>(layer.height);
      payload[9] = static_cast<uint8_t>(layer.height >> 8);
    }
  }
  if (last && config_.e2ee == E2eeKind::kJitsi && frame_offset + chunk == frame_size &&
      chunk >= kJFrameTrailer) {
    PutJFrameTrailer(payload + chunk, layer.ssrc, layer.timestamp, layer.picture_id,
                     s.key_index);
  }
  return p + chunk;
}

size_t ConferenceTraffic::WriteSenderReport(const Sender& s, std::span<uint8_t> b) {
  // SR (RFC 3550 6.4.1) with no report blocks, then SDES with a CNAME (6.5).
  b[0] = 0x80;
  b[1] = 200;
  rtp::WriteU16(&b[2], 6);
  rtp::WriteU32(&b[4], s.layers[0].ssrc);
  const uint64_t ntp = (uint64_t{3900000000u} + tick_ / 50) << 32;
  rtp::WriteU32(&b[8], static_cast<uint32_t>(ntp >> 32));
  rtp::WriteU32(&b[12], static_cast<uint32_t>(ntp));
  rtp::WriteU32(&b[16], s.layers[0].timestamp);
  rtp::WriteU32(&b[20], static_cast<uint32_t>(tick_));
  rtp::WriteU32(&b[24], static_cast<uint32_t>(tick_ * 1000));
  uint8_t* sdes = &b[28];
  sdes[0] = 0x81;
  sdes[1] = 202;
  rtp::WriteU16(&sdes[2], 4);  // 5 words in all
  rtp::WriteU32(&sdes[4], s.layers[0].ssrc);
  sdes[8] = 1;  // CNAME
  sdes[9] = 8;
  std::memcpy(&sdes[10], "jvbfpath", 8);
  sdes[18] = 0;  // end of items
  sdes[19] = 0;
  return 28 + 20;
}

size_t ConferenceTraffic::WriteTransportFeedback(const Sender& s, int, std::span<uint8_t> b) {
  // RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01): base seq, status
  // count, reference time, fb count, one run-length chunk, then receive deltas.
  const uint16_t count = 20;
  b[0] = 0x8F;
  b[1] = 205;
  rtp::WriteU32(&b[4], s.audio_ssrc);
  rtp::WriteU32(&b[8], s.layers[0].ssrc);
  rtp::WriteU16(&b[12], static_cast<uint16_t>(s.tcc_seq - count));
  rtp::WriteU16(&b[14], count);
  rtp::WriteU32(&b[16], static_cast<uint32_t>(((tick_ * 20 / 64) & 0xFFFFFF) << 8 | (tick_ & 0xFF)));
  rtp::WriteU16(&b[20], static_cast<uint16_t>(0x2000 | count));  // run of "small delta"
  for (int i = 0; i < count; ++i) b[22 + i] = 4;
  size_t length = 22 + count;
  while (length % 4 != 0) b[length++] = 0;
  rtp::WriteU16(&b[2], static_cast<uint16_t>(length / 4 - 1));
  return length;
}

size_t ConferenceTraffic::FrameBytes(int kbps, int tid, double key_factor) {
  const double share = tid == 0 ? 1.6 : tid == 1 ? 1.0 : tid == 2 ? 0.7 : 1.0;
  const size_t frame = static_cast<size_t>(kbps * 1000.0 / 8 / kFps * share * key_factor *
                                           (0.75 + (rng_() % 500) / 1000.0));
  return std::max<size_t>(frame, 40);
}

void ConferenceTraffic::EmitVp8Picture(Sender& s, int sender, bool keyframe, int tid,
                                       TickOut& t) {
  for (int l = 0; l < kVideoLayers; ++l) {
    Layer& layer = s.layers[l];
    layer.timestamp += 90000 / kFps;
    layer.picture_id = static_cast<uint16_t>((layer.picture_id + 1) & 0x7FFF);
    if (tid == 0) ++layer.tl0picidx;
    size_t frame = FrameBytes(layer.kbps, tid, keyframe ? 8 : 1);
    const size_t chunk_max = kMaxPayload - kVp8DescriptorLength;
    // Keep the JFrame trailer in the last packet (a browser may split it; see
    // docs/e2ee.md, and the recogniser's test for that case).
    if (frame % chunk_max != 0 && frame % chunk_max < kJFrameTrailer) frame += kJFrameTrailer;
    const size_t packets = (frame + chunk_max - 1) / chunk_max;
    for (size_t k = 0, offset = 0; k < packets; ++k) {
      if (!t.Room(&dropped_for_room_)) break;
      const size_t chunk = std::min(chunk_max, frame - offset);
      const bool last = k + 1 == packets;
      const size_t len = WriteVideoPacket(s, layer, keyframe, tid, k == 0, last, offset,
                                          chunk, frame, t.buffers[t.n]);
      t.out[t.n] = SentPacket{sender, l + 1, false, last, len, t.n, l, keyframe};
      ++t.n;
      offset += chunk;
    }
  }
}

void ConferenceTraffic::EmitVp9Picture(Sender& s, int sender, bool keyframe, int tid,
                                       TickOut& t) {
  // One SSRC (layer 0's state) for the superframe: one timestamp, picture id, TL0PICIDX.
  Layer& v = s.layers[0];
  v.timestamp += 90000 / kFps;
  v.picture_id = static_cast<uint16_t>((v.picture_id + 1) & 0x7FFF);
  if (tid == 0) ++v.tl0picidx;
  for (int sid = 0; sid < kVideoLayers; ++sid) {
    // Upper layers of a key picture are predicted from the layer below: smaller than S0's.
    const size_t frame = FrameBytes(s.layers[sid].kbps, tid, keyframe ? (sid == 0 ? 8 : 4) : 1);
    Vp9PacketFields f;
    f.picture_id = v.picture_id;
    f.tl0picidx = v.tl0picidx;
    f.tid = tid;
    f.sid = sid;
    f.inter_picture_predicted = !keyframe;
    f.switching_up = tid > 0;
    f.inter_layer_predicted = keyframe && sid > 0;            // K-SVC: key pictures only
    f.not_upper_reference = !keyframe || sid == kVideoLayers - 1;
    f.widths = kWidths;
    f.heights = kHeights;
    for (size_t offset = 0; offset < frame;) {
      if (!t.Room(&dropped_for_room_)) return;
      const bool first = offset == 0;
      f.with_ss = keyframe && sid == 0 && first;  // SS on the key picture's first packet
      f.start_of_layer_frame = first;
      const size_t chunk = std::min(kMaxPayload - (f.with_ss ? kVp9MaxDescriptor : 5), frame - offset);
      const bool last = offset + chunk == frame;
      f.end_of_layer_frame = last;
      std::span<uint8_t> b = t.buffers[t.n];
      // The marker bit ends the superframe (the top layer's last packet).
      size_t p = WriteRtpHeader(b, kVp9Pt, last && sid == kVideoLayers - 1, v.seq++,
                                v.timestamp, v.ssrc, s, false, 0);
      p += WriteVp9Descriptor(b.subspan(p), f);
      FillNoise(&b[p], chunk);
      if (first && config_.e2ee == E2eeKind::kSFrame) {
        // SFrame per layer frame (each is its own encoded frame for the transform).
        PutSFrameHeader(&b[p], s.key_index, ++v.sframe_ctr);
      }
      t.out[t.n] = SentPacket{sender, 1, false, last, p + chunk, t.n, sid, keyframe};
      ++t.n;
      offset += chunk;
    }
  }
}

void ConferenceTraffic::EmitAv1Picture(Sender& s, int sender, bool keyframe, int tid,
                                       bool t2_after_t1, TickOut& t) {
  Layer& v = s.layers[0];
  v.timestamp += 90000 / kFps;
  constexpr size_t kSequenceHeader = 12;  // OBU header + body, as one length-prefixed element
  std::array<uint8_t, kAv1MaxDescriptor> dd{};
  for (int sid = 0; sid < kVideoLayers; ++sid) {
    const uint16_t frame_number = ++v.av1_frame_number;  // one per layer frame
    const int template_id = Av1L3T3TemplateId(sid, tid, keyframe, t2_after_t1);
    const bool new_sequence = keyframe && sid == 0;
    // The frame OBU (header, extension with the layer ids, no size field), then its data.
    const size_t obu = FrameBytes(s.layers[sid].kbps, tid, keyframe ? (sid == 0 ? 8 : 4) : 1);
    for (size_t offset = 0; offset < obu;) {
      if (!t.Room(&dropped_for_room_)) return;
      const bool first = offset == 0;
      const bool with_sequence_header = first && new_sequence;
      const size_t dd_length = WriteAv1DependencyDescriptor(dd, first, false, template_id,
                                                            frame_number, with_sequence_header);
      const size_t room = kPacketBudget - VideoHeaderBytes(dd_length) - 1 -
                          (with_sequence_header ? 1 + kSequenceHeader : 0);
      const size_t chunk = std::min(room, obu - offset);
      const bool last = offset + chunk == obu;
      if (last) dd[0] |= 0x40;  // end_of_frame
      std::span<uint8_t> b = t.buffers[t.n];
      size_t p = WriteRtpHeader(b, kAv1Pt, last && sid == kVideoLayers - 1, v.seq++, v.timestamp,
                                v.ssrc, s, false, 0, std::span<const uint8_t>(dd).first(dd_length));
      // Aggregation header: Z (continues the OBU), Y (continues next), W, N.
      b[p++] = static_cast<uint8_t>((first ? 0 : 0x80) | (last ? 0 : 0x40) |
                                    ((with_sequence_header ? 2 : 1) << 4) |
                                    (with_sequence_header ? 0x08 : 0));
      if (with_sequence_header) {
        b[p++] = kSequenceHeader;  // LEB128 length
        b[p] = 1 << 3;             // OBU_SEQUENCE_HEADER, no extension, no size field
        FillNoise(&b[p + 1], kSequenceHeader - 1);
        p += kSequenceHeader;
      }
      FillNoise(&b[p], chunk);
      if (first) {
        b[p] = (6 << 3) | 0x04;  // OBU_FRAME with the extension header
        b[p + 1] = static_cast<uint8_t>((tid << 5) | (sid << 3));
      }
      t.out[t.n] = SentPacket{sender, 1, false, last, p + chunk, t.n, sid, keyframe};
      ++t.n;
      offset += chunk;
    }
  }
}

void ConferenceTraffic::EmitH264Picture(Sender& s, int sender, bool keyframe, TickOut& t) {
  for (int l = 0; l < kVideoLayers; ++l) {
    Layer& layer = s.layers[l];
    layer.timestamp += 90000 / kFps;
    if (keyframe) {
      // SPS and PPS aggregated in one STAP-A before the IDR slice.
      if (!t.Room(&dropped_for_room_)) return;
      std::span<uint8_t> b = t.buffers[t.n];
      size_t p = WriteRtpHeader(b, kH264Pt, false, layer.seq++, layer.timestamp, layer.ssrc, s,
                                false, 0);
      b[p++] = 0x78;  // STAP-A, NRI 3
      const size_t sps = WriteH264Sps(b.subspan(p + 2, kH264MaxParameterSet), layer.width,
                                      layer.height);
      rtp::WriteU16(&b[p], static_cast<uint16_t>(sps));
      p += 2 + sps;
      const size_t pps = WriteH264Pps(b.subspan(p + 2, kH264MaxParameterSet));
      rtp::WriteU16(&b[p], static_cast<uint16_t>(pps));
      p += 2 + pps;
      t.out[t.n] = SentPacket{sender, l + 1, false, false, p, t.n, l, true};
      ++t.n;
    }
    // One slice per frame: IDR (type 5, NRI 3) or non-IDR (type 1, NRI 2); its first
    // slice-header bit is 1 (first_mb_in_slice = 0).
    const uint8_t header = keyframe ? 0x65 : 0x41;
    const size_t nal = FrameBytes(layer.kbps, -1, keyframe ? 8 : 1);
    const bool fragmented = nal > kMaxPayload;
    const size_t data = fragmented ? nal - 1 : nal;  // FU-A carries the header in its own bytes
    const size_t chunk_max = fragmented ? kMaxPayload - 2 : kMaxPayload;
    for (size_t offset = 0; offset < data;) {
      if (!t.Room(&dropped_for_room_)) return;
      const bool first = offset == 0;
      const size_t chunk = std::min(chunk_max, data - offset);
      const bool last = offset + chunk == data;
      std::span<uint8_t> b = t.buffers[t.n];
      size_t p = WriteRtpHeader(b, kH264Pt, last, layer.seq++, layer.timestamp, layer.ssrc, s,
                                false, 0);
      if (fragmented) {
        b[p++] = static_cast<uint8_t>((header & 0x60) | 28);  // FU indicator
        b[p++] = static_cast<uint8_t>((first ? 0x80 : 0) | (last ? 0x40 : 0) | (header & 0x1F));
        FillNoise(&b[p], chunk);
        if (first) b[p] |= 0x80;
      } else {
        FillNoise(&b[p], chunk);
        b[p] = header;
        b[p + 1] |= 0x80;
      }
      t.out[t.n] = SentPacket{sender, l + 1, false, last, p + chunk, t.n, l, keyframe};
      ++t.n;
      offset += chunk;
    }
  }
}

size_t ConferenceTraffic::NextTick(std::span<std::span<uint8_t>> buffers,
                                   std::span<SentPacket> out) {
  size_t n = 0;
  const size_t limit = std::min(buffers.size(), out.size());
  auto room = [&] { return n < limit; };
  const int now_ms = static_cast<int>(tick_ * kTickMs);
  const bool frame_due = (now_ms * kFps) / 1000 != ((now_ms + kTickMs) * kFps) / 1000;
  for (size_t i = 0; i < senders_.size(); ++i) {
    Sender& s = senders_[i];
    const int sender = static_cast<int>(i);
    if (!room()) {
      ++dropped_for_room_;
      continue;
    }
    bool sent = false;
    size_t len = WriteAudio(s, sender, buffers[n], &sent);
    if (sent) out[n] = SentPacket{sender, 0, false, true, len, n}, ++n;

    if (frame_due) {
      const bool keyframe =
          s.keyframe_requested || s.frames_since_key >= config_.keyframe_interval_s * kFps;
      const int tid = keyframe ? 0 : kTemporalPattern[s.frames_since_key % 4];
      TickOut t{buffers, out, n, limit};
      switch (config_.video) {
        case VideoKind::kVp8Simulcast: EmitVp8Picture(s, sender, keyframe, tid, t); break;
        case VideoKind::kVp9Svc: EmitVp9Picture(s, sender, keyframe, tid, t); break;
        case VideoKind::kAv1Svc:
          EmitAv1Picture(s, sender, keyframe, tid, !keyframe && s.frames_since_key % 4 == 3, t);
          break;
        case VideoKind::kH264Simulcast: EmitH264Picture(s, sender, keyframe, t); break;
      }
      n = t.n;
      s.frames_since_key = keyframe ? 1 : s.frames_since_key + 1;
      s.keyframe_requested = false;
    }
    // RTCP: SR+SDES once a second (staggered), transport-cc feedback every 100 ms.
    if ((tick_ + i) % 50 == 0 && room()) {
      len = WriteSenderReport(s, buffers[n]);
      out[n] = SentPacket{sender, -1, true, false, len, n};
      ++n;
    }
    if ((tick_ + i) % 5 == 0 && room()) {
      len = WriteTransportFeedback(s, sender, buffers[n]);
      out[n] = SentPacket{sender, -1, true, false, len, n};
      ++n;
    }
  }
  ++tick_;
  return n;
}

}  // namespace jvbfastpath::load
