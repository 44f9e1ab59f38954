// AV1 Dependency Descriptor RTP header extension (AV1 RTP specification, Appendix A;
// extmap URI https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension).
//
// Contract: the descriptor is bit-packed, MSB first, and its size is the element's data
// size (the extended fields are present when the data is longer than 3 bytes; trailing
// bits are zero padding and ignored). Packets usually carry only a template id: their
// spatial and temporal ids come from the template dependency structure sent earlier (in
// the first packet of a coded video sequence), so a per-stream tracker keeps the latest
// structure. Nothing allocates: the tracker's storage is fixed at construction.
//
// Mandatory fields (always the first 3 bytes):
//
//     0                   1                   2
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |S|E| template  |         frame_number          |
//    | | |  id (6)   |            (16)               |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    S: start_of_frame   E: end_of_frame
//    template id: frame_dependency_template_id, frame_number: big-endian at byte 1
//
// Extended fields (only when the data is longer than 3 bytes), from bit 24 on:
//
//    |T|A|D|F|C| template_dependency_structure (if T) | active_decode_targets (if A,
//    DtisCnt bits) | frame_dtis (if D) | frame_fdiffs (if F) | frame_chains (if C) | 0 pad
//    T: template_dependency_structure_present_flag
//    A: active_decode_targets_present_flag
//    D/F/C: custom_dtis_flag / custom_fdiffs_flag / custom_chains_flag
//
// template_dependency_structure:
//    template_id_offset (6) | dtis_cnt_minus_one (5) | next_layer_idc (2) per template,
//    ending with 3 | 2-bit DTI per template per decode target | per template:
//    {fdiff_follows_flag (1), fdiff_minus_one (4)}* then 0 | chains_cnt ns(DtisCnt + 1) |
//    if chains_cnt: decode_target_protected_by ns(chains_cnt + 1) per decode target, 4-bit
//    chain fdiff per template per chain | resolutions_present_flag (1) | if set: per spatial
//    layer max_render_width_minus_1 (16), max_render_height_minus_1 (16)
//
// Bounds (fixed arrays): 64 templates (the template id has 6 bits), 32 decode targets
// (dtis_cnt_minus_one has 5 bits), spatial ids 0..3 and temporal ids 0..7 (the spec's
// MAX_SPATIAL_ID and MAX_TEMPORAL_ID), and at most kAv1MaxFdiffs frame differences per
// template or frame (an AV1 frame has at most 7 references). Anything beyond is an error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "native/rtp/result.h"

namespace jvbfastpath::codec {

inline constexpr int kAv1MaxTemplates = 64;
inline constexpr int kAv1MaxDecodeTargets = 32;
inline constexpr int kAv1MaxSpatialLayers = 4;
inline constexpr int kAv1MaxTemporalLayers = 8;
inline constexpr int kAv1MaxChains = kAv1MaxDecodeTargets;
inline constexpr int kAv1MaxFdiffs = 8;

//   X(enumerator, "name")
#define JVBFASTPATH_AV1_DD_ERRORS(X)                            \
  X(kOk, "ok")                                                  \
  X(kMandatoryPastEnd, "mandatory_fields_past_end")             \
  X(kExtendedFlagsPastEnd, "extended_flags_past_end")           \
  X(kStructurePastEnd, "structure_past_end")                    \
  X(kActiveDecodeTargetsPastEnd, "active_decode_targets_past_end") \
  X(kFrameFieldsPastEnd, "frame_fields_past_end")               \
  X(kNoStructure, "no_structure")                               \
  X(kUnknownTemplate, "unknown_template")                       \
  X(kTooManyTemplates, "too_many_templates")                    \
  X(kSpatialIdOutOfRange, "spatial_id_out_of_range")            \
  X(kTemporalIdOutOfRange, "temporal_id_out_of_range")          \
  X(kTooManyFdiffs, "too_many_fdiffs")

enum class Av1DdError : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_AV1_DD_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

std::string_view Av1DdErrorName(Av1DdError error);

// Decode Target Indication (Table A.2).
enum class Av1Dti : uint8_t { kNotPresent = 0, kDiscardable = 1, kSwitch = 2, kRequired = 3 };

// The 3 bytes every descriptor starts with.
struct Av1DdMandatoryFields {
  bool start_of_frame = false;
  bool end_of_frame = false;
  uint8_t template_id = 0;    // frame_dependency_template_id, 0..63
  uint16_t frame_number = 0;
};

// Reads only the mandatory fields; needs no structure. kMandatoryPastEnd if shorter than 3.
rtp::Result<Av1DdMandatoryFields, Av1DdError> ParseAv1DdMandatoryFields(
    std::span<const uint8_t> extension_data);

// One template dependency structure, as sent in a descriptor. Fixed size (a few KB).
struct Av1TemplateStructure {
  uint8_t template_id_offset = 0;
  uint8_t decode_target_count = 0;  // DtisCnt, 1..32
  uint8_t template_count = 0;       // 1..64
  uint8_t chain_count = 0;          // 0..DtisCnt
  uint8_t max_spatial_id = 0;
  uint8_t max_temporal_id = 0;
  bool has_resolutions = false;
  std::array<uint8_t, kAv1MaxTemplates> spatial_id{};
  std::array<uint8_t, kAv1MaxTemplates> temporal_id{};
  // 2 bits per decode target: DTI of decode target i at bits 2i..2i+1.
  std::array<uint64_t, kAv1MaxTemplates> dtis{};
  std::array<uint8_t, kAv1MaxTemplates> fdiff_count{};
  std::array<std::array<uint8_t, kAv1MaxFdiffs>, kAv1MaxTemplates> fdiffs{};  // 1..16
  std::array<std::array<uint8_t, kAv1MaxChains>, kAv1MaxTemplates> chain_fdiffs{};  // 0..15
  std::array<uint8_t, kAv1MaxDecodeTargets> decode_target_protected_by{};  // chain_count: none
  // Render size per spatial layer (the _minus_1 fields plus one); 0 without resolutions.
  std::array<uint32_t, kAv1MaxSpatialLayers> render_width{};  // 1..65536
  std::array<uint32_t, kAv1MaxSpatialLayers> render_height{};

