#include "native/srtp/ssrc_table.h"

namespace jvbfastpath::srtp {

SsrcTable::SsrcTable(size_t max_entries)
    : max_entries_(max_entries == 0 ? 1 : max_entries), capacity_(4) {
  while (capacity_ < 2 * max_entries_) capacity_ *= 2;
  slots_ = std::make_unique<Slot[]>(capacity_);
}

size_t SsrcTable::HomeOf(uint32_t ssrc) const {
  // Fibonacci hashing: SSRCs are random, but tests and probes use small sequential ones.
  return static_cast<size_t>((static_cast<uint64_t>(ssrc) * 0x9E3779B97F4A7C15ull) >> 32) &
         (capacity_ - 1);
}

size_t SsrcTable::Find(uint32_t ssrc) const {
  for (size_t i = HomeOf(ssrc);; i = (i + 1) & (capacity_ - 1)) {
    if (!slots_[i].used) return capacity_;
    if (slots_[i].ssrc == ssrc) return i;
  }
}

StreamNotes* SsrcTable::Touch(uint32_t ssrc) {
  size_t i = Find(ssrc);
  if (i == capacity_) return nullptr;
  slots_[i].last_used = ++clock_;
  return &slots_[i].notes;
}

StreamNotes* SsrcTable::Notes(uint32_t ssrc) {
  size_t i = Find(ssrc);
  return i == capacity_ ? nullptr : &slots_[i].notes;
}

uint32_t SsrcTable::LeastRecentlyUsed() const {
  size_t oldest = capacity_;
  for (size_t i = 0; i < capacity_; ++i) {
    if (slots_[i].used && (oldest == capacity_ || slots_[i].last_used < slots_[oldest].last_used)) {
      oldest = i;
    }
  }
  return slots_[oldest].ssrc;
}

std::optional<uint32_t> SsrcTable::Insert(uint32_t ssrc) {
  if (Touch(ssrc) != nullptr) return std::nullopt;
  std::optional<uint32_t> evicted;
  if (full()) {
    evicted = LeastRecentlyUsed();
    Erase(*evicted);
  }
  size_t i = HomeOf(ssrc);
  while (slots_[i].used) i = (i + 1) & (capacity_ - 1);
  slots_[i] = Slot{ssrc, true, ++clock_, StreamNotes{}};
  ++size_;
  return evicted;
}

bool SsrcTable::Erase(uint32_t ssrc) {
  size_t hole = Find(ssrc);
  if (hole == capacity_) return false;
  slots_[hole].used = false;
  --size_;
  // Backward-shift deletion: move later members of the probe run into the hole when their
  // home slot does not lie (cyclically) after the hole and at or before their own slot.
  for (size_t i = (hole + 1) & (capacity_ - 1); slots_[i].used; i = (i + 1) & (capacity_ - 1)) {
    size_t home = HomeOf(slots_[i].ssrc);
    bool stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
    if (!stays) {
      slots_[hole] = slots_[i];
      slots_[i].used = false;
      hole = i;
    }
  }
  return true;
}

}  // namespace jvbfastpath::srtp
