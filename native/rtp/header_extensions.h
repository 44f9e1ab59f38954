// RTP header extension elements (RFC 8285): the one-byte and two-byte forms.
//
// Contract: ExtensionReader walks the extension block of a parsed RtpPacket without
// copying. Padding bytes (value 0) between elements are skipped. In the one-byte form the
// reserved ID 15 ends the walk (its length is ignored, RFC 8285 section 4.2). An element
// whose data would run past the block ends the walk and sets malformed(); the elements
// before it stay readable. Blocks with another profile have no elements.
//
// One-byte form (profile 0xBEDE), IDs 1..14, 1..16 data bytes (L = length - 1):
//
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |       0xBE    |    0xDE       |           length=3            |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//          ...data   |    0 (pad)    |    0 (pad)    |  ID   | L=3   |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                          data                                 |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Two-byte form (profile 0x100 followed by 4 app bits), IDs 1..255, 0..255 data bytes:
//
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |         0x100         |appbits|           length=3            |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |      ID       |     L=0       |     ID        |     L=1       |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |       data    |    0 (pad)    |       ID      |      L=4      |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                          data                                 |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::rtp {

inline constexpr uint16_t kOneByteExtensionProfile = 0xBEDE;
inline constexpr uint16_t kTwoByteExtensionProfile = 0x1000;  // low 4 bits: appbits

enum class ExtensionForm : uint8_t { kNone, kOneByte, kTwoByte };

ExtensionForm ExtensionFormOf(uint16_t profile);

struct ExtensionElement {
  uint8_t id = 0;
  std::span<const uint8_t> data;  // a sub-span of the packet: its offset is rewritable
};

class ExtensionReader {
 public:
  explicit ExtensionReader(const RtpPacket& packet);

  // The next element, or false at the end (or at a malformed element, see malformed()).
  bool Next(ExtensionElement* element);
  bool malformed() const { return malformed_; }
  ExtensionForm form() const { return form_; }

 private:
  std::span<const uint8_t> block_;
  size_t pos_ = 0;
  ExtensionForm form_ = ExtensionForm::kNone;
  bool malformed_ = false;
};

// The data of the first element with `id`; empty when absent (or id is 0).
std::span<const uint8_t> FindExtension(const RtpPacket& packet, uint8_t id);

}  // namespace jvbfastpath::rtp
