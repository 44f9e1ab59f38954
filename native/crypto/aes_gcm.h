// AES-GCM (NIST SP 800-38D) with AES-128 or AES-256 and 96-bit IVs, keyed once: the key
// schedule and the GHASH key's powers are computed by SetKey; a message sets only its IV.
//
// Contract: SetKey (16 or 32 bytes) picks the implementation (cpu.h) for the life of the key.
// Per message: Start(iv, direction), Aad any number of times, then
//   sealing: Encrypt any number of times (in place), then Finish for the tag (1..16 bytes);
//   opening: one Open(data, tag) that checks the tag (1..16 bytes) and decrypts in place.
// Open returns false when the tag does not match: the AES-NI/VAES implementations then leave
// `data` as it was (a small message's tag is checked before decrypting; a larger one is
// decrypted in the same pass as it is hashed, then encrypted back); the portable one (EVP)
// has decrypted it. Either way the caller must drop it. Key schedule, GHASH key and
// per-message state are wiped when the key is replaced or the object destroyed. Not
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "native/crypto/aes_key.h"
#include "native/crypto/cpu.h"
#include "native/crypto/kernels.h"
#include "native/crypto/plaintext_check.h"

namespace jvbfastpath::crypto {

class AesGcm {
 public:
  static constexpr size_t kIvSize = 12;
  static constexpr size_t kTagSize = 16;
  enum class Direction : uint8_t { kSeal, kOpen };

  AesGcm() = default;
  ~AesGcm();
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;

  // Returns false for a key that is not 16 or 32 bytes, an implementation this CPU lacks, or
  // an OpenSSL failure; nothing is keyed then.
  bool SetKey(std::span<const uint8_t> key, AesImpl impl = DefaultAesImpl());
  void Start(std::span<const uint8_t, kIvSize> iv, Direction direction);
  // Additional authenticated data: before any Encrypt or Open.
  void Aad(std::span<const uint8_t> aad);
  void Encrypt(std::span<uint8_t> data) { Seal(data, nullptr); }
  // The same, and returns whether data held what `check` expects (plaintext_check.h).
  bool Encrypt(std::span<uint8_t> data, const PlaintextCheck& check) { return Seal(data, &check); }
  // Writes the first tag.size() (<= 16) bytes of the tag.
  void Finish(std::span<uint8_t> tag);
  bool Open(std::span<uint8_t> data, std::span<const uint8_t> tag);

  AesImpl impl() const { return key_.impl(); }

 private:
  bool Seal(std::span<uint8_t> data, const PlaintextCheck* check);
  void Wipe();
  void EndAad();
  void PadPending();
  void HashBytes(const uint8_t* data, size_t length);
  const uint8_t* AppendLengths();
  void TagFromXi(uint8_t tag[kTagSize]) const;
  void ComputeTag(uint8_t tag[kTagSize]);
  static bool TagMatches(uint8_t computed[kTagSize], std::span<const uint8_t> tag);
  bool OpenInOnePass(uint8_t* p, size_t n, std::span<const uint8_t> tag);

  // GHASH input (AAD, zero-padded, then ciphertext) waits in pending_bytes_ up to this many
  // bytes, so a small message is hashed in one call (one reduction per 8 or 16 blocks) with
  // the lengths block.
  static constexpr size_t kPendingCapacity = 240;

  AesKey key_;
  const internal::AesKernels* kernels_ = nullptr;  // key_'s; null: OpenSSL EVP (key_.evp())
  bool in_aad_ = true;
  bool mask_ready_ = false;     // tag_mask_ holds E(K, J0), not J0 yet
  uint8_t keystream_left_ = 0;  // unused bytes at the end of keystream_
  uint16_t pending_ = 0;        // bytes in pending_bytes_ not yet hashed
  uint64_t aad_length_ = 0;
  uint64_t data_length_ = 0;
  alignas(16) uint8_t counter_[16] = {};   // the next data block's counter block
  alignas(16) uint8_t tag_mask_[16] = {};  // J0, then E(K, J0) (computed with the data)
  alignas(16) uint8_t xi_[16] = {};        // GHASH accumulator (byte-reversed form)
  alignas(64) uint8_t pending_bytes_[kPendingCapacity + 16] = {};  // + the lengths block
  alignas(16) uint8_t keystream_[16] = {};
  internal::GhashKey ghash_key_ = {};
};

}  // namespace jvbfastpath::crypto
