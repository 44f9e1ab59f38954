// Fuzz target: one RTP packet through codec::ParsePacket (header, RFC 8285 extensions with
// audio level, transport-cc, AV1 DD, and each codec's payload header chosen by PT), then
// the StreamRewriter and the passthrough guard. Invariants: every offset ParsePacket reports
// lies inside the packet; a rewrite never changes a byte after the payload descriptor (the
// guard's record still verifies); the rewritten packet parses to the same layout; the
// H.264 access unit tracker keeps its flags 0/1 and a size only on keyframes; an RTX
// packet's decapsulated offsets fit the packet without its OSN.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "native/codec/h264_access_unit.h"
#include "native/codec/packet_info.h"
#include "native/e2ee/passthrough_guard.h"
#include "native/rewrite/stream_rewriter.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath;

namespace {

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::FuzzMaps maps(/*abs_send_time=*/true);
  static rewrite::StreamRewriter rewriter(rewrite::StreamRewriteConfig{0x1234, 90000, true});
  std::vector<uint8_t> packet(data, data + size);
  codec::PacketInfo info;
  if (codec::ParsePacket(packet, maps.extensions, maps.types, &info) == codec::PacketError::kRtpInvalid) {
    return 0;
  }
  const size_t end = size_t{info.payload_offset} + info.payload_length;
  if (end > size || info.payload_offset + info.descriptor_length > end ||
      (info.tcc_seq_offset && info.tcc_seq_offset + 2 > size) ||
      (info.picture_id_offset && info.picture_id_offset + 1 > size) ||
      (info.tl0picidx_offset && info.tl0picidx_offset + 1 > size) ||
      (info.av1_dd_offset && info.av1_dd_offset + info.av1_dd_length > size)) {
    std::abort();
  }
  // H.264 access units across inputs (one stream): a keyframe's size only on keyframes.
  static codec::H264AccessUnitTracker h264;
  if (info.codec == static_cast<uint8_t>(codec::Codec::kH264) && info.codec_error == 0 &&
      info.rtx == 0) {
    codec::PacketInfo tracked = info;
    h264.OnPacket(tracked);
    if ((tracked.keyframe != 0 && tracked.keyframe != 1) ||
        (tracked.frame_start != 0 && tracked.frame_start != 1) ||
        (tracked.width != 0 && tracked.keyframe != 1)) {
      std::abort();
    }
  }
  // RTX: the decapsulated view's offsets lie inside the packet less its OSN.
  if (info.rtx != 0 && info.rtx_osn >= 0) {
    const codec::PacketInfo original = codec::DecapsulatedRtx(info, 1, 96);
    if (original.descriptor_length > original.payload_length ||
        (original.picture_id_offset && original.picture_id_offset + 1 > size - 2)) {
      std::abort();
    }
  }
  const size_t opaque_offset = info.payload_offset + info.descriptor_length;
  const e2ee::OpaqueRecord record = e2ee::RecordOpaque(packet, opaque_offset);
  if (!rewriter.Rewrite(packet, info, static_cast<int64_t>(size))) return 0;
  if (e2ee::VerifyOpaque(packet, opaque_offset, record) != e2ee::GuardResult::kIntact) {
    std::abort();  // a rewrite touched an opaque byte
  }
  codec::PacketInfo again;
  codec::ParsePacket(packet, maps.extensions, maps.types, &again);
  if (again.payload_offset != info.payload_offset ||
      again.descriptor_length != info.descriptor_length ||
      again.payload_length != info.payload_length) {
    std::abort();
  }
  return 0;
}
