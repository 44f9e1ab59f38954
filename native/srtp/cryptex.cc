#include "native/srtp/cryptex.h"

#include <arpa/inet.h>
#include <endian.h>
#include <openssl/crypto.h>

#include <cstring>

#include "native/rtp/bytes.h"
#include "native/srtp/expected_plaintext.h"

// libsrtp's internals: the stream structure, its replay database, its cipher/auth objects.
#include "srtp_priv.h"

namespace jvbfastpath::srtp::cryptex {
namespace {

constexpr size_t kFixedHeader = 12;
constexpr size_t kExtensionHeader = 4;
constexpr uint16_t kOneByteProfile = 0xBEDE;
constexpr uint16_t kTwoByteProfile = 0x1000;  // 0x100X: the low 4 bits are "appbits"
constexpr uint16_t kOneByteCryptex = 0xC0DE;
constexpr uint16_t kTwoByteCryptex = 0xC2DE;
constexpr size_t kMaxTagLength = 16;

struct Layout {
  Form form = Form::kMalformed;
  size_t csrc_bytes = 0;
  bool has_extension = false;
  size_t extension_at = 0;  // the 4-byte extension header, after the CSRCs
  uint16_t profile = 0;
};

Layout Parse(std::span<const uint8_t> packet) {
  Layout l;
  if (packet.size() < kFixedHeader) return l;
  l.csrc_bytes = 4u * (packet[0] & 0x0F);
  l.has_extension = (packet[0] & 0x10) != 0;
  l.extension_at = kFixedHeader + l.csrc_bytes;
  if (l.extension_at > packet.size()) return l;
  if (!l.has_extension) {
    l.form = l.csrc_bytes == 0 ? Form::kNothingToHide : Form::kPlain8285;
    return l;
  }
  if (l.extension_at + kExtensionHeader > packet.size()) return l;
  l.profile = rtp::ReadU16(packet.data() + l.extension_at);
  const size_t words = rtp::ReadU16(packet.data() + l.extension_at + 2);
  if (l.extension_at + kExtensionHeader + 4 * words > packet.size()) return l;
  if (l.profile == kOneByteProfile || l.profile == kTwoByteProfile) {
    l.form = Form::kPlain8285;
  } else if (l.profile == kOneByteCryptex || l.profile == kTwoByteCryptex) {
    l.form = Form::kCryptex;
  } else {
    l.form = Form::kOtherExtension;
  }
  return l;
}

// The wire order [fixed header][CSRCs][extension header] becomes [fixed header][extension
// header][CSRCs] (and back): then the encrypted part is contiguous from byte 16 and, for
// GCM, the AAD is bytes 0..16.
void ToCipherOrder(uint8_t* p, size_t csrc_bytes) {
  if (csrc_bytes == 0) return;
  uint8_t extension_header[kExtensionHeader];
  std::memcpy(extension_header, p + kFixedHeader + csrc_bytes, kExtensionHeader);
  std::memmove(p + kFixedHeader + kExtensionHeader, p + kFixedHeader, csrc_bytes);
  std::memcpy(p + kFixedHeader, extension_header, kExtensionHeader);
}

void ToWireOrder(uint8_t* p, size_t csrc_bytes) {
  if (csrc_bytes == 0) return;
  uint8_t extension_header[kExtensionHeader];
  std::memcpy(extension_header, p + kFixedHeader, kExtensionHeader);
  std::memmove(p + kFixedHeader, p + kFixedHeader + kExtensionHeader, csrc_bytes);
  std::memcpy(p + kFixedHeader + csrc_bytes, extension_header, kExtensionHeader);
}

bool IsGcm(const srtp_session_keys_t* keys) {
  return keys->rtp_cipher->algorithm == SRTP_AES_GCM_128 ||
         keys->rtp_cipher->algorithm == SRTP_AES_GCM_256;
}

// The packet index as srtp_protect/srtp_unprotect estimate it (RFC 3711 3.3.1), including a
// rollover counter seeded with srtp_set_stream_roc and not used yet (pending_roc).
struct Index {
  uint64_t estimate = 0;
  int delta = 0;
  bool advance = false;  // a seeded ROC moves the stream to `estimate` (libsrtp: pkt_idx_adv)
  bool too_old = false;  // more than 2^15 behind a seeded stream (libsrtp: pkt_idx_old)
};

Index EstimateIndex(const srtp_stream_ctx_t* stream, uint16_t seq) {
  Index i;
  const uint64_t current = stream->rtp_rdbx.index;
  if (stream->pending_roc == 0) {
    i.delta = srtp_rdbx_estimate_index(&stream->rtp_rdbx, &i.estimate, seq);
    return i;
  }
  i.estimate = (static_cast<uint64_t>(stream->pending_roc) << 16) | seq;
  i.delta = static_cast<int>(i.estimate - current);
  if (i.estimate > current && i.estimate - current > seq_num_median) {
    i.delta = 0;
    i.advance = true;
  } else if (i.estimate < current && current - i.estimate > seq_num_median) {
    i.delta = 0;
    i.too_old = true;
  }
  return i;
}

void RecordIndex(srtp_stream_ctx_t* stream, const Index& i) {
  if (i.advance) {
    srtp_rdbx_set_roc_seq(&stream->rtp_rdbx, static_cast<uint32_t>(i.estimate >> 16),
                          static_cast<uint16_t>(i.estimate & 0xFFFF));
    stream->pending_roc = 0;
    srtp_rdbx_add_index(&stream->rtp_rdbx, 0);
  } else {
    srtp_rdbx_add_index(&stream->rtp_rdbx, i.delta);
  }
}

srtp_err_status_t SetIv(srtp_session_keys_t* keys, uint32_t ssrc_net, uint64_t index,
                        srtp_cipher_direction_t direction) {
  v128_t iv;
  std::memset(&iv, 0, sizeof(iv));
  if (IsGcm(keys)) {
    // RFC 7714 8.1: 0x0000 | SSRC | ROC | SEQ, XOR the 12-byte session salt.
    std::memcpy(&iv.v8[2], &ssrc_net, 4);
    const uint32_t roc_net = htonl(static_cast<uint32_t>(index >> 16));
    std::memcpy(&iv.v8[6], &roc_net, 4);
    const uint16_t seq_net = htons(static_cast<uint16_t>(index));
    std::memcpy(&iv.v8[10], &seq_net, 2);
    for (size_t b = 0; b < SRTP_AEAD_SALT_LEN; ++b) iv.v8[b] ^= keys->salt[b];
  } else {
    // AES-CM (RFC 3711 4.1.1): SSRC and index in the counter block; the cipher adds the salt.
    iv.v32[1] = ssrc_net;
    iv.v64[1] = htobe64(index << 16);
  }
  return srtp_cipher_set_iv(keys->rtp_cipher, reinterpret_cast<uint8_t*>(&iv), direction);
}

Result FromStatus(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_ok: return Result::kOk;
    case srtp_err_status_auth_fail: return Result::kAuthFail;
    case srtp_err_status_replay_fail: return Result::kReplayFail;
    case srtp_err_status_replay_old: return Result::kReplayOld;
    default: return Result::kCryptoFail;
  }
}

bool KeyUsable(srtp_session_keys_t* keys) {
  return srtp_key_limit_update(keys->limit) != srtp_key_event_hard_limit;
}

}  // namespace

