#include "native/codec/h264_access_unit.h"

namespace jvbfastpath::codec {

void H264AccessUnitTracker::OnPacket(PacketInfo& info) {
  const bool new_unit = !started_ || info.timestamp != timestamp_;
  const bool key_here = info.keyframe == 1;
  if (new_unit) {
    if (started_ && static_cast<int32_t>(info.timestamp - timestamp_) < 0) return;  // older unit
    started_ = true;
    timestamp_ = info.timestamp;
    keyframe_ = false;
    slice_seen_ = false;
    width_ = height_ = 0;
  } else {
    // Not the unit's first packet: a frame start only where an IDR unit becomes decodable
    // after AUD/SEI packets that did not know it.
    const bool has_sps = (info.h264_nals & kH264HasSps) != 0;
    info.frame_start = (has_sps && !keyframe_ && !slice_seen_) ? 1 : 0;
  }
  if (info.width > 0) {
    width_ = info.width;
    height_ = info.height;
  }
  if (key_here) keyframe_ = true;
  if (keyframe_) {
    info.keyframe = 1;
    info.width = width_;
    info.height = height_;
  }
  if ((info.h264_nals & kH264HasSlice) != 0) slice_seen_ = true;
}

}  // namespace jvbfastpath::codec
