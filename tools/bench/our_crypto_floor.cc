#include "tools/bench/our_crypto_floor.h"

#include <openssl/crypto.h>

#include <cstring>

namespace jvbfastpath::bench {
namespace {

constexpr uint8_t kKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
constexpr uint8_t kAuthKey[20] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
constexpr size_t kIndexLength = 4;

}  // namespace

OurCryptoFloor::OurCryptoFloor(srtp::Profile profile, srtp::PacketKind kind)
    : gcm_(srtp::Info(profile).aead), rtcp_(kind == srtp::PacketKind::kRtcp),
      header_(rtcp_ ? 8 : 12) {
  const auto& info = srtp::Info(profile);
  tag_length_ = rtcp_ ? info.rtcp_trailer_length - kIndexLength : info.rtp_trailer_length;
  const size_t key_length = profile == srtp::Profile::kAeadAes256Gcm ? 32 : 16;
  if (gcm_) {
    aead_.SetKey({kKey, key_length});
  } else {
    ctr_.SetKey({kKey, key_length});
    mac_.SetKey(kAuthKey);
  }
}

void OurCryptoFloor::SetIv(const uint8_t* packet, uint8_t iv[16]) const {
  std::memset(iv, 0, 16);
  std::memcpy(iv + 4, packet + (rtcp_ ? 4 : 8), 4);
  std::memcpy(iv + 10, packet + 2, 2);
}

size_t OurCryptoFloor::Protect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  SetIv(packet.data(), iv);
  const std::span<uint8_t> payload = packet.subspan(header_, length - header_);
  const uint8_t index[kIndexLength] = {0x80, 0, packet[2], packet[3]};
  if (!gcm_) {
    ctr_.SetCounter(std::span<const uint8_t, 16>(iv, 16));
    ctr_.Apply(payload);
    uint8_t tag[20];
    mac_.Start();
    if (rtcp_) {
      std::memcpy(packet.data() + length, index, kIndexLength);
      length += kIndexLength;
      mac_.Update(packet.first(length));
    } else {
      static const uint8_t roc[4] = {};
      mac_.Update(packet.first(length));
      mac_.Update(roc);
    }
    mac_.Finish(std::span<uint8_t, 20>(tag, 20));
    std::memcpy(packet.data() + length, tag, tag_length_);
    return length + tag_length_;
  }
  aead_.Start(std::span<const uint8_t, 12>(iv, 12), crypto::AesGcm::Direction::kSeal);
  aead_.Aad(packet.first(header_));
  if (rtcp_) aead_.Aad(index);
  aead_.Encrypt(payload);
  aead_.Finish(packet.subspan(length, tag_length_));
  if (rtcp_) std::memcpy(packet.data() + length + tag_length_, index, kIndexLength);
  return length + tag_length_ + (rtcp_ ? kIndexLength : 0);
}

size_t OurCryptoFloor::Unprotect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  SetIv(packet.data(), iv);
  if (!gcm_) {
    const size_t authenticated = length - tag_length_;
    const size_t plain_length = authenticated - (rtcp_ ? kIndexLength : 0);
    uint8_t tag[20];
    mac_.Start();
    mac_.Update(packet.first(authenticated));
    if (!rtcp_) {
      static const uint8_t roc[4] = {};
      mac_.Update(roc);
    }
    mac_.Finish(std::span<uint8_t, 20>(tag, 20));
    if (CRYPTO_memcmp(tag, packet.data() + authenticated, tag_length_) != 0) return 0;
    ctr_.SetCounter(std::span<const uint8_t, 16>(iv, 16));
    ctr_.Apply(packet.subspan(header_, plain_length - header_));
    return plain_length;
  }
  const size_t sealed = length - (rtcp_ ? kIndexLength : 0);
  const size_t plain_length = sealed - tag_length_;
  aead_.Start(std::span<const uint8_t, 12>(iv, 12), crypto::AesGcm::Direction::kOpen);
  aead_.Aad(packet.first(header_));
  if (rtcp_) aead_.Aad(packet.subspan(sealed, kIndexLength));
  const bool ok = aead_.Open(packet.subspan(header_, plain_length - header_),
                             packet.subspan(plain_length, tag_length_));
  return ok ? plain_length : 0;
}

}  // namespace jvbfastpath::bench
