// PlaintextCheck: bytes a message must hold when it is encrypted, compared by the cipher in
// the pass that encrypts them (one more load per 16 or 64 bytes on the AES-NI and VAES
// kernels, instead of a second pass over the message; a compare before encrypting on the
// portable path).
//
// Contract: data[from ..) must equal `expected`, to the end of the data given to the one
// Encrypt/Apply call that carries the check (from + expected.size() == data.size(); any
// other shape is reported as a difference). The data is encrypted either way: a caller that
// gets `false` must not send it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace jvbfastpath::crypto {

struct PlaintextCheck {
  std::span<const uint8_t> expected;
  size_t from = 0;

  bool FitsMessageOf(size_t length) const {
    return from <= length && length - from == expected.size();
  }

  // For the implementations (a check that fits its message):
  // whether `message` holds the expected bytes (a compare of its own, before encrypting);
  bool HeldBy(std::span<const uint8_t> message) const {
    return expected.empty() ||
           std::memcmp(message.data() + from, expected.data(), expected.size()) == 0;
  }
  // whether the message's byte at offset `at` may be `byte`;
  bool Allows(size_t at, uint8_t byte) const { return at < from || expected[at - from] == byte; }
  // the kernels' view (kernels.h, ctr32) of the check on message bytes [at, at + length):
  // the expected bytes from there and the first offset they cover; expected null if none.
  struct Slice {
    const uint8_t* expected;
    size_t from;
  };
  Slice SliceAt(size_t at, size_t length) const {
    const size_t skip = from > at ? from - at : 0;
    if (skip >= length) return {nullptr, 0};
    return {expected.data() + (at + skip - from), skip};
  }
};

}  // namespace jvbfastpath::crypto
