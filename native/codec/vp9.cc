#include "native/codec/vp9.h"

#include "native/codec/picture_id.h"

#include "native/rtp/bytes.h"

namespace jvbfastpath::codec {

namespace {

CodecError ParseSs(std::span<const uint8_t> payload, size_t* pos, Vp9ScalabilityStructure* ss) {
  size_t p = *pos;
  if (payload.size() <= p) return CodecError::kScalabilityPastEnd;
  const uint8_t b = payload[p++];
  ss->num_spatial_layers = static_cast<uint8_t>((b >> 5) + 1);
  ss->has_resolution = (b & 0x10) != 0;
  ss->has_group = (b & 0x08) != 0;
  if (ss->has_resolution) {
    for (uint8_t i = 0; i < ss->num_spatial_layers; ++i) {
      if (payload.size() - p < 4) return CodecError::kScalabilityPastEnd;
      ss->width[i] = rtp::ReadU16(&payload[p]);
      ss->height[i] = rtp::ReadU16(&payload[p + 2]);
      p += 4;
    }
  }
  if (ss->has_group) {
    if (payload.size() <= p) return CodecError::kScalabilityPastEnd;
    ss->num_pictures = payload[p++];
    const size_t start = p;
    for (uint8_t i = 0; i < ss->num_pictures; ++i) {
      if (payload.size() <= p) return CodecError::kScalabilityPastEnd;
      const size_t refs = (payload[p] >> 2) & 0x3;
      ++p;
      if (payload.size() - p < refs) return CodecError::kScalabilityPastEnd;
      p += refs;
    }
    ss->pictures = payload.subspan(start, p - start);
  }
  *pos = p;
  return CodecError::kOk;
}

}  // namespace

rtp::Result<Vp9Descriptor, CodecError> ParseVp9Descriptor(std::span<const uint8_t> payload) {
  if (payload.empty()) return CodecError::kEmpty;
  Vp9Descriptor d;
  const uint8_t first = payload[0];
  const bool has_i = (first & 0x80) != 0;
  d.inter_picture_predicted = (first & 0x40) != 0;
  const bool has_l = (first & 0x20) != 0;
  d.flexible = (first & 0x10) != 0;
  d.start_of_frame = (first & 0x08) != 0;
  d.end_of_frame = (first & 0x04) != 0;
  d.has_ss = (first & 0x02) != 0;
  d.not_upper_reference = (first & 0x01) != 0;
  size_t pos = 1;

  if (has_i) {
    d.picture_id_offset = static_cast<uint8_t>(pos);
    if (!ReadMBitPictureId(payload, &pos, &d.picture_id, &d.picture_id_bits)) {
      return CodecError::kDescriptorPastEnd;
    }
  }
  if (has_l) {
    if (payload.size() <= pos) return CodecError::kDescriptorPastEnd;
    const uint8_t b = payload[pos++];
    d.tid = static_cast<int8_t>(b >> 5);
    d.switching_up = (b & 0x10) != 0;
    d.sid = static_cast<int8_t>((b >> 1) & 0x7);
    d.inter_layer_predicted = (b & 0x01) != 0;
    if (!d.flexible) {
      if (payload.size() <= pos) return CodecError::kDescriptorPastEnd;
      d.tl0picidx_offset = static_cast<uint8_t>(pos);
      d.tl0picidx = payload[pos++];
    }
  }
  if (d.flexible && d.inter_picture_predicted) {
    bool more = true;
    while (more) {
      if (d.num_pdiffs == 3) return CodecError::kPdiffPastEnd;  // N=1 on the third
      if (payload.size() <= pos) return CodecError::kPdiffPastEnd;
      const uint8_t b = payload[pos++];
      d.pdiff[d.num_pdiffs++] = b >> 1;
      more = (b & 0x01) != 0;
    }
  }
  if (d.has_ss) {
    const CodecError error = ParseSs(payload, &pos, &d.ss);
    if (error != CodecError::kOk) return error;
  }
  d.size = pos;
  return d;
}

}  // namespace jvbfastpath::codec
