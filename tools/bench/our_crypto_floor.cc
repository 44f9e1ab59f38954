#include "tools/bench/our_crypto_floor.h"

#include <openssl/crypto.h>

#include <cstring>

namespace jvbfastpath::bench {

OurCryptoFloor::OurCryptoFloor(srtp::Profile profile, srtp::PacketKind kind)
    : layout_(profile, kind), gcm_(srtp::Info(profile).aead) {
  if (gcm_) {
    aead_.SetKey({kFloorKey, layout_.key_length});
  } else {
    ctr_.SetKey({kFloorKey, layout_.key_length});
    mac_.SetKey(kFloorAuthKey);
  }
}

size_t OurCryptoFloor::Protect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  layout_.Iv(packet.data(), iv);
  const std::span<uint8_t> payload = packet.subspan(layout_.header, length - layout_.header);
  const uint8_t index[kSrtcpIndexLength] = {0x80, 0, packet[2], packet[3]};
  if (!gcm_) {
    ctr_.SetCounter(std::span<const uint8_t, 16>(iv, 16));
    ctr_.Apply(payload);
    uint8_t tag[20];
    mac_.Start();
    if (layout_.rtcp) {
      std::memcpy(packet.data() + length, index, kSrtcpIndexLength);
      length += kSrtcpIndexLength;
      mac_.Update(packet.first(length));
    } else {
      static const uint8_t roc[4] = {};
      mac_.Update(packet.first(length));
      mac_.Update(roc);
    }
    mac_.Finish(std::span<uint8_t, 20>(tag, 20));
    std::memcpy(packet.data() + length, tag, layout_.tag_length);
    return length + layout_.tag_length;
  }
  aead_.Start(std::span<const uint8_t, 12>(iv, 12), crypto::AesGcm::Direction::kSeal);
  aead_.Aad(packet.first(layout_.header));
  if (layout_.rtcp) aead_.Aad(index);
  aead_.Encrypt(payload);
  aead_.Finish(packet.subspan(length, layout_.tag_length));
  if (layout_.rtcp) std::memcpy(packet.data() + length + layout_.tag_length, index, kSrtcpIndexLength);
  return length + layout_.tag_length + (layout_.rtcp ? kSrtcpIndexLength : 0);
}

size_t OurCryptoFloor::Unprotect(std::span<uint8_t> packet, size_t length) {
  uint8_t iv[16];
  layout_.Iv(packet.data(), iv);
  if (!gcm_) {
    const size_t authenticated = length - layout_.tag_length;
    const size_t plain_length = authenticated - (layout_.rtcp ? kSrtcpIndexLength : 0);
    uint8_t tag[20];
    mac_.Start();
    mac_.Update(packet.first(authenticated));
    if (!layout_.rtcp) {
      static const uint8_t roc[4] = {};
      mac_.Update(roc);
    }
    mac_.Finish(std::span<uint8_t, 20>(tag, 20));
    if (CRYPTO_memcmp(tag, packet.data() + authenticated, layout_.tag_length) != 0) return 0;
    ctr_.SetCounter(std::span<const uint8_t, 16>(iv, 16));
    ctr_.Apply(packet.subspan(layout_.header, plain_length - layout_.header));
    return plain_length;
  }
  const size_t sealed = length - (layout_.rtcp ? kSrtcpIndexLength : 0);
  const size_t plain_length = sealed - layout_.tag_length;
  aead_.Start(std::span<const uint8_t, 12>(iv, 12), crypto::AesGcm::Direction::kOpen);
  aead_.Aad(packet.first(layout_.header));
  if (layout_.rtcp) aead_.Aad(packet.subspan(sealed, kSrtcpIndexLength));
  const bool ok = aead_.Open(packet.subspan(layout_.header, plain_length - layout_.header),
                             packet.subspan(plain_length, layout_.tag_length));
  return ok ? plain_length : 0;
}

}  // namespace jvbfastpath::bench
