// Writers for the codec payload headers the load generator's simulated clients put on the
// wire, as libwebrtc's packetizers would for the shapes jitsi-meet configures (sources in
// docs/load.md). They are the inverse of the parsers in native/codec/; the layouts are the
// RFC diagrams there (vp9.h, av1.h, av1_dependency_descriptor.h, h264.h).
//
// Contract: every writer takes the caller's buffer as a std::span<uint8_t>, writes at its
// front, and returns the bytes written, or 0 (nothing usable written) when the buffer is too
// short. No allocation; the AV1 template structure is a constant table.
//
// VP9 (RFC 9628 section 4.2), non-flexible mode as Chrome sends it for K-SVC:
//   |I|P|L|F|B|E|V|Z| |M| PICTURE ID (15) | TID|U|SID|D | TL0PICIDX | [SS on key pictures]
//
// AV1 Dependency Descriptor (AV1 RTP specification, Appendix A), the L3T3 K-SVC template
// structure: 9 decode targets (S0T0..S2T2, index 3 * spatial + temporal), 15 templates
// (per spatial layer: key-picture frame, T0, T1, T2 after T0, T2 after T1), one chain per
// spatial layer, render resolutions 320x180 / 640x360 / 1280x720. Layer frames of a
// picture get consecutive frame numbers (S0, S1, S2), so in steady state a T0 frame
// refers 12 frame numbers back, T1 6, T2 3; upper layers of a key picture refer 1 back.
//
// H.264 (RFC 6184, ITU-T H.264 7.3.2): constrained-baseline SPS (profile 66, constraints
// 0xE0, level 3.1 as in profile-level-id 42e01f) and PPS NAL units, emulation-prevented.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace jvbfastpath::load {

// ---- VP9 ------------------------------------------------------------------------------

struct Vp9PacketFields {
  uint16_t picture_id = 0;  // 15-bit
  uint8_t tl0picidx = 0;
  int tid = 0;
  int sid = 0;
  bool inter_picture_predicted = false;  // P
  bool start_of_layer_frame = false;     // B
  bool end_of_layer_frame = false;       // E
  bool switching_up = false;             // U
  bool inter_layer_predicted = false;    // D
  bool not_upper_reference = false;      // Z
  // V: the scalability structure (3 spatial layers with these sizes, the L1T3 group).
  bool with_ss = false;
  const int* widths = nullptr;   // 3 entries when with_ss
  const int* heights = nullptr;
};
// At most 5 bytes without SS, 27 with.
inline constexpr size_t kVp9MaxDescriptor = 27;
size_t WriteVp9Descriptor(std::span<uint8_t> out, const Vp9PacketFields& f);

// ---- AV1 ------------------------------------------------------------------------------

// Which template describes a layer frame: `key_picture` for the frames of a key picture,
// `t2_after_t1` for the T2 frame that follows T1 (the pattern is T0 T2 T1 T2).
int Av1L3T3TemplateId(int spatial, int temporal, bool key_picture, bool t2_after_t1);
// The descriptor for one packet: the 3 mandatory bytes, plus (with_structure) the
// extended fields T=1, A=D=F=C=0 and the L3T3 K-SVC structure. Two-byte-form sized
// (at most 255 bytes; the structure makes it about 90).
inline constexpr size_t kAv1MaxDescriptor = 128;
size_t WriteAv1DependencyDescriptor(std::span<uint8_t> out, bool start_of_frame,
                                    bool end_of_frame, int template_id, uint16_t frame_number,
                                    bool with_structure);

// ---- H.264 ----------------------------------------------------------------------------

// An SPS NAL unit (header 0x67) for a width x height picture (multiples of 2), with
// frame cropping when the size is not a whole number of macroblocks.
inline constexpr size_t kH264MaxParameterSet = 32;
size_t WriteH264Sps(std::span<uint8_t> out, int width, int height);
// A PPS NAL unit (header 0x68) for that SPS (CAVLC, one slice group).
size_t WriteH264Pps(std::span<uint8_t> out);

}  // namespace jvbfastpath::load
