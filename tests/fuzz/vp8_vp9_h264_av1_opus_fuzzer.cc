// Fuzz target: the codec payload parsers (native/codec), each on its own, and ParsePacket
// with a fixed ExtensionMap / PayloadTypeMap.
//
// Input: byte 0 picks the parser (mod 8), the rest is its input:
//   0 VP8 descriptor (+ frame header after it), picture id / TL0PICIDX writers
//   1 VP9 descriptor with the scalability structure, writers
//   2 H.264 payload (single NAL, STAP-A, FU-A)     3 H.264 SPS (one NAL)
//   4 AV1 aggregation header + OBU elements         5 Opus TOC
//   6 AV1 Dependency Descriptor: one stream's tracker over [length byte, bytes] records
//   7 codec::ParsePacket (RTP + extensions + the codec the PT maps to)
// Every parser gets an exact-size copy, so ASan sees a read one byte past the input.
// Invariants (std::abort when broken): a descriptor never ends past the payload; field
// offsets lie inside it; picture ids fit their width; the VP9 SS picture walk consumes
// exactly its view; a writer changes only its field's bytes, the value reads back and the
// descriptor keeps its size; Opus durations stay within RFC 6716 limits; ParsePacket's
// offsets lie inside the packet and FrameData is the range after the descriptor.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "native/codec/av1.h"
#include "native/codec/av1_dependency_descriptor.h"
#include "native/codec/codec.h"
#include "native/codec/h264.h"
#include "native/codec/h264_sps.h"
#include "native/codec/opus.h"
#include "native/codec/packet_info.h"
#include "native/codec/picture_id.h"
#include "native/codec/vp8.h"
#include "native/codec/vp9.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath;
using fuzz::Check;
using fuzz::CheckOnlyChanged;
using namespace jvbfastpath::codec;

