#include "native/srtp/ssrc_table.h"

namespace jvbfastpath::srtp {

SsrcTable::SsrcTable(size_t max_entries) : max_entries_(max_entries), capacity_(4) {
  while (capacity_ < 2 * max_entries_) capacity_ *= 2;
  keys_ = std::make_unique<uint32_t[]>(capacity_);
  used_ = std::make_unique<bool[]>(capacity_);
}

size_t SsrcTable::SlotOf(uint32_t ssrc) const {
  // Fibonacci hashing: SSRCs are random, but tests and probes use small sequential ones.
  return static_cast<size_t>((static_cast<uint64_t>(ssrc) * 0x9E3779B97F4A7C15ull) >> 32) &
         (capacity_ - 1);
}

size_t SsrcTable::Find(uint32_t ssrc) const {
  for (size_t i = SlotOf(ssrc);; i = (i + 1) & (capacity_ - 1)) {
    if (!used_[i]) return capacity_;
    if (keys_[i] == ssrc) return i;
  }
}

bool SsrcTable::Contains(uint32_t ssrc) const { return Find(ssrc) != capacity_; }

bool SsrcTable::Insert(uint32_t ssrc) {
  size_t i = SlotOf(ssrc);
  for (; used_[i]; i = (i + 1) & (capacity_ - 1)) {
    if (keys_[i] == ssrc) return true;
  }
  if (full()) return false;
  used_[i] = true;
  keys_[i] = ssrc;
  ++size_;
  return true;
}

bool SsrcTable::Erase(uint32_t ssrc) {
  size_t hole = Find(ssrc);
  if (hole == capacity_) return false;
  used_[hole] = false;
  --size_;
  // Backward-shift deletion: move later members of the probe run into the hole when their
  // home slot does not lie (cyclically) between the hole and their current slot.
  for (size_t i = (hole + 1) & (capacity_ - 1); used_[i]; i = (i + 1) & (capacity_ - 1)) {
    size_t home = SlotOf(keys_[i]);
    bool home_in_gap = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
    if (!home_in_gap) {
      keys_[hole] = keys_[i];
      used_[hole] = true;
      used_[i] = false;
      hole = i;
    }
  }
  return true;
}

}  // namespace jvbfastpath::srtp
