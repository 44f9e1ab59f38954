// In-place rewriting of the per-packet fields the bridge changes for a receiver, at the
// offsets ParsePacket found (codec/packet_info.h).
//
// Contract: each writer touches only the bytes of its field in `packet` (the same bytes
// `info` was parsed from) and returns false, writing nothing, when the field is absent or
// lies outside `packet`. The picture id keeps the form it has on the wire (7 or 15 bits;
// the value is taken modulo that size, the M bit is kept). No allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/codec/packet_info.h"

namespace jvbfastpath::rewrite {

bool WriteSsrc(std::span<uint8_t> packet, uint32_t ssrc);
bool WriteSequenceNumber(std::span<uint8_t> packet, uint16_t seq);
bool WriteTimestamp(std::span<uint8_t> packet, uint32_t timestamp);
bool WriteTransportSequenceNumber(std::span<uint8_t> packet, const codec::PacketInfo& info,
                                  uint16_t seq);
// VP8 or VP9 picture id.
bool WritePictureId(std::span<uint8_t> packet, const codec::PacketInfo& info,
                    uint16_t picture_id);
// VP8 or VP9 (non-flexible mode) TL0PICIDX.
bool WriteTl0PicIdx(std::span<uint8_t> packet, const codec::PacketInfo& info, uint8_t tl0picidx);

// One past the last byte any writer here (and the AV1 DD frame number writer) may touch in
// a packet parsed into `info`: the fixed header, the transport-cc extension, the AV1 DD
// frame number, the descriptor's picture id and TL0PICIDX. A changed byte past it cannot be
// a rewrite's doing (the passthrough guard blames the right stage with it).
size_t RewriteReach(const codec::PacketInfo& info);

}  // namespace jvbfastpath::rewrite
