// The passthrough guarantee: the opaque bytes of an E2EE packet leave the bridge unchanged.
//
// What the bridge may touch: the RTP header and its extensions, and the codec payload
// descriptor (VP8/VP9 picture id, TL0PICIDX; the rewriters of native/rewrite). Everything
// after the descriptor is opaque: the envelope's clear prefix, ciphertext, tag, IV, trailer.
//
//   ingress:  a copy of packet[opaque_offset .. length) (every WebRTC packet's opaque bytes
//             fit kOpaqueCopyCapacity), else its digest (OpaqueDigest)
//   egress:   after every rewrite: the same bytes, compared exactly (or the same digest),
//             or the packet is never sent (dropped, counted with the stage that changed it)
// The copy makes the proof exact (byte for byte, not a 64-bit digest) and is cheaper than
// hashing at both ends: a copy at ingress, a compare per receiver (docs/performance.md).
// The pipeline has the cipher make that compare as it encrypts (srtp/expected_plaintext.h)
// and calls VerifyOpaqueLength before protect; VerifyOpaque is the whole check in one call.
//
// RTX (RFC 4588) is the one payload change the bridge makes: it adds (or removes) the
// 2-byte original sequence number before the original payload, so an RTX packet's opaque
// range starts 2 bytes later.
//
// Contract: pure functions over spans, no state, no allocation. Operations that would need
// or change the plaintext are refused in E2EE modes (AllowedOnE2ee, each operation named).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace jvbfastpath::e2ee {

// Opaque bytes up to this size are kept as a copy (libwebrtc sends at most 1200 bytes of
// RTP payload; headers and extensions come on top), larger ones as a digest.
inline constexpr size_t kOpaqueCopyCapacity = 1280;

// The copy's storage, deliberately left uninitialised until recorded: results are reset
// per packet, and unguarded packets must not pay for clearing 1280 bytes.
struct OpaqueCopy {
  OpaqueCopy() {}  // NOLINT(modernize-use-equals-default): no zeroing, see above
  uint8_t bytes[kOpaqueCopyCapacity];
};

// Where the opaque bytes are and how they were kept.
struct OpaqueRange {
  uint32_t offset = 0;  // where the opaque bytes start in the (non-RTX) packet
  uint32_t length = 0;
  uint64_t digest = 0;   // when the bytes did not fit the copy
  bool copied = false;   // copy.bytes[0 .. length) holds them
};

struct OpaqueRecord : OpaqueRange {
  OpaqueCopy copy;
  // Back to an empty record without touching the copy's storage.
  void Clear() { static_cast<OpaqueRange&>(*this) = OpaqueRange{}; }
};

// Records at ingress, in place. `opaque_offset` = RTP header (with extensions) + codec
// descriptor length, as the parser reports it; {0, 0, 0} if it lies past the end.
void RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset, OpaqueRecord& record);
// The same, returned (tests and tools).
OpaqueRecord RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset);

enum class GuardResult : uint8_t { kIntact, kModified, kLengthChanged };
std::string_view GuardResultName(GuardResult result);

// Verifies at egress. `rtx`: the packet is an RTX encapsulation of the recorded one.
GuardResult VerifyOpaque(std::span<const uint8_t> packet, size_t opaque_offset,
                         const OpaqueRecord& record, bool rtx = false);
// Its first half: kLengthChanged or kIntact from the lengths alone, for a caller that has
// the bytes compared elsewhere (the pipeline: by the cipher as it encrypts them,
// srtp/expected_plaintext.h), from OpaqueStart on.
GuardResult VerifyOpaqueLength(std::span<const uint8_t> packet, size_t opaque_offset,
                               const OpaqueRange& record, bool rtx = false);
// Where the opaque bytes start in the egress packet.
size_t OpaqueStart(size_t opaque_offset, bool rtx);

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
