#include "tools/inspect/envelope_streams.h"

namespace jvbfastpath::inspect {

e2ee::FrameVerdict EnvelopeStreams::OnPacket(std::span<const uint8_t> packet,
                                             const codec::PacketInfo& info) {
  const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
  return by_ssrc_[info.ssrc].OnPacket(codec::FrameData(packet, info), bounds.start, bounds.end);
}

}  // namespace jvbfastpath::inspect
