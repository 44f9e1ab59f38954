#include "native/codec/h264_sps.h"

#include "native/codec/bit_reader.h"

namespace jvbfastpath::codec {

namespace {

bool HasChromaFields(uint8_t profile_idc) {
  switch (profile_idc) {
    case 100: case 110: case 122: case 244: case 44: case 83:
    case 86: case 118: case 128: case 138: case 139: case 134: case 135:
      return true;
    default:
      return false;
  }
}

// scaling_list() (section 7.3.2.1.1.1); false when delta_scale is outside -128..127.
bool SkipScalingList(RbspBitReader& r, int size) {
  int last_scale = 8;
  int next_scale = 8;
  for (int j = 0; j < size && !r.failed(); ++j) {
    if (next_scale != 0) {
      const int32_t delta = r.ReadSe();
      if (delta < -128 || delta > 127) return false;
      next_scale = (last_scale + delta + 256) % 256;
    }
    if (next_scale != 0) last_scale = next_scale;
  }
  return true;
}

}  // namespace

rtp::Result<H264Sps, CodecError> ParseH264Sps(std::span<const uint8_t> nal) {
  if (nal.size() < 2 || (nal[0] & 0x1f) != 7) return CodecError::kSpsInvalid;
  RbspBitReader r(nal.subspan(1));
  H264Sps sps;
  sps.profile_idc = static_cast<uint8_t>(r.ReadBits(8));
  r.ReadBits(8);  // constraint_set flags, reserved_zero_2bits
  sps.level_idc = static_cast<uint8_t>(r.ReadBits(8));
  sps.sps_id = r.ReadUe();
  if (r.failed() || sps.sps_id > 31) return CodecError::kSpsInvalid;

  bool separate_colour_plane = false;
  if (HasChromaFields(sps.profile_idc)) {
    sps.chroma_format_idc = r.ReadUe();
    if (sps.chroma_format_idc > 3) return CodecError::kSpsInvalid;
    if (sps.chroma_format_idc == 3) separate_colour_plane = r.ReadFlag();
    r.ReadUe();   // bit_depth_luma_minus8
    r.ReadUe();   // bit_depth_chroma_minus8
    r.ReadFlag(); // qpprime_y_zero_transform_bypass_flag
    if (r.ReadFlag()) {  // seq_scaling_matrix_present_flag
      const int lists = sps.chroma_format_idc != 3 ? 8 : 12;
      for (int i = 0; i < lists && !r.failed(); ++i) {
        if (r.ReadFlag() && !SkipScalingList(r, i < 6 ? 16 : 64)) return CodecError::kSpsInvalid;
      }
    }
  }
  r.ReadUe();  // log2_max_frame_num_minus4
  const uint32_t poc_type = r.ReadUe();
  if (poc_type == 0) {
    r.ReadUe();  // log2_max_pic_order_cnt_lsb_minus4
  } else if (poc_type == 1) {
    r.ReadFlag();  // delta_pic_order_always_zero_flag
    r.ReadSe();    // offset_for_non_ref_pic
    r.ReadSe();    // offset_for_top_to_bottom_field
    const uint32_t cycle = r.ReadUe();
    if (cycle > 255) return CodecError::kSpsInvalid;
    for (uint32_t i = 0; i < cycle && !r.failed(); ++i) r.ReadSe();
  } else if (poc_type != 2) {
    return CodecError::kSpsInvalid;
  }
  r.ReadUe();    // max_num_ref_frames
  r.ReadFlag();  // gaps_in_frame_num_value_allowed_flag
  const uint32_t width_mbs = r.ReadUe() + 1;
  const uint32_t height_map_units = r.ReadUe() + 1;
  const bool frame_mbs_only = r.ReadFlag();
  if (!frame_mbs_only) r.ReadFlag();  // mb_adaptive_frame_field_flag
  r.ReadFlag();                       // direct_8x8_inference_flag
  uint32_t crop_left = 0, crop_right = 0, crop_top = 0, crop_bottom = 0;
  if (r.ReadFlag()) {
    crop_left = r.ReadUe();
    crop_right = r.ReadUe();
    crop_top = r.ReadUe();
    crop_bottom = r.ReadUe();
  }
  if (r.failed()) return CodecError::kSpsInvalid;
  // Level 6.2 allows at most 139264 macroblocks per frame; bound each side well above it
  // so the arithmetic below cannot overflow.
  if (width_mbs > 8192 || height_map_units > 8192) return CodecError::kSpsInvalid;

  const uint32_t chroma_array_type = separate_colour_plane ? 0 : sps.chroma_format_idc;
  const uint32_t frame_height_factor = frame_mbs_only ? 1 : 2;
  uint32_t crop_unit_x = 1;
  uint32_t crop_unit_y = frame_height_factor;
  if (chroma_array_type != 0) {
    const uint32_t sub_width = chroma_array_type == 3 ? 1 : 2;
    const uint32_t sub_height = chroma_array_type == 1 ? 2 : 1;
    crop_unit_x = sub_width;
    crop_unit_y = sub_height * frame_height_factor;
  }
  const uint64_t full_width = 16ull * width_mbs;
  const uint64_t full_height = 16ull * frame_height_factor * height_map_units;
  const uint64_t crop_x = uint64_t{crop_unit_x} * (uint64_t{crop_left} + crop_right);
  const uint64_t crop_y = uint64_t{crop_unit_y} * (uint64_t{crop_top} + crop_bottom);
  if (crop_x >= full_width || crop_y >= full_height) return CodecError::kSpsInvalid;
  sps.width = static_cast<uint32_t>(full_width - crop_x);
  sps.height = static_cast<uint32_t>(full_height - crop_y);
  return sps;
}

}  // namespace jvbfastpath::codec
