// Fuzz target: the RTP view (native/rtp): ParseRtp, the RFC 8285 extension reader (one-byte
// and two-byte forms), FindExtension, every typed extension's Parse, and the in-place
// writers (fixed-header fields, typed extension Write).
//
// Input: one RTP packet; its first byte also picks the values written (so writes vary).
// Invariants (std::abort when broken):
//  - a parsed packet's header, payload and padding lie inside the input and add up to it;
//    header_size >= 12 + 4 * CC (+ 4 + extension bytes with X);
//  - every extension element lies inside the extension block; the one-byte form yields
//    IDs 1..14 with 1..16 data bytes; FindExtension(id) is the first element with that id;
//  - a typed Write followed by Parse gives the value back, and touches only the element's
//    bytes; a fixed-header setter touches only its field and reads back;
//  - the rewritten packet parses to the same layout.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "native/rtp/extension_map.h"
#include "native/rtp/header_extensions.h"
#include "native/rtp/rtp_extensions.h"
#include "native/rtp/rtp_packet.h"

#include "tests/fuzz/fuzz_util.h"

using namespace jvbfastpath::rtp;
using jvbfastpath::fuzz::Check;
using jvbfastpath::fuzz::CheckOnlyChanged;

namespace {

struct Maps {
  ExtensionMap map;
  Maps() {
    map.Register(1, ExtensionType::kAudioLevel);
    map.Register(3, ExtensionType::kTransportSequenceNumber);
    map.Register(2, ExtensionType::kAbsSendTime);
    map.Register(4, ExtensionType::kMid);
    map.Register(10, ExtensionType::kRtpStreamId);
    map.Register(11, ExtensionType::kRepairedRtpStreamId);
    map.Register(5, ExtensionType::kDependencyDescriptor);
  }
};

void CheckLayout(const RtpPacket& a, const RtpPacket& b) {
  Check(a.header_size() == b.header_size() && a.padding_size() == b.padding_size() &&
        a.payload().size() == b.payload().size() &&
        a.extension_data().size() == b.extension_data().size() &&
        a.extension_profile() == b.extension_profile());
}

// Write then Parse of a typed extension: the value comes back and only its bytes changed.
template <typename Ext>
void RoundTrip(std::vector<uint8_t>& bytes, const Maps& maps, typename Ext::Value value,
               bool (*same)(const typename Ext::Value&, const typename Ext::Value&)) {
  const auto parsed = ParseRtp(bytes);
  Check(parsed.ok());
  const RtpPacket& packet = *parsed;
  const std::span<const uint8_t> data = FindExtension(packet, maps.map, Ext::kType);
  const std::vector<uint8_t> before = bytes;
  if (!SetExtension<Ext>(bytes, packet, maps.map, value)) {
    Check(before == bytes);  // a refused write writes nothing
    return;
  }
  CheckOnlyChanged(before, bytes, OffsetIn(packet.data(), data), data.size());
  const auto again = ParseRtp(bytes);
  Check(again.ok());
  CheckLayout(packet, *again);
  const auto read = GetExtension<Ext>(*again, maps.map);
  Check(read.has_value() && same(*read, value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Maps maps;
  // An exact-size copy: ASan sees any read past the packet.
  std::vector<uint8_t> bytes(data, data + size);
  LooksLikeRtcp(bytes);
  const auto parsed = ParseRtp(bytes);
  if (!parsed.ok()) {
    RtpErrorName(parsed.error());
    return 0;
  }
  const RtpPacket& packet = *parsed;
  const size_t header = packet.header_size();
  Check(packet.version() == RtpPacket::kVersion);
  Check(header >= RtpPacket::kFixedHeaderSize + 4u * packet.csrc_count());
  Check(header + packet.padding_size() <= size);
  Check(packet.payload().size() == size - header - packet.padding_size());
  Check(packet.payload().data() == bytes.data() + header);
  Check(packet.has_padding() == (packet.padding_size() > 0));
  for (size_t i = 0; i < packet.csrc_count(); ++i) packet.csrc(i);
  const std::span<const uint8_t> block = packet.extension_data();
  if (packet.has_extension()) {
    Check(header == RtpPacket::kFixedHeaderSize + 4u * packet.csrc_count() + 4 + block.size());
    Check(block.size() % 4 == 0);
  } else {
    Check(block.empty() && header == RtpPacket::kFixedHeaderSize + 4u * packet.csrc_count());
  }

  // Every element inside the block; FindExtension finds the first of each id.
  ExtensionReader reader(packet);
  ExtensionElement element;
  bool seen[256] = {};
  int elements = 0;
  while (reader.Next(&element)) {
    Check(++elements <= 1024);
    Check(element.data.data() >= block.data() &&
          element.data.data() + element.data.size() <= block.data() + block.size());
    if (reader.form() == ExtensionForm::kOneByte) {
      Check(element.id >= 1 && element.id <= 14);
      Check(element.data.size() >= 1 && element.data.size() <= 16);
    }
    Check(element.id != 0);
    if (!seen[element.id]) {
      seen[element.id] = true;
      const std::span<const uint8_t> found = FindExtension(packet, element.id);
      Check(found.data() == element.data.data() && found.size() == element.data.size());
    }
    AudioLevelExtension::Parse(element.data);
    TransportSequenceNumberExtension::Parse(element.data);
    AbsSendTimeExtension::Parse(element.data);
    if (auto text = ParseSdesExtension(element.data)) {
      Check(!text->empty() && text->size() <= element.data.size());
    }
  }
  Check(FindExtension(packet, 0).empty());
  ExtensionFormOf(packet.extension_profile());

  // Typed reads through the map.
  GetExtension<AudioLevelExtension>(packet, maps.map);
  GetExtension<TransportSequenceNumberExtension>(packet, maps.map);
  GetExtension<AbsSendTimeExtension>(packet, maps.map);
  GetExtension<MidExtension>(packet, maps.map);
  GetExtension<RtpStreamIdExtension>(packet, maps.map);
  GetExtension<RepairedRtpStreamIdExtension>(packet, maps.map);

  // Writers. Values derived from the input so that they vary.
  const uint8_t v = size > 0 ? data[size - 1] : 0;
  RoundTrip<AudioLevelExtension>(
      bytes, maps, AudioLevelExtension::Value{static_cast<uint8_t>(v & 0x7F), (v & 0x80) != 0},
      [](const AudioLevelExtension::Value& a, const AudioLevelExtension::Value& b) {
        return a.level == b.level && a.voice == b.voice;
      });
  RoundTrip<TransportSequenceNumberExtension>(
      bytes, maps, static_cast<uint16_t>(v * 257 + 1),
      [](const uint16_t& a, const uint16_t& b) { return a == b; });
  RoundTrip<AbsSendTimeExtension>(bytes, maps, (uint32_t{v} << 16) | 0x1234,
                                  [](const uint32_t& a, const uint32_t& b) { return a == b; });

  std::vector<uint8_t> before = bytes;
  Check(SetSequenceNumber(bytes, static_cast<uint16_t>(~v)));
  CheckOnlyChanged(before, bytes, 2, 2);
  before = bytes;
  Check(SetTimestamp(bytes, 0xA5000000u | v));
  CheckOnlyChanged(before, bytes, 4, 4);
  before = bytes;
  Check(SetSsrc(bytes, 0x5A5A0000u | v));
  CheckOnlyChanged(before, bytes, 8, 4);
  before = bytes;
  Check(SetMarker(bytes, (v & 1) != 0));
  Check(SetPayloadType(bytes, v & 0x7F));
  CheckOnlyChanged(before, bytes, 1, 1);
  const auto again = ParseRtp(bytes);
  Check(again.ok());
  CheckLayout(packet, *again);
  Check(again->sequence_number() == static_cast<uint16_t>(~v) &&
        again->timestamp() == (0xA5000000u | v) && again->ssrc() == (0x5A5A0000u | v) &&
        again->marker() == ((v & 1) != 0) && again->payload_type() == (v & 0x7F));
  return 0;
}
