// HMAC-SHA1 (RFC 2104, FIPS 180-4) keyed once: the inner and outer states (the key XOR ipad
// and XOR opad blocks, compressed) are computed by SetKey, so a message costs its own blocks
// plus one outer block and nothing else: 4 SHA-1 blocks for a 160-byte SRTP packet.
//
// Contract: SetKey (any length; longer than 64 bytes is hashed first, as RFC 2104 says), then
// per message Start, Update any number of times, Finish. SetKey picks the implementation
// (cpu.h) for the life of the key. Every state derived from the key is wiped when the key is
// replaced or the object destroyed. Not thread-safe: one context per thread of use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/crypto/cpu.h"
#include "native/crypto/kernels.h"

namespace jvbfastpath::crypto {

class HmacSha1 {
 public:
  static constexpr size_t kDigestSize = 20;
  static constexpr size_t kBlockSize = 64;

  HmacSha1() = default;
  ~HmacSha1();
  HmacSha1(const HmacSha1&) = delete;
  HmacSha1& operator=(const HmacSha1&) = delete;

  // Returns false only if `impl` is not supported on this CPU (nothing is keyed then).
  bool SetKey(std::span<const uint8_t> key, Sha1Impl impl = DefaultSha1Impl());
  void Start();
  void Update(std::span<const uint8_t> data);
  // The MAC of everything since Start.
  void Finish(std::span<uint8_t, kDigestSize> mac);

  Sha1Impl impl() const { return impl_; }

 private:
  void Wipe();

  internal::Sha1Blocks blocks_ = nullptr;
  internal::HmacSha1Finish finish_ = nullptr;
  Sha1Impl impl_ = Sha1Impl::kPortable;
  uint32_t inner_[5] = {};
  uint32_t outer_[5] = {};
  uint32_t state_[5] = {};
  uint64_t length_ = 0;  // message bytes since Start
  size_t buffered_ = 0;
  alignas(16) uint8_t buffer_[2 * kBlockSize] = {};  // a block, and room for the padding
};

}  // namespace jvbfastpath::crypto
