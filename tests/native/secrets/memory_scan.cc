#include "tests/native/secrets/memory_scan.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

// AddressSanitizer's shadow layout, when this binary runs under ASan (weak: null otherwise).
extern "C" void __asan_get_shadow_mapping(size_t* shadow_scale, size_t* shadow_offset)
    __attribute__((weak));

namespace jvbfastpath::secrets_testing {
namespace {

constexpr size_t kChunk = size_t{1} << 20;
constexpr size_t kPage = 4096;
// Anything larger that is not ASan's shadow is reported, not read (no test process of ours
// maps that much memory it actually uses).
constexpr uint64_t kLargestScanned = uint64_t{16} << 30;

struct Mapping {
  uint64_t start = 0;
  uint64_t end = 0;
  std::string perms;
  uint64_t inode = 0;
  std::string path;
};

std::vector<Mapping> ReadMaps() {
  std::vector<Mapping> maps;
  std::ifstream in("/proc/self/maps");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    Mapping m;
    std::string range, offset, device;
    fields >> range >> m.perms >> offset >> device >> m.inode;
    std::getline(fields >> std::ws, m.path);
    const size_t dash = range.find('-');
    if (dash == std::string::npos) continue;
    m.start = std::stoull(range.substr(0, dash), nullptr, 16);
    m.end = std::stoull(range.substr(dash + 1), nullptr, 16);
    maps.push_back(std::move(m));
  }
  return maps;
}

// Why a mapping is not scanned, or empty if it is.
std::string WhySkipped(const Mapping& m) {
  if (m.perms.size() < 4 || m.perms[0] != 'r') return "not readable";
  if (m.perms[3] != 'p') return "shared";
  if (!m.path.empty() && m.path[0] == '[' && m.path != "[heap]" && m.path != "[stack]" &&
      m.path.rfind("[anon:", 0) != 0 && m.path.rfind("[stack:", 0) != 0) {
    return "kernel mapping";
  }
  if (m.inode != 0 && m.perms[1] != 'w') return "read-only file mapping";
  if (__asan_get_shadow_mapping != nullptr) {
    size_t scale = 0, offset = 0;
    __asan_get_shadow_mapping(&scale, &offset);
    const uint64_t shadow_end = offset + ((uint64_t{1} << 47) >> scale);
    if (m.start >= offset && m.end <= shadow_end) return "ASan shadow";
  }
  if (m.end - m.start > kLargestScanned) return "larger than 16 GiB";
  return "";
}

class Scanner {
 public:
  Scanner(const MaskedSecrets& secrets, ScanResult& result)
      : secrets_(secrets), result_(result) {
    fd_ = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    void* p = mmap(nullptr, kMaxSecretLength + kChunk, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    buffer_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
  }
  ~Scanner() {
    if (buffer_ != nullptr) {
      // It held copies of whatever it read (secrets, before a close): wipe, then unmap.
      OPENSSL_cleanse(buffer_, kMaxSecretLength + kChunk);
      munmap(buffer_, kMaxSecretLength + kChunk);
    }
    if (fd_ >= 0) close(fd_);
  }
  bool ok() const { return fd_ >= 0 && buffer_ != nullptr; }
  uint64_t buffer_start() const { return reinterpret_cast<uintptr_t>(buffer_); }
  uint64_t buffer_end() const { return buffer_start() + kMaxSecretLength + kChunk; }

  // Scans [start, end): in chunks, page by page where a chunk cannot be read whole.
  void Scan(uint64_t start, uint64_t end, const std::string& where) {
    carry_ = 0;
    for (uint64_t at = start; at < end; at += kChunk) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, end - at));
      if (Read(at, n)) {
        Match(at, n, where);
        continue;
      }
      carry_ = 0;
      for (uint64_t page = at; page < at + n; page += kPage) {
        if (Read(page, kPage)) {
          Match(page, kPage, where);
        } else {
          result_.bytes_unreadable += kPage;
          carry_ = 0;
        }
      }
    }
  }

 private:
  bool Read(uint64_t address, size_t n) {
    const ssize_t got = pread(fd_, buffer_ + kMaxSecretLength, n, static_cast<off_t>(address));
    return got == static_cast<ssize_t>(n);
  }

  // The window is the previous read's last bytes (carry_) and this read's n bytes; a match
  // counts only if it reaches into this read (else the previous window counted it).
  void Match(uint64_t address, size_t n, const std::string& where) {
    const uint8_t* window = buffer_ + kMaxSecretLength - carry_;
    const std::span<const uint8_t> w(window, carry_ + n);
    for (size_t p = 0; p + 1 < w.size(); ++p) {
      const std::vector<uint32_t>& candidates = secrets_.Candidates(w[p], w[p + 1]);
      for (uint32_t i : candidates) {
        if (!secrets_.MatchesAt(i, w, p)) continue;
        ++result_.counts[i];
        if (result_.hits.size() < 64) {
          char text[64];
          std::snprintf(text, sizeof(text), " at 0x%" PRIx64 " in ", address - carry_ + p);
          result_.hits.push_back(secrets_.name(i) + text + (where.empty() ? "[anonymous]" : where));
        }
      }
    }
    result_.bytes_scanned += n;
    const size_t keep = std::min(w.size(), kMaxSecretLength - 1);
    std::memmove(buffer_ + kMaxSecretLength - keep, w.data() + w.size() - keep, keep);
    carry_ = keep;
  }

  const MaskedSecrets& secrets_;
  ScanResult& result_;
  int fd_ = -1;
  uint8_t* buffer_ = nullptr;
  size_t carry_ = 0;
};

}  // namespace

