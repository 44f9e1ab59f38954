// Fuzz target: E2EE envelope recognition (JFrame trailer, SFrame header, one stream's
// tracker across packets and frames). Input: a sequence of [flags byte, length byte, bytes].
#include <cstdint>
#include <span>

#include "native/e2ee/envelope.h"

using namespace jvbfastpath::e2ee;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  EnvelopeTracker trackers[3] = {EnvelopeTracker(ExpectedEnvelope::kJFrame),
                                 EnvelopeTracker(ExpectedEnvelope::kSFrame),
                                 EnvelopeTracker(ExpectedEnvelope::kAny)};
  size_t pos = 0;
  while (pos + 2 <= size) {
    const uint8_t flags = data[pos];
    const size_t n = std::min<size_t>(data[pos + 1], size - pos - 2);
    const std::span<const uint8_t> opaque(data + pos + 2, n);
    ParseSFrameHeader(opaque);
    MatchJFrameTrailer(opaque);
    for (auto& t : trackers) t.OnPacket(opaque, flags & 1, flags & 2);
    pos += 2 + n;
  }
  return 0;
}
