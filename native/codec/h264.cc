#include "native/codec/h264.h"

#include "native/codec/h264_sps.h"
#include "native/rtp/bytes.h"

namespace jvbfastpath::codec {

namespace {

bool IsSlice(uint8_t type) { return type == kH264Slice || type == kH264Idr; }

// first_mb_in_slice is the first ue(v) of the slice header: 0 exactly when its first bit
// is 1. `slice_data` starts right after the NAL header byte.
bool StartsAtFirstMacroblock(std::span<const uint8_t> slice_data) {
  return !slice_data.empty() && (slice_data[0] & 0x80) != 0;
}

// A NAL unit of `type` (its bytes after the NAL header: `after_header`) that begins a
// picture when it comes first in a packet: an AUD, SEI, SPS or PPS, or a slice starting at
// the first macroblock.
bool StartsPicture(uint8_t type, std::span<const uint8_t> after_header) {
  return type == kH264Aud || type == kH264Sei || type == kH264Sps || type == kH264Pps ||
         (IsSlice(type) && StartsAtFirstMacroblock(after_header));
}

void NoteNal(std::span<const uint8_t> nal, bool first, H264PayloadInfo* info) {
  const uint8_t type = nal[0] & 0x1f;
  if (info->nal_count < 255) ++info->nal_count;
  if (type == kH264Idr) info->keyframe = true;
  if (type >= kH264Slice && type <= kH264Idr) info->has_slice = true;
  if (type == kH264Pps) info->has_pps = true;
  if (type == kH264Sps) {
    info->has_sps = true;
    if (info->width == 0) {
      const auto sps = ParseH264Sps(nal);
      if (sps) {
        info->profile_idc = sps->profile_idc;
        info->width = sps->width;
        info->height = sps->height;
      }
    }
  }
  if (first && StartsPicture(type, nal.subspan(1))) info->frame_start = true;
}

}  // namespace

rtp::Result<H264PayloadInfo, CodecError> ParseH264Payload(std::span<const uint8_t> payload) {
  if (payload.empty()) return CodecError::kEmpty;
  H264PayloadInfo info;
  const uint8_t type = payload[0] & 0x1f;
  info.packetization = type;
  if (type >= 1 && type <= 23) {
    NoteNal(payload, true, &info);
    return info;
  }
  if (type == kH264StapA) {
    size_t pos = 1;
    if (pos == payload.size()) return CodecError::kNalPastEnd;  // no NAL at all
    while (pos < payload.size()) {
      if (payload.size() - pos < 2) return CodecError::kNalPastEnd;
      const size_t size = rtp::ReadU16(&payload[pos]);
      pos += 2;
      if (size == 0 || payload.size() - pos < size) return CodecError::kNalPastEnd;
      NoteNal(payload.subspan(pos, size), info.nal_count == 0, &info);
      pos += size;
    }
    return info;
  }
  if (type == kH264FuA) {
    if (payload.size() < 3) return CodecError::kFuInvalid;  // indicator, header, data
    const uint8_t header = payload[1];
    info.fu_start = (header & 0x80) != 0;
    info.fu_end = (header & 0x40) != 0;
    if (info.fu_start && info.fu_end) return CodecError::kFuInvalid;
    const uint8_t inner = header & 0x1f;
    info.nal_count = 1;
    if (inner == kH264Idr) info.keyframe = true;
    if (inner >= kH264Slice && inner <= kH264Idr) info.has_slice = true;
    if (info.fu_start) {
      if (StartsPicture(inner, payload.subspan(2))) info.frame_start = true;
      if (inner == kH264Sps) info.has_sps = true;
      if (inner == kH264Pps) info.has_pps = true;
    }
    return info;
  }
  return CodecError::kUnsupportedNalType;
}

}  // namespace jvbfastpath::codec