namespace {

uint16_t PictureIdValue(uint8_t seed) { return static_cast<uint16_t>(seed * 131u + 7u); }

// The picture id and TL0PICIDX writers of a VP8/VP9 descriptor `d` parsed from `p`: each
// changes only its bytes and parses back (`same_bits`: with the picture id's width too),
// or writes nothing when its field is absent.
template <typename Descriptor, typename Parse>
void CheckDescriptorWriters(std::vector<uint8_t>& p, const Descriptor& d, Parse parse,
                            bool same_bits) {
  const uint16_t pid = PictureIdValue(p.back());
  std::vector<uint8_t> before = p;
  if (WriteDescriptorPictureId(p, d, pid)) {
    CheckOnlyChanged(before, p, d.picture_id_offset, d.picture_id_bits == 15 ? 2 : 1);
    const auto again = parse(p);
    Check(again.ok() && again->size == d.size &&
          (!same_bits || again->picture_id_bits == d.picture_id_bits) &&
          again->picture_id == (pid & ((1 << d.picture_id_bits) - 1)));
  } else {
    Check(before == p && d.picture_id < 0);
  }
  before = p;
  if (WriteDescriptorTl0PicIdx(p, d, static_cast<uint8_t>(pid))) {
    CheckOnlyChanged(before, p, d.tl0picidx_offset, 1);
    const auto again = parse(p);
    Check(again.ok() && again->size == d.size && again->tl0picidx == static_cast<uint8_t>(pid));
  } else {
    Check(before == p && d.tl0picidx < 0);
  }
}

// A VP8 or VP9 descriptor's size and id fields, against each other and the packet.
template <typename Descriptor>
void CheckIdFields(const Descriptor& d, size_t packet_size) {
  Check(d.size >= 1 && d.size <= packet_size);
  Check(d.picture_id_offset < d.size && d.tl0picidx_offset < d.size);
  Check((d.picture_id < 0) == (d.picture_id_offset == 0));
  Check((d.tl0picidx < 0) == (d.tl0picidx_offset == 0));
  if (d.picture_id >= 0) {
    Check(d.picture_id_bits == 7 || d.picture_id_bits == 15);
    Check(d.picture_id < (1 << d.picture_id_bits));
  }
}

void FuzzVp8(std::vector<uint8_t>& p) {
  const auto d = ParseVp8Descriptor(p);
  if (!d) return;
  CheckIdFields(*d, p.size());
  if (d->picture_id >= 0) {
    Check(d->picture_id_offset + (d->picture_id_bits == 15 ? 2u : 1u) <= d->size);
  }
  if (d->frame_start()) {
    if (const auto h = ParseVp8FrameHeader(std::span<const uint8_t>(p).subspan(d->size))) {
      Check(h->keyframe || (h->width == 0 && h->height == 0));
      Check(h->width < (1 << 14) && h->height < (1 << 14) && h->horizontal_scale < 4 &&
            h->vertical_scale < 4 && h->version < 8);
    }
  }
  CheckDescriptorWriters(p, *d, ParseVp8Descriptor, /*same_bits=*/true);
}

void FuzzVp9(std::vector<uint8_t>& p) {
  const auto d = ParseVp9Descriptor(p);
  if (!d) return;
  CheckIdFields(*d, p.size());
  Check(d->num_pdiffs <= 3);
  if (d->has_ss) {
    const Vp9ScalabilityStructure& ss = d->ss;
    Check(ss.num_spatial_layers >= 1 &&
          ss.num_spatial_layers <= Vp9ScalabilityStructure::kMaxSpatialLayers);
    Check(ss.pictures.empty() ||
          (ss.pictures.data() >= p.data() && ss.pictures.data() + ss.pictures.size() <=
                                                 p.data() + d->size));
    size_t consumed = 0;
    uint32_t pictures = 0;
    ss.ForEachPicture([&](const Vp9SsPicture& pic) {
      consumed += 1 + pic.num_refs;
      ++pictures;
      Check(pic.num_refs <= 3 && pic.tid < 8);
    });
    Check(pictures == ss.num_pictures && consumed == ss.pictures.size());
    Check(ss.has_group || ss.num_pictures == 0);
  }
  CheckDescriptorWriters(p, *d, ParseVp9Descriptor, /*same_bits=*/false);
}

void FuzzH264(const std::vector<uint8_t>& p) {
  const auto h = ParseH264Payload(p);
  if (!h) return;
  Check(h->nal_count >= 1);
  Check(h->packetization >= 1 && h->packetization <= 28);
  Check(h->has_sps || (h->width == 0 && h->height == 0 && h->profile_idc == 0));
  Check(h->packetization == kH264FuA || (!h->fu_start && !h->fu_end));
}

void FuzzSps(const std::vector<uint8_t>& p) {
  const auto sps = ParseH264Sps(p);
  if (!sps) return;
  Check(sps->sps_id <= 31 && sps->chroma_format_idc <= 3);
}

void FuzzAv1(const std::vector<uint8_t>& p) {
  const auto a = ParseAv1Payload(p);
  if (!a) return;
  Check(a->element_count_field <= 3);
  Check(a->element_count_field == 0 || a->element_count == a->element_count_field);
}

void FuzzOpus(const std::vector<uint8_t>& p) {
  const auto toc = ParseOpusToc(p);
  if (!toc) return;
  Check(toc->config == (p[0] >> 3) && toc->frame_count_code == (p[0] & 3));
  Check(toc->frame_count >= 1 && toc->frame_count <= 48);
  Check(toc->frame_duration_us >= 2500 && toc->frame_duration_us <= 60000);
  Check(uint32_t{toc->frame_count} * toc->frame_duration_us <= 120000);
  Check(toc->frame_count_code == 3 || toc->frame_count == (toc->frame_count_code == 0 ? 1 : 2));
}

void FuzzAv1Dd(std::span<const uint8_t> input) {
  static Av1DependencyStructureTracker tracker;  // persists: structures carry over inputs
  if (!input.empty() && input[0] == 0xFF) tracker.Reset();
  size_t pos = 0;
  while (pos < input.size()) {
    const size_t n = std::min<size_t>(input[pos], input.size() - pos - 1);
    const std::vector<uint8_t> dd(input.begin() + pos + 1, input.begin() + pos + 1 + n);
    pos += 1 + n;
    const auto mandatory = ParseAv1DdMandatoryFields(dd);
    Check(mandatory.ok() == (dd.size() >= 3));
    const auto r = tracker.Parse(dd);
    if (!r) {
      Av1DdErrorName(r.error());
      continue;
    }
    Check(tracker.has_structure());
    const Av1TemplateStructure& s = tracker.structure();
    Check(s.template_count >= 1 && s.template_count <= kAv1MaxTemplates);
    Check(s.decode_target_count >= 1 && s.decode_target_count <= kAv1MaxDecodeTargets);
    Check(s.chain_count <= s.decode_target_count);
    Check(r->template_index < s.template_count);
    Check(r->spatial_id < kAv1MaxSpatialLayers && r->temporal_id < kAv1MaxTemporalLayers);
    Check(r->fdiff_count <= kAv1MaxFdiffs && r->chain_count <= kAv1MaxChains);
    Check(r->mandatory.frame_number == mandatory->frame_number &&
          r->mandatory.template_id == mandatory->template_id);
    std::vector<uint8_t> copy = dd;
    Check(WriteAv1FrameNumber(copy, 0xBEEF));
    CheckOnlyChanged(dd, copy, 1, 2);
    Check(ParseAv1DdMandatoryFields(copy)->frame_number == 0xBEEF);
  }
}

void FuzzParsePacket(const std::vector<uint8_t>& p) {
  static const fuzz::FuzzMaps maps(/*abs_send_time=*/true);
  PacketInfo info;
  const PacketError e = ParsePacket(p, maps.extensions, maps.types, &info);
  PacketErrorName(e);
  if (e == PacketError::kRtpInvalid) {
    Check(info.rtp_error != 0 && info.payload_offset == 0);
    return;
  }
  Check((e == PacketError::kCodecInvalid) == (info.codec_error != 0));
  const size_t size = p.size();
  Check(info.payload_offset >= 12 && size_t{info.payload_offset} + info.payload_length <= size);
  Check(info.descriptor_length <= info.payload_length);
  Check(info.tcc_seq_offset == 0 ||
        (info.tcc_seq_offset >= 16 && info.tcc_seq_offset + 2 <= info.payload_offset));
  Check(info.av1_dd_offset == 0 ||
        (info.av1_dd_offset >= 16 && info.av1_dd_offset + info.av1_dd_length <= info.payload_offset));
  const uint32_t descriptor_end = info.payload_offset + info.descriptor_length;
  if (info.picture_id >= 0) {
    Check(info.picture_id_offset > info.payload_offset &&
          info.picture_id_offset + (info.picture_id_bits == 15 ? 2u : 1u) <= descriptor_end);
  } else {
    Check(info.picture_id_offset == 0);
  }
  if (info.tl0picidx >= 0) {
    Check(info.tl0picidx_offset > info.payload_offset && info.tl0picidx_offset < descriptor_end);
  } else {
    Check(info.tl0picidx_offset == 0);
  }
  Check(info.audio_level <= 127 && info.tcc_seq <= 0xFFFF);
  const std::span<const uint8_t> frame = FrameData(p, info);
  Check(frame.data() == p.data() + descriptor_end &&
        frame.size() == info.payload_length - info.descriptor_length);
  FrameBoundsOf(info);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  std::vector<uint8_t> p(data + 1, data + size);
  switch (data[0] & 7) {
    case 0: FuzzVp8(p); break;
    case 1: FuzzVp9(p); break;
    case 2: FuzzH264(p); break;
    case 3: FuzzSps(p); break;
    case 4: FuzzAv1(p); break;
    case 5: FuzzOpus(p); break;
    case 6: FuzzAv1Dd(p); break;
    case 7: FuzzParsePacket(p); break;
  }
  return 0;
}
