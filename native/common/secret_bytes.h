// SecretBytes: a fixed-capacity byte buffer for key material that wipes itself.
//
// Contract: the bytes live inline (no heap), are wiped with OPENSSL_cleanse when the object
// is destroyed or moved from, and are never printed: there is deliberately no operator<<.
#pragma once

#include <openssl/crypto.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace jvbfastpath {

template <size_t kCapacity>
class SecretBytes {
 public:
  SecretBytes() = default;
  // Takes a copy of `bytes`; returns false (and holds nothing) if they do not fit.
  bool Assign(std::span<const uint8_t> bytes) {
    Wipe();
    if (bytes.size() > kCapacity) return false;
    std::memcpy(bytes_.data(), bytes.data(), bytes.size());
    size_ = bytes.size();
    return true;
  }
  bool Append(std::span<const uint8_t> bytes) {
    if (bytes.size() > kCapacity - size_) return false;
    std::memcpy(bytes_.data() + size_, bytes.data(), bytes.size());
    size_ += bytes.size();
    return true;
  }
  SecretBytes(const SecretBytes& other) { Assign(other.view()); }
  SecretBytes& operator=(const SecretBytes& other) {
    if (this != &other) Assign(other.view());
    return *this;
  }
  SecretBytes(SecretBytes&& other) noexcept {
    Assign(other.view());
    other.Wipe();
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Assign(other.view());
      other.Wipe();
    }
    return *this;
  }
  ~SecretBytes() { Wipe(); }

  std::span<const uint8_t> view() const { return {bytes_.data(), size_}; }
  size_t size() const { return size_; }
  void Wipe() {
    OPENSSL_cleanse(bytes_.data(), bytes_.size());
    size_ = 0;
  }

 private:
  std::array<uint8_t, kCapacity> bytes_{};
  size_t size_ = 0;
};

}  // namespace jvbfastpath
