// Fuzz target: the rewriters (native/rewrite): StreamRewriter across simulcast switches and
// drops, and each field writer, on packets parsed by codec::ParsePacket.
//
// Input: records [control byte, length (2 bytes, big-endian), packet bytes]. Control bits
// 0-1 pick one of three rewriters (one receiver's streams; their state persists through the
// input), bit 2 drops the packet instead (StreamRewriter::Drop), bits 3-7 advance the clock
// (x 20 ms). A packet that does not parse as RTP is skipped.
// Invariants (std::abort when broken), for every rewritten packet:
//  - it parses again with the same layout: same result, header_size (payload_offset),
//    payload_length, descriptor_length, codec, picture id width, field offsets;
//  - every byte after the descriptor is identical; bytes change only inside the fields the
//    rewriter owns (seq, timestamp, SSRC, transport-cc seq, picture id, TL0PICIDX, AV1 DD
//    frame number);
//  - out = in + the rewriter's offsets (seq, timestamp, picture id mod its width, TL0PICIDX,
//    AV1 frame number), SSRC = the configured one;
//  - on a switch to another source SSRC, out seq = highest seq sent + 1 and the timestamp
//    moves forward;
//  - a field writer changes only its field and the value reads back.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "native/codec/packet_info.h"
#include "native/rewrite/field_writers.h"
#include "native/rewrite/stream_rewriter.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath;
using fuzz::Check;

namespace {

bool Newer16(uint16_t a, uint16_t b) { return a != b && uint16_t(a - b) < 0x8000; }
bool Newer32(uint32_t a, uint32_t b) { return a != b && uint32_t(a - b) < 0x80000000u; }

// What the harness knows about one rewriter's output so far.
struct Sent {
  bool any = false;
  uint16_t max_seq = 0;
  uint32_t max_ts = 0;
};

// The bytes a rewrite may change.
std::vector<bool> Owned(const codec::PacketInfo& info, size_t size) {
  std::vector<bool> owned(size, false);
  auto mark = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n && i < size; ++i) owned[i] = true;
  };
  mark(2, 10);  // seq, timestamp, SSRC
  if (info.tcc_seq_offset) mark(info.tcc_seq_offset, 2);
  if (info.picture_id_offset) mark(info.picture_id_offset, info.picture_id_bits == 15 ? 2 : 1);
  if (info.tl0picidx_offset) mark(info.tl0picidx_offset, 1);
  if (info.av1_dd_offset) mark(info.av1_dd_offset + 1, 2);
  return owned;
}

void CheckSameLayout(const codec::PacketInfo& a, codec::PacketError ea,
                     const codec::PacketInfo& b, codec::PacketError eb) {
  Check(ea == eb && a.payload_offset == b.payload_offset &&
        a.payload_length == b.payload_length && a.descriptor_length == b.descriptor_length &&
        a.codec == b.codec && a.codec_error == b.codec_error &&
        a.picture_id_bits == b.picture_id_bits && a.picture_id_offset == b.picture_id_offset &&
        a.tl0picidx_offset == b.tl0picidx_offset && a.tcc_seq_offset == b.tcc_seq_offset &&
        a.av1_dd_offset == b.av1_dd_offset && a.av1_dd_length == b.av1_dd_length &&
        a.keyframe == b.keyframe && a.frame_start == b.frame_start &&
        a.frame_end == b.frame_end && a.spatial_id == b.spatial_id &&
        a.temporal_id == b.temporal_id && a.marker == b.marker &&
        a.payload_type == b.payload_type && a.audio_level == b.audio_level &&
        (a.picture_id < 0) == (b.picture_id < 0) && (a.tl0picidx < 0) == (b.tl0picidx < 0) &&
        (a.av1_frame_number < 0) == (b.av1_frame_number < 0) &&
        (a.tcc_seq < 0) == (b.tcc_seq < 0));
}

void CheckOwnedOnly(const std::vector<uint8_t>& before, const std::vector<uint8_t>& after,
                    const codec::PacketInfo& info) {
  Check(before.size() == after.size());
  const size_t opaque = size_t{info.payload_offset} + info.descriptor_length;
  Check(std::memcmp(before.data() + opaque, after.data() + opaque, before.size() - opaque) == 0);
  const std::vector<bool> owned = Owned(info, before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    if (!owned[i]) Check(before[i] == after[i]);
  }
}

