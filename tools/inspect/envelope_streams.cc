#include "tools/inspect/envelope_streams.h"

namespace jvbfastpath::inspect {

e2ee::FrameVerdict EnvelopeStreams::OnPacket(std::span<const uint8_t> packet,
                                             const codec::PacketInfo& info) {
  const codec::FrameBounds bounds = codec::FrameBoundsOf(info);
  const e2ee::FrameOrigin origin{info.ssrc, info.timestamp};
  return by_ssrc_[info.ssrc].OnPacket(codec::FrameData(packet, info), bounds.start, bounds.end,
                                      &origin);
}

}  // namespace jvbfastpath::inspect
