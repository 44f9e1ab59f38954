#include "native/codec/av1_dependency_descriptor.h"

#include <algorithm>

namespace jvbfastpath::codec {
namespace {

// MSB-first reader for the descriptor's f(n) and ns(n) (Appendix A.4.1). A read past the
// end sets failed() and returns 0 from then on.
class DescriptorBitReader {
 public:
  explicit DescriptorBitReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  // f(n), n 0..32.
  uint32_t ReadBits(int count) {
    if (failed_) return 0;
    if (static_cast<size_t>(count) > bytes_.size() * 8 - position_) {
      failed_ = true;
      return 0;
    }
    uint32_t value = 0;
    for (int i = 0; i < count; ++i) {
      const int bit = (bytes_[position_ / 8] >> (7 - position_ % 8)) & 1;
      value = (value << 1) | static_cast<uint32_t>(bit);
      ++position_;
    }
    return value;
  }

  bool ReadFlag() { return ReadBits(1) != 0; }

  // ns(n): a value 0..n-1 in w-1 or w bits, w being the bit width of n (n >= 1).
  uint32_t ReadNonSymmetric(uint32_t n) {
    int width = 0;
    for (uint32_t x = n; x != 0; x >>= 1) ++width;
    const uint32_t short_codes = (1u << width) - n;
    const uint32_t v = ReadBits(width - 1);
    if (v < short_codes) return v;
    const uint32_t extra_bit = ReadBits(1);
    return (v << 1) - short_codes + extra_bit;
  }

