// Fuzz target: a whole endpoint's ingress (native/pipeline) with fixed keys, then egress of
// what it forwards to a second endpoint through per-source StreamRewriters.
//
// Input: byte 0 picks the conference mode (accelerated, e2ee-passthrough, e2ee-required);
// then up to 24 packets, each behind a 2-byte big-endian length. Odd-numbered packets are
// first protected by the sending client (SRTCP when the second byte is an RTCP type, else
// SRTP: their first byte gets V=2) so that parsing and the E2EE policy after SRTP are
// reached; even-numbered ones arrive as they are (mostly refused by SRTP). Everything is
// created fresh per input (no replay-window state carried over), so a corpus file always
// replays the same way.
// The packets go through ingress in two batches (split where byte 0's high bits say), so the
// frame hold (e2ee-required) keeps packets across calls; the hold events are taken after each.
// Invariants (std::abort when broken):
//  - hold events: each names a packet that was held; a released one goes right before a
//    forwardable packet of the same call, a dropped one says why; what is still held says
//    kHeld with a ticket, and the endpoint counts exactly those;
//  - an unprotected packet is no longer than what arrived;
//  - a forwardable RTP packet's parsed offsets lie inside it, and its opaque record (when
//    guarded) covers exactly packet[offset .. end) and verifies as kIntact;
//  - at egress, the rewrite never counts as touching opaque bytes: no packet is dropped as
//    opaque_modified_* or as a failed rewrite, and each one is protected.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/rtp/rtp_packet.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath;
using fuzz::Check;