Form FormOf(std::span<const uint8_t> packet) { return Parse(packet).form; }

Result Protect(srtp_ctx_t_* ctx, std::span<uint8_t> packet, size_t& length) {
  uint8_t* p = packet.data();
  Layout l = Parse(packet.first(length));
  switch (l.form) {
    case Form::kNothingToHide:
    case Form::kOtherExtension: return Result::kNotApplicable;
    case Form::kCryptex:  // already says Cryptex: sending it would lie about its contents
    case Form::kMalformed: return Result::kMalformed;
    case Form::kPlain8285: break;
  }
  // A two-byte block's appbits cannot travel in 0xC2DE (RFC 9335 section 4).
  if (l.has_extension && l.profile != kOneByteProfile && l.profile != kTwoByteProfile) {
    return Result::kNotApplicable;
  }
  uint32_t ssrc_net;
  std::memcpy(&ssrc_net, p + 8, 4);
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, ssrc_net);
  if (stream == nullptr) return Result::kNoStream;
  srtp_session_keys_t* keys = &stream->session_keys[0];
  const size_t tag_length = static_cast<size_t>(srtp_auth_get_tag_length(keys->rtp_auth));
  const size_t added = l.has_extension ? 0 : kExtensionHeader;
  if (packet.size() < length + added + tag_length) return Result::kNoRoom;
  if (!KeyUsable(keys)) return Result::kCryptoFail;

  // The index and the replay rule of srtp_protect, except that a packet older than the
  // window is protected at its estimated index and leaves the window alone, as the bridge's
  // own SRTP sends such resends (SrtpSession does the same for plain packets).
  const Index index = EstimateIndex(stream, rtp::ReadU16(p + 2));
  bool record = !index.too_old;
  if (!index.advance && !index.too_old) {
    const srtp_err_status_t check = srtp_rdbx_check(&stream->rtp_rdbx, index.delta);
    if (check == srtp_err_status_replay_old) {
      record = false;
    } else if (check != srtp_err_status_ok &&
               !(check == srtp_err_status_replay_fail && stream->allow_repeat_tx)) {
      return FromStatus(check);
    }
  }

  if (!l.has_extension) {  // CSRCs only: an empty 0xC0DE block marks them encrypted
    std::memmove(p + l.extension_at + kExtensionHeader, p + l.extension_at,
                 length - l.extension_at);
    // The bytes a protect with an expectation must find (expected_plaintext.h) moved too.
    ExpectedPlaintext* e = ActiveExpectation();
    const auto at = reinterpret_cast<uintptr_t>(e != nullptr ? e->at : nullptr);
    const auto base = reinterpret_cast<uintptr_t>(p);
    if (e != nullptr && at >= base + l.extension_at && at <= base + length) {
      e->at += kExtensionHeader;
    }
    rtp::WriteU16(p + l.extension_at, kOneByteCryptex);
    rtp::WriteU16(p + l.extension_at + 2, 0);
    p[0] |= 0x10;
    length += kExtensionHeader;
  } else {
    rtp::WriteU16(p + l.extension_at,
                  l.profile == kOneByteProfile ? kOneByteCryptex : kTwoByteCryptex);
  }
  if (record) RecordIndex(stream, index);

  if (SetIv(keys, ssrc_net, index.estimate, srtp_direction_encrypt) != srtp_err_status_ok) {
    return Result::kCryptoFail;
  }
  ToCipherOrder(p, l.csrc_bytes);
  constexpr size_t kClear = kFixedHeader + kExtensionHeader;
  unsigned int encrypted = static_cast<unsigned int>(length - kClear);
  srtp_err_status_t status = srtp_err_status_ok;
  if (IsGcm(keys)) {
    status = srtp_cipher_set_aad(keys->rtp_cipher, p, kClear);
    if (status == srtp_err_status_ok) status = srtp_cipher_encrypt(keys->rtp_cipher, p + kClear, &encrypted);
    uint32_t tag = static_cast<uint32_t>(tag_length);
    if (status == srtp_err_status_ok) status = srtp_cipher_get_tag(keys->rtp_cipher, p + length, &tag);
    ToWireOrder(p, l.csrc_bytes);
  } else {
    status = srtp_cipher_encrypt(keys->rtp_cipher, p + kClear, &encrypted);
    ToWireOrder(p, l.csrc_bytes);
    const uint32_t roc_net = htonl(static_cast<uint32_t>(index.estimate >> 16));
    if (status == srtp_err_status_ok) status = srtp_auth_start(keys->rtp_auth);
    if (status == srtp_err_status_ok) {
      status = srtp_auth_update(keys->rtp_auth, p, static_cast<int>(length));
    }
    if (status == srtp_err_status_ok) {
      status = srtp_auth_compute(keys->rtp_auth, reinterpret_cast<const uint8_t*>(&roc_net), 4,
                                 p + length);
    }
  }
  if (status != srtp_err_status_ok) return Result::kCryptoFail;
  length += tag_length;
  return Result::kOk;
}

