// RTCP feedback (RFC 4585): RTPFB generic NACK (FMT 1) and transport-wide congestion
// control (FMT 15, draft-holmer-rmcat-transport-wide-cc-extensions-01); PSFB PLI (FMT 1),
// FIR (FMT 4, RFC 5104) and REMB (application layer feedback FMT 15,
// draft-alvestrand-rmcat-remb).
//
// Contract: ParseFeedback checks the common part; each FCI parser checks PT and FMT and
// that the FCI holds what it announces (for transport-cc: every chunk and every delta),
// so the accessors of a returned view never read out of bounds. Views only.
//
// Common feedback packet (PT=205 RTPFB, 206 PSFB), body:
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                  SSRC of packet sender                        |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    |                  SSRC of media source                         |
//    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//    :            Feedback Control Information (FCI)                 :
//
// Generic NACK FCI, one or more of:
//    |            PID                |             BLP               |
//   PID lost, and PID+i+1 lost for each bit i of BLP (bit 0 = least significant).
//
// Transport-cc FCI:
//    |      base sequence number     |      packet status count      |
//    |                 reference time                | fb pkt. count |
//    |          packet chunk         |         packet chunk          |
//    .                                                               .
//    |         packet chunk          |  recv delta   |  recv delta   |
//    .                                                               .
//   Run length chunk:    |T=0| S |       run length (13)           |
//   Status vector chunk: |T=1|S=0|   14 one-bit symbols            |
//                        |T=1|S=1|   7 two-bit symbols             |
//   Symbols: 0 not received, 1 received with a 1-byte delta (unsigned), 2 received with
//   a 2-byte delta (signed), 3 reserved. Deltas in 250 us units; reference time in 64 ms.
//
// FIR FCI, one or more of:
//    |                              SSRC                             |
//    | Seq nr.       |    Reserved                                   |
//
// REMB FCI:
//    |  Unique identifier 'R' 'E' 'M' 'B'                            |
//    |  Num SSRC     | BR Exp    |  BR Mantissa                      |
//    |   SSRC feedback (Num SSRC times)                              |
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/rtp/rtcp_packet.h"

namespace jvbfastpath::rtp {

inline constexpr uint8_t kFmtNack = 1;
inline constexpr uint8_t kFmtTransportCc = 15;
inline constexpr uint8_t kFmtPli = 1;
inline constexpr uint8_t kFmtFir = 4;
inline constexpr uint8_t kFmtAfb = 15;

struct Feedback {
  uint8_t packet_type = 0;
  uint8_t fmt = 0;
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  std::span<const uint8_t> fci;
};

Result<Feedback, RtcpError> ParseFeedback(const RtcpPacket& packet);

struct Nack {
  std::span<const uint8_t> fci;  // 4 bytes per entry
  size_t size() const { return fci.size() / 4; }
  uint16_t pid(size_t i) const { return ReadU16(&fci[4 * i]); }
  uint16_t blp(size_t i) const { return ReadU16(&fci[4 * i + 2]); }
  // Calls f(uint16_t seq) for every lost sequence number, in the order of the FCI.
  template <typename F>
  void ForEachLost(F&& f) const {
    for (size_t i = 0; i < size(); ++i) {
      const uint16_t p = pid(i);
      const uint16_t b = blp(i);
      f(p);
      for (int bit = 0; bit < 16; ++bit) {
        if (b & (1u << bit)) f(static_cast<uint16_t>(p + bit + 1));
      }
    }
  }
};

Result<Nack, RtcpError> ParseNack(const Feedback& feedback);

class TransportCcFeedback {
 public:
  uint16_t base_sequence() const { return base_sequence_; }
  uint16_t status_count() const { return status_count_; }
  int32_t reference_time() const { return reference_time_; }  // in 64 ms units, signed
  uint8_t feedback_count() const { return feedback_count_; }

  // Calls f(uint16_t seq, bool received, int32_t delta_250us) for each of status_count()
  // packets in order; delta is 0 for packets not received.
  template <typename F>
  void ForEachPacket(F&& f) const {
    size_t delta_pos = deltas_offset_;
    WalkStatuses([&](uint16_t index, uint8_t symbol) {
      const uint16_t seq = static_cast<uint16_t>(base_sequence_ + index);
      if (symbol == 1) {
        f(seq, true, int32_t{fci_[delta_pos]});
        delta_pos += 1;
      } else if (symbol == 2) {
        f(seq, true, int32_t{static_cast<int16_t>(ReadU16(&fci_[delta_pos]))});
        delta_pos += 2;
      } else {
        f(seq, false, 0);
      }
    });
  }

 private:
  friend Result<TransportCcFeedback, RtcpError> ParseTransportCc(const Feedback& feedback);

  // Calls on_status(index, symbol) for each packet status; returns the byte offset in the
  // FCI after the last chunk used, or 0 when the chunks run past the FCI.
  template <typename G>
  size_t WalkStatuses(G&& on_status) const {
    size_t pos = 8;
    uint32_t index = 0;
    while (index < status_count_) {
      if (fci_.size() - pos < 2) return 0;
      const uint16_t chunk = ReadU16(&fci_[pos]);
      pos += 2;
      const uint32_t left = status_count_ - index;
      if ((chunk & 0x8000) == 0) {  // run length
        const uint8_t symbol = (chunk >> 13) & 0x3;
        const uint32_t run = chunk & 0x1fff;
        for (uint32_t i = 0; i < run && i < left; ++i) on_status(uint16_t(index + i), symbol);
        index += run < left ? run : left;
      } else if ((chunk & 0x4000) == 0) {  // 14 one-bit symbols
        for (uint32_t i = 0; i < 14 && i < left; ++i) {
          on_status(uint16_t(index + i), uint8_t((chunk >> (13 - i)) & 0x1));
        }
        index += 14 < left ? 14 : left;
      } else {  // 7 two-bit symbols
        for (uint32_t i = 0; i < 7 && i < left; ++i) {
          on_status(uint16_t(index + i), uint8_t((chunk >> (12 - 2 * i)) & 0x3));
        }
        index += 7 < left ? 7 : left;
      }
    }
    return pos;
  }

  std::span<const uint8_t> fci_;
  size_t deltas_offset_ = 0;
  uint16_t base_sequence_ = 0;
  uint16_t status_count_ = 0;
  int32_t reference_time_ = 0;
  uint8_t feedback_count_ = 0;
};

Result<TransportCcFeedback, RtcpError> ParseTransportCc(const Feedback& feedback);

// PLI has no FCI: kOk for a valid PLI, else the reason.
RtcpError ParsePli(const Feedback& feedback);

struct FirEntry {
  uint32_t ssrc = 0;
  uint8_t sequence = 0;
};

struct Fir {
  std::span<const uint8_t> fci;  // 8 bytes per entry
  size_t size() const { return fci.size() / 8; }
  FirEntry operator[](size_t i) const { return {ReadU32(&fci[8 * i]), fci[8 * i + 4]}; }
};

Result<Fir, RtcpError> ParseFir(const Feedback& feedback);

struct Remb {
  uint64_t bitrate_bps = 0;  // mantissa << exp, saturated at UINT64_MAX
  std::span<const uint8_t> ssrc_bytes;
  size_t ssrc_count() const { return ssrc_bytes.size() / 4; }
  uint32_t ssrc(size_t i) const { return ReadU32(&ssrc_bytes[4 * i]); }
};

// kWrongType also for an AFB message that is not REMB.
Result<Remb, RtcpError> ParseRemb(const Feedback& feedback);

}  // namespace jvbfastpath::rtp
