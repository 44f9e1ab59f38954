// AES-CTR (NIST SP 800-38A section 6.5) with AES-128 or AES-256, keyed once: SRTP's AES-ICM
// is this mode with the initial counter block computed per packet from salt, SSRC and index.
//
// Contract: SetKey (16 or 32 bytes) expands the key once and picks the implementation
// (cpu.h) for the life of the key; per message, SetCounter then Apply any number of times.
// The whole 128-bit counter block is incremented (big-endian, as SP 800-38A's standard
// incrementing function), so any initial block is valid. The key schedule is wiped when the
// key is replaced or the object destroyed. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/crypto/aes_key.h"
#include "native/crypto/cpu.h"
#include "native/crypto/plaintext_check.h"

namespace jvbfastpath::crypto {

class AesCtr {
 public:
  AesCtr() = default;
  ~AesCtr();
  AesCtr(const AesCtr&) = delete;
  AesCtr& operator=(const AesCtr&) = delete;

  // Returns false for a key that is not 16 or 32 bytes, an implementation this CPU lacks, or
  // an OpenSSL failure; nothing is keyed then.
  bool SetKey(std::span<const uint8_t> key, AesImpl impl = DefaultAesImpl());
  void SetCounter(std::span<const uint8_t, 16> counter);
  // The counter block iv XOR mask (SRTP's AES-ICM: the IV XOR the session salt), formed in
  // the context so that no copy of the mask is left elsewhere.
  void SetCounter(std::span<const uint8_t, 16> iv, std::span<const uint8_t, 16> mask);
  // XORs the next data.size() bytes of key stream into data (in place).
  void Apply(std::span<uint8_t> data) { Run(data, nullptr); }
  // The same, and returns whether data held what `check` expects (plaintext_check.h).
  bool Apply(std::span<uint8_t> data, const PlaintextCheck& check) { return Run(data, &check); }

  AesImpl impl() const { return key_.impl(); }

 private:
  bool Run(std::span<uint8_t> data, const PlaintextCheck* check);

  AesKey key_;
  uint8_t keystream_left_ = 0;  // unused bytes at the end of keystream_
  alignas(16) uint8_t counter_[16] = {};
  alignas(16) uint8_t keystream_[16] = {};
};

}  // namespace jvbfastpath::crypto
