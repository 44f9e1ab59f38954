#include "native/rtp/rtcp_reports.h"

namespace jvbfastpath::rtp {

ReportBlock ReportBlocks::operator[](size_t i) const {
  const uint8_t* p = &bytes_[i * kBlockSize];
  ReportBlock block;
  block.ssrc = ReadU32(p);
  block.fraction_lost = p[4];
  uint32_t lost = ReadU24(p + 5);
  if (lost & 0x800000) lost |= 0xff000000;  // sign-extend the 24-bit field
  block.cumulative_lost = static_cast<int32_t>(lost);
  block.extended_highest_sequence = ReadU32(p + 8);
  block.jitter = ReadU32(p + 12);
  block.last_sr = ReadU32(p + 16);
  block.delay_since_last_sr = ReadU32(p + 20);
  return block;
}

namespace {

Result<ReportBlocks, RtcpError> BlocksAt(const RtcpPacket& packet, size_t offset) {
  const size_t needed = size_t{packet.count} * ReportBlocks::kBlockSize;
  if (packet.body.size() - offset < needed) return RtcpError::kBlocksPastEnd;
  return ReportBlocks(packet.body.subspan(offset, needed));
}

}  // namespace

Result<SenderReport, RtcpError> ParseSenderReport(const RtcpPacket& packet) {
  if (packet.packet_type != kRtcpSenderReport) return RtcpError::kWrongType;
  constexpr size_t kSenderInfoSize = 24;
  if (packet.body.size() < kSenderInfoSize) return RtcpError::kBodyTooShort;
  const auto blocks = BlocksAt(packet, kSenderInfoSize);
  if (!blocks) return blocks.error();
  const uint8_t* p = packet.body.data();
  SenderReport report;
  report.ssrc = ReadU32(p);
  report.ntp_timestamp = ReadU64(p + 4);
  report.rtp_timestamp = ReadU32(p + 12);
  report.packet_count = ReadU32(p + 16);
  report.octet_count = ReadU32(p + 20);
  report.blocks = *blocks;
  return report;
}

Result<ReceiverReport, RtcpError> ParseReceiverReport(const RtcpPacket& packet) {
  if (packet.packet_type != kRtcpReceiverReport) return RtcpError::kWrongType;
  if (packet.body.size() < 4) return RtcpError::kBodyTooShort;
  const auto blocks = BlocksAt(packet, 4);
  if (!blocks) return blocks.error();
  ReceiverReport report;
  report.ssrc = ReadU32(packet.body.data());
  report.blocks = *blocks;
  return report;
}

SdesReader::SdesReader(const RtcpPacket& packet)
    : body_(packet.body), chunks_left_(packet.count) {
  if (packet.packet_type != kRtcpSdes) Fail(RtcpError::kWrongType);
}

bool SdesReader::Fail(RtcpError error) {
  error_ = error;
  pos_ = body_.size();
  chunks_left_ = 0;
  in_chunk_ = false;
  return false;
}

bool SdesReader::Next(SdesItem* item) {
  if (error_ != RtcpError::kOk) return false;
  while (true) {
    if (!in_chunk_) {
      if (chunks_left_ == 0) return false;
      if (body_.size() - pos_ < 4) return Fail(RtcpError::kSdesChunkPastEnd);
      ssrc_ = ReadU32(&body_[pos_]);
      pos_ += 4;
      --chunks_left_;
      in_chunk_ = true;
    }
    if (pos_ >= body_.size()) return Fail(RtcpError::kSdesItemPastEnd);  // no end item
    const uint8_t type = body_[pos_];
    if (type == kSdesEnd) {
      // The end item, then NULs up to the next 32-bit boundary (the body starts on one).
      const size_t next = (pos_ + 1 + 3) & ~size_t{3};
      if (next > body_.size()) return Fail(RtcpError::kSdesItemPastEnd);
      pos_ = next;
      in_chunk_ = false;
      continue;
    }
    if (body_.size() - pos_ < 2) return Fail(RtcpError::kSdesItemPastEnd);
    const size_t length = body_[pos_ + 1];
    if (body_.size() - pos_ - 2 < length) return Fail(RtcpError::kSdesItemPastEnd);
    item->ssrc = ssrc_;
    item->type = type;
    item->text = std::string_view(reinterpret_cast<const char*>(&body_[pos_ + 2]), length);
    pos_ += 2 + length;
    return true;
  }
}

RtcpError ValidateSdes(const RtcpPacket& packet) {
  SdesReader reader(packet);
  SdesItem item;
  while (reader.Next(&item)) {
  }
  return reader.error();
}

Result<Bye, RtcpError> ParseBye(const RtcpPacket& packet) {
  if (packet.packet_type != kRtcpBye) return RtcpError::kWrongType;
  const size_t ssrc_size = 4 * size_t{packet.count};
  if (packet.body.size() < ssrc_size) return RtcpError::kBlocksPastEnd;
  Bye bye;
  bye.ssrc_bytes = packet.body.first(ssrc_size);
  if (packet.body.size() > ssrc_size) {
    const size_t length = packet.body[ssrc_size];
    if (packet.body.size() - ssrc_size - 1 < length) return RtcpError::kByeReasonPastEnd;
    bye.reason =
        std::string_view(reinterpret_cast<const char*>(&packet.body[ssrc_size + 1]), length);
  }
  return bye;
}

Result<App, RtcpError> ParseApp(const RtcpPacket& packet) {
  if (packet.packet_type != kRtcpApp) return RtcpError::kWrongType;
  if (packet.body.size() < 8) return RtcpError::kBodyTooShort;
  App app;
  app.subtype = packet.count;
  app.ssrc = ReadU32(packet.body.data());
  app.name = std::string_view(reinterpret_cast<const char*>(&packet.body[4]), 4);
  app.data = packet.body.subspan(8);
  return app;
}

}  // namespace jvbfastpath::rtp
