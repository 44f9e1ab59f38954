// Per-receiver, per-forwarded-stream rewrite state: what the receiver sees as one stream
// (one SSRC, contiguous sequence numbers, monotonic timestamps, picture ids and
// TL0PICIDX) while the bridge switches among simulcast encodings of a sender.
//
// Contract: created at set-up (one per receiver and forwarded stream), then used from one
// thread at a time; no allocation or lock per packet. Rewrite() maps each field as
// out = in + offset (modulo the field's size) and writes it in place; the offsets are
// chosen when a packet from a different source SSRC arrives (a switch, which the caller
// makes at a key frame) so that the new source continues right after the highest values
// sent so far:
//   seq        -> highest out seq + 1
//   timestamp  -> highest out timestamp + the wall-clock time since it was sent, in clock
//                 rate units (at least 1)
//   picture id -> highest out picture id + 1 (15-bit space; 7-bit fields take its low bits)
//   TL0PICIDX  -> highest out TL0PICIDX + 1
//   AV1 DD frame number -> highest out frame number + 1 (16-bit)
// The first packet ever keeps its values (offsets 0). Drop() tells the state that the next
// in-order packet of the current source is not forwarded, so the receiver sees no gap;
// out-of-order packets are never renumbered that way (a limitation: a drop only closes the
// gap when it is the next packet in sequence).
// A source that comes back after more than 32767 packets the receiver did not get (out of
// last-n, cut off by e2ee-required) has sequence numbers that look older than the last
// forwarded one while its timestamp is newer (an in-order stream never does that): its
// sequence numbers are then resynchronised as on a switch (highest out seq + 1), so the
// receiver's SRTP does not take them for old packets.
#pragma once

#include <cstdint>
#include <span>

#include "native/codec/packet_info.h"

namespace jvbfastpath::rewrite {

struct StreamRewriteConfig {
  uint32_t out_ssrc = 0;
  uint32_t clock_rate = 90000;
  bool rewrite_ssrc = true;
};

class StreamRewriter {
 public:
  explicit StreamRewriter(const StreamRewriteConfig& config) : config_(config) {}

  // Rewrites SSRC, sequence number, timestamp, picture id and TL0PICIDX of `packet`
  // (parsed into `info`) in place. False, with nothing written, if `info` is not a parse
  // of an RTP packet at least as long as its header says.
  bool Rewrite(std::span<uint8_t> packet, const codec::PacketInfo& info, int64_t now_ms);

  // The packet described by `info` is not forwarded (e.g. a dropped temporal layer).
  void Drop(const codec::PacketInfo& info);

  // Offsets in use (for stats and tests).
  uint16_t sequence_offset() const { return seq_offset_; }
  uint32_t timestamp_offset() const { return ts_offset_; }
  uint16_t picture_id_offset() const { return pid_offset_; }
  uint8_t tl0picidx_offset() const { return tl0_offset_; }
  uint16_t av1_frame_number_offset() const { return fn_offset_; }
  uint32_t source_ssrc() const { return source_ssrc_; }

 private:
  void SwitchTo(const codec::PacketInfo& info, int64_t now_ms);
  // The current source's packet resumes after a gap longer than half the sequence space.
  bool ResumesAfterLongGap(const codec::PacketInfo& info) const;

  StreamRewriteConfig config_;
  bool started_ = false;
  uint32_t source_ssrc_ = 0;
  uint16_t last_in_seq_ = 0;
  uint32_t last_in_ts_ = 0;  // the timestamp of the packet with last_in_seq_

  uint16_t seq_offset_ = 0;
  uint32_t ts_offset_ = 0;
  uint16_t pid_offset_ = 0;  // modulo 2^15
  uint8_t tl0_offset_ = 0;

  uint16_t max_out_seq_ = 0;
  uint32_t max_out_ts_ = 0;
  int64_t max_out_ts_time_ms_ = 0;
  bool have_pid_ = false;
  uint16_t max_out_pid_ = 0;
  bool have_tl0_ = false;
  uint8_t max_out_tl0_ = 0;
  uint16_t fn_offset_ = 0;
  bool have_fn_ = false;
  uint16_t max_out_fn_ = 0;
};

}  // namespace jvbfastpath::rewrite
