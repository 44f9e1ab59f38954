#include "native/rewrite/field_writers.h"

#include <algorithm>

#include "native/codec/picture_id.h"
#include "native/rtp/bytes.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::rewrite {

namespace {
bool Fits(std::span<uint8_t> packet, uint32_t offset, size_t size) {
  return offset != 0 && offset <= packet.size() && packet.size() - offset >= size;
}
}  // namespace

bool WriteSsrc(std::span<uint8_t> packet, uint32_t ssrc) { return rtp::SetSsrc(packet, ssrc); }

bool WriteSequenceNumber(std::span<uint8_t> packet, uint16_t seq) {
  return rtp::SetSequenceNumber(packet, seq);
}

bool WriteTimestamp(std::span<uint8_t> packet, uint32_t timestamp) {
  return rtp::SetTimestamp(packet, timestamp);
}

bool WriteTransportSequenceNumber(std::span<uint8_t> packet, const codec::PacketInfo& info,
                                  uint16_t seq) {
  if (info.tcc_seq < 0 || !Fits(packet, info.tcc_seq_offset, 2)) return false;
  rtp::WriteU16(&packet[info.tcc_seq_offset], seq);
  return true;
}

bool WritePictureId(std::span<uint8_t> packet, const codec::PacketInfo& info,
                    uint16_t picture_id) {
  if (info.picture_id < 0 || info.picture_id_offset == 0) return false;
  return codec::WriteMBitPictureId(packet, info.picture_id_offset, info.picture_id_bits,
                                   picture_id);
}

bool WriteTl0PicIdx(std::span<uint8_t> packet, const codec::PacketInfo& info, uint8_t tl0picidx) {
  if (info.tl0picidx < 0 || !Fits(packet, info.tl0picidx_offset, 1)) return false;
  packet[info.tl0picidx_offset] = tl0picidx;
  return true;
}

size_t RewriteReach(const codec::PacketInfo& info) {
  size_t reach = 12;
  if (info.tcc_seq_offset != 0) reach = std::max<size_t>(reach, info.tcc_seq_offset + 2u);
  if (info.picture_id_offset != 0) reach = std::max<size_t>(reach, info.picture_id_offset + 2u);
  if (info.tl0picidx_offset != 0) reach = std::max<size_t>(reach, info.tl0picidx_offset + 1u);
  if (info.av1_dd_offset != 0) reach = std::max<size_t>(reach, info.av1_dd_offset + 3u);
  return reach;
}

}  // namespace jvbfastpath::rewrite
