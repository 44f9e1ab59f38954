#include "native/rtp/header_extensions.h"

namespace jvbfastpath::rtp {

ExtensionForm ExtensionFormOf(uint16_t profile) {
  if (profile == kOneByteExtensionProfile) return ExtensionForm::kOneByte;
  if ((profile & 0xfff0) == kTwoByteExtensionProfile) return ExtensionForm::kTwoByte;
  return ExtensionForm::kNone;
}

ExtensionReader::ExtensionReader(const RtpPacket& packet)
    : block_(packet.extension_data()),
      form_(packet.has_extension() ? ExtensionFormOf(packet.extension_profile())
                                   : ExtensionForm::kNone) {}

bool ExtensionReader::Next(ExtensionElement* element) {
  if (form_ == ExtensionForm::kNone) return false;
  while (pos_ < block_.size()) {
    const uint8_t first = block_[pos_];
    if (first == 0) {  // padding between elements
      ++pos_;
      continue;
    }
    uint8_t id;
    size_t length;
    size_t header;
    if (form_ == ExtensionForm::kOneByte) {
      id = first >> 4;
      if (id == 15) {  // reserved: stop processing the whole block
        pos_ = block_.size();
        return false;
      }
      if (id == 0) {  // ID 0 with a non-zero length: RFC 8285 calls it padding too
        ++pos_;
        continue;
      }
      length = size_t{first & 0x0fu} + 1;
      header = 1;
    } else {
      if (block_.size() - pos_ < 2) {
        malformed_ = true;
        pos_ = block_.size();
        return false;
      }
      id = first;
      length = block_[pos_ + 1];
      header = 2;
    }
    if (block_.size() - pos_ - header < length) {
      malformed_ = true;
      pos_ = block_.size();
      return false;
    }
    element->id = id;
    element->data = block_.subspan(pos_ + header, length);
    pos_ += header + length;
    return true;
  }
  return false;
}

std::span<const uint8_t> FindExtension(const RtpPacket& packet, uint8_t id) {
  if (id == 0) return {};
  ExtensionReader reader(packet);
  ExtensionElement element;
  while (reader.Next(&element)) {
    if (element.id == id) return element.data;
  }
  return {};
}

}  // namespace jvbfastpath::rtp
