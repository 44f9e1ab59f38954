#include "native/crypto/hmac_sha1.h"

// SHA1_Transform is deprecated in OpenSSL 3 but exported and kept: it is the one public way
// to OpenSSL's block function (and its own CPU dispatch) with a state we set ourselves.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace jvbfastpath::crypto {
namespace {

constexpr uint32_t kSha1Initial[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
                                      0xc3d2e1f0};

void Sha1BlocksOpenssl(uint32_t state[5], const uint8_t* in, size_t blocks) {
  SHA_CTX ctx;
  ctx.h0 = state[0];
  ctx.h1 = state[1];
  ctx.h2 = state[2];
  ctx.h3 = state[3];
  ctx.h4 = state[4];
  for (size_t i = 0; i < blocks; ++i) SHA1_Transform(&ctx, in + 64 * i);
  state[0] = ctx.h0;
  state[1] = ctx.h1;
  state[2] = ctx.h2;
  state[3] = ctx.h3;
  state[4] = ctx.h4;
  OPENSSL_cleanse(&ctx, sizeof(ctx));
}

internal::Sha1Blocks BlocksFor(Sha1Impl impl) {
#if defined(__x86_64__)
  if (impl == Sha1Impl::kShaNi) return &internal::Sha1BlocksShaNi;
#endif
  return impl == Sha1Impl::kPortable ? &Sha1BlocksOpenssl : nullptr;
}

void HmacSha1FinishOpenssl(const uint32_t inner[5], const uint32_t outer[5], uint8_t block[128],
                           size_t used, uint64_t total, uint8_t mac[20]);

internal::HmacSha1Finish FinishFor(Sha1Impl impl) {
#if defined(__x86_64__)
  if (impl == Sha1Impl::kShaNi) return &internal::HmacSha1FinishShaNi;
#endif
  (void)impl;
  return &HmacSha1FinishOpenssl;
}

void StoreBigEndian32(uint8_t* out, uint32_t v) {
  out[0] = static_cast<uint8_t>(v >> 24);
  out[1] = static_cast<uint8_t>(v >> 16);
  out[2] = static_cast<uint8_t>(v >> 8);
  out[3] = static_cast<uint8_t>(v);
}

void StoreBigEndian64(uint8_t* out, uint64_t v) {
  StoreBigEndian32(out, static_cast<uint32_t>(v >> 32));
  StoreBigEndian32(out + 4, static_cast<uint32_t>(v));
}

// The padded last block(s) of a message of `total` bytes whose last `used` bytes (< 64) are
// in `block`; compresses them into `state`.
void FinishHash(internal::Sha1Blocks blocks, uint32_t state[5], uint8_t block[64], size_t used,
                uint64_t total) {
  block[used++] = 0x80;
  if (used > 56) {
    std::memset(block + used, 0, 64 - used);
    blocks(state, block, 1);
    used = 0;
  }
  std::memset(block + used, 0, 56 - used);
  StoreBigEndian64(block + 56, total * 8);
  blocks(state, block, 1);
}

void HmacSha1FinishOpenssl(const uint32_t inner[5], const uint32_t outer[5], uint8_t block[128],
                           size_t used, uint64_t total, uint8_t mac[20]) {
  uint32_t state[5];
  std::memcpy(state, inner, sizeof(state));
  FinishHash(&Sha1BlocksOpenssl, state, block, used, total);
  for (int i = 0; i < 5; ++i) StoreBigEndian32(block + 4 * i, state[i]);
  std::memcpy(state, outer, sizeof(state));
  FinishHash(&Sha1BlocksOpenssl, state, block, HmacSha1::kDigestSize,
             HmacSha1::kBlockSize + HmacSha1::kDigestSize);
  for (int i = 0; i < 5; ++i) StoreBigEndian32(mac + 4 * i, state[i]);
  OPENSSL_cleanse(state, sizeof(state));
}

}  // namespace

HmacSha1::~HmacSha1() { Wipe(); }

void HmacSha1::Wipe() {
  OPENSSL_cleanse(inner_, sizeof(inner_));
  OPENSSL_cleanse(outer_, sizeof(outer_));
  OPENSSL_cleanse(state_, sizeof(state_));
  OPENSSL_cleanse(buffer_, sizeof(buffer_));
  buffered_ = 0;
  length_ = 0;
}

bool HmacSha1::SetKey(std::span<const uint8_t> key, Sha1Impl impl) {
  internal::Sha1Blocks blocks = Supported(impl) ? BlocksFor(impl) : nullptr;
  if (blocks == nullptr) return false;
  Wipe();
  blocks_ = blocks;
  finish_ = FinishFor(impl);
  impl_ = impl;
  // K0: the key, or its digest if longer than a block, zero-padded to a block.
  alignas(16) uint8_t k0[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    std::memcpy(state_, kSha1Initial, sizeof(state_));
    const size_t whole = key.size() / kBlockSize;
    blocks_(state_, key.data(), whole);
    const size_t rest = key.size() - whole * kBlockSize;
    std::memcpy(buffer_, key.data() + whole * kBlockSize, rest);
    FinishHash(blocks_, state_, buffer_, rest, key.size());
    for (int i = 0; i < 5; ++i) StoreBigEndian32(k0 + 4 * i, state_[i]);
  } else if (!key.empty()) {
    std::memcpy(k0, key.data(), key.size());
  }
  alignas(16) uint8_t pad[kBlockSize];
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x36;
  std::memcpy(inner_, kSha1Initial, sizeof(inner_));
  blocks_(inner_, pad, 1);
  for (size_t i = 0; i < kBlockSize; ++i) pad[i] = k0[i] ^ 0x5c;
  std::memcpy(outer_, kSha1Initial, sizeof(outer_));
  blocks_(outer_, pad, 1);
  OPENSSL_cleanse(k0, sizeof(k0));
  OPENSSL_cleanse(pad, sizeof(pad));
  OPENSSL_cleanse(buffer_, sizeof(buffer_));
  Start();
  return true;
}

void HmacSha1::Start() {
  std::memcpy(state_, inner_, sizeof(state_));
  length_ = 0;
  buffered_ = 0;
}

void HmacSha1::Update(std::span<const uint8_t> data) {
  const uint8_t* p = data.data();
  size_t n = data.size();
  length_ += n;
  if (buffered_ != 0) {
    const size_t take = n < kBlockSize - buffered_ ? n : kBlockSize - buffered_;
    std::memcpy(buffer_ + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < kBlockSize) return;
    blocks_(state_, buffer_, 1);
    buffered_ = 0;
  }
  const size_t whole = n / kBlockSize;
  if (whole != 0) blocks_(state_, p, whole);
  buffered_ = n - whole * kBlockSize;
  if (buffered_ != 0) std::memcpy(buffer_, p + whole * kBlockSize, buffered_);
}

void HmacSha1::Finish(std::span<uint8_t, kDigestSize> mac) {
  finish_(state_, outer_, buffer_, buffered_, kBlockSize + length_, mac.data());
  buffered_ = 0;
}

}  // namespace jvbfastpath::crypto
