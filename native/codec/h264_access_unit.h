// H.264 access units across packets (RFC 6184 section 5.1: all packets of an access unit
// carry the same RTP timestamp; ITU-T H.264 section 7.4.1.2.3: an access unit is AUD, SEI,
// SPS, PPS ... then its slices), so that a bridge that starts a receiver on "keyframe and
// frame start" starts where the receiver can decode.
//
// Contract: one tracker per stream (SSRC); OnPacket is called for every H.264 packet that
// parsed, in arrival order, and rewrites the packet's PacketInfo:
//  - keyframe: 1 on every packet of an access unit from its first packet with an IDR slice,
//    SPS or PPS on (the parser marks those; libwebrtc and x264 send SPS/PPS before every
//    IDR, never otherwise), so the STAP-A with SPS+PPS and the IDR fragments after it agree;
//  - width/height: the access unit's SPS size on each of those packets;
//  - frame_start: 1 only on the access unit's first packet (a new timestamp) when it begins
//    a picture, and on the first packet of an IDR access unit that carries its SPS when every
//    packet before it in the unit was an AUD or SEI that could not know it was a keyframe
//    (GStreamer's x264 sends the AUD alone): that packet is where a switch can start, and
//    the AUD/SEI before it are not needed to decode.
// A packet of an earlier access unit (reordered, retransmitted) is left as parsed.
// No allocation.
#pragma once

#include <cstdint>

#include "native/codec/packet_info.h"

namespace jvbfastpath::codec {

class H264AccessUnitTracker {
 public:
  void OnPacket(PacketInfo& info);

 private:
  bool started_ = false;
  uint32_t timestamp_ = 0;
  bool keyframe_ = false;      // the unit has shown an IDR, SPS or PPS
  bool slice_seen_ = false;    // a slice (VCL NAL) came before
  int32_t width_ = 0;
  int32_t height_ = 0;
};

}  // namespace jvbfastpath::codec
