#include "tests/native/srtp/reference_srtp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace jvbfastpath::srtp::testing {
namespace {

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "reference_srtp: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

// The RFCs' lengths, per profile (RFC 3711 5.1-5.2, RFC 5764 4.1.2, RFC 7714 12).
struct Lengths {
  size_t cipher_key;
  size_t salt;
  size_t auth_key;
  size_t rtp_tag;
  size_t rtcp_tag;
  bool aead;
};

Lengths LengthsOf(Profile profile) {
  switch (profile) {
    case Profile::kAesCm128HmacSha1_80: return {16, 14, 20, 10, 10, false};
    case Profile::kAesCm128HmacSha1_32: return {16, 14, 20, 4, 10, false};
    case Profile::kAeadAes128Gcm: return {16, 12, 0, 16, 16, true};
    case Profile::kAeadAes256Gcm: return {32, 12, 0, 16, 16, true};
  }
  Fail("unknown profile");
}

uint32_t Read32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

void Put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

Bytes AesCmKeystream(std::span<const uint8_t> key, std::span<const uint8_t> iv, size_t length) {
  Check(iv.size() == 16, "AES-CM IV must be 16 bytes");
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_ctr()
                             : key.size() == 32 ? EVP_aes_256_ctr()
                                                : nullptr;
  Check(cipher != nullptr, "AES-CM key must be 16 or 32 bytes");
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(length, 0);
  int written = 0;
  Check(EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out.data(), &written, out.data(),
                              static_cast<int>(length)) == 1,
        "AES-CTR failed");
  return out;
}

Bytes DeriveKey(std::span<const uint8_t> master_key, std::span<const uint8_t> master_salt,
                uint8_t label, size_t length) {
  Check(master_salt.size() == 14 || master_salt.size() == 12, "master salt must be 14 or 12");
  // x * 2^16 as a 16-byte block: the 112-bit salt (a 96-bit one times 2^16) then 00 00.
  uint8_t iv[16] = {};
  for (size_t i = 0; i < master_salt.size(); ++i) iv[i] = master_salt[i];
  // key_id = label || r (r = 0, 48 bits) is right-aligned in the 112-bit salt: the label
  // lands on byte 14 - 7 = 7.
  iv[7] ^= label;
  return AesCmKeystream(master_key, iv, length);
}

SessionKeys DeriveSessionKeys(Profile profile, std::span<const uint8_t> master_key,
                              std::span<const uint8_t> master_salt, KeysFor kind) {
  const Lengths n = LengthsOf(profile);
  const bool rtp = kind == KeysFor::kRtp;
  SessionKeys keys;
  keys.cipher_key = DeriveKey(master_key, master_salt,
                              rtp ? kLabelRtpCipher : kLabelRtcpCipher, n.cipher_key);
  if (n.auth_key > 0) {
    keys.auth_key =
        DeriveKey(master_key, master_salt, rtp ? kLabelRtpAuth : kLabelRtcpAuth, n.auth_key);
  }
  keys.salt = DeriveKey(master_key, master_salt, rtp ? kLabelRtpSalt : kLabelRtcpSalt, n.salt);
  return keys;
}

Bytes AesCmIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint64_t index) {
  Check(session_salt.size() == 14, "AES-CM session salt must be 14 bytes");
  Bytes iv(16, 0);
  for (size_t i = 0; i < 14; ++i) iv[i] = session_salt[i];
  uint8_t ssrc_bytes[4];
  Put32(ssrc_bytes, ssrc);
  for (size_t i = 0; i < 4; ++i) iv[4 + i] ^= ssrc_bytes[i];
  for (size_t i = 0; i < 6; ++i) iv[8 + i] ^= static_cast<uint8_t>(index >> (8 * (5 - i)));
  return iv;
}

Bytes AeadRtpIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint32_t roc, uint16_t seq) {
  Check(session_salt.size() == 12, "AEAD session salt must be 12 bytes");
  Bytes iv(12, 0);
  Put32(&iv[2], ssrc);
  Put32(&iv[6], roc);
  iv[10] = static_cast<uint8_t>(seq >> 8);
  iv[11] = static_cast<uint8_t>(seq);
  for (size_t i = 0; i < 12; ++i) iv[i] ^= session_salt[i];
  return iv;
}

Bytes AeadRtcpIv(std::span<const uint8_t> session_salt, uint32_t ssrc, uint32_t srtcp_index) {
  Check(session_salt.size() == 12, "AEAD session salt must be 12 bytes");
  Bytes iv(12, 0);
  Put32(&iv[2], ssrc);
  Put32(&iv[8], srtcp_index & 0x7fffffff);
  for (size_t i = 0; i < 12; ++i) iv[i] ^= session_salt[i];
  return iv;
}

Bytes HmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  Bytes out(20, 0);
  unsigned int length = 0;
  Check(HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
             out.data(), &length) != nullptr &&
            length == 20,
        "HMAC-SHA1 failed");
  return out;
}

Sealed AesGcmSeal(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                  std::span<const uint8_t> aad, std::span<const uint8_t> plaintext) {
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_gcm()
                             : key.size() == 32 ? EVP_aes_256_gcm()
                                                : nullptr;
  Check(cipher != nullptr && iv.size() == 12, "AES-GCM key or IV size");
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Sealed sealed{Bytes(plaintext.size(), 0), Bytes(16, 0)};
  int written = 0;
  Check(EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) == 1,
        "GCM init");
  Check(EVP_EncryptUpdate(ctx.get(), nullptr, &written, aad.data(),
                          static_cast<int>(aad.size())) == 1,
        "GCM AAD");
  Check(EVP_EncryptUpdate(ctx.get(), sealed.ciphertext.data(), &written, plaintext.data(),
                          static_cast<int>(plaintext.size())) == 1,
        "GCM encrypt");
  Check(EVP_EncryptFinal_ex(ctx.get(), nullptr, &written) == 1, "GCM final");
  Check(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, sealed.tag.data()) == 1,
        "GCM tag");
  return sealed;
}