Result Unprotect(srtp_ctx_t_* ctx, std::span<uint8_t> packet, size_t& length,
                 std::optional<uint64_t>* new_stream_index) {
  uint8_t* p = packet.data();
  const Layout l = Parse(packet.first(length));
  if (l.form == Form::kMalformed) return Result::kMalformed;
  if (l.form != Form::kCryptex) return Result::kNotApplicable;

  uint32_t ssrc_net;
  std::memcpy(&ssrc_net, p + 8, 4);
  const uint16_t seq = rtp::ReadU16(p + 2);
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, ssrc_net);
  const bool provisional = stream == nullptr;
  Index index;
  if (provisional) {  // libsrtp's rule for a new SSRC: the template's keys, index = seq
    stream = ctx->stream_template;
    if (stream == nullptr) return Result::kCryptoFail;
    index.estimate = seq;
    index.delta = seq;
  } else {
    index = EstimateIndex(stream, seq);
    if (index.too_old) return Result::kReplayOld;
    if (!index.advance) {
      const srtp_err_status_t check = srtp_rdbx_check(&stream->rtp_rdbx, index.delta);
      if (check != srtp_err_status_ok) return FromStatus(check);
    }
  }

  srtp_session_keys_t* keys = &stream->session_keys[0];
  const size_t tag_length = static_cast<size_t>(srtp_auth_get_tag_length(keys->rtp_auth));
  const size_t extension_end =
      l.extension_at + kExtensionHeader + 4u * rtp::ReadU16(p + l.extension_at + 2);
  if (length < extension_end + tag_length || tag_length > kMaxTagLength) {
    return Result::kMalformed;
  }
  if (SetIv(keys, ssrc_net, index.estimate, srtp_direction_decrypt) != srtp_err_status_ok) {
    return Result::kCryptoFail;
  }

  constexpr size_t kClear = kFixedHeader + kExtensionHeader;
  if (IsGcm(keys)) {
    if (!KeyUsable(keys)) return Result::kCryptoFail;
    ToCipherOrder(p, l.csrc_bytes);
    unsigned int encrypted = static_cast<unsigned int>(length - kClear);  // the tag included
    srtp_err_status_t status = srtp_cipher_set_aad(keys->rtp_cipher, p, kClear);
    if (status == srtp_err_status_ok) {
      status = srtp_cipher_decrypt(keys->rtp_cipher, p + kClear, &encrypted);
    }
    ToWireOrder(p, l.csrc_bytes);
    if (status != srtp_err_status_ok) {
      return status == srtp_err_status_auth_fail ? Result::kAuthFail : Result::kCryptoFail;
    }
  } else {
    const size_t authenticated = length - tag_length;
    const uint32_t roc_net = htonl(static_cast<uint32_t>(index.estimate >> 16));
    uint8_t tag[kMaxTagLength];
    if (srtp_auth_start(keys->rtp_auth) != srtp_err_status_ok ||
        srtp_auth_update(keys->rtp_auth, p, static_cast<int>(authenticated)) !=
            srtp_err_status_ok ||
        srtp_auth_compute(keys->rtp_auth, reinterpret_cast<const uint8_t*>(&roc_net), 4, tag) !=
            srtp_err_status_ok) {
      return Result::kCryptoFail;
    }
    if (CRYPTO_memcmp(tag, p + authenticated, tag_length) != 0) return Result::kAuthFail;
    if (!KeyUsable(keys)) return Result::kCryptoFail;
    ToCipherOrder(p, l.csrc_bytes);
    unsigned int encrypted = static_cast<unsigned int>(authenticated - kClear);
    const srtp_err_status_t status = srtp_cipher_decrypt(keys->rtp_cipher, p + kClear, &encrypted);
    ToWireOrder(p, l.csrc_bytes);
    if (status != srtp_err_status_ok) return Result::kCryptoFail;
  }

  rtp::WriteU16(p + l.extension_at,
                l.profile == kOneByteCryptex ? kOneByteProfile : kTwoByteProfile);
  if (stream->direction == dir_unknown) stream->direction = dir_srtp_receiver;
  if (provisional) {
    *new_stream_index = index.estimate;
  } else {
    RecordIndex(stream, index);
  }
  length -= tag_length;
  return Result::kOk;
}

void AdoptFirstIndex(srtp_ctx_t_* ctx, uint32_t ssrc, uint64_t index) {
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, htonl(ssrc));
  if (stream == nullptr) return;
  srtp_rdbx_add_index(&stream->rtp_rdbx, static_cast<int>(index));
  stream->direction = dir_srtp_receiver;
}

}  // namespace jvbfastpath::srtp::cryptex
