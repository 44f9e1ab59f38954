#include "tools/load/payload_writers.h"

#include <algorithm>
#include <array>

namespace jvbfastpath::load {
namespace {

// MSB-first bit writer over the caller's buffer; a write past the end sets overflow().
class BitWriter {
 public:
  explicit BitWriter(std::span<uint8_t> out) : out_(out) {}

  void Bits(uint32_t value, int count) {
    for (int i = count - 1; i >= 0; --i) Bit((value >> i) & 1u);
  }
  void Bit(uint32_t bit) {
    const size_t byte = bits_ / 8;
    if (byte >= out_.size()) {
      overflow_ = true;
      return;
    }
    if (bits_ % 8 == 0) out_[byte] = 0;
    if (bit != 0) out_[byte] |= static_cast<uint8_t>(0x80u >> (bits_ % 8));
    ++bits_;
  }
  // ns(n) of the AV1 descriptor (Appendix A.4.1): the inverse of its reader.
  void NonSymmetric(uint32_t value, uint32_t n) {
    int width = 0;
    for (uint32_t x = n; x != 0; x >>= 1) ++width;
    const uint32_t short_codes = (1u << width) - n;
    if (value < short_codes) {
      Bits(value, width - 1);
    } else {
      Bits(value + short_codes, width);
    }
  }
  // ue(v) of H.264 (section 9.1): leading zeros, then value + 1.
  void Ue(uint32_t value) {
    const uint32_t code = value + 1;
    int length = 0;
    for (uint32_t x = code; x != 0; x >>= 1) ++length;
    Bits(0, length - 1);
    Bits(code, length);
  }
  // Zero bits up to the next byte boundary; returns the bytes used.
  size_t Finish() {
    while (bits_ % 8 != 0) Bit(0);
    return overflow_ ? 0 : bits_ / 8;
  }
  bool overflow() const { return overflow_; }