namespace {

constexpr size_t kMaxPackets = 24;

pipeline::EndpointConfig Config(const char* id, srtp::DtlsRole role) {
  pipeline::EndpointConfig c;
  c.id = id;
  c.dtls_role = role;
  fuzz::RegisterFuzzMaps(c.extensions, c.payload_types);
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const std::vector<uint8_t> km(56, 0x21);  // 2 x 16-byte keys + 2 x 12-byte salts
  const conference::Mode mode = conference::kAllModes[1 + data[0] % 3];
  pipeline::Conference conference("fuzz", mode);
  std::string error;
  auto sender = pipeline::Endpoint::Create(conference, Config("s", srtp::DtlsRole::kServer), km,
                                           &error);
  auto receiver = pipeline::Endpoint::Create(conference, Config("r", srtp::DtlsRole::kServer), km,
                                             &error);
  Check(sender && receiver);
  auto keys = srtp::SplitDtlsKeyingMaterial(srtp::Profile::kAeadAes128Gcm, km,
                                            srtp::DtlsRole::kClient);
  srtp::SessionConfig s;
  s.direction = srtp::Direction::kOutbound;
  auto client = srtp::SrtpSession::Create(keys->local, s, &error);
  Check(client != nullptr);

  std::vector<std::vector<uint8_t>> buffers;
  std::vector<size_t> lengths;
  size_t pos = 1;
  for (size_t k = 0; pos + 2 <= size && k < kMaxPackets; ++k) {
    const size_t n = std::min<size_t>((size_t{data[pos]} << 8) | data[pos + 1], size - pos - 2);
    std::vector<uint8_t> b(data + pos + 2, data + pos + 2 + n);
    pos += 2 + n;
    size_t len = b.size();
    b.resize(len + srtp::kMaxTrailerLength);
    if (k % 2 == 1 && len >= 12) {
      b[0] = static_cast<uint8_t>((b[0] & 0x3F) | 0x80);
      if (rtp::LooksLikeRtcp({b.data(), len})) {
        client->ProtectRtcp(b, len);
      } else {
        client->ProtectRtp(b, len);
      }
    }
    // Exactly the packet plus the room SRTP may need, so ASan sees reads past the end.
    b.resize(len + srtp::kMaxTrailerLength);
    buffers.push_back(std::move(b));
    lengths.push_back(len);
  }
  std::vector<srtp::PacketSlot> slots;
  for (size_t i = 0; i < buffers.size(); ++i) slots.push_back({buffers[i], lengths[i], srtp::Status::kOk});
  std::vector<pipeline::IngressResult> results(slots.size());
  const size_t split = slots.empty() ? 0 : (data[0] >> 2) % (slots.size() + 1);
  std::vector<pipeline::HoldEvent> events(pipeline::FrameHold::kCapacity);
  auto in_batch = [&](const pipeline::IngressResult* r, size_t from, size_t to) {
    return r >= results.data() + from && r < results.data() + to;
  };
  for (const auto [from, to] : {std::pair<size_t, size_t>{0, split}, {split, slots.size()}}) {
    sender->Ingress({slots.data() + from, to - from}, {results.data() + from, to - from});
    const size_t n = sender->TakeHoldEvents(events);
    for (size_t e = 0; e < n; ++e) {
      const pipeline::IngressResult* held = events[e].packet;
      Check(in_batch(held, 0, to) && held->was_held && held->hold_ticket == 0 &&
            held->drop != pipeline::DropReason::kHeld);
      if (held->drop == pipeline::DropReason::kNone) {
        Check(in_batch(events[e].before, from, to) && events[e].before > held &&
              events[e].before->drop == pipeline::DropReason::kNone && !events[e].before->was_held);
      } else {
        Check(events[e].before == nullptr);
      }
    }
  }
  size_t still_held = 0;
  for (const pipeline::IngressResult& r : results) {
    Check((r.drop == pipeline::DropReason::kHeld) == (r.hold_ticket != 0));
    still_held += r.drop == pipeline::DropReason::kHeld;
  }
  Check(sender->held_packets() == still_held);

  // Forward what is forwardable to the receiver: one rewriter per source SSRC (up to 4).
  std::vector<std::vector<uint8_t>> out_buffers;
  std::vector<pipeline::EgressItem> items;
  rewrite::StreamRewriter rewriters[4] = {
      rewrite::StreamRewriter({1, 90000, true}), rewrite::StreamRewriter({2, 90000, true}),
      rewrite::StreamRewriter({3, 90000, true}), rewrite::StreamRewriter({4, 48000, true})};
  uint32_t rewriter_ssrcs[4] = {};
  size_t rewriter_count = 0;
  for (size_t i = 0; i < slots.size(); ++i) {
    const pipeline::IngressResult& r = results[i];
    const size_t len = slots[i].length;
    Check(len <= lengths[i]);
    if (r.drop != pipeline::DropReason::kNone) continue;
    if (!r.rtcp) {
      const codec::PacketInfo& info = r.info;
      Check(r.parse != codec::PacketError::kRtpInvalid);
      Check(size_t{info.payload_offset} + info.payload_length <= len &&
            info.descriptor_length <= info.payload_length);
      Check(info.tcc_seq_offset == 0 || info.tcc_seq_offset + 2 <= info.payload_offset);
      Check(info.av1_dd_offset == 0 ||
            info.av1_dd_offset + info.av1_dd_length <= info.payload_offset);
      Check(info.picture_id_offset == 0 ||
            info.picture_id_offset < info.payload_offset + info.descriptor_length);
      // An RTX packet's record is in the original packet's layout (2 bytes earlier).
      const bool rtx = info.rtx != 0 && info.rtx_osn >= 0;
      if (r.guarded) {
        Check(r.opaque.offset + (rtx ? 2 : 0) == info.payload_offset + info.descriptor_length &&
              size_t{r.opaque.offset} + (rtx ? 2 : 0) + r.opaque.length == len);
        Check(e2ee::VerifyOpaque({buffers[i].data(), len}, r.opaque.offset, r.opaque, rtx) ==
              e2ee::GuardResult::kIntact);
      }
    }
    std::vector<uint8_t> out(buffers[i].begin(), buffers[i].begin() + len);
    out.resize(len + srtp::kMaxTrailerLength);
    out_buffers.push_back(std::move(out));
    pipeline::EgressItem item;
    item.source = &results[i];
    // A received RTX packet forwarded as it is: an RTX item (no rewriter).
    item.rtx = !r.rtcp && r.info.rtx != 0 && r.info.rtx_osn >= 0;
    if (!r.rtcp && !item.rtx) {
      size_t k = 0;
      while (k < rewriter_count && rewriter_ssrcs[k] != r.info.ssrc) ++k;
      if (k == rewriter_count && rewriter_count < 4) rewriter_ssrcs[rewriter_count++] = r.info.ssrc;
      if (k < 4) item.rewriter = &rewriters[k];
    }
    items.push_back(item);
  }
  std::vector<srtp::PacketSlot> out_slots;
  for (size_t i = 0; i < out_buffers.size(); ++i) {
    out_slots.push_back(
        {out_buffers[i], out_buffers[i].size() - srtp::kMaxTrailerLength, srtp::Status::kOk});
  }
  std::vector<pipeline::EgressResult> out_results(out_slots.size());
  receiver->Egress(out_slots, items, out_results);
  for (const pipeline::EgressResult& e : out_results) {
    Check(e.drop != pipeline::DropReason::kOpaqueModifiedBeforeEgress &&
          e.drop != pipeline::DropReason::kOpaqueModifiedByRewrite &&
          e.drop != pipeline::DropReason::kRewrite);
  }
  return 0;
}
