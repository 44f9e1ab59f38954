// Cryptex (RFC 9335): SRTP that also encrypts an RTP packet's CSRCs and RFC 8285 header
// extensions. libsrtp 2.5 (Debian 12's) has no Cryptex (libsrtp's own arrived in 3.0 and,
// backported, in 2.8: docs/srtp.md), so this is our transform, run on the libsrtp stream's
// own state and crypto objects: its rollover counter and replay window (so Cryptex and plain
// packets of one stream share one index), its session keys through libsrtp's cipher/auth
// interface (libsrtp's types or ours).
//
//      0                   1                   2                   3
//      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//     |V=2|P|X|  CC   |M|     PT      |       sequence number         |  AAD (GCM)
//     |                           timestamp                           |  AAD
//     |           synchronization source (SSRC) identifier            |  AAD
//     +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//     |            contributing source (CSRC) identifiers ...         |  encrypted
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//     |  0xC0DE (1-byte) / 0xC2DE (2-byte)  |        length          |  AAD
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//     |                  RFC 8285 header extensions                   |  encrypted
//     |                          payload ...                          |  encrypted
//     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//     |                     authentication tag                        |
//
// The encrypted parts are one keystream (AES-CM) or one plaintext (GCM) in that order; the
// 4-byte extension header between them is not encrypted; with GCM the 12-byte fixed header
// and that extension header are the AAD. HMAC (AES-CM) authenticates the packet as sent, as
// RFC 3711 does. How: the extension header is moved in front of the CSRCs for the cipher's
// step (so the encrypted part is contiguous and the AAD is the first 16 bytes) and back.
//
// Contract:
// - Protect: an RTP packet with CSRCs or an RFC 8285 extension block (0xBEDE, 0x100X with
//   appbits 0) is sent as Cryptex: 0xC0DE / 0xC2DE, and a packet with CSRCs and no extension
//   block gets an empty 0xC0DE block (4 more bytes), as the RFC requires. Other packets
//   (nothing to hide, or another kind of extension) are kNotApplicable: the caller protects
//   them as plain SRTP.
// - Unprotect: a packet whose extension block says 0xC0DE / 0xC2DE. After it the packet is
//   plain RTP with 0xBEDE / 0x1000 (an empty block a sender added stays, as the RFC allows).
// - The stream: the libsrtp stream of the packet's SSRC. Without one, protect refuses
//   (kNoStream: the caller creates the stream and calls again) and unprotect uses the
//   session's template keys; then `new_stream_index` says which index the caller records in
//   the stream it creates (AdoptFirstIndex) once the packet has authenticated, as libsrtp
//   does for a plain packet of a new SSRC.
// - Replay window, rollover counter, key-usage limit and the outbound repeat rule are
//   libsrtp's (srtp_protect/srtp_unprotect's order of checks). No allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

struct srtp_ctx_t_;

namespace jvbfastpath::srtp::cryptex {

enum class Result : uint8_t {
  kOk,
  kNotApplicable,  // protect: no CSRC and no RFC 8285 block; unprotect: not a Cryptex packet
  kNoStream,       // protect: create the SSRC's stream first
  kNoRoom,         // protect: no room for the empty extension block and the tag
  kMalformed,      // CSRCs or the extension block run past the packet
  kAuthFail,
  kReplayFail,
  kReplayOld,
  kCryptoFail,     // a cipher/auth call failed, or the key-usage limit was reached
};

// What the packet's header says, without touching it.
enum class Form : uint8_t {
  kNothingToHide,   // no CSRC, no extension block
  kPlain8285,       // CSRCs and/or a 0xBEDE/0x100X block
  kOtherExtension,  // an extension block of another profile (RFC 3550 generic)
  kCryptex,         // a 0xC0DE/0xC2DE block
  kMalformed,
};
Form FormOf(std::span<const uint8_t> packet);

// `length` in and out; `packet.size()` is the capacity (the tag and any empty block go after).
Result Protect(srtp_ctx_t_* ctx, std::span<uint8_t> packet, size_t& length);

// `length` in and out. On kOk with a provisional (template) stream, `*new_stream_index` is
// the packet's index, for AdoptFirstIndex.
Result Unprotect(srtp_ctx_t_* ctx, std::span<uint8_t> packet, size_t& length,
                 std::optional<uint64_t>* new_stream_index);

// Records the first packet's index in the stream just created for `ssrc` (host order).
void AdoptFirstIndex(srtp_ctx_t_* ctx, uint32_t ssrc, uint64_t index);

}  // namespace jvbfastpath::srtp::cryptex
