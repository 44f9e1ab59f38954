// The passthrough guarantee: the opaque bytes of an E2EE packet leave the bridge unchanged.
//
// What the bridge may touch: the RTP header and its extensions, and the codec payload
// descriptor (VP8/VP9 picture id, TL0PICIDX; the rewriters of native/rewrite). Everything
// after the descriptor is opaque: the envelope's clear prefix, ciphertext, tag, IV, trailer.
//
//   ingress:  digest = OpaqueDigest(packet[opaque_offset .. length))
//   egress:   after every rewrite, before protect: the same digest over the same range, or
//             the packet is never sent (dropped, counted with the stage that changed it)
//
// RTX (RFC 4588) is the one payload change the bridge makes: it adds (or removes) the
// 2-byte original sequence number before the original payload, so an RTX packet's opaque
// range starts 2 bytes later.
//
// Contract: pure functions over spans, no state, no allocation. Operations that would need
// or change the plaintext are refused in E2EE modes by CheckOperation with a reason.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace jvbfastpath::e2ee {

struct OpaqueRecord {
  uint32_t offset = 0;  // where the opaque bytes start in the (non-RTX) packet
  uint32_t length = 0;
  uint64_t digest = 0;
};

// Computes the record at ingress. `opaque_offset` = RTP header (with extensions) + codec
// descriptor length, as the parser reports it; nullopt-like {0,0,0} if it lies past the end.
OpaqueRecord RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset);

enum class GuardResult : uint8_t { kIntact, kModified, kLengthChanged };
std::string_view GuardResultName(GuardResult result);

// Verifies at egress. `rtx`: the packet is an RTX encapsulation of the recorded one.
GuardResult VerifyOpaque(std::span<const uint8_t> packet, size_t opaque_offset,
                         const OpaqueRecord& record, bool rtx = false);

// Operations on a packet's payload the bridge might ask for.
enum class PayloadOperation : uint8_t {
  kRewriteHeaderFields,  // SSRC, seq, timestamp, extensions, descriptor ids: allowed
  kRtxEncapsulate,       // add the 2-byte OSN: allowed, the guard knows it
  kRtxDecapsulate,       // remove it: allowed
  kStripRed,             // RFC 2198: needs to split the payload: refused
  kRepacketize,          // refused
  kEditPayload,          // anything past the descriptor: refused
};
std::string_view PayloadOperationName(PayloadOperation op);

// True if the operation may run on E2EE media; false (refused) otherwise.
bool AllowedOnE2ee(PayloadOperation op);

}  // namespace jvbfastpath::e2ee