  bool failed() const { return failed_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t position_ = 0;  // in bits
  bool failed_ = false;
};

constexpr size_t kMandatoryBytes = 3;

uint32_t AllDecodeTargets(int count) {
  return count >= 32 ? 0xffffffffu : (1u << count) - 1;
}

Av1DdMandatoryFields ReadMandatory(DescriptorBitReader& reader) {
  Av1DdMandatoryFields fields;
  fields.start_of_frame = reader.ReadFlag();
  fields.end_of_frame = reader.ReadFlag();
  fields.template_id = static_cast<uint8_t>(reader.ReadBits(6));
  fields.frame_number = static_cast<uint16_t>(reader.ReadBits(16));
  return fields;
}

// template_dependency_structure() into *s; kOk or why not.
Av1DdError ReadStructure(DescriptorBitReader& reader, Av1TemplateStructure* s) {
  s->template_id_offset = static_cast<uint8_t>(reader.ReadBits(6));
  s->decode_target_count = static_cast<uint8_t>(reader.ReadBits(5) + 1);

  // template_layers(): each template's ids follow from the previous one's next_layer_idc.
  int spatial = 0;
  int temporal = 0;
  int count = 0;
  int max_temporal = 0;
  uint32_t next_layer_idc = 0;
  do {
    if (count == kAv1MaxTemplates) return Av1DdError::kTooManyTemplates;
    if (spatial >= kAv1MaxSpatialLayers) return Av1DdError::kSpatialIdOutOfRange;
    if (temporal >= kAv1MaxTemporalLayers) return Av1DdError::kTemporalIdOutOfRange;
    s->spatial_id[count] = static_cast<uint8_t>(spatial);
    s->temporal_id[count] = static_cast<uint8_t>(temporal);
    max_temporal = std::max(max_temporal, temporal);
    ++count;
    next_layer_idc = reader.ReadBits(2);
    if (reader.failed()) return Av1DdError::kStructurePastEnd;
    if (next_layer_idc == 1) {
      ++temporal;
    } else if (next_layer_idc == 2) {
      temporal = 0;
      ++spatial;
    }
  } while (next_layer_idc != 3);
  s->template_count = static_cast<uint8_t>(count);
  s->max_spatial_id = static_cast<uint8_t>(spatial);
  s->max_temporal_id = static_cast<uint8_t>(max_temporal);

  // template_dtis()
  const int targets = s->decode_target_count;
  for (int t = 0; t < count; ++t) {
    uint64_t dtis = 0;
    for (int d = 0; d < targets; ++d) dtis |= uint64_t{reader.ReadBits(2)} << (2 * d);
    s->dtis[t] = dtis;
  }

  // template_fdiffs()
  for (int t = 0; t < count; ++t) {
    int fdiffs = 0;
    while (reader.ReadFlag()) {
      if (fdiffs == kAv1MaxFdiffs) return Av1DdError::kTooManyFdiffs;
      s->fdiffs[t][fdiffs++] = static_cast<uint8_t>(reader.ReadBits(4) + 1);
    }
    if (reader.failed()) return Av1DdError::kStructurePastEnd;
    s->fdiff_count[t] = static_cast<uint8_t>(fdiffs);
  }

  // template_chains()
  s->chain_count = static_cast<uint8_t>(reader.ReadNonSymmetric(targets + 1));
  if (s->chain_count > 0) {
    for (int d = 0; d < targets; ++d) {
      s->decode_target_protected_by[d] =
          static_cast<uint8_t>(reader.ReadNonSymmetric(s->chain_count + 1));
    }
    for (int t = 0; t < count; ++t) {
      for (int c = 0; c < s->chain_count; ++c) {
        s->chain_fdiffs[t][c] = static_cast<uint8_t>(reader.ReadBits(4));
      }
    }
  }

  // resolutions_present_flag, render_resolutions()
  s->render_width.fill(0);
  s->render_height.fill(0);
  s->has_resolutions = reader.ReadFlag();
  if (s->has_resolutions) {
    for (int sid = 0; sid <= s->max_spatial_id; ++sid) {
      s->render_width[sid] = reader.ReadBits(16) + 1;
      s->render_height[sid] = reader.ReadBits(16) + 1;
    }
  }
  return reader.failed() ? Av1DdError::kStructurePastEnd : Av1DdError::kOk;
}

}  // namespace

std::string_view Av1DdErrorName(Av1DdError error) {
  switch (error) {
#define JVBFASTPATH_X(e, name) \
  case Av1DdError::e:          \
    return name;
    JVBFASTPATH_AV1_DD_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  }
  return "unknown";
}

rtp::Result<Av1DdMandatoryFields, Av1DdError> ParseAv1DdMandatoryFields(
    std::span<const uint8_t> extension_data) {
  if (extension_data.size() < kMandatoryBytes) return Av1DdError::kMandatoryPastEnd;
  DescriptorBitReader reader(extension_data);
  return ReadMandatory(reader);
}

rtp::Result<Av1DependencyDescriptor, Av1DdError> Av1DependencyStructureTracker::Parse(
    std::span<const uint8_t> extension_data) {
  if (extension_data.size() < kMandatoryBytes) return Av1DdError::kMandatoryPastEnd;
  DescriptorBitReader reader(extension_data);
  Av1DependencyDescriptor dd;
  dd.mandatory = ReadMandatory(reader);

  // extended_descriptor_fields() (no_extended_descriptor_fields() leaves the flags 0).
  dd.has_extended_fields = extension_data.size() > kMandatoryBytes;
  if (dd.has_extended_fields) {
    dd.structure_present = reader.ReadFlag();
    dd.active_decode_targets_present = reader.ReadFlag();
    dd.custom_dtis = reader.ReadFlag();
    dd.custom_fdiffs = reader.ReadFlag();
    dd.custom_chains = reader.ReadFlag();
    if (reader.failed()) return Av1DdError::kExtendedFlagsPastEnd;
  }

  const Av1TemplateStructure* structure = nullptr;
  const int pending = active_ == 0 ? 1 : 0;
  uint32_t active_targets = active_decode_targets_;
  if (dd.structure_present) {
    const Av1DdError error = ReadStructure(reader, &slots_[pending]);
    if (error != Av1DdError::kOk) return error;
    structure = &slots_[pending];
    active_targets = AllDecodeTargets(structure->decode_target_count);
  } else if (active_ >= 0) {
    structure = &slots_[active_];
  }
  if (structure == nullptr) return Av1DdError::kNoStructure;

  if (dd.active_decode_targets_present) {
    active_targets = reader.ReadBits(structure->decode_target_count);
    if (reader.failed()) return Av1DdError::kActiveDecodeTargetsPastEnd;
  }

  // frame_dependency_definition()
  const int index = (dd.mandatory.template_id + kAv1MaxTemplates - structure->template_id_offset) %
                    kAv1MaxTemplates;
  if (index >= structure->template_count) return Av1DdError::kUnknownTemplate;
  dd.template_index = static_cast<uint8_t>(index);
  dd.spatial_id = structure->spatial_id[index];
  dd.temporal_id = structure->temporal_id[index];
  if (structure->has_resolutions) {
    dd.width = structure->render_width[dd.spatial_id];
    dd.height = structure->render_height[dd.spatial_id];
  }

  dd.decode_target_count = structure->decode_target_count;
  if (dd.custom_dtis) {
    for (int d = 0; d < dd.decode_target_count; ++d) {
      dd.dtis |= uint64_t{reader.ReadBits(2)} << (2 * d);
    }
  } else {
    dd.dtis = structure->dtis[index];
  }

  if (dd.custom_fdiffs) {
    int fdiffs = 0;
    for (uint32_t size = reader.ReadBits(2); size != 0; size = reader.ReadBits(2)) {
      if (fdiffs == kAv1MaxFdiffs) return Av1DdError::kTooManyFdiffs;
      dd.fdiffs[fdiffs++] = static_cast<uint16_t>(reader.ReadBits(4 * static_cast<int>(size)) + 1);
    }
    dd.fdiff_count = static_cast<uint8_t>(fdiffs);
  } else {
    dd.fdiff_count = structure->fdiff_count[index];
    for (int i = 0; i < dd.fdiff_count; ++i) dd.fdiffs[i] = structure->fdiffs[index][i];
  }

  dd.chain_count = structure->chain_count;
  for (int c = 0; c < dd.chain_count; ++c) {
    dd.chain_fdiffs[c] = dd.custom_chains ? static_cast<uint8_t>(reader.ReadBits(8))
                                          : structure->chain_fdiffs[index][c];
  }
  if (reader.failed()) return Av1DdError::kFrameFieldsPastEnd;

  // The whole descriptor is valid: only now does it change the stream's state.
  if (dd.structure_present) active_ = pending;
  active_decode_targets_ = active_targets;
  dd.active_decode_targets = active_targets;
  return dd;
}

bool WriteAv1FrameNumber(std::span<uint8_t> extension_data, uint16_t frame_number) {
  if (extension_data.size() < kMandatoryBytes) return false;
  extension_data[1] = static_cast<uint8_t>(frame_number >> 8);
  extension_data[2] = static_cast<uint8_t>(frame_number & 0xff);
  return true;
}

}  // namespace jvbfastpath::codec