std::optional<Bytes> AesGcmOpen(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                                std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                std::span<const uint8_t> tag) {
  const EVP_CIPHER* cipher = key.size() == 16   ? EVP_aes_128_gcm()
                             : key.size() == 32 ? EVP_aes_256_gcm()
                                                : nullptr;
  Check(cipher != nullptr && iv.size() == 12 && tag.size() == 16, "AES-GCM sizes");
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes plaintext(ciphertext.size(), 0);
  Bytes tag_copy(tag.begin(), tag.end());
  int written = 0;
  Check(EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &written, aad.data(),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), plaintext.data(), &written, ciphertext.data(),
                              static_cast<int>(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag_copy.data()) == 1,
        "GCM decrypt");
  if (EVP_DecryptFinal_ex(ctx.get(), nullptr, &written) != 1) return std::nullopt;
  return plaintext;
}

size_t RtpHeaderLength(std::span<const uint8_t> rtp) {
  Check(rtp.size() >= 12, "RTP packet shorter than its fixed header");
  size_t length = 12 + 4 * size_t{rtp[0] & 0x0fu};
  if (rtp[0] & 0x10) {
    Check(rtp.size() >= length + 4, "RTP extension header past the end");
    length += 4 + 4 * ((size_t{rtp[length + 2]} << 8) | rtp[length + 3]);
  }
  Check(rtp.size() >= length, "RTP header past the end");
  return length;
}

Bytes ProtectRtp(Profile profile, const SessionKeys& keys, std::span<const uint8_t> rtp,
                 uint32_t roc) {
  const Lengths n = LengthsOf(profile);
  const size_t header = RtpHeaderLength(rtp);
  const uint16_t seq = static_cast<uint16_t>((rtp[2] << 8) | rtp[3]);
  const uint32_t ssrc = Read32(&rtp[8]);
  const auto header_bytes = rtp.first(header);
  const auto payload = rtp.subspan(header);

  if (n.aead) {
    // RFC 7714 8.2: the whole header (CSRCs, extension) is the AAD; the tag follows.
    Sealed sealed = AesGcmSeal(keys.cipher_key, AeadRtpIv(keys.salt, ssrc, roc, seq),
                               header_bytes, payload);
    Bytes out = Concat(Concat(header_bytes, sealed.ciphertext), sealed.tag);
    return out;
  }
  // RFC 3711 3.3: encrypt the payload with AES-CM, index = ROC * 2^16 + SEQ...
  const uint64_t index = (uint64_t{roc} << 16) | seq;
  Bytes keystream =
      AesCmKeystream(keys.cipher_key, AesCmIv(keys.salt, ssrc, index), payload.size());
  Bytes out(header_bytes.begin(), header_bytes.end());
  for (size_t i = 0; i < payload.size(); ++i) out.push_back(payload[i] ^ keystream[i]);
  // ...then authenticate header || ciphertext || ROC (4.2), truncating the tag.
  uint8_t roc_bytes[4];
  Put32(roc_bytes, roc);
  Bytes tag = HmacSha1(keys.auth_key, Concat(out, roc_bytes));
  out.insert(out.end(), tag.begin(), tag.begin() + static_cast<ptrdiff_t>(n.rtp_tag));
  return out;
}

Bytes ProtectRtcp(Profile profile, const SessionKeys& keys, std::span<const uint8_t> rtcp,
                  uint32_t index, bool encrypt) {
  const Lengths n = LengthsOf(profile);
  Check(rtcp.size() >= 8, "RTCP packet shorter than its header");
  const uint32_t ssrc = Read32(&rtcp[4]);
  uint8_t e_index[4];
  Put32(e_index, (encrypt ? 0x80000000u : 0u) | (index & 0x7fffffff));

  if (n.aead) {
    const Bytes iv = AeadRtcpIv(keys.salt, ssrc, index);
    if (encrypt) {
      // RFC 7714 9.2: AAD = first 8 octets || ESRTCP word; header || cipher || tag || ESRTCP.
      Sealed sealed = AesGcmSeal(keys.cipher_key, iv, Concat(rtcp.first(8), e_index),
                                 rtcp.subspan(8));
      return Concat(Concat(Concat(rtcp.first(8), sealed.ciphertext), sealed.tag), e_index);
    }
    // RFC 7714 9.3: AAD = the whole packet || ESRTCP word; packet || tag || ESRTCP.
    Sealed sealed = AesGcmSeal(keys.cipher_key, iv, Concat(rtcp, e_index), {});
    return Concat(Concat(rtcp, sealed.tag), e_index);
  }
  // RFC 3711 3.4: encrypt from octet 8 on (IV with the SRTCP index as the index), append
  // E || index, authenticate all of that, append the 80-bit tag.
  Bytes out(rtcp.begin(), rtcp.end());
  if (encrypt) {
    Bytes keystream =
        AesCmKeystream(keys.cipher_key, AesCmIv(keys.salt, ssrc, index & 0x7fffffff),
                       rtcp.size() - 8);
    for (size_t i = 8; i < out.size(); ++i) out[i] ^= keystream[i - 8];
  }
  out.insert(out.end(), e_index, e_index + 4);
  Bytes tag = HmacSha1(keys.auth_key, out);
  out.insert(out.end(), tag.begin(), tag.begin() + static_cast<ptrdiff_t>(n.rtcp_tag));
  return out;
}

}  // namespace jvbfastpath::srtp::testing
