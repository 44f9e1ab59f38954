// H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1): enough of it to know the
// picture size.
//
// Contract: ParseH264Sps takes one SPS NAL unit (header byte included, emulation
// prevention bytes still in place) and returns the profile, level and the cropped picture
// size, or kSpsInvalid. It walks the high-profile chroma fields and scaling lists and the
// picture order count fields on the way, reading only through RbspBitReader (which never
// reads past the span). Values outside the ranges H.264 allows are rejected.
//
// seq_parameter_set_data(), the fields read here:
//    profile_idc u(8), constraint_set flags u(8), level_idc u(8), seq_parameter_set_id ue
//    if profile_idc in {100,110,122,244,44,83,86,118,128,138,139,134,135}:
//        chroma_format_idc ue; if == 3: separate_colour_plane_flag u(1)
//        bit_depth_luma_minus8 ue, bit_depth_chroma_minus8 ue,
//        qpprime_y_zero_transform_bypass_flag u(1), seq_scaling_matrix_present_flag u(1)
//        if set: (chroma_format_idc != 3 ? 8 : 12) x { present u(1); if: scaling_list }
//    log2_max_frame_num_minus4 ue, pic_order_cnt_type ue
//        0: log2_max_pic_order_cnt_lsb_minus4 ue
//        1: delta_pic_order_always_zero u(1), offset_for_non_ref_pic se,
//           offset_for_top_to_bottom_field se, n ue, n x offset_for_ref_frame se
//    max_num_ref_frames ue, gaps_in_frame_num_value_allowed_flag u(1)
//    pic_width_in_mbs_minus1 ue, pic_height_in_map_units_minus1 ue
//    frame_mbs_only_flag u(1); if 0: mb_adaptive_frame_field_flag u(1)
//    direct_8x8_inference_flag u(1)
//    frame_cropping_flag u(1); if: left, right, top, bottom offsets ue
//
// width  = 16 * (pic_width_in_mbs_minus1 + 1) - CropUnitX * (left + right)
// height = 16 * (2 - frame_mbs_only_flag) * (pic_height_in_map_units_minus1 + 1)
//          - CropUnitY * (top + bottom)
// with CropUnitX/Y from the chroma subsampling (section 7.4.2.1.1).
#pragma once

#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

struct H264Sps {
  uint8_t profile_idc = 0;
  uint8_t level_idc = 0;
  uint32_t sps_id = 0;
  uint32_t chroma_format_idc = 1;
  uint32_t width = 0;
  uint32_t height = 0;
};

rtp::Result<H264Sps, CodecError> ParseH264Sps(std::span<const uint8_t> nal);

}  // namespace jvbfastpath::codec
