// Big-endian field access on byte spans, for wire-format parsers and rewriters.
//
// Contract: the caller has checked that the bytes exist (every parser validates lengths
// before it reads); these helpers do no bounds checks of their own and never allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jvbfastpath::rtp {

inline uint16_t ReadU16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t ReadU24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
}
inline uint32_t ReadU32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
inline uint64_t ReadU64(const uint8_t* p) {
  return (uint64_t{ReadU32(p)} << 32) | ReadU32(p + 4);
}

inline void WriteU16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void WriteU24(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 16);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v);
}
inline void WriteU32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

// Offset of `inner` (a sub-span) inside `outer`, for turning views into rewrite offsets.
inline size_t OffsetIn(std::span<const uint8_t> outer, std::span<const uint8_t> inner) {
  return static_cast<size_t>(inner.data() - outer.data());
}

}  // namespace jvbfastpath::rtp
