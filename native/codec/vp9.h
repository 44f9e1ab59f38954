// VP9 RTP payload descriptor (RFC 9628 section 4.2), flexible and non-flexible modes,
// with the scalability structure (SS, section 4.2.1).
//
// Contract: ParseVp9Descriptor reads the descriptor at the front of an RTP payload and
// returns its fields (absent ones are -1), the offsets of the picture id and TL0PICIDX for
// in-place rewriting, and the SS when V=1 (resolutions copied, picture groups as a view
// walked by ForEachPicture). Every byte is checked before it is read; no allocation.
//
//          0 1 2 3 4 5 6 7
//         +-+-+-+-+-+-+-+-+
//         |I|P|L|F|B|E|V|Z| (REQUIRED)
//         +-+-+-+-+-+-+-+-+
//    I:   |M| PICTURE ID  | (REQUIRED with F=1) M=1: 15-bit picture id,
//         +-+-+-+-+-+-+-+-+                     this byte holds its high 7 bits
//    M:   | EXTENDED PID  |
//         +-+-+-+-+-+-+-+-+
//    L:   | TID |U| SID |D| (layer indices)
//         +-+-+-+-+-+-+-+-+
//         |   TL0PICIDX   | (only with L=1 and F=0: non-flexible mode)
//         +-+-+-+-+-+-+-+-+                           -+
//   P,F:  | P_DIFF      |N| (flexible mode, P=1)       - up to 3 times, N=1: another
//         +-+-+-+-+-+-+-+-+                           -+   follows
//    V:   | SS            |
//         | ..            |
//         +-+-+-+-+-+-+-+-+
//
// Scalability structure:
//         +-+-+-+-+-+-+-+-+
//    V:   | N_S |Y|G|-|-|-|   N_S + 1 spatial layers
//         +-+-+-+-+-+-+-+-+              -+
//    Y:   |     WIDTH     | (16 bits)     .
//         +               +               .
//         |               |               .
//         +-+-+-+-+-+-+-+-+               . - N_S + 1 times
//         |     HEIGHT    | (16 bits)     .
//         +               +               .
//         |               |               .
//         +-+-+-+-+-+-+-+-+              -+
//    G:   |      N_G      |
//         +-+-+-+-+-+-+-+-+                           -+
//    N_G: | TID |U| R |-|-|                            .
//         +-+-+-+-+-+-+-+-+              -\            . - N_G times
//         |    P_DIFF     | (R times)     .            .
//         +-+-+-+-+-+-+-+-+              -+           -+
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "native/codec/codec.h"
#include "native/rtp/result.h"

namespace jvbfastpath::codec {

struct Vp9SsPicture {
  uint8_t tid = 0;
  bool switching_up = false;
  uint8_t num_refs = 0;
  std::array<uint8_t, 3> pdiff{};
};

struct Vp9ScalabilityStructure {
  static constexpr size_t kMaxSpatialLayers = 8;
  uint8_t num_spatial_layers = 0;  // N_S + 1
  bool has_resolution = false;     // Y
  std::array<uint16_t, kMaxSpatialLayers> width{};
  std::array<uint16_t, kMaxSpatialLayers> height{};
  bool has_group = false;          // G
  uint8_t num_pictures = 0;        // N_G
  std::span<const uint8_t> pictures;  // the N_G picture descriptions, validated

  // Calls f(const Vp9SsPicture&) for each of num_pictures pictures.
  template <typename F>
  void ForEachPicture(F&& f) const {
    size_t pos = 0;
    for (uint8_t i = 0; i < num_pictures; ++i) {
      Vp9SsPicture p;
      const uint8_t b = pictures[pos++];
      p.tid = b >> 5;
      p.switching_up = (b & 0x10) != 0;
      p.num_refs = (b >> 2) & 0x3;
      for (uint8_t r = 0; r < p.num_refs; ++r) p.pdiff[r] = pictures[pos++];
      f(p);
    }
  }
};

struct Vp9Descriptor {
  bool inter_picture_predicted = false;  // P
  bool flexible = false;                 // F
  bool start_of_frame = false;           // B (of a layer frame)
  bool end_of_frame = false;             // E (of a layer frame)
  bool not_upper_reference = false;      // Z
  int32_t picture_id = -1;
  uint8_t picture_id_bits = 0;           // 7 or 15 when present
  int8_t tid = -1;
  bool switching_up = false;             // U
  int8_t sid = -1;
  bool inter_layer_predicted = false;    // D
  int16_t tl0picidx = -1;
  uint8_t num_pdiffs = 0;
  std::array<uint8_t, 3> pdiff{};
  bool has_ss = false;                   // V
  Vp9ScalabilityStructure ss;
  // Byte offsets inside the payload (0 = absent).
  uint8_t picture_id_offset = 0;
  uint8_t tl0picidx_offset = 0;
  size_t size = 0;                       // descriptor length; the VP9 frame data follows

  // The first packet of a picture that needs no earlier picture: a key frame of the base
  // spatial layer (B=1, P=0, SID 0 or no layer indices).
  bool keyframe() const { return start_of_frame && !inter_picture_predicted && sid <= 0; }
};

rtp::Result<Vp9Descriptor, CodecError> ParseVp9Descriptor(std::span<const uint8_t> payload);

// In-place rewrites of the descriptor's picture id and TL0PICIDX: picture_id.h's
// WriteDescriptorPictureId / WriteDescriptorTl0PicIdx (shared with VP8).

}  // namespace jvbfastpath::codec
