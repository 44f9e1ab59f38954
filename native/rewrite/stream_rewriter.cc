#include "native/rewrite/stream_rewriter.h"

#include "native/codec/av1_dependency_descriptor.h"
#include "native/rewrite/field_writers.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::rewrite {

namespace {

constexpr uint16_t kPictureIdMask = 0x7fff;

// RFC 1982-style "a is newer than b" for each field width.
bool Newer16(uint16_t a, uint16_t b) { return a != b && uint16_t(a - b) < 0x8000; }
bool Newer32(uint32_t a, uint32_t b) { return a != b && uint32_t(a - b) < 0x80000000u; }
bool Newer15(uint16_t a, uint16_t b) {
  return a != b && ((a - b) & kPictureIdMask) < 0x4000;
}
bool Newer8(uint8_t a, uint8_t b) { return a != b && uint8_t(a - b) < 0x80; }

}  // namespace

void StreamRewriter::SwitchTo(const codec::PacketInfo& info, int64_t now_ms) {
  seq_offset_ = static_cast<uint16_t>(max_out_seq_ + 1 - info.sequence_number);
  int64_t elapsed_ms = now_ms - max_out_ts_time_ms_;
  if (elapsed_ms < 0) elapsed_ms = 0;
  if (elapsed_ms > 60000) elapsed_ms = 60000;
  uint32_t advance = static_cast<uint32_t>(elapsed_ms * config_.clock_rate / 1000);
  if (advance == 0) advance = 1;
  ts_offset_ = max_out_ts_ + advance - info.timestamp;
  if (have_pid_ && info.picture_id >= 0) {
    pid_offset_ = static_cast<uint16_t>((max_out_pid_ + 1 - info.picture_id) & kPictureIdMask);
  }
  if (have_tl0_ && info.tl0picidx >= 0) {
    tl0_offset_ = static_cast<uint8_t>(max_out_tl0_ + 1 - info.tl0picidx);
  }
  if (have_fn_ && info.av1_frame_number >= 0) {
    fn_offset_ = static_cast<uint16_t>(max_out_fn_ + 1 - info.av1_frame_number);
  }
  source_ssrc_ = info.ssrc;
  last_in_seq_ = static_cast<uint16_t>(info.sequence_number - 1);
}

bool StreamRewriter::ResumesAfterLongGap(const codec::PacketInfo& info) const {
  return info.sequence_number != last_in_seq_ && !Newer16(info.sequence_number, last_in_seq_) &&
         Newer32(info.timestamp, last_in_ts_);
}

bool StreamRewriter::Rewrite(std::span<uint8_t> packet, const codec::PacketInfo& info,
                             int64_t now_ms) {
  if (packet.size() < rtp::RtpPacket::kFixedHeaderSize ||
      packet.size() < info.payload_offset + info.payload_length) {
    return false;
  }
  if (!started_) {
    started_ = true;
    source_ssrc_ = info.ssrc;
    max_out_seq_ = static_cast<uint16_t>(info.sequence_number - 1);
    last_in_seq_ = static_cast<uint16_t>(info.sequence_number - 1);
    last_in_ts_ = info.timestamp;
    max_out_ts_ = info.timestamp;
    max_out_ts_time_ms_ = now_ms;
  } else if (info.ssrc != source_ssrc_) {
    SwitchTo(info, now_ms);
  } else if (ResumesAfterLongGap(info)) {
    seq_offset_ = static_cast<uint16_t>(max_out_seq_ + 1 - info.sequence_number);
    last_in_seq_ = static_cast<uint16_t>(info.sequence_number - 1);
  }

  const uint16_t out_seq = static_cast<uint16_t>(info.sequence_number + seq_offset_);
  const uint32_t out_ts = info.timestamp + ts_offset_;
  if (config_.rewrite_ssrc) WriteSsrc(packet, config_.out_ssrc);
  WriteSequenceNumber(packet, out_seq);
  WriteTimestamp(packet, out_ts);
  if (Newer16(out_seq, max_out_seq_)) max_out_seq_ = out_seq;
  if (Newer32(out_ts, max_out_ts_)) {
    max_out_ts_ = out_ts;
    max_out_ts_time_ms_ = now_ms;
  }
  if (Newer16(info.sequence_number, last_in_seq_)) {
    last_in_seq_ = info.sequence_number;
    last_in_ts_ = info.timestamp;
  }

  if (info.picture_id >= 0) {
    const uint16_t out_pid =
        static_cast<uint16_t>((info.picture_id + pid_offset_) & kPictureIdMask);
    WritePictureId(packet, info, out_pid);
    if (!have_pid_ || Newer15(out_pid, max_out_pid_)) max_out_pid_ = out_pid;
    have_pid_ = true;
  }
  if (info.av1_frame_number >= 0 && info.av1_dd_offset != 0) {
    const uint16_t out_fn = static_cast<uint16_t>(info.av1_frame_number + fn_offset_);
    codec::WriteAv1FrameNumber(packet.subspan(info.av1_dd_offset), out_fn);
    if (!have_fn_ || Newer16(out_fn, max_out_fn_)) max_out_fn_ = out_fn;
    have_fn_ = true;
  }
  if (info.tl0picidx >= 0) {
    const uint8_t out_tl0 = static_cast<uint8_t>(info.tl0picidx + tl0_offset_);
    WriteTl0PicIdx(packet, info, out_tl0);
    if (!have_tl0_ || Newer8(out_tl0, max_out_tl0_)) max_out_tl0_ = out_tl0;
    have_tl0_ = true;
  }
  return true;
}

void StreamRewriter::Drop(const codec::PacketInfo& info) {
  if (!started_ || info.ssrc != source_ssrc_) return;
  if (info.sequence_number != static_cast<uint16_t>(last_in_seq_ + 1)) return;
  last_in_seq_ = info.sequence_number;
  last_in_ts_ = info.timestamp;
  --seq_offset_;
}

}  // namespace jvbfastpath::rewrite
