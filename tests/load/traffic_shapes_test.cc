// The load generator's video shapes, read back with the bridge's own parsers: every packet
// parses, its layer fields match what the sender model meant, and an SVC stream whose
// upper layers are dropped in the rewriter reaches the receiver with continuous sequence
// numbers.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <memory>
#include <vector>

#include "native/codec/av1.h"
#include "native/codec/av1_dependency_descriptor.h"
#include "native/codec/h264.h"
#include "native/codec/packet_info.h"
#include "native/codec/vp9.h"
#include "native/rewrite/stream_rewriter.h"
#include "native/rtp/rtp_packet.h"
#include "tools/load/payload_writers.h"
#include "tools/load/traffic.h"

namespace jvbfastpath::load {
namespace {

constexpr int kWidths[] = {320, 640, 1280};
constexpr int kHeights[] = {180, 360, 720};

// The traffic of a few participants over `ticks` ticks, packet by packet.
class ShapeRun {
 public:
  ShapeRun(VideoKind video, E2eeKind e2ee, int participants = 3) {
    TrafficConfig config;
    config.participants = participants;
    config.video = video;
    config.e2ee = e2ee;
    config.keyframe_interval_s = 1;  // several key pictures in a short run
    traffic_ = std::make_unique<ConferenceTraffic>(config);
    storage_.assign(traffic_->MaxPacketsPerTick(), std::vector<uint8_t>(kMaxPacket));
    views_.assign(storage_.begin(), storage_.end());
    sent_.resize(storage_.size());
    extensions_.Register(kAudioLevelExtId, rtp::ExtensionType::kAudioLevel);
    extensions_.Register(kTransportCcExtId, rtp::ExtensionType::kTransportSequenceNumber);
    extensions_.Register(kDependencyDescriptorExtId, rtp::ExtensionType::kDependencyDescriptor);
    payload_types_.Set(kOpusPt, codec::Codec::kOpus);
    payload_types_.Set(kVp8Pt, codec::Codec::kVp8);
    payload_types_.Set(kVp9Pt, codec::Codec::kVp9);
    payload_types_.Set(kH264Pt, codec::Codec::kH264);
    payload_types_.Set(kAv1Pt, codec::Codec::kAv1);
  }

  // Calls f(packet bytes, SentPacket, PacketInfo) for every RTP video packet.
  template <typename F>
  void ForEachVideoPacket(int ticks, F&& f) {
    for (int t = 0; t < ticks; ++t) {
      const size_t n = traffic_->NextTick(views_, sent_);
      for (size_t i = 0; i < n; ++i) {
        const SentPacket& sp = sent_[i];
        if (sp.rtcp || sp.stream == 0) continue;
        const std::span<const uint8_t> packet(storage_[sp.buffer_index].data(), sp.length);
        ASSERT_LE(sp.length, kMaxPacket);
        codec::PacketInfo info;
        ASSERT_EQ(codec::ParsePacket(packet, extensions_, payload_types_, &info),
                  codec::PacketError::kOk)
            << "codec error " << int{info.codec_error};
        f(packet, sp, info);
      }
    }
    EXPECT_EQ(traffic_->dropped_for_room(), 0u);
  }

  ConferenceTraffic& traffic() { return *traffic_; }