MaskedSecrets::MaskedSecrets() : by_prefix_(65536) {
  RAND_bytes(mask_, sizeof(mask_));
}

MaskedSecrets::~MaskedSecrets() = default;

size_t MaskedSecrets::Add(std::string name, std::span<const uint8_t> clear) {
  if (clear.size() < 12 || clear.size() > kMaxSecretLength) std::abort();
  std::vector<uint8_t> masked(clear.size());
  for (size_t i = 0; i < clear.size(); ++i) masked[i] = clear[i] ^ mask_[i];
  const size_t index = masked_.size();
  by_prefix_[static_cast<size_t>((masked[0] << 8) | masked[1])].push_back(
      static_cast<uint32_t>(index));
  masked_.push_back(std::move(masked));
  names_.push_back(std::move(name));
  return index;
}

bool MaskedSecrets::MatchesAt(size_t i, std::span<const uint8_t> memory, size_t at) const {
  const std::vector<uint8_t>& m = masked_[i];
  if (memory.size() - at < m.size()) return false;
  for (size_t k = 0; k < m.size(); ++k) {
    if ((memory[at + k] ^ mask_[k]) != m[k]) return false;
  }
  return true;
}

ScanResult ScanProcessMemory(const MaskedSecrets& secrets) {
  ScanResult result;
  result.counts.assign(secrets.size(), 0);
  Scanner scanner(secrets, result);
  if (!scanner.ok()) {
    result.skipped.push_back("everything: /proc/self/mem or the read buffer unavailable");
    return result;
  }
  for (const Mapping& m : ReadMaps()) {
    const std::string why = WhySkipped(m);
    if (!why.empty()) {
      if (why != "not readable" && why != "read-only file mapping") {
        char text[64];
        std::snprintf(text, sizeof(text), "%" PRIx64 "-%" PRIx64 " ", m.start, m.end);
        result.skipped.push_back(text + m.path + " (" + why + ")");
      }
      continue;
    }
    ++result.mappings_scanned;
    // Leave out the scanner's own buffer (the kernel may have merged it into a neighbour).
    const uint64_t b0 = scanner.buffer_start(), b1 = scanner.buffer_end();
    if (m.start < b1 && b0 < m.end) {
      if (m.start < b0) scanner.Scan(m.start, b0, m.path);
      if (b1 < m.end) scanner.Scan(b1, m.end, m.path);
    } else {
      scanner.Scan(m.start, m.end, m.path);
    }
  }
  return result;
}

}  // namespace jvbfastpath::secrets_testing
