#include "native/rewrite/stream_rewriter.h"

#include <gtest/gtest.h>

#include <vector>

#include "native/rewrite/field_writers.h"

namespace jvbfastpath::rewrite {
namespace {

using Bytes = std::vector<uint8_t>;

// VP8 packet: SSRC, seq, ts given; one-byte extension with transport-cc (ID 3); descriptor
// with a 15-bit (or 7-bit) picture id and TL0PICIDX.
Bytes Vp8Packet(uint32_t ssrc, uint16_t seq, uint32_t ts, uint16_t pid, uint8_t tl0,
                bool short_pid = false) {
  Bytes b = {0x90, 0x60, uint8_t(seq >> 8), uint8_t(seq), uint8_t(ts >> 24), uint8_t(ts >> 16),
             uint8_t(ts >> 8), uint8_t(ts), uint8_t(ssrc >> 24), uint8_t(ssrc >> 16),
             uint8_t(ssrc >> 8), uint8_t(ssrc), 0xbe, 0xde, 0x00, 0x01, 0x31, 0x00, 0x42, 0x00};
  if (short_pid) {
    b.insert(b.end(), {0x90, 0xc0, uint8_t(pid & 0x7f), tl0, 0x01, 0x00, 0x00});
  } else {
    b.insert(b.end(), {0x90, 0xc0, uint8_t(0x80 | (pid >> 8)), uint8_t(pid), tl0, 0x01, 0x00, 0x00});
  }
  return b;
}

struct Parsed {
  codec::PacketInfo info;
  explicit Parsed(const Bytes& b) {
    rtp::ExtensionMap ext;
    ext.Register(3, rtp::ExtensionType::kTransportSequenceNumber);
    codec::PayloadTypeMap pt;
    pt.Set(96, codec::Codec::kVp8);
    EXPECT_NE(codec::PacketError::kRtpInvalid, codec::ParsePacket(b, ext, pt, &info));
  }
};

codec::PacketInfo Reparse(const Bytes& b) { return Parsed(b).info; }

TEST(FieldWritersTest, WriteOnlyTheirBytes) {
  Bytes b = Vp8Packet(0x11111111, 1000, 5000, 0x1234, 7);
  const Bytes original = b;
  const codec::PacketInfo info = Parsed(b).info;
  ASSERT_EQ(0x0042, info.tcc_seq);
  ASSERT_TRUE(WriteTransportSequenceNumber(b, info, 0xabcd));
  ASSERT_TRUE(WritePictureId(b, info, 0x0102));
  ASSERT_TRUE(WriteTl0PicIdx(b, info, 0x99));
  ASSERT_TRUE(WriteSsrc(b, 0x22222222));
  ASSERT_TRUE(WriteSequenceNumber(b, 7));
  ASSERT_TRUE(WriteTimestamp(b, 9));
  const codec::PacketInfo after = Reparse(b);
  EXPECT_EQ(0xabcd, after.tcc_seq);
  EXPECT_EQ(0x0102, after.picture_id);
  EXPECT_EQ(15, after.picture_id_bits);
  EXPECT_EQ(0x99, after.tl0picidx);
  EXPECT_EQ(0x22222222u, after.ssrc);
  EXPECT_EQ(7, after.sequence_number);
  EXPECT_EQ(9u, after.timestamp);
  size_t changed = 0;
  for (size_t i = 0; i < b.size(); ++i) changed += b[i] != original[i];
  EXPECT_LE(changed, 2u + 2 + 1 + 4 + 2 + 4);
  EXPECT_EQ(original[0], b[0]);
  EXPECT_EQ(original[1], b[1]);
  EXPECT_EQ(original[20], b[20]);  // descriptor's first byte
  EXPECT_EQ(original.back(), b.back());

  // Absent fields or a shorter buffer: nothing written.
  codec::PacketInfo none;
  EXPECT_FALSE(WritePictureId(b, none, 1));
  EXPECT_FALSE(WriteTl0PicIdx(b, none, 1));
  EXPECT_FALSE(WriteTransportSequenceNumber(b, none, 1));
  Bytes cut(b.begin(), b.begin() + 18);
  EXPECT_FALSE(WritePictureId(cut, info, 1));
}

TEST(FieldWritersTest, SevenBitPictureIdStaysSevenBits) {
  Bytes b = Vp8Packet(1, 1, 1, 100, 3, /*short_pid=*/true);
  const codec::PacketInfo info = Parsed(b).info;
  ASSERT_EQ(7, info.picture_id_bits);
  ASSERT_TRUE(WritePictureId(b, info, 0x1ff));  // 511 mod 128 = 127
  const codec::PacketInfo after = Reparse(b);
  EXPECT_EQ(7, after.picture_id_bits);
  EXPECT_EQ(127, after.picture_id);
  EXPECT_EQ(3, after.tl0picidx);
}

TEST(StreamRewriterTest, FirstStreamKeepsItsNumbersAndGetsTheOutSsrc) {
  StreamRewriter rw({.out_ssrc = 0xaaaa0001, .clock_rate = 90000});
  for (uint16_t i = 0; i < 3; ++i) {
    Bytes b = Vp8Packet(0x1000, uint16_t(65534 + i), 3000u * i, uint16_t(32766 + i), uint8_t(254 + i));
    ASSERT_TRUE(rw.Rewrite(b, Parsed(b).info, 1000 + 33 * i));
    const auto out = Reparse(b);
    EXPECT_EQ(0xaaaa0001u, out.ssrc);
    EXPECT_EQ(uint16_t(65534 + i), out.sequence_number);
    EXPECT_EQ(3000u * i, out.timestamp);
    EXPECT_EQ((32766 + i) & 0x7fff, out.picture_id);
    EXPECT_EQ(uint8_t(254 + i), out.tl0picidx);
  }
}

TEST(StreamRewriterTest, SimulcastSwitchContinuesEveryField) {
  StreamRewriter rw({.out_ssrc = 0xaaaa0001, .clock_rate = 90000});
  // Low layer: seq 100..102, ts 9000 steps 3000, pid 10..12, tl0 20..22.
  for (int i = 0; i < 3; ++i) {
    Bytes b = Vp8Packet(0x1000, 100 + i, 9000 + 3000 * i, 10 + i, 20 + i);
    ASSERT_TRUE(rw.Rewrite(b, Parsed(b).info, 1000 + 33 * i));
  }
  // Highest out: seq 102, ts 15000 (at t=1066 ms), pid 12, tl0 22.
  // Switch to the high layer 100 ms later: seq 5000, ts 777000, pid 3000, tl0 200.
  Bytes b = Vp8Packet(0x2000, 5000, 777000, 3000, 200);
  ASSERT_TRUE(rw.Rewrite(b, Parsed(b).info, 1166));
  auto out = Reparse(b);
  EXPECT_EQ(0xaaaa0001u, out.ssrc);
  EXPECT_EQ(103, out.sequence_number);
  EXPECT_EQ(15000u + 9000u, out.timestamp);  // 100 ms at 90 kHz
  EXPECT_EQ(13, out.picture_id);
  EXPECT_EQ(23, out.tl0picidx);
  EXPECT_EQ(0x2000u, rw.source_ssrc());
  // The next packet of the new source follows on.
  Bytes n = Vp8Packet(0x2000, 5001, 780000, 3001, 201);
  ASSERT_TRUE(rw.Rewrite(n, Parsed(n).info, 1200));
  out = Reparse(n);
  EXPECT_EQ(104, out.sequence_number);
  EXPECT_EQ(27000u, out.timestamp);
  EXPECT_EQ(14, out.picture_id);
  EXPECT_EQ(24, out.tl0picidx);
  // A late packet of the old source would be mapped with the new offsets: the caller
  // does not forward it after a switch; here we only check the switch back works.
  Bytes back = Vp8Packet(0x1000, 103, 18000, 13, 23);
  ASSERT_TRUE(rw.Rewrite(back, Parsed(back).info, 1300));
  out = Reparse(back);
  EXPECT_EQ(105, out.sequence_number);
  EXPECT_EQ(27000u + 9000u, out.timestamp);  // 100 ms after the last ts went out
  EXPECT_EQ(15, out.picture_id);
  EXPECT_EQ(25, out.tl0picidx);
}

TEST(StreamRewriterTest, DroppedInOrderPacketsLeaveNoGap) {
  StreamRewriter rw({.out_ssrc = 7});
  Bytes a = Vp8Packet(0x1000, 10, 0, 1, 1);
  ASSERT_TRUE(rw.Rewrite(a, Parsed(a).info, 0));
  const Bytes dropped = Vp8Packet(0x1000, 11, 0, 1, 1);
  rw.Drop(Parsed(dropped).info);
  Bytes c = Vp8Packet(0x1000, 12, 3000, 2, 1);
  ASSERT_TRUE(rw.Rewrite(c, Parsed(c).info, 33));
  EXPECT_EQ(11, Reparse(c).sequence_number);
  // A drop out of order (seq 5) changes nothing.
  rw.Drop(Parsed(Vp8Packet(0x1000, 5, 0, 1, 1)).info);
  Bytes d = Vp8Packet(0x1000, 13, 3000, 2, 1);
  ASSERT_TRUE(rw.Rewrite(d, Parsed(d).info, 40));
  EXPECT_EQ(12, Reparse(d).sequence_number);
}

TEST(StreamRewriterTest, DropsCloseTheGapWhateverTheFirstSequenceNumber) {
  // The first packet's seq is more than half the space away from 0: a drop right after it
  // must still count as the next packet in sequence.
  StreamRewriter rw({.out_ssrc = 7});
  Bytes a = Vp8Packet(0x1000, 40000, 0, 1, 1);
  ASSERT_TRUE(rw.Rewrite(a, Parsed(a).info, 0));
  rw.Drop(Parsed(Vp8Packet(0x1000, 40001, 0, 1, 1)).info);
  Bytes c = Vp8Packet(0x1000, 40002, 3000, 2, 1);
  ASSERT_TRUE(rw.Rewrite(c, Parsed(c).info, 33));
  EXPECT_EQ(40001, Reparse(c).sequence_number);
}

// A source the receiver did not get for more than 32767 packets comes back with sequence
// numbers that look older than the last one forwarded but a newer timestamp: they continue
// the receiver's numbering instead (its SRTP would take them for old packets); a packet
// reordered within the stream (older seq, older or equal timestamp) keeps its mapping.
TEST(StreamRewriterTest, ResumingAfterMoreThanHalfTheSequenceSpaceContinuesTheNumbering) {
  StreamRewriter rw({.out_ssrc = 7});
  Bytes a = Vp8Packet(0x1000, 100, 9000, 1, 1);
  ASSERT_TRUE(rw.Rewrite(a, Parsed(a).info, 0));
  Bytes b = Vp8Packet(0x1000, 101, 12000, 2, 2);
  ASSERT_TRUE(rw.Rewrite(b, Parsed(b).info, 33));
  Bytes reordered = Vp8Packet(0x1000, 99, 9000, 1, 1);
  ASSERT_TRUE(rw.Rewrite(reordered, Parsed(reordered).info, 34));
  EXPECT_EQ(99, Reparse(reordered).sequence_number);
  // 40000 packets later (65 s at 600 packets/s): seq 40101 looks older than 101 mod 2^16.
  Bytes back = Vp8Packet(0x1000, 40101, 12000 + 65 * 90000, 500, 50);
  ASSERT_TRUE(rw.Rewrite(back, Parsed(back).info, 65000));
  EXPECT_EQ(102, Reparse(back).sequence_number);
  EXPECT_EQ(12000u + 65 * 90000, Reparse(back).timestamp);  // time moves on as it did
  Bytes next = Vp8Packet(0x1000, 40102, 12000 + 65 * 90000, 500, 50);
  ASSERT_TRUE(rw.Rewrite(next, Parsed(next).info, 65001));
  EXPECT_EQ(103, Reparse(next).sequence_number);
}

TEST(StreamRewriterTest, RejectsInfoThatDoesNotFitThePacket) {
  StreamRewriter rw({.out_ssrc = 7});
  Bytes b = Vp8Packet(0x1000, 10, 0, 1, 1);
  const codec::PacketInfo info = Parsed(b).info;
  Bytes cut(b.begin(), b.begin() + 20);
  const Bytes cut_before = cut;
  EXPECT_FALSE(rw.Rewrite(cut, info, 0));
  EXPECT_EQ(cut_before, cut);
}

}  // namespace
}  // namespace jvbfastpath::rewrite
