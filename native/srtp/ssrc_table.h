// SsrcTable: the set of SSRCs an SRTP session keeps a stream for, with a fixed capacity.
//
// Contract: open addressing with linear probing over storage allocated once at
// construction; Contains/Insert/Erase never allocate. Insert fails when `max_entries`
// SSRCs are present (the per-endpoint stream cap). Single-threaded, like its session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace jvbfastpath::srtp {

class SsrcTable {
 public:
  explicit SsrcTable(size_t max_entries);

  bool Contains(uint32_t ssrc) const;
  // Returns true if the SSRC is present afterwards (already, or newly inserted).
  bool Insert(uint32_t ssrc);
  // Returns true if the SSRC was present.
  bool Erase(uint32_t ssrc);
  size_t size() const { return size_; }
  size_t max_entries() const { return max_entries_; }
  bool full() const { return size_ >= max_entries_; }

 private:
  size_t SlotOf(uint32_t ssrc) const;
  size_t Find(uint32_t ssrc) const;  // slot index, or capacity_ if absent

  size_t max_entries_;
  size_t capacity_;  // a power of two, at least twice max_entries_
  size_t size_ = 0;
  std::unique_ptr<uint32_t[]> keys_;
  std::unique_ptr<bool[]> used_;
};

}  // namespace jvbfastpath::srtp