 private:
  std::unique_ptr<ConferenceTraffic> traffic_;
  std::vector<std::vector<uint8_t>> storage_;
  std::vector<std::span<uint8_t>> views_;
  std::vector<SentPacket> sent_;
  rtp::ExtensionMap extensions_;
  codec::PayloadTypeMap payload_types_;
};

std::span<const uint8_t> Payload(std::span<const uint8_t> packet, const codec::PacketInfo& info) {
  return packet.subspan(info.payload_offset, info.payload_length);
}

TEST(TrafficShapes, Vp9SvcIsOneSsrcWithThreeSpatialLayersPerSuperframe) {
  ShapeRun run(VideoKind::kVp9Svc, E2eeKind::kOff);
  int key_pictures = 0;
  int last_sid = 2;
  bool in_layer_frame = false;
  int32_t picture_id = -1;
  run.ForEachVideoPacket(100, [&](auto packet, const SentPacket& sp, const codec::PacketInfo& info) {
    EXPECT_EQ(sp.stream, 1);
    EXPECT_EQ(info.codec, static_cast<uint8_t>(codec::Codec::kVp9));
    EXPECT_EQ(info.ssrc, run.traffic().Ssrc(sp.sender, 1));
    EXPECT_EQ(info.spatial_id, sp.spatial);
    EXPECT_EQ(info.picture_id_bits, 15);
    EXPECT_GE(info.tl0picidx, 0);
    const auto d = codec::ParseVp9Descriptor(Payload(packet, info));
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->flexible);
    if (sp.sender != 0) return;
    // Layer frames in order S0 S1 S2, each from B to E; one picture id per superframe.
    if (d->start_of_frame) {
      EXPECT_FALSE(in_layer_frame);
      EXPECT_EQ(d->sid, (last_sid + 1) % 3);
      if (d->sid == 0) picture_id = d->picture_id;
      in_layer_frame = true;
    }
    EXPECT_EQ(d->picture_id, picture_id);
    EXPECT_EQ(d->has_ss, d->start_of_frame && d->sid == 0 && sp.keyframe);
    if (d->has_ss) {
      ++key_pictures;
      EXPECT_EQ(info.keyframe, 1);
      EXPECT_EQ(d->ss.num_spatial_layers, 3);
      EXPECT_EQ(info.width, 320);
      EXPECT_EQ(d->ss.width[2], 1280);
      EXPECT_EQ(d->ss.height[2], 720);
      EXPECT_EQ(d->ss.num_pictures, 4);
    }
    // K-SVC: inter-layer prediction on key pictures only.
    EXPECT_EQ(d->inter_layer_predicted, sp.keyframe && d->sid > 0);
    EXPECT_EQ(d->inter_picture_predicted, !sp.keyframe);
    EXPECT_EQ(info.marker == 1, d->end_of_frame && d->sid == 2);
    if (d->end_of_frame) {
      in_layer_frame = false;
      last_sid = d->sid;
    }
  });
  EXPECT_GE(key_pictures, 2);
}

TEST(TrafficShapes, Av1SvcDependencyDescriptorResolvesEveryLayer) {
  ShapeRun run(VideoKind::kAv1Svc, E2eeKind::kOff);
  std::map<uint32_t, codec::Av1DependencyStructureTracker> trackers;
  int structures = 0;
  std::array<int, 3> temporal_seen{};
  uint16_t last_frame_number = 0;
  run.ForEachVideoPacket(100, [&](auto packet, const SentPacket& sp, const codec::PacketInfo& info) {
    EXPECT_EQ(info.codec, static_cast<uint8_t>(codec::Codec::kAv1));
    ASSERT_NE(info.av1_dd_offset, 0u);
    const auto a = codec::ParseAv1Payload(Payload(packet, info));
    ASSERT_TRUE(a);
    auto dd = trackers[info.ssrc].Parse(packet.subspan(info.av1_dd_offset, info.av1_dd_length));
    ASSERT_TRUE(dd) << codec::Av1DdErrorName(dd.error());
    EXPECT_EQ(dd->spatial_id, sp.spatial);
    EXPECT_EQ(dd->width, static_cast<uint32_t>(kWidths[sp.spatial]));
    EXPECT_EQ(dd->height, static_cast<uint32_t>(kHeights[sp.spatial]));
    EXPECT_EQ(a->new_coded_video_sequence, dd->structure_present);
    if (dd->structure_present) {
      ++structures;
      EXPECT_EQ(trackers[info.ssrc].structure().template_count, 15);
      EXPECT_EQ(trackers[info.ssrc].structure().decode_target_count, 9);
      EXPECT_EQ(trackers[info.ssrc].structure().chain_count, 3);
      EXPECT_TRUE(a->has_sequence_header);
    }
    EXPECT_EQ(info.marker == 1, dd->mandatory.end_of_frame && dd->spatial_id == 2);
    if (sp.sender == 0 && dd->mandatory.start_of_frame) {
      // One frame number per layer frame; the template's references point at the layer's
      // previous T0/T1 frame or, on a key picture, the layer below.
      if (last_frame_number != 0) {
        EXPECT_EQ(dd->mandatory.frame_number, static_cast<uint16_t>(last_frame_number + 1));
      }
      last_frame_number = dd->mandatory.frame_number;
      ++temporal_seen[dd->temporal_id];
      if (dd->fdiff_count > 0) {
        EXPECT_EQ(dd->fdiffs[0], sp.keyframe ? 1 : dd->temporal_id == 0 ? 12 : dd->temporal_id == 1 ? 6 : 3);
      }
    }
  });
  EXPECT_GE(structures, 2 * 3);  // every participant, at least two key pictures
  EXPECT_GT(temporal_seen[0], 0);
  EXPECT_GT(temporal_seen[1], 0);
  EXPECT_GT(temporal_seen[2], 0);
}

TEST(TrafficShapes, H264SimulcastSendsSpsPpsBeforeIdrAndFragmentsLargeNals) {
  ShapeRun run(VideoKind::kH264Simulcast, E2eeKind::kOff);
  int stap_a = 0, fu_a = 0, single = 0;
  run.ForEachVideoPacket(100, [&](auto packet, const SentPacket& sp, const codec::PacketInfo& info) {
    EXPECT_EQ(info.codec, static_cast<uint8_t>(codec::Codec::kH264));
    EXPECT_EQ(info.ssrc, run.traffic().Ssrc(sp.sender, sp.stream));
    const auto h = codec::ParseH264Payload(Payload(packet, info));
    ASSERT_TRUE(h);
    switch (h->packetization) {
      case codec::kH264StapA:
        ++stap_a;
        EXPECT_TRUE(h->has_sps && h->has_pps);
        EXPECT_EQ(h->width, static_cast<uint32_t>(kWidths[sp.spatial]));
        EXPECT_EQ(h->height, static_cast<uint32_t>(kHeights[sp.spatial]));
        EXPECT_EQ(h->profile_idc, 66);
        EXPECT_EQ(info.marker, 0);
        break;
      case codec::kH264FuA:
        ++fu_a;
        EXPECT_EQ(h->keyframe, sp.keyframe);
        EXPECT_EQ(info.marker == 1, h->fu_end);
        break;
      default:
        ++single;
        EXPECT_TRUE(h->frame_start);
        EXPECT_EQ(info.marker, 1);
        break;
    }
  });
  EXPECT_GE(stap_a, 2 * 3 * 3);  // key pictures x layers x participants
  EXPECT_GT(fu_a, 0);
  EXPECT_GT(single, 0);
}

TEST(TrafficShapes, Vp9SFrameHeaderOpensEveryLayerFrame) {
  ShapeRun run(VideoKind::kVp9Svc, E2eeKind::kSFrame);
  uint64_t last_ctr = 0;
  run.ForEachVideoPacket(40, [&](auto packet, const SentPacket& sp, const codec::PacketInfo& info) {
    if (sp.sender != 1 || info.frame_start != 1) return;
    const auto frame = codec::FrameData(packet, info);
    // RFC 9605: KID 0 inline; CTR counts layer frames on the stream.
    const uint8_t config = frame[0];
    EXPECT_EQ(config & 0x70, 0);
    uint64_t ctr = config & 0x07;
    if (config & 0x08) {
      ctr = 0;
      for (int i = 0; i < (config & 0x07) + 1; ++i) ctr = ctr << 8 | frame[1 + i];
    }
    EXPECT_EQ(ctr, last_ctr + 1);
    last_ctr = ctr;
  });
  EXPECT_GT(last_ctr, 30u);
}

TEST(TrafficShapes, E2eeOnlyWhereARealClientSendsIt) {
  EXPECT_EQ(UnsupportedE2ee(VideoKind::kVp8Simulcast, E2eeKind::kJitsi), nullptr);
  EXPECT_EQ(UnsupportedE2ee(VideoKind::kVp8Simulcast, E2eeKind::kSFrame), nullptr);
  EXPECT_EQ(UnsupportedE2ee(VideoKind::kVp9Svc, E2eeKind::kSFrame), nullptr);
  EXPECT_NE(UnsupportedE2ee(VideoKind::kVp9Svc, E2eeKind::kJitsi), nullptr);
  for (VideoKind v : {VideoKind::kAv1Svc, VideoKind::kH264Simulcast}) {
    EXPECT_NE(UnsupportedE2ee(v, E2eeKind::kJitsi), nullptr);
    EXPECT_NE(UnsupportedE2ee(v, E2eeKind::kSFrame), nullptr);
    EXPECT_EQ(UnsupportedE2ee(v, E2eeKind::kOff), nullptr);
  }
}

// What a receiver that gets only the base layer of an SVC sender sees: the drivers' order
// (per tick, the egress of the forwarded packets, then Drop for the others).
void ExpectContinuousBaseLayer(VideoKind video) {
  ShapeRun run(video, E2eeKind::kOff, 2);
  rewrite::StreamRewriter rewriter(rewrite::StreamRewriteConfig{0x1234, 90000, true});
  std::vector<uint8_t> copy(kMaxPacket);
  std::vector<codec::PacketInfo> dropped;
  std::map<uint32_t, codec::Av1DependencyStructureTracker> trackers;
  int forwarded = 0;
  uint16_t last_out = 0;
  for (int tick = 0; tick < 60; ++tick) {
    run.ForEachVideoPacket(1, [&](auto packet, const SentPacket& sp, codec::PacketInfo info) {
      if (sp.sender != 0) return;
      if (sp.spatial > 0) {
        dropped.push_back(info);
        return;
      }
      std::copy(packet.begin(), packet.end(), copy.begin());
      ASSERT_TRUE(rewriter.Rewrite({copy.data(), packet.size()}, info, tick * 20));
      const uint16_t out = static_cast<uint16_t>(copy[2] << 8 | copy[3]);
      if (forwarded > 0) EXPECT_EQ(out, static_cast<uint16_t>(last_out + 1));
      last_out = out;
      ++forwarded;
    });
    for (const auto& info : dropped) rewriter.Drop(info);
    dropped.clear();
  }
  EXPECT_GT(forwarded, 30);
}

TEST(TrafficShapes, Vp9BaseLayerReceiverSeesContinuousSequenceNumbers) {
  ExpectContinuousBaseLayer(VideoKind::kVp9Svc);
}

TEST(TrafficShapes, Av1BaseLayerReceiverSeesContinuousSequenceNumbers) {
  ExpectContinuousBaseLayer(VideoKind::kAv1Svc);
}

}  // namespace
}  // namespace jvbfastpath::load
