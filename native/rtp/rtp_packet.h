// RTP packet view (RFC 3550 section 5.1) over the caller's bytes.
//
// Contract: ParseRtp checks every length before it reads and returns either a view or the
// reason the bytes are not an RTP packet. The view holds no copy: it stays valid only as
// long as the caller's buffer. It never allocates and never throws. Header extension
// elements are read by header_extensions.h; this file only validates the extension block.
//
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                           timestamp                           |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |           synchronization source (SSRC) identifier            |
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//    |            contributing source (CSRC) identifiers             |
//    |                             ....  (CC times)                  |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// X: |      defined by profile       |           length              |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                  header extension (length * 4 bytes)          |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                           payload ...                         |
//    |                               +-------------------------------+
//    |                               | padding ...   | padding count |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Padding (P=1): the last byte counts the padding bytes including itself; it must be at
// least 1 and fit in the bytes after the header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "native/rtp/bytes.h"
#include "native/rtp/result.h"

namespace jvbfastpath::rtp {

//   X(enumerator, "name")
#define JVBFASTPATH_RTP_ERRORS(X)                          \
  X(kOk, "ok")                                             \
  X(kTooShort, "too_short")                                \
  X(kBadVersion, "bad_version")                            \
  X(kCsrcPastEnd, "csrc_past_end")                         \
  X(kExtensionHeaderPastEnd, "extension_header_past_end")  \
  X(kExtensionPastEnd, "extension_past_end")               \
  X(kPaddingInvalid, "padding_invalid")                    \
  X(kPaddingPastEnd, "padding_past_end")

enum class RtpError : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_RTP_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

std::string_view RtpErrorName(RtpError error);

class RtpPacket;
Result<RtpPacket, RtpError> ParseRtp(std::span<const uint8_t> data);

class RtpPacket {
 public:
  static constexpr size_t kFixedHeaderSize = 12;
  static constexpr uint8_t kVersion = 2;

  RtpPacket() = default;

  uint8_t version() const { return data_[0] >> 6; }
  bool has_padding() const { return (data_[0] & 0x20) != 0; }
  bool has_extension() const { return (data_[0] & 0x10) != 0; }
  uint8_t csrc_count() const { return data_[0] & 0x0f; }
  bool marker() const { return (data_[1] & 0x80) != 0; }
  uint8_t payload_type() const { return data_[1] & 0x7f; }
  uint16_t sequence_number() const { return ReadU16(&data_[2]); }
  uint32_t timestamp() const { return ReadU32(&data_[4]); }
  uint32_t ssrc() const { return ReadU32(&data_[8]); }
  // i < csrc_count().
  uint32_t csrc(size_t i) const { return ReadU32(&data_[kFixedHeaderSize + 4 * i]); }

  // The 16-bit "defined by profile" field (0xBEDE, 0x100X for RFC 8285), 0 without X.
  uint16_t extension_profile() const { return extension_profile_; }
  // The header extension body (length * 4 bytes after its 4-byte header); empty without X.
  std::span<const uint8_t> extension_data() const { return extension_data_; }

  // Everything up to the payload: fixed header, CSRCs, extension.
  size_t header_size() const { return header_size_; }
  size_t padding_size() const { return padding_size_; }
  std::span<const uint8_t> payload() const {
    return data_.subspan(header_size_, data_.size() - header_size_ - padding_size_);
  }
  // The whole packet as parsed (header, payload, padding).
  std::span<const uint8_t> data() const { return data_; }

 private:
  friend Result<RtpPacket, RtpError> ParseRtp(std::span<const uint8_t> data);

  std::span<const uint8_t> data_;
  std::span<const uint8_t> extension_data_;
  uint16_t extension_profile_ = 0;
  size_t header_size_ = 0;
  size_t padding_size_ = 0;
};

// Cheap classification for RTP/RTCP demultiplexing (RFC 5761 section 4): true when the
// second byte is an RTCP packet type (192..223) rather than marker + payload type.
bool LooksLikeRtcp(std::span<const uint8_t> data);

// In-place rewriting of fixed-header fields. Each returns false (and writes nothing) if
// `packet` is shorter than the fixed header.
bool SetSequenceNumber(std::span<uint8_t> packet, uint16_t seq);
bool SetTimestamp(std::span<uint8_t> packet, uint32_t timestamp);
bool SetSsrc(std::span<uint8_t> packet, uint32_t ssrc);
bool SetMarker(std::span<uint8_t> packet, bool marker);
bool SetPayloadType(std::span<uint8_t> packet, uint8_t payload_type);

}  // namespace jvbfastpath::rtp
