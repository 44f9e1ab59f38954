// RTCP SR, RR, SDES, BYE and APP (RFC 3550 sections 6.4-6.7), as views over a parsed
// RtcpPacket (rtcp_packet.h).
//
// Contract: each Parse* checks the packet type, then that the body holds what the count
// field announces, and returns a view or the reason. SdesReader checks each chunk and item
// as it goes. Bytes after the announced blocks (profile-specific extensions) are allowed.
//
// Sender report (PT=200), body:
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                         SSRC of sender                        |
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//    |              NTP timestamp, most significant word             |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |             NTP timestamp, least significant word             |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                         RTP timestamp                         |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                     sender's packet count                     |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                      sender's octet count                     |
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//    |                 report blocks (RC times, 24 bytes)            |
//
// Receiver report (PT=201): SSRC of sender, then RC report blocks. A report block:
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//    |                 SSRC_1 (SSRC of first source)                 |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    | fraction lost |       cumulative number of packets lost       |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |           extended highest sequence number received           |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                      interarrival jitter                      |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                         last SR (LSR)                         |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                   delay since last SR (DLSR)                  |
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//
// SDES (PT=202), SC chunks, each padded with NUL bytes to a 32-bit boundary:
//    +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//    |                          SSRC/CSRC_1                          |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |     type      |    length     | text (length bytes) ...       |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |   ... more items, then type 0 (end) and NULs to 32 bits       |
//
// BYE (PT=203): SC SSRC/CSRCs, then optionally | length | reason for leaving ... |
// APP (PT=204): | SSRC/CSRC | name (4 ASCII) | application-dependent data ... |
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "native/rtp/rtcp_packet.h"

namespace jvbfastpath::rtp {

struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  uint32_t extended_highest_sequence = 0;
  uint32_t jitter = 0;
  uint32_t last_sr = 0;
  uint32_t delay_since_last_sr = 0;
};

class ReportBlocks {
 public:
  static constexpr size_t kBlockSize = 24;
  ReportBlocks() = default;
  explicit ReportBlocks(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  size_t size() const { return bytes_.size() / kBlockSize; }
  ReportBlock operator[](size_t i) const;  // i < size()

 private:
  std::span<const uint8_t> bytes_;
};

struct SenderReport {
  uint32_t ssrc = 0;
  uint64_t ntp_timestamp = 0;
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
  ReportBlocks blocks;
};

struct ReceiverReport {
  uint32_t ssrc = 0;
  ReportBlocks blocks;
};

Result<SenderReport, RtcpError> ParseSenderReport(const RtcpPacket& packet);
Result<ReceiverReport, RtcpError> ParseReceiverReport(const RtcpPacket& packet);

enum SdesItemType : uint8_t {
  kSdesEnd = 0,
  kSdesCname = 1,
  kSdesName = 2,
  kSdesEmail = 3,
  kSdesPhone = 4,
  kSdesLoc = 5,
  kSdesTool = 6,
  kSdesNote = 7,
  kSdesPriv = 8,
};

struct SdesItem {
  uint32_t ssrc = 0;  // of the chunk the item is in
  uint8_t type = 0;
  std::string_view text;
};

// Items of every chunk in order. error() is kOk after a complete walk of a valid packet.
// A chunk without items yields nothing. Fewer chunks than SC is an error; bytes after
// the SC-th chunk are ignored.
class SdesReader {
 public:
  explicit SdesReader(const RtcpPacket& packet);
  bool Next(SdesItem* item);
  RtcpError error() const { return error_; }

 private:
  bool Fail(RtcpError error);

  std::span<const uint8_t> body_;
  size_t pos_ = 0;
  size_t chunks_left_ = 0;
  bool in_chunk_ = false;
  uint32_t ssrc_ = 0;
  RtcpError error_ = RtcpError::kOk;
};

// Walks every item: kOk when the whole SDES packet is well formed.
RtcpError ValidateSdes(const RtcpPacket& packet);

struct Bye {
  std::span<const uint8_t> ssrc_bytes;  // 4 bytes per SSRC
  std::string_view reason;              // empty when absent
  size_t ssrc_count() const { return ssrc_bytes.size() / 4; }
  uint32_t ssrc(size_t i) const { return ReadU32(&ssrc_bytes[4 * i]); }
};

Result<Bye, RtcpError> ParseBye(const RtcpPacket& packet);

struct App {
  uint8_t subtype = 0;
  uint32_t ssrc = 0;
  std::string_view name;  // 4 bytes
  std::span<const uint8_t> data;
};

Result<App, RtcpError> ParseApp(const RtcpPacket& packet);

}  // namespace jvbfastpath::rtp