 private:
  std::span<uint8_t> out_;
  size_t bits_ = 0;
  bool overflow_ = false;
};

// ---- AV1 L3T3 K-SVC structure --------------------------------------------------------

constexpr int kSpatialLayers = 3;
constexpr int kTemporalLayers = 3;
constexpr int kDecodeTargets = kSpatialLayers * kTemporalLayers;
constexpr int kTemplatesPerLayer = 5;
constexpr int kTemplates = kSpatialLayers * kTemplatesPerLayer;
enum TemplateKind { kKeyPicture = 0, kT0 = 1, kT1 = 2, kT2AfterT0 = 3, kT2AfterT1 = 4 };
constexpr int kRenderWidths[kSpatialLayers] = {320, 640, 1280};
constexpr int kRenderHeights[kSpatialLayers] = {180, 360, 720};

// next_layer_idc after each template: 0 same layer, 1 next temporal, 2 next spatial, 3 end.
int NextLayerIdc(int t) {
  if (t == kTemplates - 1) return 3;
  switch (t % kTemplatesPerLayer) {
    case kKeyPicture: return 0;  // key picture -> T0, both (S, T0)
    case kT0: return 1;
    case kT1: return 1;
    case kT2AfterT0: return 0;
    default: return 2;  // T2 after T1 -> next spatial layer's key picture template
  }
}

// Decode target indication of template t for decode target d (3 * spatial + temporal).
uint32_t Dti(int t, int d) {
  const int s = t / kTemplatesPerLayer;
  const int kind = t % kTemplatesPerLayer;
  const int ds = d / kTemporalLayers;
  const int dt = d % kTemporalLayers;
  constexpr uint32_t kNotPresent = 0, kDiscardable = 1, kSwitch = 2;
  switch (kind) {
    case kKeyPicture: return ds >= s ? kSwitch : kNotPresent;  // inter-layer on key pictures
    case kT0: return ds == s ? kSwitch : kNotPresent;          // K-SVC: no inter-layer
    case kT1: return ds == s && dt >= 1 ? kSwitch : kNotPresent;
    default: return ds == s && dt == 2 ? kDiscardable : kNotPresent;
  }
}

// The reference of template t, in frame numbers back (0: none).
int Fdiff(int t) {
  const int s = t / kTemplatesPerLayer;
  switch (t % kTemplatesPerLayer) {
    case kKeyPicture: return s == 0 ? 0 : 1;
    case kT0: return 4 * kSpatialLayers;
    case kT1: return 2 * kSpatialLayers;
    default: return kSpatialLayers;
  }
}

// Frame numbers back to the previous frame of chain c (the T0 frames of layer c).
int ChainFdiff(int t, int c) {
  const int s = t / kTemplatesPerLayer;
  switch (t % kTemplatesPerLayer) {
    case kKeyPicture: return c < s ? s - c : 0;
    case kT0: return c < s ? s - c : 4 * kSpatialLayers + s - c;  // same picture, or the last T0
    case kT1: return 2 * kSpatialLayers + s - c;
    case kT2AfterT0: return kSpatialLayers + s - c;
    default: return 3 * kSpatialLayers + s - c;
  }
}

void WriteStructure(BitWriter& w) {
  w.Bits(0, 6);                   // template_id_offset
  w.Bits(kDecodeTargets - 1, 5);  // dtis_cnt_minus_one
  for (int t = 0; t < kTemplates; ++t) w.Bits(static_cast<uint32_t>(NextLayerIdc(t)), 2);
  for (int t = 0; t < kTemplates; ++t) {
    for (int d = 0; d < kDecodeTargets; ++d) w.Bits(Dti(t, d), 2);
  }
  for (int t = 0; t < kTemplates; ++t) {
    if (Fdiff(t) != 0) {
      w.Bit(1);  // fdiff_follows_flag
      w.Bits(static_cast<uint32_t>(Fdiff(t) - 1), 4);
    }
    w.Bit(0);
  }
  w.NonSymmetric(kSpatialLayers, kDecodeTargets + 1);  // chains_cnt: one per spatial layer
  for (int d = 0; d < kDecodeTargets; ++d) {
    w.NonSymmetric(static_cast<uint32_t>(d / kTemporalLayers), kSpatialLayers + 1);
  }
  for (int t = 0; t < kTemplates; ++t) {
    for (int c = 0; c < kSpatialLayers; ++c) w.Bits(static_cast<uint32_t>(ChainFdiff(t, c)), 4);
  }
  w.Bit(1);  // resolutions_present_flag
  for (int s = 0; s < kSpatialLayers; ++s) {
    w.Bits(static_cast<uint32_t>(kRenderWidths[s] - 1), 16);
    w.Bits(static_cast<uint32_t>(kRenderHeights[s] - 1), 16);
  }
}

// H.264 NAL unit from an RBSP: the header byte, then the RBSP with emulation prevention
// (00 00 followed by 00..03 gets a 03 in between, section 7.4.1).
size_t WriteNal(std::span<uint8_t> out, uint8_t header, std::span<const uint8_t> rbsp) {
  if (out.empty()) return 0;
  out[0] = header;
  size_t p = 1;
  int zeros = 0;
  for (uint8_t b : rbsp) {
    if (zeros >= 2 && b <= 3) {
      if (p >= out.size()) return 0;
      out[p++] = 3;
      zeros = 0;
    }
    if (p >= out.size()) return 0;
    out[p++] = b;
    zeros = b == 0 ? zeros + 1 : 0;
  }
  return p;
}

}  // namespace

size_t WriteVp9Descriptor(std::span<uint8_t> out, const Vp9PacketFields& f) {
  const size_t need = f.with_ss ? kVp9MaxDescriptor : 5;
  if (out.size() < need || (f.with_ss && (f.widths == nullptr || f.heights == nullptr))) {
    return 0;
  }
  out[0] = static_cast<uint8_t>(0x80 | (f.inter_picture_predicted ? 0x40 : 0) | 0x20 |
                                (f.start_of_layer_frame ? 0x08 : 0) |
                                (f.end_of_layer_frame ? 0x04 : 0) | (f.with_ss ? 0x02 : 0) |
                                (f.not_upper_reference ? 0x01 : 0));  // I, L; F = 0
  out[1] = static_cast<uint8_t>(0x80 | ((f.picture_id >> 8) & 0x7F));  // M = 1: 15 bits
  out[2] = static_cast<uint8_t>(f.picture_id);
  out[3] = static_cast<uint8_t>((f.tid << 5) | (f.switching_up ? 0x10 : 0) | (f.sid << 1) |
                                (f.inter_layer_predicted ? 1 : 0));
  out[4] = f.tl0picidx;
  if (!f.with_ss) return 5;
  size_t p = 5;
  out[p++] = static_cast<uint8_t>(((kSpatialLayers - 1) << 5) | 0x10 | 0x08);  // N_S, Y, G
  for (int s = 0; s < kSpatialLayers; ++s) {
    out[p++] = static_cast<uint8_t>(f.widths[s] >> 8);
    out[p++] = static_cast<uint8_t>(f.widths[s]);
    out[p++] = static_cast<uint8_t>(f.heights[s] >> 8);
    out[p++] = static_cast<uint8_t>(f.heights[s]);
  }
  // The L1T3 group of pictures: TID 0 2 1 2, one reference each (P_DIFF 4 1 2 1).
  constexpr uint8_t kTids[4] = {0, 2, 1, 2};
  constexpr bool kUp[4] = {false, true, true, false};
  constexpr uint8_t kPdiffs[4] = {4, 1, 2, 1};
  out[p++] = 4;  // N_G
  for (int i = 0; i < 4; ++i) {
    out[p++] = static_cast<uint8_t>((kTids[i] << 5) | (kUp[i] ? 0x10 : 0) | (1 << 2));
    out[p++] = kPdiffs[i];
  }
  return p;
}

int Av1L3T3TemplateId(int spatial, int temporal, bool key_picture, bool t2_after_t1) {
  const int kind = key_picture ? kKeyPicture
                   : temporal == 0 ? kT0
                   : temporal == 1 ? kT1
                   : t2_after_t1 ? kT2AfterT1
                                 : kT2AfterT0;
  static_assert(kTemplates <= 64);
  return spatial * kTemplatesPerLayer + kind;
}

size_t WriteAv1DependencyDescriptor(std::span<uint8_t> out, bool start_of_frame,
                                    bool end_of_frame, int template_id, uint16_t frame_number,
                                    bool with_structure) {
  BitWriter w(out.first(std::min(out.size(), kAv1MaxDescriptor)));
  w.Bit(start_of_frame ? 1 : 0);
  w.Bit(end_of_frame ? 1 : 0);
  w.Bits(static_cast<uint32_t>(template_id), 6);
  w.Bits(frame_number, 16);
  if (with_structure) {
    w.Bits(0b10000, 5);  // T = 1; A, D, F, C = 0
    WriteStructure(w);
  }
  return w.Finish();
}

size_t WriteH264Sps(std::span<uint8_t> out, int width, int height) {
  std::array<uint8_t, kH264MaxParameterSet> rbsp{};
  BitWriter w(rbsp);
  const int width_mbs = (width + 15) / 16;
  const int height_mbs = (height + 15) / 16;
  const int crop_right = width_mbs * 16 - width;    // in luma samples; units of 2 in 4:2:0
  const int crop_bottom = height_mbs * 16 - height;
  w.Bits(66, 8);    // profile_idc: baseline
  w.Bits(0xE0, 8);  // constraint_set0..2 (constrained baseline), reserved zero bits
  w.Bits(31, 8);    // level_idc 3.1
  w.Ue(0);          // seq_parameter_set_id
  w.Ue(0);          // log2_max_frame_num_minus4
  w.Ue(2);          // pic_order_cnt_type
  w.Ue(1);          // max_num_ref_frames
  w.Bit(0);         // gaps_in_frame_num_value_allowed_flag
  w.Ue(static_cast<uint32_t>(width_mbs - 1));
  w.Ue(static_cast<uint32_t>(height_mbs - 1));
  w.Bit(1);  // frame_mbs_only_flag
  w.Bit(1);  // direct_8x8_inference_flag
  const bool crop = crop_right != 0 || crop_bottom != 0;
  w.Bit(crop ? 1 : 0);
  if (crop) {
    w.Ue(0);
    w.Ue(static_cast<uint32_t>(crop_right / 2));
    w.Ue(0);
    w.Ue(static_cast<uint32_t>(crop_bottom / 2));
  }
  w.Bit(0);  // vui_parameters_present_flag
  w.Bit(1);  // rbsp_stop_one_bit
  const size_t n = w.Finish();
  if (n == 0) return 0;
  return WriteNal(out, 0x67, std::span<const uint8_t>(rbsp).first(n));
}

size_t WriteH264Pps(std::span<uint8_t> out) {
  std::array<uint8_t, 8> rbsp{};
  BitWriter w(rbsp);
  w.Ue(0);      // pic_parameter_set_id
  w.Ue(0);      // seq_parameter_set_id
  w.Bit(0);     // entropy_coding_mode_flag: CAVLC
  w.Bit(0);     // bottom_field_pic_order_in_frame_present_flag
  w.Ue(0);      // num_slice_groups_minus1
  w.Ue(0);      // num_ref_idx_l0_default_active_minus1
  w.Ue(0);      // num_ref_idx_l1_default_active_minus1
  w.Bit(0);     // weighted_pred_flag
  w.Bits(0, 2); // weighted_bipred_idc
  w.Ue(0);      // pic_init_qp_minus26 (se(0) = ue(0))
  w.Ue(0);      // pic_init_qs_minus26
  w.Ue(0);      // chroma_qp_index_offset
  w.Bit(1);     // deblocking_filter_control_present_flag
  w.Bit(0);     // constrained_intra_pred_flag
  w.Bit(0);     // redundant_pic_cnt_present_flag
  w.Bit(1);     // rbsp_stop_one_bit
  const size_t n = w.Finish();
  if (n == 0) return 0;
  return WriteNal(out, 0x68, std::span<const uint8_t>(rbsp).first(n));
}

}  // namespace jvbfastpath::load
