// The plaintext check riding on the cipher's pass (plaintext_check.h, kernels.h ctr32's
// `expected`): on every implementation this CPU has, the check sees every byte in its range
// and none outside it, reads no byte of `expected` outside it (guard pages on both sides),
// and never changes what is encrypted.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "native/crypto/aes_ctr.h"
#include "native/crypto/aes_gcm.h"
#include "native/crypto/cpu.h"

namespace jvbfastpath::crypto {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<AesImpl> AesImpls() {
  std::vector<AesImpl> out;
  for (AesImpl impl : kAllAesImpls) {
    if (Supported(impl)) out.push_back(impl);
  }
  return out;
}

Bytes Random(std::mt19937& rng, size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

// Bytes placed against an inaccessible page: a read past either end of them faults.
class FencedBytes {
 public:
  FencedBytes() {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* m = mmap(nullptr, 3 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    base_ = static_cast<uint8_t*>(m);
    mprotect(base_, page_, PROT_NONE);
    mprotect(base_ + 2 * page_, page_, PROT_NONE);
  }
  ~FencedBytes() { munmap(base_, 3 * page_); }
  FencedBytes(const FencedBytes&) = delete;
  FencedBytes& operator=(const FencedBytes&) = delete;

  // A copy of `bytes` right after the leading fence (at_end false) or right before the
  // trailing one.
  std::span<const uint8_t> Place(const Bytes& bytes, bool at_end) {
    uint8_t* at = at_end ? base_ + 2 * page_ - bytes.size() : base_ + page_;
    if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
    return {at, bytes.size()};
  }

 private:
  size_t page_ = 0;
  uint8_t* base_ = nullptr;
};

struct Sealed {
  Bytes data;
  Bytes tag;
  bool intact = true;
};

Sealed SealCtr(AesImpl impl, const Bytes& key, const Bytes& iv, const Bytes& plain,
               const PlaintextCheck* check) {
  AesCtr ctr;
  EXPECT_TRUE(ctr.SetKey(key, impl));
  ctr.SetCounter(std::span<const uint8_t, 16>(iv.data(), 16));
  Sealed s{plain, {}};
  if (check != nullptr) {
    s.intact = ctr.Apply(s.data, *check);
  } else {
    ctr.Apply(s.data);
  }
  return s;
}

Sealed SealGcm(AesImpl impl, const Bytes& key, const Bytes& iv, const Bytes& plain,
               const PlaintextCheck* check) {
  AesGcm gcm;
  EXPECT_TRUE(gcm.SetKey(key, impl));
  gcm.Start(std::span<const uint8_t, 12>(iv.data(), 12), AesGcm::Direction::kSeal);
  const Bytes aad(12, 0x80);
  gcm.Aad(aad);
  Sealed s{plain, Bytes(16)};
  if (check != nullptr) {
    s.intact = gcm.Encrypt(s.data, *check);
  } else {
    gcm.Encrypt(s.data);
  }
  gcm.Finish(s.tag);
  return s;
}

using SealFn = Sealed (*)(AesImpl, const Bytes&, const Bytes&, const Bytes&,
                          const PlaintextCheck*);

// Every `from` worth trying for a message of `length` bytes.
std::vector<size_t> Froms(size_t length, std::mt19937& rng) {
  std::vector<size_t> out = {0, length};
  for (size_t f : {size_t{1}, size_t{3}, size_t{15}, size_t{16}, size_t{17}, size_t{63},
                   size_t{64}, size_t{65}, length / 2, length - 1}) {
    if (f < length) out.push_back(f);
  }
  if (length > 0) out.push_back(rng() % length);
  return out;
}

void CheckEverywhere(const char* name, SealFn seal) {
  std::mt19937 rng(4);
  FencedBytes fence;
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (size_t n = 1000; n <= 1300; n += 7) lengths.push_back(n);
  for (AesImpl impl : AesImpls()) {
    for (size_t length : lengths) {
      SCOPED_TRACE(std::string(name) + " " + std::string(Name(impl)) + " length " +
                   std::to_string(length));
      const Bytes key = Random(rng, length % 2 == 0 ? 16 : 32);
      const Bytes iv = Random(rng, 16);
      const Bytes plain = Random(rng, length);
      const Sealed reference = seal(impl, key, iv, plain, nullptr);
      for (size_t from : Froms(length, rng)) {
        SCOPED_TRACE("from " + std::to_string(from));
        Bytes expected(plain.begin() + static_cast<std::ptrdiff_t>(from), plain.end());
        for (bool at_end : {false, true}) {
          const PlaintextCheck check{fence.Place(expected, at_end), from};
          const Sealed s = seal(impl, key, iv, plain, &check);
          EXPECT_TRUE(s.intact);
          ASSERT_EQ(reference.data, s.data);  // the check changes nothing encrypted
          ASSERT_EQ(reference.tag, s.tag);
        }
        // One byte different anywhere in the range is seen (every byte up to 300, some after).
        const size_t step = length <= 300 ? 1 : 13;
        for (size_t k = 0; k < expected.size(); k += step) {
          expected[k] ^= static_cast<uint8_t>(1u << (k % 8));
          const PlaintextCheck check{fence.Place(expected, k % 2 == 0), from};
          const Sealed s = seal(impl, key, iv, plain, &check);
          ASSERT_FALSE(s.intact) << "byte " << from + k;
          ASSERT_EQ(reference.data, s.data);
          expected[k] ^= static_cast<uint8_t>(1u << (k % 8));
        }
      }
      // A check of another shape is a difference, and encrypts all the same.
      if (length > 0) {
        const Bytes longer(plain.begin(), plain.end());
        const PlaintextCheck check{longer, 1};
        const Sealed s = seal(impl, key, iv, plain, &check);
        EXPECT_FALSE(s.intact);
        EXPECT_EQ(reference.data, s.data);
      }
    }
  }
}

TEST(PlaintextCheck, AesCtrSeesEveryByteOfItsRangeAndReadsNothingOutside) {
  CheckEverywhere("ctr", SealCtr);
}

TEST(PlaintextCheck, AesGcmSeesEveryByteOfItsRangeAndReadsNothingOutside) {
  CheckEverywhere("gcm", SealGcm);
}

TEST(PlaintextCheck, AesCtrAcrossTheCounterWrapAndAfterAPartialBlock) {
  std::mt19937 rng(7);
  for (AesImpl impl : AesImpls()) {
    SCOPED_TRACE(std::string(Name(impl)));
    const Bytes key = Random(rng, 16);
    Bytes counter = Random(rng, 16);
    counter[12] = counter[13] = counter[14] = 0xff;
    counter[15] = 0xfd;  // three blocks before the low word wraps
    const Bytes plain = Random(rng, 200);
    // Reference: one unchecked pass; then 5 bytes unchecked and the rest checked from 30
    // (the 11 bytes left of the first block go through the byte loop, the rest crosses the
    // wrap in two kernel calls).
    AesCtr a;
    ASSERT_TRUE(a.SetKey(key, impl));
    a.SetCounter(std::span<const uint8_t, 16>(counter.data(), 16));
    Bytes reference = plain;
    a.Apply(reference);
    for (size_t bad : {size_t{200}, size_t{31}, size_t{40}, size_t{48}, size_t{70}, size_t{199}}) {
      SCOPED_TRACE("changed byte " + std::to_string(bad));
      AesCtr b;
      ASSERT_TRUE(b.SetKey(key, impl));
      b.SetCounter(std::span<const uint8_t, 16>(counter.data(), 16));
      Bytes data = plain;
      b.Apply(std::span<uint8_t>(data).first(5));
      const std::span<uint8_t> rest = std::span<uint8_t>(data).subspan(5);
      Bytes expected(plain.begin() + 30, plain.end());
      if (bad < 200) expected[bad - 30] ^= 0x40;
      const bool intact = b.Apply(rest, PlaintextCheck{expected, 25});
      EXPECT_EQ(bad == 200, intact);
      EXPECT_EQ(reference, data);
    }
  }
}

}  // namespace
}  // namespace jvbfastpath::crypto
