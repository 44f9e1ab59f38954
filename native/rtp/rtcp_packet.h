// RTCP compound packets (RFC 3550 section 6): the common header and iteration.
//
// Contract: RtcpReader walks a compound packet; each packet's length field is checked
// against the bytes left before anything else is read, and padding (P=1, the last byte of
// that packet counting the padding bytes) must be at least 1 and fit in the packet's body.
// The first invalid packet stops the walk and sets error(); the packets before it were
// valid. Typed parsers for the packet kinds live in rtcp_reports.h and rtcp_feedback.h.
// Views only: nothing is copied or allocated.
//
//     0                   1                   2                   3
//     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |V=2|P| RC/FMT  |      PT       |   length (32-bit words - 1)   |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                 body ((length) * 4 bytes) ...                 |
//    |                               +-------------------------------+
//    |                               | padding ...   | padding count |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "native/rtp/bytes.h"
#include "native/rtp/result.h"

namespace jvbfastpath::rtp {

//   X(enumerator, "name")
#define JVBFASTPATH_RTCP_ERRORS(X)                  \
  X(kOk, "ok")                                      \
  X(kTooShort, "too_short")                         \
  X(kBadVersion, "bad_version")                     \
  X(kLengthPastEnd, "length_past_end")              \
  X(kPaddingInvalid, "padding_invalid")             \
  X(kPaddingPastEnd, "padding_past_end")            \
  X(kWrongType, "wrong_type")                       \
  X(kBodyTooShort, "body_too_short")                \
  X(kBlocksPastEnd, "blocks_past_end")              \
  X(kSdesChunkPastEnd, "sdes_chunk_past_end")       \
  X(kSdesItemPastEnd, "sdes_item_past_end")         \
  X(kByeReasonPastEnd, "bye_reason_past_end")       \
  X(kFciInvalid, "fci_invalid")                     \
  X(kTccChunksPastEnd, "tcc_chunks_past_end")       \
  X(kTccReservedSymbol, "tcc_reserved_symbol")      \
  X(kTccDeltasPastEnd, "tcc_deltas_past_end")

enum class RtcpError : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_RTCP_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

std::string_view RtcpErrorName(RtcpError error);

enum RtcpPacketType : uint8_t {
  kRtcpSenderReport = 200,
  kRtcpReceiverReport = 201,
  kRtcpSdes = 202,
  kRtcpBye = 203,
  kRtcpApp = 204,
  kRtcpRtpFeedback = 205,      // RFC 4585 RTPFB
  kRtcpPayloadFeedback = 206,  // RFC 4585 PSFB
  kRtcpExtendedReport = 207,   // RFC 3611 XR
};

struct RtcpPacket {
  static constexpr size_t kHeaderSize = 4;

  bool padding = false;
  uint8_t count = 0;  // RC, SC, FMT or APP subtype, by packet type (5 bits)
  uint8_t packet_type = 0;
  std::span<const uint8_t> body;  // after the 4-byte header, padding removed
  std::span<const uint8_t> data;  // the whole packet, header and padding included
};

// One packet at the front of `data` (which may hold more packets after it).
Result<RtcpPacket, RtcpError> ParseRtcpHeader(std::span<const uint8_t> data);

class RtcpReader {
 public:
  explicit RtcpReader(std::span<const uint8_t> compound) : rest_(compound) {}

  // The next packet, or false at the end or at an invalid packet (then error() says why).
  bool Next(RtcpPacket* packet);
  RtcpError error() const { return error_; }

 private:
  std::span<const uint8_t> rest_;
  RtcpError error_ = RtcpError::kOk;
};

// kOk when every packet of the compound is valid and it holds at least one.
RtcpError ValidateRtcpCompound(std::span<const uint8_t> compound);

}  // namespace jvbfastpath::rtp
