#include "native/codec/packet_info.h"

#include "native/codec/av1.h"
#include "native/codec/av1_dependency_descriptor.h"
#include "native/codec/h264.h"
#include "native/codec/opus.h"
#include "native/codec/vp8.h"
#include "native/codec/vp9.h"
#include "native/rtp/bytes.h"
#include "native/rtp/rtp_extensions.h"

namespace jvbfastpath::codec {

std::string_view PacketErrorName(PacketError error) {
  switch (error) {
    case PacketError::kOk:
      return "ok";
    case PacketError::kRtpInvalid:
      return "rtp_invalid";
    case PacketError::kCodecInvalid:
      return "codec_invalid";
  }
  return "unknown";
}

namespace {

CodecError FillVp8(std::span<const uint8_t> payload, uint32_t base, PacketInfo* info) {
  const auto d = ParseVp8Descriptor(payload);
  if (!d) return d.error();
  info->descriptor_length = d->size;
  info->frame_start = d->frame_start() ? 1 : 0;
  info->temporal_id = d->tid;
  info->picture_id = d->picture_id;
  info->picture_id_bits = d->picture_id_bits;
  info->tl0picidx = d->tl0picidx;
  if (d->picture_id_offset != 0) info->picture_id_offset = base + d->picture_id_offset;
  if (d->tl0picidx_offset != 0) info->tl0picidx_offset = base + d->tl0picidx_offset;
  if (!d->frame_start()) {
    info->keyframe = 0;
    return CodecError::kOk;
  }
  // The frame header is frame data, not payload format: end-to-end encryption without a
  // clear prefix (SFrame, docs/e2ee.md) hides it. The descriptor alone is what forwarding
  // needs, so an unreadable frame header leaves keyframe and size unknown, not the packet.
  const auto h = ParseVp8FrameHeader(payload.subspan(d->size));
  if (!h) return CodecError::kOk;
  info->keyframe = h->keyframe ? 1 : 0;
  info->width = h->width;
  info->height = h->height;
  return CodecError::kOk;
}

CodecError FillVp9(std::span<const uint8_t> payload, uint32_t base, PacketInfo* info) {
  const auto d = ParseVp9Descriptor(payload);
  if (!d) return d.error();
  info->descriptor_length = static_cast<uint32_t>(d->size);
  info->keyframe = d->keyframe() ? 1 : 0;
  info->frame_start = d->start_of_frame ? 1 : 0;
  info->frame_end = d->end_of_frame ? 1 : 0;
  info->spatial_id = d->sid;
  info->temporal_id = d->tid;
  info->picture_id = d->picture_id;
  info->picture_id_bits = d->picture_id_bits;
  info->tl0picidx = d->tl0picidx;
  if (d->picture_id_offset != 0) info->picture_id_offset = base + d->picture_id_offset;
  if (d->tl0picidx_offset != 0) info->tl0picidx_offset = base + d->tl0picidx_offset;
  if (d->has_ss && d->ss.has_resolution) {
    const size_t layer = d->sid > 0 ? static_cast<size_t>(d->sid) : 0;
    if (layer < d->ss.num_spatial_layers) {
      info->width = d->ss.width[layer];
      info->height = d->ss.height[layer];
    }
  }
  return CodecError::kOk;
}

CodecError FillH264(std::span<const uint8_t> payload, PacketInfo* info) {
  const auto h = ParseH264Payload(payload);
  if (!h) return h.error();
  // SPS and PPS travel with IDR pictures only (libwebrtc, x264): a packet with either
  // belongs to a keyframe (h264_access_unit.h extends it to the whole access unit).
  info->keyframe = h->keyframe || h->has_sps || h->has_pps ? 1 : 0;
  info->frame_start = h->frame_start ? 1 : 0;
  info->h264_nals = static_cast<uint8_t>((h->has_sps ? kH264HasSps : 0) |
                                         (h->has_pps ? kH264HasPps : 0) |
                                         (h->keyframe ? kH264HasIdr : 0) |
                                         (h->has_slice ? kH264HasSlice : 0));
  info->width = static_cast<int32_t>(h->width);
  info->height = static_cast<int32_t>(h->height);
  return CodecError::kOk;
}

CodecError FillAv1(std::span<const uint8_t> payload, PacketInfo* info) {
  const auto a = ParseAv1Payload(payload);
  if (!a) return a.error();
  info->descriptor_length = 1;  // the aggregation header
  info->keyframe = a->new_coded_video_sequence ? 1 : 0;
  if (a->new_coded_video_sequence && info->av1_frame_number < 0) info->frame_start = 1;
  return CodecError::kOk;
}

// The RTP header fields of `rtp` (parsed from `packet`) and its negotiated extensions.
// Always inlined: once on every packet's path, once more only on the codec-error path.
[[gnu::always_inline]] inline void FillRtpFields(const rtp::RtpPacket& rtp, std::span<const uint8_t> packet,
                   const rtp::ExtensionMap& extensions, PacketInfo* info) {
  info->ssrc = rtp.ssrc();
  info->timestamp = rtp.timestamp();
  info->sequence_number = rtp.sequence_number();
  info->payload_type = rtp.payload_type();
  info->marker = rtp.marker() ? 1 : 0;
  info->payload_offset = static_cast<uint32_t>(rtp.header_size());
  info->payload_length = static_cast<uint32_t>(rtp.payload().size());

  if (rtp.has_extension()) {
    // One pass over the extension block: each element dispatched by its negotiated type.
    rtp::ExtensionReader reader(rtp);
    rtp::ExtensionElement element;
    while (reader.Next(&element)) {
      switch (extensions.TypeOf(element.id)) {
        case rtp::ExtensionType::kAudioLevel:
          if (const auto level = rtp::AudioLevelExtension::Parse(element.data)) {
            info->audio_level = level->level;
            info->voice = level->voice ? 1 : 0;
          }
          break;
        case rtp::ExtensionType::kTransportSequenceNumber:
          if (const auto seq = rtp::TransportSequenceNumberExtension::Parse(element.data)) {
            info->tcc_seq = *seq;
            info->tcc_seq_offset = static_cast<uint32_t>(rtp::OffsetIn(packet, element.data));
          }
          break;
        case rtp::ExtensionType::kDependencyDescriptor:
          if (const auto m = ParseAv1DdMandatoryFields(element.data)) {
            info->av1_frame_number = m->frame_number;
            info->av1_dd_offset = static_cast<uint32_t>(rtp::OffsetIn(packet, element.data));
            info->av1_dd_length = static_cast<uint32_t>(element.data.size());
            info->frame_start = m->start_of_frame ? 1 : 0;
            info->frame_end = m->end_of_frame ? 1 : 0;
          }
          break;
        default:
          break;
      }
    }
  }
}

}  // namespace

PacketError ParsePacket(std::span<const uint8_t> packet, const rtp::ExtensionMap& extensions,
                        const PayloadTypeMap& payload_types, PacketInfo* info) {
  *info = PacketInfo();
  const auto rtp = rtp::ParseRtp(packet);
  if (!rtp) {
    info->rtp_error = static_cast<uint8_t>(rtp.error());
    return PacketError::kRtpInvalid;
  }
  FillRtpFields(*rtp, packet, extensions, info);

  std::span<const uint8_t> payload = rtp->payload();
  uint32_t base = info->payload_offset;
  const int apt = payload_types.RtxApt(rtp->payload_type());
  if (apt >= 0) {
    info->rtx = 1;
    if (payload.size() < 2) {  // padding only (a bandwidth probe): nothing to parse
      info->codec = static_cast<uint8_t>(Codec::kUnknown);
      return PacketError::kOk;
    }
    info->rtx_osn = rtp::ReadU16(payload.data());
    payload = payload.subspan(2);
    base += 2;
  }
  const Codec codec = payload_types.CodecOf(apt >= 0 ? static_cast<uint8_t>(apt)
                                                     : rtp->payload_type());
  info->codec = static_cast<uint8_t>(codec);
  CodecError error = CodecError::kOk;
  switch (codec) {
    case Codec::kVp8:
      info->frame_end = info->marker;
      error = FillVp8(payload, base, info);
      break;
    case Codec::kVp9:
      error = FillVp9(payload, base, info);
      break;
    case Codec::kH264:
      info->frame_end = info->marker;
      error = FillH264(payload, info);
      break;
    case Codec::kAv1:
      if (info->av1_frame_number < 0) info->frame_end = info->marker;
      error = FillAv1(payload, info);
      break;
    case Codec::kOpus:
      if (!payload.empty()) {  // an empty payload is DTX/keep-alive, not an error
        const auto toc = ParseOpusToc(payload);
        if (!toc) error = toc.error();
      }
      break;
    case Codec::kUnknown:
      break;
  }
  if (error != CodecError::kOk) {
    // Keep the RTP and extension fields; drop the half-filled codec ones (with the frame
    // bounds the Dependency Descriptor gave).
    const PacketInfo clean;
    *info = clean;
    FillRtpFields(*rtp, packet, extensions, info);
    info->frame_start = clean.frame_start;
    info->frame_end = clean.frame_end;
    info->codec = static_cast<uint8_t>(codec);
    info->codec_error = static_cast<uint8_t>(error);
    if (apt >= 0) {
      info->rtx = 1;
      info->rtx_osn = rtp::ReadU16(rtp->payload().data());
      info->descriptor_length = 2;
    }
    return PacketError::kCodecInvalid;
  }
  if (apt >= 0) info->descriptor_length += 2;  // the OSN
  return PacketError::kOk;
}

PacketInfo DecapsulatedRtx(const PacketInfo& info, uint32_t media_ssrc, uint8_t apt) {
  if (info.rtx == 0 || info.rtx_osn < 0) return info;
  PacketInfo out = info;
  out.rtx = 0;
  out.rtx_osn = -1;
  out.ssrc = media_ssrc;
  out.sequence_number = static_cast<uint16_t>(info.rtx_osn);
  out.payload_type = apt;
  out.payload_length -= 2;
  out.descriptor_length -= 2;
  for (uint32_t* offset : {&out.picture_id_offset, &out.tl0picidx_offset}) {
    if (*offset != 0) *offset -= 2;
  }
  return out;
}

FrameBounds FrameBoundsOf(const PacketInfo& info) {
  if (info.codec == static_cast<uint8_t>(Codec::kOpus)) return {true, true};
  return {info.frame_start == 1, info.frame_end == 1 || (info.frame_end < 0 && info.marker != 0)};
}

std::span<const uint8_t> FrameData(std::span<const uint8_t> packet, const PacketInfo& info) {
  const size_t begin = size_t{info.payload_offset} + info.descriptor_length;
  const size_t end = size_t{info.payload_offset} + info.payload_length;
  if (begin > end || end > packet.size()) return {};
  return packet.subspan(begin, end - begin);
}

}  // namespace jvbfastpath::codec
