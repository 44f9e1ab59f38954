#include "native/rtp/extension_map.h"

namespace jvbfastpath::rtp {

std::string_view ExtensionTypeName(ExtensionType type) {
  switch (type) {
#define JVBFASTPATH_X(e, name, uri) \
  case ExtensionType::e:            \
    return name;
    JVBFASTPATH_RTP_EXTENSIONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
    case ExtensionType::kUnknown:
    case ExtensionType::kCount:
      break;
  }
  return "unknown";
}

ExtensionType ExtensionTypeFromUri(std::string_view uri) {
#define JVBFASTPATH_X(e, name, u) \
  if (uri == u) return ExtensionType::e;
  JVBFASTPATH_RTP_EXTENSIONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  return ExtensionType::kUnknown;
}

bool ExtensionMap::Register(uint8_t id, std::string_view uri) {
  return Register(id, ExtensionTypeFromUri(uri));
}

bool ExtensionMap::Register(uint8_t id, ExtensionType type) {
  if (id == kNoId || type == ExtensionType::kCount) return false;
  const ExtensionType old_type = by_id_[id];
  if (old_type != ExtensionType::kUnknown && by_type_[static_cast<size_t>(old_type)] == id) {
    by_type_[static_cast<size_t>(old_type)] = kNoId;
  }
  if (type != ExtensionType::kUnknown) {
    const uint8_t old_id = by_type_[static_cast<size_t>(type)];
    if (old_id != kNoId) by_id_[old_id] = ExtensionType::kUnknown;
    by_type_[static_cast<size_t>(type)] = id;
  }
  by_id_[id] = type;
  return true;
}

void ExtensionMap::Clear() {
  by_id_.fill(ExtensionType::kUnknown);
  by_type_.fill(kNoId);
}

}  // namespace jvbfastpath::rtp
