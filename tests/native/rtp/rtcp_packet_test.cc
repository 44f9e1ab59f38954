#include "native/rtp/rtcp_packet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "native/rtp/rtcp_feedback.h"
#include "native/rtp/rtcp_reports.h"

namespace jvbfastpath::rtp {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// SR from SSRC 0x01020304 with one report block about 0x0a0b0c0d.
const Bytes kSr = {
    0x81, 200, 0x00, 0x0c,                          // V=2 RC=1, length 12 -> 52 bytes
    0x01, 0x02, 0x03, 0x04,                         // SSRC
    0xe8, 0x3f, 0x1a, 0x00, 0x80, 0x00, 0x00, 0x00, // NTP
    0x00, 0x01, 0x5f, 0x90,                         // RTP ts 90000
    0x00, 0x00, 0x00, 0x64,                         // 100 packets
    0x00, 0x00, 0x27, 0x10,                         // 10000 octets
    0x0a, 0x0b, 0x0c, 0x0d,                         // block: SSRC
    0x40, 0xff, 0xff, 0xfe,                         // fraction 64/256, cumulative -2
    0x00, 0x01, 0x00, 0x05,                         // ext highest seq 65541
    0x00, 0x00, 0x00, 0x20,                         // jitter 32
    0x3f, 0x1a, 0x00, 0x00,                         // LSR
    0x00, 0x01, 0x00, 0x00,                         // DLSR 1 s
};

// SDES with one chunk: CNAME "abc" then the end item and padding (4 + 4 + 5 + 3).
const Bytes kSdes = {0x81, 202, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04,
                     0x01, 0x03, 'a',  'b',  'c',  0x00, 0x00, 0x00};

// BYE for two SSRCs, reason "bye" (length byte + 3 bytes).
const Bytes kBye = {0x82, 203, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0x03, 'b', 'y', 'e'};

TEST(RtcpPacketTest, WalksACompoundPacket) {
  const Bytes compound = Cat({kSr, kSdes, kBye});
  RtcpReader reader(compound);
  RtcpPacket p;
  std::vector<int> types;
  while (reader.Next(&p)) types.push_back(p.packet_type);
  EXPECT_EQ(RtcpError::kOk, reader.error());
  EXPECT_EQ(std::vector<int>({200, 202, 203}), types);
  EXPECT_EQ(RtcpError::kOk, ValidateRtcpCompound(compound));
  EXPECT_EQ(RtcpError::kTooShort, ValidateRtcpCompound({}));
}

TEST(RtcpPacketTest, SenderReportFields) {
  const auto p = ParseRtcpHeader(kSr);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(1, p->count);
  EXPECT_EQ(48u, p->body.size());
  const auto sr = ParseSenderReport(*p);
  ASSERT_TRUE(sr.ok()) << RtcpErrorName(sr.error());
  EXPECT_EQ(0x01020304u, sr->ssrc);
  EXPECT_EQ(0xe83f1a0080000000ull, sr->ntp_timestamp);
  EXPECT_EQ(90000u, sr->rtp_timestamp);
  EXPECT_EQ(100u, sr->packet_count);
  EXPECT_EQ(10000u, sr->octet_count);
  ASSERT_EQ(1u, sr->blocks.size());
  const ReportBlock b = sr->blocks[0];
  EXPECT_EQ(0x0a0b0c0du, b.ssrc);
  EXPECT_EQ(64, b.fraction_lost);
  EXPECT_EQ(-2, b.cumulative_lost);
  EXPECT_EQ(65541u, b.extended_highest_sequence);
  EXPECT_EQ(32u, b.jitter);
  EXPECT_EQ(0x3f1a0000u, b.last_sr);
  EXPECT_EQ(65536u, b.delay_since_last_sr);
  EXPECT_EQ(RtcpError::kWrongType, ParseReceiverReport(*p).error());
}

TEST(RtcpPacketTest, ReceiverReport) {
  Bytes rr = {0x81, 201, 0x00, 0x07, 0, 0, 0, 9};
  rr.insert(rr.end(), kSr.begin() + 28, kSr.end());
  const auto p = ParseRtcpHeader(rr);
  ASSERT_TRUE(p.ok());
  const auto r = ParseReceiverReport(*p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(9u, r->ssrc);
  ASSERT_EQ(1u, r->blocks.size());
  EXPECT_EQ(0x0a0b0c0du, r->blocks[0].ssrc);
  // RC says 2 blocks: only one is there.
  rr[0] = 0x82;
  EXPECT_EQ(RtcpError::kBlocksPastEnd, ParseReceiverReport(*ParseRtcpHeader(rr)).error());
  // An empty RR (RC=0, just the SSRC) is valid.
  const Bytes empty = {0x80, 201, 0x00, 0x01, 0, 0, 0, 9};
  const auto e = ParseReceiverReport(*ParseRtcpHeader(empty));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(0u, e->blocks.size());
}

TEST(RtcpPacketTest, LengthFieldsThatLie) {
  Bytes sr = kSr;
  sr[3] = 0x0d;  // one word more than there is
  EXPECT_EQ(RtcpError::kLengthPastEnd, ParseRtcpHeader(sr).error());
  // Truncated at every length: never a valid packet, never a read past the end.
  for (size_t len = 0; len < kSr.size(); ++len) {
    const auto p = ParseRtcpHeader(std::span(kSr.data(), len));
    EXPECT_FALSE(p.ok()) << len;
    EXPECT_EQ(len < 4 ? RtcpError::kTooShort : RtcpError::kLengthPastEnd, p.error()) << len;
  }
  // A compound whose second packet lies: the first is still returned, then the error.
  Bytes compound = Cat({kSr, kSdes});
  compound[kSr.size() + 3] = 0x09;
  RtcpReader reader(compound);
  RtcpPacket p;
  EXPECT_TRUE(reader.Next(&p));
  EXPECT_FALSE(reader.Next(&p));
  EXPECT_EQ(RtcpError::kLengthPastEnd, reader.error());
  EXPECT_EQ(RtcpError::kLengthPastEnd, ValidateRtcpCompound(compound));
  // SR body shorter than its sender info (RC=0, length 1).
  const Bytes short_sr = {0x80, 200, 0x00, 0x01, 0, 0, 0, 1};
  EXPECT_EQ(RtcpError::kBodyTooShort, ParseSenderReport(*ParseRtcpHeader(short_sr)).error());
}

TEST(RtcpPacketTest, VersionAndPadding) {
  Bytes bad = kSdes;
  bad[0] = 0x41;
  EXPECT_EQ(RtcpError::kBadVersion, ParseRtcpHeader(bad).error());
  // RR with P=1: 4 bytes of padding at the end.
  const Bytes padded = {0xa0, 201, 0x00, 0x02, 0, 0, 0, 9, 0, 0, 0, 4};
  const auto p = ParseRtcpHeader(padded);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(4u, p->body.size());
  EXPECT_EQ(12u, p->data.size());
  Bytes zero = padded;
  zero.back() = 0;
  EXPECT_EQ(RtcpError::kPaddingInvalid, ParseRtcpHeader(zero).error());
  Bytes too_much = padded;
  too_much.back() = 9;
  EXPECT_EQ(RtcpError::kPaddingPastEnd, ParseRtcpHeader(too_much).error());
  const Bytes header_only = {0xa0, 201, 0x00, 0x00};
  EXPECT_EQ(RtcpError::kPaddingPastEnd, ParseRtcpHeader(header_only).error());
}

TEST(RtcpPacketTest, SdesItems) {
  const auto p = ParseRtcpHeader(kSdes);
  ASSERT_TRUE(p.ok());
  SdesReader reader(*p);
  SdesItem item;
  ASSERT_TRUE(reader.Next(&item));
  EXPECT_EQ(0x01020304u, item.ssrc);
  EXPECT_EQ(kSdesCname, item.type);
  EXPECT_EQ("abc", item.text);
  EXPECT_FALSE(reader.Next(&item));
  EXPECT_EQ(RtcpError::kOk, reader.error());

  // Two chunks: the first with CNAME "x" and NAME "yz" (8 + 4 bytes), the second empty.
  const Bytes two = {0x82, 202, 0x00, 0x05, 0, 0, 0, 1, 0x01, 0x01, 'x', 0x02,
                     0x02, 'y', 'z', 0x00, 0, 0, 0, 2, 0x00, 0x00, 0x00, 0x00};
  const auto p2 = ParseRtcpHeader(two);
  ASSERT_TRUE(p2.ok());
  SdesReader r2(*p2);
  std::vector<std::string> texts;
  while (r2.Next(&item)) texts.push_back(std::to_string(item.ssrc) + ":" + std::string(item.text));
  EXPECT_EQ(RtcpError::kOk, r2.error());
  EXPECT_EQ(std::vector<std::string>({"1:x", "1:yz"}), texts);
}

TEST(RtcpPacketTest, SdesThatLies) {
  // Item length past the body.
  Bytes b = kSdes;
  b[9] = 0x09;
  EXPECT_EQ(RtcpError::kSdesItemPastEnd, ValidateSdes(*ParseRtcpHeader(b)));
  // No end item.
  const Bytes no_end = {0x81, 202, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, 'a', 'b'};
  EXPECT_EQ(RtcpError::kSdesItemPastEnd, ValidateSdes(*ParseRtcpHeader(no_end)));
  // SC=2 but one chunk.
  Bytes sc = kSdes;
  sc[0] = 0x82;
  EXPECT_EQ(RtcpError::kSdesChunkPastEnd, ValidateSdes(*ParseRtcpHeader(sc)));
  // Item header cut after its type byte.
  const Bytes cut = {0x81, 202, 0x00, 0x01, 0, 0, 0, 1};
  EXPECT_EQ(RtcpError::kSdesItemPastEnd, ValidateSdes(*ParseRtcpHeader(cut)));
  EXPECT_EQ(RtcpError::kWrongType, ValidateSdes(*ParseRtcpHeader(kBye)));
}

TEST(RtcpPacketTest, ByeAndApp) {
  const auto bye = ParseBye(*ParseRtcpHeader(kBye));
  ASSERT_TRUE(bye.ok());
  ASSERT_EQ(2u, bye->ssrc_count());
  EXPECT_EQ(1u, bye->ssrc(0));
  EXPECT_EQ(2u, bye->ssrc(1));
  EXPECT_EQ("bye", bye->reason);
  Bytes lie = kBye;
  lie[12] = 0x04;
  EXPECT_EQ(RtcpError::kByeReasonPastEnd, ParseBye(*ParseRtcpHeader(lie)).error());
  Bytes many = kBye;
  many[0] = 0x85;  // 5 SSRCs announced
  EXPECT_EQ(RtcpError::kBlocksPastEnd, ParseBye(*ParseRtcpHeader(many)).error());

  const Bytes app = {0x83, 204, 0x00, 0x03, 0, 0, 0, 7, 'q', 'o', 'e', '1', 0xde, 0xad, 0xbe, 0xef};
  const auto a = ParseApp(*ParseRtcpHeader(app));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(3, a->subtype);
  EXPECT_EQ(7u, a->ssrc);
  EXPECT_EQ("qoe1", a->name);
  EXPECT_EQ(4u, a->data.size());
  const Bytes short_app = {0x80, 204, 0x00, 0x01, 0, 0, 0, 7};
  EXPECT_EQ(RtcpError::kBodyTooShort, ParseApp(*ParseRtcpHeader(short_app)).error());
}

Feedback FeedbackOf(const Bytes& b) {
  const auto p = ParseRtcpHeader(b);
  EXPECT_TRUE(p.ok());
  const auto f = ParseFeedback(*p);
  EXPECT_TRUE(f.ok());
  return *f;
}

TEST(RtcpFeedbackTest, GenericNack) {
  // PID 100 lost, BLP 0x0005: 101 and 103 lost too; second entry PID 65535, BLP bit 0: 0.
  const Bytes b = {0x81, 205, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2,
                   0x00, 0x64, 0x00, 0x05, 0xff, 0xff, 0x00, 0x01};
  const Feedback f = FeedbackOf(b);
  EXPECT_EQ(1u, f.sender_ssrc);
  EXPECT_EQ(2u, f.media_ssrc);
  const auto nack = ParseNack(f);
  ASSERT_TRUE(nack.ok());
  ASSERT_EQ(2u, nack->size());
  std::vector<uint16_t> lost;
  nack->ForEachLost([&](uint16_t s) { lost.push_back(s); });
  EXPECT_EQ(std::vector<uint16_t>({100, 101, 103, 65535, 0}), lost);
  const Bytes empty = {0x81, 205, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2};
  EXPECT_EQ(RtcpError::kFciInvalid, ParseNack(FeedbackOf(empty)).error());
  EXPECT_EQ(RtcpError::kWrongType, ParsePli(f));
}

TEST(RtcpFeedbackTest, FeedbackTooShort) {
  const Bytes b = {0x81, 205, 0x00, 0x01, 0, 0, 0, 1};
  EXPECT_EQ(RtcpError::kBodyTooShort, ParseFeedback(*ParseRtcpHeader(b)).error());
  EXPECT_EQ(RtcpError::kWrongType, ParseFeedback(*ParseRtcpHeader(kBye)).error());
}

// base seq 100, 5 packets, reference time 16 (x64 ms), feedback count 7; one two-bit
// status vector chunk [1,1,0,2,1,(0,0)] = 0xd490; deltas 4, 8, -16 (2 bytes), 2; one zero
// byte of word padding.
const Bytes kTcc = {0x8f, 205, 0x00, 0x06, 0, 0, 0, 1, 0, 0, 0, 2,
                    0x00, 0x64, 0x00, 0x05, 0x00, 0x00, 0x10, 0x07,
                    0xd4, 0x90, 0x04, 0x08, 0xff, 0xf0, 0x02, 0x00};

struct TccPacket {
  uint16_t seq;
  bool received;
  int32_t delta;
  bool operator==(const TccPacket&) const = default;
};

TEST(RtcpFeedbackTest, TransportCcStatusVector) {
  const auto t = ParseTransportCc(FeedbackOf(kTcc));
  ASSERT_TRUE(t.ok()) << RtcpErrorName(t.error());
  EXPECT_EQ(100, t->base_sequence());
  EXPECT_EQ(5, t->status_count());
  EXPECT_EQ(16, t->reference_time());
  EXPECT_EQ(7, t->feedback_count());
  std::vector<TccPacket> got;
  t->ForEachPacket([&](uint16_t s, bool r, int32_t d) { got.push_back({s, r, d}); });
  const std::vector<TccPacket> want = {
      {100, true, 4}, {101, true, 8}, {102, false, 0}, {103, true, -16}, {104, true, 2}};
  EXPECT_EQ(want, got);
}

TEST(RtcpFeedbackTest, TransportCcRunLengthAndOneBitChunks) {
  // base 65534, 17 packets, reference time -1: run of 3 "small delta" (0x2003), then a
  // one-bit vector 0b10_1000_0000_0000_01 over the next 14 (received: 1st and 14th).
  const Bytes b = {0x8f, 205, 0x00, 0x07, 0, 0, 0, 1, 0, 0, 0, 2,
                   0xff, 0xfe, 0x00, 0x11, 0xff, 0xff, 0xff, 0x00,
                   0x20, 0x03, 0xa0, 0x01, 1, 2, 3, 4, 5, 0, 0, 0};
  const auto t = ParseTransportCc(FeedbackOf(b));
  ASSERT_TRUE(t.ok()) << RtcpErrorName(t.error());
  EXPECT_EQ(-1, t->reference_time());
  std::vector<TccPacket> got;
  t->ForEachPacket([&](uint16_t s, bool r, int32_t d) { got.push_back({s, r, d}); });
  ASSERT_EQ(17u, got.size());
  EXPECT_EQ((TccPacket{65534, true, 1}), got[0]);
  EXPECT_EQ((TccPacket{65535, true, 2}), got[1]);
  EXPECT_EQ((TccPacket{0, true, 3}), got[2]);
  EXPECT_EQ((TccPacket{1, true, 4}), got[3]);
  EXPECT_EQ((TccPacket{2, false, 0}), got[4]);
  EXPECT_EQ((TccPacket{14, true, 5}), got[16]);
}

TEST(RtcpFeedbackTest, TransportCcThatLies) {
  // 6 packets announced, the chunk covers 7: fine; but 8 announced needs another chunk.
  Bytes more = kTcc;
  more[15] = 0x08;
  EXPECT_EQ(RtcpError::kTccDeltasPastEnd, ParseTransportCc(FeedbackOf(more)).error());
  // 64 packets, but after the first chunk only an empty run (0x0000) and the FCI ends.
  const Bytes cut = {0x8f, 205, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2,
                     0x00, 0x64, 0x00, 0x40, 0x00, 0x00, 0x10, 0x07, 0xd4, 0x90, 0x00, 0x00};
  EXPECT_EQ(RtcpError::kTccChunksPastEnd, ParseTransportCc(FeedbackOf(cut)).error());
  Bytes reserved = kTcc;
  reserved[20] = 0xf4;  // first symbol 3
  EXPECT_EQ(RtcpError::kTccReservedSymbol, ParseTransportCc(FeedbackOf(reserved)).error());
  // A run of 5 large deltas needs 10 bytes after the chunk.
  Bytes large = kTcc;
  large[20] = 0x40;
  large[21] = 0x05;
  EXPECT_EQ(RtcpError::kTccDeltasPastEnd, ParseTransportCc(FeedbackOf(large)).error());
  const Bytes tiny = {0x8f, 205, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 1};
  EXPECT_EQ(RtcpError::kFciInvalid, ParseTransportCc(FeedbackOf(tiny)).error());
}

TEST(RtcpFeedbackTest, PliFirRemb) {
  const Bytes pli = {0x81, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2};
  EXPECT_EQ(RtcpError::kOk, ParsePli(FeedbackOf(pli)));

  const Bytes fir = {0x84, 206, 0x00, 0x06, 0, 0, 0, 1, 0, 0, 0, 0,
                     0, 0, 0, 5, 0x07, 0, 0, 0, 0, 0, 0, 6, 0x08, 0, 0, 0};
  const auto f = ParseFir(FeedbackOf(fir));
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(2u, f->size());
  EXPECT_EQ(5u, (*f)[0].ssrc);
  EXPECT_EQ(7, (*f)[0].sequence);
  EXPECT_EQ(6u, (*f)[1].ssrc);
  EXPECT_EQ(8, (*f)[1].sequence);
  const Bytes fir_short = {0x84, 206, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5};
  EXPECT_EQ(RtcpError::kFciInvalid, ParseFir(FeedbackOf(fir_short)).error());

  // REMB: 1 SSRC, exponent 3, mantissa 125000 -> 1 Mbit/s.
  const Bytes remb = {0x8f, 206, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 0,
                      'R', 'E', 'M', 'B', 0x01, 0x0d, 0xe8, 0x48, 0x12, 0x34, 0x56, 0x78};
  const auto r = ParseRemb(FeedbackOf(remb));
  ASSERT_TRUE(r.ok()) << RtcpErrorName(r.error());
  EXPECT_EQ(1000000u, r->bitrate_bps);
  ASSERT_EQ(1u, r->ssrc_count());
  EXPECT_EQ(0x12345678u, r->ssrc(0));
  Bytes lie = remb;
  lie[16] = 2;  // two SSRCs announced
  EXPECT_EQ(RtcpError::kFciInvalid, ParseRemb(FeedbackOf(lie)).error());
  Bytes huge = remb;
  huge[17] = 0xff;  // exponent 63, mantissa with its top bits set: saturates
  EXPECT_EQ(UINT64_MAX, ParseRemb(FeedbackOf(huge))->bitrate_bps);
  Bytes not_remb = remb;
  not_remb[12] = 'X';
  EXPECT_EQ(RtcpError::kWrongType, ParseRemb(FeedbackOf(not_remb)).error());
}

}  // namespace
}  // namespace jvbfastpath::rtp
