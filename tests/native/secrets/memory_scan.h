// Looking for secret bytes anywhere in this process's memory, without holding them.
//
// Contract:
// - MaskedSecrets keeps every secret XOR-masked with one random mask drawn at construction:
//   Add() masks the caller's clear bytes at once (the caller then wipes its copy), and
//   nothing here ever unmasks them. The scan compares memory against the masked patterns
//   on the fly (memory byte ^ mask == masked byte), so this object never puts a secret
//   into memory in the clear and cannot find itself.
// - ScanProcessMemory reads, through /proc/self/mem (so an unmapped, guard or poisoned page
//   is a read error, never a fault or a sanitizer report), every mapping of /proc/self/maps
//   that is readable, private, and either anonymous ([heap], [stack], unnamed) or a writable
//   file mapping (.data/.bss copies). It skips the kernel's special mappings ([vvar],
//   [vvar_vclock], [vsyscall], [vdso]), read-only file mappings (the files' own bytes),
//   its own read buffer, and AddressSanitizer's shadow (which holds no application bytes).
//   A pattern that straddles two reads is still found.
// - The counts say how often each pattern occurs; `hits` name the first few places.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace jvbfastpath::secrets_testing {

inline constexpr size_t kMaxSecretLength = 64;

class MaskedSecrets {
 public:
  MaskedSecrets();
  ~MaskedSecrets();
  MaskedSecrets(const MaskedSecrets&) = delete;
  MaskedSecrets& operator=(const MaskedSecrets&) = delete;

  // Returns the secret's index. `clear` is 12..kMaxSecretLength bytes (shorter patterns
  // would match by chance).
  size_t Add(std::string name, std::span<const uint8_t> clear);

  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }

  // True if `memory` at `at` holds secret i (memory.size() - at may be short: no match).
  bool MatchesAt(size_t i, std::span<const uint8_t> memory, size_t at) const;
  // The secrets whose first two bytes are `memory[at..at+2)` (a prefilter; then MatchesAt).
  const std::vector<uint32_t>& Candidates(uint8_t b0, uint8_t b1) const {
    return by_prefix_[static_cast<size_t>(((b0 ^ mask_[0]) << 8) | (b1 ^ mask_[1]))];
  }

 private:
  uint8_t mask_[kMaxSecretLength];
  std::vector<std::vector<uint8_t>> masked_;
  std::vector<std::string> names_;
  std::vector<std::vector<uint32_t>> by_prefix_;  // 65536 lists, by masked first two bytes
};

struct ScanResult {
  std::vector<size_t> counts;      // per secret
  std::vector<std::string> hits;   // "name at 0x... in <mapping>", the first 64
  size_t mappings_scanned = 0;
  size_t bytes_scanned = 0;
  size_t bytes_unreadable = 0;     // pages in scanned mappings that /proc/self/mem refused
  std::vector<std::string> skipped;  // mappings left out, with why
};

ScanResult ScanProcessMemory(const MaskedSecrets& secrets);

}  // namespace jvbfastpath::secrets_testing
