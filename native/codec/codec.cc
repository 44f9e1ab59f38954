#include "native/codec/codec.h"

namespace jvbfastpath::codec {

std::string_view CodecName(Codec codec) {
  switch (codec) {
#define JVBFASTPATH_X(e, name) \
  case Codec::e:               \
    return name;
    JVBFASTPATH_CODECS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  }
  return "unknown";
}

namespace {
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace

Codec CodecFromName(std::string_view encoding_name) {
#define JVBFASTPATH_X(e, name) \
  if (EqualsIgnoreCase(encoding_name, name)) return Codec::e;
  JVBFASTPATH_CODECS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  return Codec::kUnknown;
}

std::string_view CodecErrorName(CodecError error) {
  switch (error) {
#define JVBFASTPATH_X(e, name) \
  case CodecError::e:          \
    return name;
    JVBFASTPATH_CODEC_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  }
  return "unknown";
}

bool PayloadTypeMap::Set(uint8_t payload_type, Codec codec) {
  if (payload_type > 127) return false;
  by_pt_[payload_type] = codec;
  return true;
}

bool PayloadTypeMap::SetRtx(uint8_t payload_type, uint8_t associated_payload_type) {
  if (payload_type > 127 || associated_payload_type > 127) return false;
  rtx_apt_[payload_type] = associated_payload_type;
  return true;
}

bool PayloadTypeMap::Set(uint8_t payload_type, std::string_view encoding_name) {
  return Set(payload_type, CodecFromName(encoding_name));
}

}  // namespace jvbfastpath::codec
