// Fuzz target: E2EE envelope recognition (JFrame trailer, SFrame header, one stream's
// tracker across packets and frames). Input: a sequence of [flags byte, length byte, bytes].
// Flags: bit 0 frame start, bit 1 frame end, bit 2 with an origin (as ingress gives it):
// bit 3 picks one of two timestamps, bits 4-5 advance the sequence number by 0-3, bit 6
// wraps it.
#include <cstdint>
#include <span>

#include "native/e2ee/envelope.h"

using namespace jvbfastpath::e2ee;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EnvelopeTracker trackers[3] = {EnvelopeTracker(ExpectedEnvelope::kJFrame),
                                 EnvelopeTracker(ExpectedEnvelope::kSFrame),
                                 EnvelopeTracker(ExpectedEnvelope::kAny)};
  size_t pos = 0;
  int32_t sequence = 65534;
  while (pos + 2 <= size) {
    const uint8_t flags = data[pos];
    const size_t n = std::min<size_t>(data[pos + 1], size - pos - 2);
    const std::span<const uint8_t> opaque(data + pos + 2, n);
    sequence = (flags & 0x40) != 0 ? 0 : (sequence + ((flags >> 4) & 3)) & 0xFFFF;
    const FrameOrigin origin{0x01020304, (flags & 8) != 0 ? 0x05060708u : 0u, sequence};
    const FrameOrigin* o = (flags & 4) != 0 ? &origin : nullptr;
    ParseSFrameHeader(opaque);
    MatchJFrameTrailer(opaque, o);
    for (auto& t : trackers) t.OnPacket(opaque, flags & 1, flags & 2, o);
    pos += 2 + n;
  }
  return 0;
}
