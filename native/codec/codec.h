// Codecs the bridge reads, the reasons a payload header does not parse, and the map from
// RTP payload type to codec for one endpoint (from SDP rtpmap lines).
//
// Contract: PayloadTypeMap is set up once and read-only on the packet path (a table
// lookup). Codec names match SDP encoding names case-insensitively ("VP8", "vp9",
// "H264", "AV1", "opus"); anything else maps to kUnknown.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace jvbfastpath::codec {

//   X(enumerator, "name")
#define JVBFASTPATH_CODECS(X) \
  X(kUnknown, "unknown")      \
  X(kVp8, "vp8")              \
  X(kVp9, "vp9")              \
  X(kH264, "h264")            \
  X(kAv1, "av1")              \
  X(kOpus, "opus")

enum class Codec : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_CODECS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

std::string_view CodecName(Codec codec);
Codec CodecFromName(std::string_view encoding_name);

//   X(enumerator, "name")
#define JVBFASTPATH_CODEC_ERRORS(X)                       \
  X(kOk, "ok")                                            \
  X(kEmpty, "empty")                                      \
  X(kDescriptorPastEnd, "descriptor_past_end")            \
  X(kPdiffPastEnd, "pdiff_past_end")                      \
  X(kScalabilityPastEnd, "scalability_structure_past_end") \
  X(kNotKeyframe, "not_keyframe")                         \
  X(kBadStartCode, "bad_start_code")                      \
  X(kFrameHeaderPastEnd, "frame_header_past_end")         \
  X(kUnsupportedNalType, "unsupported_nal_type")          \
  X(kNalPastEnd, "nal_past_end")                          \
  X(kFuInvalid, "fu_invalid")                             \
  X(kSpsInvalid, "sps_invalid")                           \
  X(kObuPastEnd, "obu_past_end")                          \
  X(kOpusFrameCountInvalid, "opus_frame_count_invalid")

enum class CodecError : uint8_t {
#define JVBFASTPATH_X(e, name) e,
  JVBFASTPATH_CODEC_ERRORS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

std::string_view CodecErrorName(CodecError error);

class PayloadTypeMap {
 public:
  // False (and no change) for a payload type above 127.
  bool Set(uint8_t payload_type, Codec codec);
  bool Set(uint8_t payload_type, std::string_view encoding_name);
  Codec CodecOf(uint8_t payload_type) const {
    return payload_type < 128 ? by_pt_[payload_type] : Codec::kUnknown;
  }
  // An RTX payload type (RFC 4588: a=rtpmap:PT rtx, a=fmtp:PT apt=APT). False (and no
  // change) for a payload type above 127.
  bool SetRtx(uint8_t payload_type, uint8_t associated_payload_type);
  // The associated payload type of an RTX payload type, -1 if `payload_type` is not RTX.
  int RtxApt(uint8_t payload_type) const {
    return payload_type < 128 && rtx_apt_[payload_type] < 128 ? rtx_apt_[payload_type] : -1;
  }

 private:
  std::array<Codec, 128> by_pt_{};
  std::array<uint8_t, 128> rtx_apt_ = Unset();
  static std::array<uint8_t, 128> Unset() {
    std::array<uint8_t, 128> a;
    a.fill(0xFF);
    return a;
  }
};

}  // namespace jvbfastpath::codec
