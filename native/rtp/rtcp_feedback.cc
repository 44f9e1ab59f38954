#include "native/rtp/rtcp_feedback.h"

namespace jvbfastpath::rtp {

Result<Feedback, RtcpError> ParseFeedback(const RtcpPacket& packet) {
  if (packet.packet_type != kRtcpRtpFeedback && packet.packet_type != kRtcpPayloadFeedback) {
    return RtcpError::kWrongType;
  }
  if (packet.body.size() < 8) return RtcpError::kBodyTooShort;
  Feedback feedback;
  feedback.packet_type = packet.packet_type;
  feedback.fmt = packet.count;
  feedback.sender_ssrc = ReadU32(&packet.body[0]);
  feedback.media_ssrc = ReadU32(&packet.body[4]);
  feedback.fci = packet.body.subspan(8);
  return feedback;
}

Result<Nack, RtcpError> ParseNack(const Feedback& feedback) {
  if (feedback.packet_type != kRtcpRtpFeedback || feedback.fmt != kFmtNack) {
    return RtcpError::kWrongType;
  }
  if (feedback.fci.empty() || feedback.fci.size() % 4 != 0) return RtcpError::kFciInvalid;
  return Nack{feedback.fci};
}

Result<TransportCcFeedback, RtcpError> ParseTransportCc(const Feedback& feedback) {
  if (feedback.packet_type != kRtcpRtpFeedback || feedback.fmt != kFmtTransportCc) {
    return RtcpError::kWrongType;
  }
  if (feedback.fci.size() < 8) return RtcpError::kFciInvalid;
  TransportCcFeedback tcc;
  const uint8_t* p = feedback.fci.data();
  tcc.fci_ = feedback.fci;
  tcc.base_sequence_ = ReadU16(p);
  tcc.status_count_ = ReadU16(p + 2);
  uint32_t reference = ReadU24(p + 4);
  if (reference & 0x800000) reference |= 0xff000000;
  tcc.reference_time_ = static_cast<int32_t>(reference);
  tcc.feedback_count_ = p[7];

  size_t delta_bytes = 0;
  bool reserved = false;
  const size_t chunks_end = tcc.WalkStatuses([&](uint16_t, uint8_t symbol) {
    if (symbol == 3) reserved = true;
    delta_bytes += symbol == 3 ? 0 : symbol;
  });
  if (chunks_end == 0) return RtcpError::kTccChunksPastEnd;
  if (reserved) return RtcpError::kTccReservedSymbol;
  if (feedback.fci.size() - chunks_end < delta_bytes) return RtcpError::kTccDeltasPastEnd;
  tcc.deltas_offset_ = chunks_end;
  return tcc;
}

RtcpError ParsePli(const Feedback& feedback) {
  if (feedback.packet_type != kRtcpPayloadFeedback || feedback.fmt != kFmtPli) {
    return RtcpError::kWrongType;
  }
  return RtcpError::kOk;  // any FCI bytes are ignored
}

Result<Fir, RtcpError> ParseFir(const Feedback& feedback) {
  if (feedback.packet_type != kRtcpPayloadFeedback || feedback.fmt != kFmtFir) {
    return RtcpError::kWrongType;
  }
  if (feedback.fci.empty() || feedback.fci.size() % 8 != 0) return RtcpError::kFciInvalid;
  return Fir{feedback.fci};
}

Result<Remb, RtcpError> ParseRemb(const Feedback& feedback) {
  if (feedback.packet_type != kRtcpPayloadFeedback || feedback.fmt != kFmtAfb) {
    return RtcpError::kWrongType;
  }
  const std::span<const uint8_t> fci = feedback.fci;
  if (fci.size() < 4 || fci[0] != 'R' || fci[1] != 'E' || fci[2] != 'M' || fci[3] != 'B') {
    return RtcpError::kWrongType;
  }
  if (fci.size() < 8) return RtcpError::kFciInvalid;
  const size_t count = fci[4];
  const uint8_t exponent = fci[5] >> 2;
  const uint64_t mantissa = ReadU24(&fci[5]) & 0x3ffff;
  if (fci.size() - 8 < 4 * count) return RtcpError::kFciInvalid;
  Remb remb;
  // mantissa has at most 18 bits: it fits when shifted by up to 46.
  if (exponent <= 46 || (mantissa >> (64 - exponent)) == 0) {
    remb.bitrate_bps = mantissa << exponent;
  } else {
    remb.bitrate_bps = UINT64_MAX;
  }
  remb.ssrc_bytes = fci.subspan(8, 4 * count);
  return remb;
}

}  // namespace jvbfastpath::rtp
