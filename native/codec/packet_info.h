// One flat result per RTP packet for the Java side: RTP fields, the codec's frame and
// layer fields, and the header extensions the bridge reads, plus the byte offsets of every
// field the bridge may rewrite.
//
// Contract: ParsePacket fills *info from the packet bytes, the endpoint's extension map
// and payload type map, without allocating. Absent values are -1 (ints) and 0 for width,
// height and offsets; tri-state flags (keyframe, frame_start, frame_end, voice) are 1, 0,
// or -1 when the packet does not say. Offsets count from the first byte of the packet.
//  - kOk: everything parsed.
//  - kRtpInvalid: not an RTP packet; only rtp_error is meaningful.
//  - kCodecInvalid: the RTP header (and extensions) are filled, the payload header is not
//    valid for the codec its payload type maps to; codec_error says why and the codec
//    fields stay absent. The packet can still be forwarded as opaque.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "native/codec/codec.h"
#include "native/rtp/extension_map.h"
#include "native/rtp/rtp_packet.h"

namespace jvbfastpath::codec {

enum class PacketError : uint8_t { kOk, kRtpInvalid, kCodecInvalid };

std::string_view PacketErrorName(PacketError error);

struct PacketInfo {
  // RTP header.
  uint32_t ssrc = 0;
  uint32_t timestamp = 0;
  uint16_t sequence_number = 0;
  uint8_t payload_type = 0;
  uint8_t marker = 0;
  // Why parsing stopped (RtpError / CodecError values; 0 = ok).
  uint8_t rtp_error = 0;
  uint8_t codec_error = 0;
  // Codec fields.
  uint8_t codec = 0;  // Codec
  int8_t keyframe = -1;
  int8_t frame_start = -1;
  int8_t frame_end = -1;
  int8_t spatial_id = -1;
  int8_t temporal_id = -1;
  uint8_t picture_id_bits = 0;  // 7 or 15 when picture_id is present
  int32_t picture_id = -1;
  int32_t tl0picidx = -1;
  int32_t width = 0;
  int32_t height = 0;
  // Header extensions.
  int32_t audio_level = -1;  // 0..127 -dBov
  int8_t voice = -1;
  int32_t tcc_seq = -1;
  // Where things are, for rewriting in place (0 = absent).
  uint32_t payload_offset = 0;
  uint32_t payload_length = 0;
  // Bytes of the RTP payload format's own header at payload_offset (VP8/VP9 payload
  // descriptor, AV1 aggregation header; 0 for H.264, Opus and unknown codecs). What follows
  // is the codec's frame data: opaque to the bridge in an E2EE conference.
  uint32_t descriptor_length = 0;
  uint32_t tcc_seq_offset = 0;
  uint32_t picture_id_offset = 0;
  uint32_t tl0picidx_offset = 0;
  // H.264: which NAL units the packet carries (kH264Has* bits; 0 for other codecs).
  uint8_t h264_nals = 0;
  // RTX (RFC 4588; its payload type mapped with PayloadTypeMap::SetRtx): rtx = 1, and
  // rtx_osn the original sequence number, or -1 for a padding-only RTX packet (fewer than 2
  // payload bytes). The codec fields describe the original payload after the OSN, with
  // `codec` the associated payload type's; descriptor_length counts the 2 OSN bytes, so the
  // frame data (FrameData) starts after them; offsets are in this (RTX) packet.
  uint8_t rtx = 0;
  int32_t rtx_osn = -1;
  // AV1 Dependency Descriptor (when the extension is negotiated and present): its
  // mandatory fields, read without the per-stream template structure; the structure's
  // spatial/temporal ids need Av1DependencyStructureTracker (av1_dependency_descriptor.h).
  int32_t av1_frame_number = -1;
  uint32_t av1_dd_offset = 0;  // where the extension's data starts (frame number at +1)
  uint32_t av1_dd_length = 0;
};

inline constexpr uint8_t kH264HasSps = 1;
inline constexpr uint8_t kH264HasPps = 2;
inline constexpr uint8_t kH264HasIdr = 4;
inline constexpr uint8_t kH264HasSlice = 8;  // any slice (VCL NAL unit, types 1-5)

static_assert(std::is_trivially_copyable_v<PacketInfo> && std::is_standard_layout_v<PacketInfo>);

PacketError ParsePacket(std::span<const uint8_t> packet, const rtp::ExtensionMap& extensions,
                        const PayloadTypeMap& payload_types, PacketInfo* info);

// Where frames begin and end, for per-frame work (E2EE envelopes): every Opus packet is a
// frame; otherwise the payload header's start/end, and the marker bit when the codec does
// not say where a frame ends.
struct FrameBounds {
  bool start = false;
  bool end = false;
};
FrameBounds FrameBoundsOf(const PacketInfo& info);

// The PacketInfo of the original packet an RTX packet carries, as the bridge sees it after
// removing the OSN in place (RFC 4588 section 4; JVB's RtxHandler): sequence number = OSN,
// SSRC = `media_ssrc`, payload type = the associated one, offsets 2 bytes earlier.
// Anything else is returned unchanged.
PacketInfo DecapsulatedRtx(const PacketInfo& info, uint32_t media_ssrc, uint8_t apt);

// The bytes after the payload descriptor up to the padding: the codec's frame data (what
// an E2EE envelope covers). Empty if the offsets do not fit the packet.
std::span<const uint8_t> FrameData(std::span<const uint8_t> packet, const PacketInfo& info);

}  // namespace jvbfastpath::codec
