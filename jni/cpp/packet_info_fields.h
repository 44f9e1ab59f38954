// The flat per-packet record Java reads (org.jvbfastpath.PacketInfo): an ingress result as
// kPacketInfoFields ints, declared once here; Java checks its field names and their order
// against PacketInfoFieldName when the library loads (NativeLists).
#pragma once

#include <jni.h>

#include "native/pipeline/endpoint.h"

namespace jvbfastpath::jni {

//   X(Java field name, value from IngressResult r and its codec::PacketInfo i)
#define JVBFASTPATH_PACKET_INFO_FIELDS(X)          \
  X(drop, static_cast<jint>(r.drop))               \
  X(srtp, static_cast<jint>(r.srtp))               \
  X(rtcp, r.rtcp ? 1 : 0)                          \
  X(parseError, static_cast<jint>(r.parse))        \
  X(mode, static_cast<jint>(r.mode))               \
  X(ssrc, static_cast<jint>(i.ssrc))               \
  X(sequenceNumber, i.sequence_number)             \
  X(timestamp, static_cast<jint>(i.timestamp))     \
  X(payloadType, i.payload_type)                   \
  X(marker, i.marker)                              \
  X(codec, i.codec)                                \
  X(keyframe, i.keyframe)                          \
  X(frameStart, i.frame_start)                     \
  X(frameEnd, i.frame_end)                         \
  X(spatialId, i.spatial_id)                       \
  X(temporalId, i.temporal_id)                     \
  X(pictureId, i.picture_id)                       \
  X(tl0PicIdx, i.tl0picidx)                        \
  X(width, i.width)                                \
  X(height, i.height)                              \
  X(audioLevel, i.audio_level)                     \
  X(voice, i.voice)                                \
  X(transportCcSeq, i.tcc_seq)                     \
  X(envelope, static_cast<jint>(r.envelope))       \
  X(keyId, r.key_id)                               \
  X(streamEnvelope, static_cast<jint>(r.stream_envelope))

inline constexpr jint kPacketInfoFields = 0
#define JVBFASTPATH_X(name, value) +1
    JVBFASTPATH_PACKET_INFO_FIELDS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
    ;

inline constexpr const char* kPacketInfoFieldNames[] = {
#define JVBFASTPATH_X(name, value) #name,
    JVBFASTPATH_PACKET_INFO_FIELDS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
};

// out[0 .. kPacketInfoFields) = the record of `r`.
inline void FlattenPacketInfo(const pipeline::IngressResult& r, jint* out) {
  const codec::PacketInfo& i = r.info;
  jint f = 0;
#define JVBFASTPATH_X(name, value) out[f++] = static_cast<jint>(value);
  JVBFASTPATH_PACKET_INFO_FIELDS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
}

}  // namespace jvbfastpath::jni
