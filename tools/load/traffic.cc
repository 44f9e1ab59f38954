#include "tools/load/traffic.h"

#include <algorithm>
#include <cstring>

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
constexpr int kKbps[kVideoLayers] = {200, 500, 1500};
// L1T3: temporal layer ids of consecutive frames.
constexpr int kTemporalPattern[4] = {0, 2, 1, 2};

void Put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void Put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

// The end of a JFrame envelope (docs/e2ee.md): IV = SSRC | timestamp | send count mod
// 0xFFFF (so its bytes 8-9 are zero), then the IV length (12) and the key index.
void PutJFrameTrailer(uint8_t* end, uint32_t ssrc, uint32_t timestamp, uint32_t count,
                      uint8_t key_index) {
  uint8_t* iv = end - 14;
  Put32(iv, ssrc);
  Put32(iv + 4, timestamp);
  Put32(iv + 8, count % 0xFFFF);
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

}  // namespace

ConferenceTraffic::ConferenceTraffic(const TrafficConfig& config)
    : config_(config), senders_(static_cast<size_t>(config.participants)), rng_(config.seed) {
  for (size_t i = 0; i < senders_.size(); ++i) {
    Sender& s = senders_[i];
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
      layer.kbps = kKbps[l];
    }
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
    const size_t key_bytes = static_cast<size_t>(kKbps[l]) * 1000 / 8 / kFps * 10;
    video += 2 * (key_bytes / (kMaxPayload - kVp8DescriptorLength) + 2);
  }
  return senders_.size() * (3 + video);
}

size_t ConferenceTraffic::WriteRtpHeader(std::span<uint8_t> b, uint8_t pt, bool marker,
                                         uint16_t seq, uint32_t ts, uint32_t ssrc, Sender& s,
                                         bool audio, uint8_t level) {
  // RFC 3550 header with an RFC 8285 one-byte extension block.
  b[0] = 0x90;  // V=2, X=1
  b[1] = static_cast<uint8_t>((marker ? 0x80 : 0) | pt);
  Put16(&b[2], seq);
  Put32(&b[4], ts);
  Put32(&b[8], ssrc);
  b[12] = 0xBE;
  b[13] = 0xDE;
  size_t p = 16;
  if (audio) {
    b[p++] = static_cast<uint8_t>(kAudioLevelExtId << 4);  // length 1
    b[p++] = level;
  }
  b[p++] = static_cast<uint8_t>((kTransportCcExtId << 4) | 1);  // length 2
  Put16(&b[p], s.tcc_seq++);
  p += 2;
  while ((p - 16) % 4 != 0) b[p++] = 0;
  Put16(&b[14], static_cast<uint16_t>((p - 16) / 4));
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
  Put16(&b[2], 6);
  Put32(&b[4], s.layers[0].ssrc);
  const uint64_t ntp = (uint64_t{3900000000u} + tick_ / 50) << 32;
  Put32(&b[8], static_cast<uint32_t>(ntp >> 32));
  Put32(&b[12], static_cast<uint32_t>(ntp));
  Put32(&b[16], s.layers[0].timestamp);
  Put32(&b[20], static_cast<uint32_t>(tick_));
  Put32(&b[24], static_cast<uint32_t>(tick_ * 1000));
  uint8_t* sdes = &b[28];
  sdes[0] = 0x81;
  sdes[1] = 202;
  Put16(&sdes[2], 4);  // 5 words in all
  Put32(&sdes[4], s.layers[0].ssrc);
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
  Put32(&b[4], s.audio_ssrc);
  Put32(&b[8], s.layers[0].ssrc);
  Put16(&b[12], static_cast<uint16_t>(s.tcc_seq - count));
  Put16(&b[14], count);
  Put32(&b[16], static_cast<uint32_t>(((tick_ * 20 / 64) & 0xFFFFFF) << 8 | (tick_ & 0xFF)));
  Put16(&b[20], static_cast<uint16_t>(0x2000 | count));  // run of "small delta"
  for (int i = 0; i < count; ++i) b[22 + i] = 4;
  size_t length = 22 + count;
  while (length % 4 != 0) b[length++] = 0;
  Put16(&b[2], static_cast<uint16_t>(length / 4 - 1));
  return length;
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
      for (int l = 0; l < kVideoLayers; ++l) {
        Layer& layer = s.layers[l];
        layer.timestamp += 90000 / kFps;
        layer.picture_id = static_cast<uint16_t>((layer.picture_id + 1) & 0x7FFF);
        if (tid == 0) ++layer.tl0picidx;
        // Frame sizes: the layer's bitrate shared per frame, base layer frames larger,
        // keyframes eight times a delta frame; +-25% jitter.
        const double share = tid == 0 ? 1.6 : tid == 1 ? 1.0 : 0.7;
        size_t frame = static_cast<size_t>(layer.kbps * 1000.0 / 8 / kFps * share *
                                           (keyframe ? 8 : 1) * (0.75 + (rng_() % 500) / 1000.0));
        frame = std::max<size_t>(frame, 40);
        const size_t chunk_max = kMaxPayload - kVp8DescriptorLength;
        // Keep the JFrame trailer in the last packet (a browser may split it; see
        // docs/e2ee.md, and the recogniser's test for that case).
        if (frame % chunk_max != 0 && frame % chunk_max < kJFrameTrailer) frame += kJFrameTrailer;
        const size_t packets = (frame + chunk_max - 1) / chunk_max;
        for (size_t k = 0, offset = 0; k < packets; ++k) {
          if (!room()) {
            ++dropped_for_room_;
            break;
          }
          const size_t chunk = std::min(chunk_max, frame - offset);
          const bool last = k + 1 == packets;
          len = WriteVideoPacket(s, layer, keyframe, tid, k == 0, last, offset, chunk, frame,
                                 buffers[n]);
          out[n] = SentPacket{sender, l + 1, false, last, len, n};
          ++n;
          offset += chunk;
        }
      }
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