  Av1Dti Dti(int template_index, int decode_target) const {
    return static_cast<Av1Dti>((dtis[template_index] >> (2 * decode_target)) & 3);
  }
};

// One parsed descriptor with its frame resolved through the structure.
struct Av1DependencyDescriptor {
  Av1DdMandatoryFields mandatory;
  bool has_extended_fields = false;      // data longer than 3 bytes
  bool structure_present = false;        // this packet carried (and installed) a structure
  bool active_decode_targets_present = false;
  bool custom_dtis = false;
  bool custom_fdiffs = false;
  bool custom_chains = false;
  // The active decode targets after this packet (all of them after a new structure).
  uint32_t active_decode_targets = 0;
  uint8_t template_index = 0;
  uint8_t spatial_id = 0;
  uint8_t temporal_id = 0;
  // From render_resolutions for this frame's spatial layer; 0 when the structure has none.
  uint32_t width = 0;
  uint32_t height = 0;
  // The frame's dependency definition (from the template or the custom fields).
  uint8_t decode_target_count = 0;
  uint64_t dtis = 0;  // 2 bits per decode target, as in Av1TemplateStructure::dtis
  uint8_t fdiff_count = 0;
  std::array<uint16_t, kAv1MaxFdiffs> fdiffs{};  // 1..4096
  uint8_t chain_count = 0;
  std::array<uint8_t, kAv1MaxChains> chain_fdiffs{};

  Av1Dti Dti(int decode_target) const {
    return static_cast<Av1Dti>((dtis >> (2 * decode_target)) & 3);
  }
};

// Per-stream state: the latest template dependency structure and active decode targets.
// Parse installs a structure only when the whole descriptor that carries it is valid; a
// rejected packet leaves the tracker as it was. Not thread-safe (one stream, one thread).
class Av1DependencyStructureTracker {
 public:
  // Errors: truncation (k*PastEnd), kNoStructure (no structure yet, in the packet or
  // before), kUnknownTemplate (template id outside the structure's range), and the
  // out-of-range kinds for a structure that exceeds the bounds above.
  rtp::Result<Av1DependencyDescriptor, Av1DdError> Parse(std::span<const uint8_t> extension_data);

  bool has_structure() const { return active_ >= 0; }
  // Only valid when has_structure().
  const Av1TemplateStructure& structure() const { return slots_[active_ < 0 ? 0 : active_]; }
  uint32_t active_decode_targets() const { return active_decode_targets_; }
  // Forget the structure (e.g. on a new SSRC).
  void Reset() {
    active_ = -1;
    active_decode_targets_ = 0;
  }

 private:
  // Two slots: a structure is parsed into the one not in use, then made active.
  std::array<Av1TemplateStructure, 2> slots_{};
  int active_ = -1;
  uint32_t active_decode_targets_ = 0;
};

// Rewrites frame_number (bytes 1 and 2 of the element data) in place; the other bits are
// untouched. False when the data is shorter than the 3 mandatory bytes.
bool WriteAv1FrameNumber(std::span<uint8_t> extension_data, uint16_t frame_number);

}  // namespace jvbfastpath::codec
