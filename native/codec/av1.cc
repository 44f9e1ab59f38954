#include "native/codec/av1.h"

namespace jvbfastpath::codec {

namespace {

// LEB128 (AV1 section 4.10.5), at most 8 bytes. False when it runs past `bytes`.
bool ReadLeb128(std::span<const uint8_t> bytes, size_t* pos, uint64_t* value) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) {
    if (*pos >= bytes.size()) return false;
    const uint8_t b = bytes[(*pos)++];
    v |= uint64_t{b & 0x7fu} << (7 * i);
    if ((b & 0x80) == 0) {
      *value = v;
      return true;
    }
  }
  return false;
}

}  // namespace

rtp::Result<Av1PayloadInfo, CodecError> ParseAv1Payload(std::span<const uint8_t> payload) {
  if (payload.empty()) return CodecError::kEmpty;
  Av1PayloadInfo info;
  const uint8_t h = payload[0];
  info.continues_previous = (h & 0x80) != 0;
  info.continues_next = (h & 0x40) != 0;
  info.element_count_field = (h >> 4) & 0x3;
  info.new_coded_video_sequence = (h & 0x08) != 0;

  size_t pos = 1;
  unsigned index = 0;
  while (pos < payload.size()) {
    const bool last_without_length =
        info.element_count_field != 0 && index + 1 == info.element_count_field;
    uint64_t size;
    if (last_without_length) {
      size = payload.size() - pos;
    } else if (!ReadLeb128(payload, &pos, &size) || size > payload.size() - pos) {
      return CodecError::kObuPastEnd;
    }
    const bool is_continuation = index == 0 && info.continues_previous;
    if (size > 0 && !is_continuation && ((payload[pos] >> 3) & 0xf) == 1) {
      info.has_sequence_header = true;
    }
    pos += static_cast<size_t>(size);
    ++index;
    if (info.element_count < 255) ++info.element_count;
    if (last_without_length) break;
  }
  if (info.element_count_field != 0 && index != info.element_count_field) {
    return CodecError::kObuPastEnd;  // fewer elements than W announces
  }
  return info;
}

}  // namespace jvbfastpath::codec
