// E2EE envelope recognition for the inspector: one e2ee::EnvelopeTracker per SSRC, fed
// exactly as the bridge's ingress feeds it (native/pipeline/endpoint.cc), so the verdicts
// printed are the ones the bridge would reach on the same packets.
//
// Contract: call OnPacket for every RTP packet that parsed (ParsePacket did not return
// kRtpInvalid), in capture order. The opaque bytes are the payload after the codec's
// descriptor, before RTP padding. A frame starts on an Opus packet or frame_start == 1,
// and ends on an Opus packet, frame_end == 1, or (frame_end unknown) the marker bit. The
// verdict is kUnknown except on a frame's last packet.
#pragma once

#include <cstdint>
#include <map>
#include <span>

#include "native/codec/packet_info.h"
#include "native/e2ee/envelope.h"

namespace jvbfastpath::inspect {

class EnvelopeStreams {
 public:
  e2ee::FrameVerdict OnPacket(std::span<const uint8_t> packet, const codec::PacketInfo& info);

 private:
  std::map<uint32_t, e2ee::EnvelopeTracker> by_ssrc_;
};

}  // namespace jvbfastpath::inspect
