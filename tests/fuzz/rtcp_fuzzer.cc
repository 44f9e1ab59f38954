// Fuzz target: RTCP compound packets (native/rtp): the reader and every report and feedback
// parser, including transport-cc's per-packet walk. Invariant: the reader never yields a
// packet that extends past the input.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "native/rtp/rtcp_feedback.h"
#include "native/rtp/rtcp_packet.h"
#include "native/rtp/rtcp_reports.h"

using namespace jvbfastpath::rtp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  ValidateRtcpCompound(input);
  RtcpReader reader(input);
  RtcpPacket packet;
  int guard = 0;
  while (reader.Next(&packet) && ++guard < 1000) {
    ParseSenderReport(packet);
    ParseReceiverReport(packet);
    ParseBye(packet);
    ParseApp(packet);
    ValidateSdes(packet);
    if (auto fb = ParseFeedback(packet)) {
      if (auto nack = ParseNack(*fb)) nack->ForEachLost([](uint16_t) {});
      if (auto tcc = ParseTransportCc(*fb)) {
        uint32_t seen = 0;
        tcc->ForEachPacket([&](uint16_t, bool, int32_t) { ++seen; });
        if (seen != tcc->status_count()) std::abort();
      }
      ParsePli(*fb);
      ParseFir(*fb);
      ParseRemb(*fb);
    }
  }
  return 0;
}
