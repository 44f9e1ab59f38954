// Fuzz target: the E2EE path of native/e2ee on parsed RTP packets, as the pipeline runs it:
// per-SSRC EnvelopeTracker over each packet's frame data (frame bounds from the payload
// header), ParseSFrameHeader / MatchJFrameTrailer on it, and the passthrough guard around a
// rewrite: RecordOpaque at ingress, StreamRewriter + transport-cc rewrite, VerifyOpaque at
// egress (also as an RTX encapsulation).
//
// Input: records [flags byte, length (2 bytes, big-endian), packet bytes]. Flags bit 0: send
// the packet as RTX too; bits 1-7: which opaque byte to corrupt afterwards.
// Invariants (std::abort when broken):
//  - the record covers exactly packet[opaque_offset .. end);
//  - after the rewrite (and after RTX encapsulation), VerifyOpaque is kIntact;
//  - one changed opaque byte gives kModified, one byte more or less kLengthChanged;
//  - an SFrame header never ends past its bytes; a verdict's key id fits its envelope.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "native/codec/packet_info.h"
#include "native/e2ee/envelope.h"
#include "native/e2ee/passthrough_guard.h"
#include "native/rewrite/field_writers.h"
#include "native/rewrite/stream_rewriter.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath;
using fuzz::Check;

namespace {

struct Stream {
  uint32_t ssrc = 0;
  e2ee::EnvelopeTracker tracker;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::FuzzMaps maps;
  constexpr e2ee::ExpectedEnvelope kExpected[] = {
      e2ee::ExpectedEnvelope::kAny, e2ee::ExpectedEnvelope::kJFrame, e2ee::ExpectedEnvelope::kSFrame};
  std::array<Stream, 4> streams;
  for (size_t i = 0; i < streams.size(); ++i) {
    streams[i].tracker = e2ee::EnvelopeTracker(kExpected[i % 3]);
  }
  size_t stream_count = 0;
  rewrite::StreamRewriter rewriter(rewrite::StreamRewriteConfig{0xABCD0001u, 90000, true});
  int64_t now_ms = 0;
  size_t pos = 0;
  int records = 0;
  while (pos + 3 <= size && ++records <= 64) {
    const uint8_t flags = data[pos];
    const size_t n = std::min<size_t>((size_t{data[pos + 1]} << 8) | data[pos + 2], size - pos - 3);
    std::vector<uint8_t> packet(data + pos + 3, data + pos + 3 + n);
    pos += 3 + n;
    now_ms += 20;
    codec::PacketInfo info;
    if (codec::ParsePacket(packet, maps.extensions, maps.types, &info) ==
        codec::PacketError::kRtpInvalid) {
      continue;
    }
    // Envelope recognition on the frame data, per SSRC (the first four SSRCs seen).
    const std::span<const uint8_t> frame = codec::FrameData(packet, info);
    if (const auto h = e2ee::ParseSFrameHeader(frame)) {
      Check(h->length >= 1 && h->length <= 17 && h->length <= frame.size());
    } else {
      Check(frame.empty() || frame.size() < 17);
    }
    if (const auto key = e2ee::MatchJFrameTrailer(frame)) Check(*key >= 0 && *key < 16);
    Stream* stream = nullptr;
    for (size_t i = 0; i < stream_count; ++i) {
      if (streams[i].ssrc == info.ssrc) stream = &streams[i];
    }
    if (stream == nullptr && stream_count < streams.size()) {
      stream = &streams[stream_count++];
      stream->ssrc = info.ssrc;
    }
    if (stream != nullptr) {
      const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
      const e2ee::FrameVerdict v = stream->tracker.OnPacket(frame, bounds.start, bounds.end);
      e2ee::EnvelopeKindName(v.kind);
      if (v.kind == e2ee::EnvelopeKind::kJFrame) Check(v.key_id >= 0 && v.key_id < 16);
      if (v.kind == e2ee::EnvelopeKind::kSFrame) Check(v.key_id >= 0);
      if (v.kind == e2ee::EnvelopeKind::kNone || v.kind == e2ee::EnvelopeKind::kUnknown) {
        Check(!v.key_changed);
      }
    }

    // The guard around a rewrite.
    const size_t opaque_offset = size_t{info.payload_offset} + info.descriptor_length;
    const e2ee::OpaqueRecord record = e2ee::RecordOpaque(packet, opaque_offset);
    Check(record.offset == opaque_offset && record.length == packet.size() - opaque_offset);
    Check(rewriter.Rewrite(packet, info, now_ms));
    rewrite::WriteTransportSequenceNumber(packet, info, static_cast<uint16_t>(records));
    Check(e2ee::VerifyOpaque(packet, opaque_offset, record) == e2ee::GuardResult::kIntact);
    if (flags & 1) {
      // RFC 4588: the 2-byte original sequence number goes before the original payload.
      std::vector<uint8_t> rtx(packet.begin(), packet.begin() + info.payload_offset);
      rtx.push_back(static_cast<uint8_t>(info.sequence_number >> 8));
      rtx.push_back(static_cast<uint8_t>(info.sequence_number));
      rtx.insert(rtx.end(), packet.begin() + info.payload_offset, packet.end());
      Check(e2ee::VerifyOpaque(rtx, opaque_offset, record, true) == e2ee::GuardResult::kIntact);
    }
    if (record.length > 0) {
      std::vector<uint8_t> bad = packet;
      bad[opaque_offset + (flags >> 1) % record.length] ^= 0x40;
      Check(e2ee::VerifyOpaque(bad, opaque_offset, record) == e2ee::GuardResult::kModified);
      bad.pop_back();
      Check(e2ee::VerifyOpaque(bad, opaque_offset, record) ==
            e2ee::GuardResult::kLengthChanged);
    }
    packet.push_back(0);
    Check(e2ee::VerifyOpaque(packet, opaque_offset, record) == e2ee::GuardResult::kLengthChanged);
  }
  return 0;
}