// Each field writer on its own: only its bytes change, the value reads back.
void FieldWriters(std::vector<uint8_t>& packet, const codec::PacketInfo& info, uint16_t v) {
  static const fuzz::FuzzMaps maps;
  const std::vector<bool> owned = Owned(info, packet.size());
  auto check = [&](const std::vector<uint8_t>& before, size_t from, size_t n) {
    for (size_t i = 0; i < packet.size(); ++i) {
      if (i < from || i >= from + n) Check(before[i] == packet[i]);
    }
  };
  codec::PacketInfo again;
  std::vector<uint8_t> before = packet;
  Check(rewrite::WriteSequenceNumber(packet, v));
  check(before, 2, 2);
  before = packet;
  Check(rewrite::WriteTimestamp(packet, 0x10000u * v + 3));
  check(before, 4, 4);
  before = packet;
  Check(rewrite::WriteSsrc(packet, 0xCAFE0000u | v));
  check(before, 8, 4);
  before = packet;
  const bool tcc = rewrite::WriteTransportSequenceNumber(packet, info, static_cast<uint16_t>(v + 1));
  Check(tcc == (info.tcc_seq >= 0));
  if (tcc) check(before, info.tcc_seq_offset, 2);
  before = packet;
  const bool pid = rewrite::WritePictureId(packet, info, v);
  Check(pid == (info.picture_id >= 0));
  if (pid) check(before, info.picture_id_offset, info.picture_id_bits == 15 ? 2 : 1);
  before = packet;
  const bool tl0 = rewrite::WriteTl0PicIdx(packet, info, static_cast<uint8_t>(v));
  Check(tl0 == (info.tl0picidx >= 0));
  if (tl0) check(before, info.tl0picidx_offset, 1);
  const codec::PacketError e = codec::ParsePacket(packet, maps.extensions, maps.types, &again);
  Check(e != codec::PacketError::kRtpInvalid);
  Check(again.sequence_number == v && again.timestamp == 0x10000u * v + 3 &&
        again.ssrc == (0xCAFE0000u | v));
  if (tcc) Check(again.tcc_seq == static_cast<uint16_t>(v + 1));
  if (pid) Check(again.picture_id == (v & ((1 << info.picture_id_bits) - 1)));
  if (tl0) Check(again.tl0picidx == static_cast<uint8_t>(v));
  (void)owned;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::FuzzMaps maps;
  const rewrite::StreamRewriteConfig configs[3] = {
      {0x11110000u, 90000, true}, {0x22220000u, 48000, true}, {0, 90000, false}};
  // Fresh per input, so a corpus entry replays the same way on its own.
  rewrite::StreamRewriter rewriters[3] = {rewrite::StreamRewriter(configs[0]),
                                          rewrite::StreamRewriter(configs[1]),
                                          rewrite::StreamRewriter(configs[2])};
  Sent sent[3];
  int64_t now_ms = 1000;
  size_t pos = 0;
  int records = 0;
  while (pos + 3 <= size && ++records <= 64) {
    const uint8_t control = data[pos];
    const size_t n = std::min<size_t>((size_t{data[pos + 1]} << 8) | data[pos + 2], size - pos - 3);
    std::vector<uint8_t> packet(data + pos + 3, data + pos + 3 + n);
    pos += 3 + n;
    now_ms += 20 * (control >> 3);
    codec::PacketInfo info;
    const codec::PacketError e = codec::ParsePacket(packet, maps.extensions, maps.types, &info);
    if (e == codec::PacketError::kRtpInvalid) continue;
    const int k = control % 3;
    rewrite::StreamRewriter& rewriter = rewriters[k];
    if (control & 4) {
      rewriter.Drop(info);
      continue;
    }
    const bool switching = sent[k].any && info.ssrc != rewriter.source_ssrc();
    const std::vector<uint8_t> before = packet;
    Check(rewriter.Rewrite(packet, info, now_ms));
    codec::PacketInfo out;
    const codec::PacketError e2 = codec::ParsePacket(packet, maps.extensions, maps.types, &out);
    CheckSameLayout(info, e, out, e2);
    CheckOwnedOnly(before, packet, info);
    Check(out.sequence_number == static_cast<uint16_t>(info.sequence_number +
                                                       rewriter.sequence_offset()));
    Check(out.timestamp == info.timestamp + rewriter.timestamp_offset());
    Check(out.ssrc == (configs[k].rewrite_ssrc ? configs[k].out_ssrc : info.ssrc));
    Check(out.tcc_seq == info.tcc_seq);
    if (info.picture_id >= 0) {
      const uint16_t mask = static_cast<uint16_t>((1u << info.picture_id_bits) - 1);
      Check(out.picture_id ==
            ((info.picture_id + rewriter.picture_id_offset()) & mask));
    }
    if (info.tl0picidx >= 0) {
      Check(out.tl0picidx == static_cast<uint8_t>(info.tl0picidx + rewriter.tl0picidx_offset()));
    }
    if (info.av1_frame_number >= 0) {
      Check(out.av1_frame_number ==
            static_cast<uint16_t>(info.av1_frame_number + rewriter.av1_frame_number_offset()));
    }
    if (switching) {
      Check(out.sequence_number == static_cast<uint16_t>(sent[k].max_seq + 1));
      Check(Newer32(out.timestamp, sent[k].max_ts));
    }
    if (!sent[k].any || Newer16(out.sequence_number, sent[k].max_seq)) {
      sent[k].max_seq = out.sequence_number;
    }
    if (!sent[k].any || Newer32(out.timestamp, sent[k].max_ts)) sent[k].max_ts = out.timestamp;
    sent[k].any = true;
    FieldWriters(packet, out, static_cast<uint16_t>(control * 257u + n));
  }
  return 0;
}
