// Fuzz target: a whole endpoint's ingress (native/pipeline) with fixed keys: packets split
// from the input by a length byte; odd ones are first protected by the sending client (so
// parsing and the E2EE policy after SRTP are reached), even ones arrive as they are. The
// conference cycles through its modes. Invariant: a forwardable packet's recorded opaque
// range lies inside it.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"

using namespace jvbfastpath;

namespace {

struct World {
  pipeline::Conference conference{"fuzz", conference::Mode::kE2eePassthrough};
  std::unique_ptr<pipeline::Endpoint> endpoint;
  std::unique_ptr<srtp::SrtpSession> client;
  World() {
    std::vector<uint8_t> km(56, 0x21);
    pipeline::EndpointConfig c;
    c.id = "e";
    c.extensions.Register(1, rtp::ExtensionType::kAudioLevel);
    c.extensions.Register(3, rtp::ExtensionType::kTransportSequenceNumber);
    c.payload_types.Set(96, codec::Codec::kVp8);
    c.payload_types.Set(111, codec::Codec::kOpus);
    std::string error;
    endpoint = pipeline::Endpoint::Create(conference, c, km, &error);
    auto keys = srtp::SplitDtlsKeyingMaterial(srtp::Profile::kAeadAes128Gcm, km,
                                              srtp::DtlsRole::kClient);
    srtp::SessionConfig s;
    s.direction = srtp::Direction::kOutbound;
    client = srtp::SrtpSession::Create(keys->local, s, &error);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  static unsigned calls = 0;
  world.conference.SetMode(conference::kAllModes[1 + (++calls % 3)]);
  std::vector<std::vector<uint8_t>> buffers;
  size_t pos = 0;
  for (int k = 0; pos < size && k < 16; ++k) {
    const size_t n = std::min<size_t>(data[pos], size - pos - 1);
    std::vector<uint8_t> b(data + pos + 1, data + pos + 1 + n);
    pos += 1 + n;
    size_t len = b.size();
    b.resize(len + srtp::kMaxTrailerLength);
    if (k % 2 == 1 && len >= 12) {
      b[0] = static_cast<uint8_t>((b[0] & 0x3F) | 0x80);
      world.client->ProtectRtp(b, len);
    }
    b.resize(len + srtp::kMaxTrailerLength);
    buffers.push_back(std::move(b));
  }
  std::vector<srtp::PacketSlot> slots;
  for (auto& b : buffers) slots.push_back({b, b.size() - srtp::kMaxTrailerLength, srtp::Status::kOk});
  std::vector<pipeline::IngressResult> results(slots.size());
  world.endpoint->Ingress(slots, results);
  for (size_t i = 0; i < slots.size(); ++i) {
    const auto& r = results[i];
    if (r.drop == pipeline::DropReason::kNone && r.guarded &&
        size_t{r.opaque.offset} + r.opaque.length > slots[i].length) {
      std::abort();
    }
  }
  return 0;
}
