// SsrcTable<Value>: state per SSRC, for a fixed number of SSRCs, least recently used out.
// The one per-SSRC table of the library: an SRTP session's streams (native/srtp), an
// endpoint's incoming streams (envelope trackers, frame hold) and their AV1 Dependency
// Descriptor structures (native/pipeline).
//
// Contract:
// - Capacity is fixed at construction, where all storage is allocated (the values too,
//   default-constructed); nothing after that allocates, so lookups and inserts are safe on
//   the packet path.
// - Each SSRC present owns a slot, an index in [0, capacity()) that stays the same while it
//   is present; callers may keep parallel arrays indexed by slot. Free slots are handed out
//   lowest first.
// - One eviction rule: Acquire of a new SSRC in a full table evicts the least recently used
//   one (used = acquired or touched; Find and SlotOf do not count as use), reuses its slot
//   and reports it; evictions() counts them. Erase frees a slot without counting.
// - A slot's value is the caller's: a newly acquired slot keeps what it held (the evicted
//   SSRC's, or the default), so the caller resets it when `inserted` is set.
// - Lookup is a hash probe (O(1)); choosing the eviction victim scans the slots (O(capacity),
//   only when a full table meets a new SSRC).
// - One thread writes; evictions() may be read from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace jvbfastpath::common {

// The value type of a table that only maps SSRCs to slots.
struct NoValue {};

template <typename Value = NoValue>
class SsrcTable {
 public:
  // A capacity of 0 is taken as 1.
  explicit SsrcTable(size_t capacity)
      : capacity_(capacity == 0 ? 1 : capacity),
        index_size_(IndexSizeFor(capacity_)),
        index_(std::make_unique<uint32_t[]>(index_size_)),
        slots_(std::make_unique<Slot[]>(capacity_)),
        values_(std::make_unique<Value[]>(capacity_)),
        free_(std::make_unique<size_t[]>(capacity_)) {
    for (size_t i = 0; i < index_size_; ++i) index_[i] = kEmpty;
    // The free slots as a stack, slot 0 on top.
    for (size_t s = 0; s < capacity_; ++s) free_[s] = capacity_ - 1 - s;
    free_count_ = capacity_;
  }
  SsrcTable(const SsrcTable&) = delete;
  SsrcTable& operator=(const SsrcTable&) = delete;

  struct Acquired {
    size_t slot;
    bool inserted;                    // the SSRC was not present: reset value(slot)
    std::optional<uint32_t> evicted;  // the SSRC whose slot this was, if one was evicted
  };
  // The SSRC's slot, marked most recently used; inserted (evicting at capacity) if absent.
  Acquired Acquire(uint32_t ssrc) {
    if (std::optional<size_t> s = SlotOf(ssrc)) {
      slots_[*s].last_used = ++clock_;
      return {*s, false, std::nullopt};
    }
    Acquired a{0, true, std::nullopt};
    if (size_ == capacity_) {
      a.slot = LeastRecentlyUsed();
      a.evicted = slots_[a.slot].ssrc;
      Unindex(a.slot);
      --size_;
      evictions_.store(evictions_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } else {
      a.slot = free_[--free_count_];
    }
    Slot& slot = slots_[a.slot];
    slot.ssrc = ssrc;
    slot.in_use = true;
    slot.last_used = ++clock_;
    size_t i = HomeOf(ssrc);
    while (index_[i] != kEmpty) i = Next(i);
    index_[i] = static_cast<uint32_t>(a.slot);
    ++size_;
    return a;
  }

  // The SSRC's slot without marking it used, or nullopt.
  std::optional<size_t> SlotOf(uint32_t ssrc) const {
    const size_t i = IndexOf(ssrc);
    if (i == index_size_) return std::nullopt;
    return index_[i];
  }
  // The SSRC's value without marking it used, or nullptr.
  Value* Find(uint32_t ssrc) {
    std::optional<size_t> s = SlotOf(ssrc);
    return s ? &values_[*s] : nullptr;
  }
  // The SSRC's value, marked most recently used, or nullptr.
  Value* Touch(uint32_t ssrc) {
    std::optional<size_t> s = SlotOf(ssrc);
    if (!s) return nullptr;
    slots_[*s].last_used = ++clock_;
    return &values_[*s];
  }
  bool Contains(uint32_t ssrc) const { return SlotOf(ssrc).has_value(); }

  // Frees the SSRC's slot (its value stays as it is); false if it was not present.
  bool Erase(uint32_t ssrc) {
    std::optional<size_t> s = SlotOf(ssrc);
    if (!s) return false;
    Unindex(*s);
    slots_[*s].in_use = false;
    free_[free_count_++] = *s;
    --size_;
    return true;
  }

  // Slot access; slot < capacity().
  bool in_use(size_t slot) const { return slots_[slot].in_use; }
  uint32_t ssrc(size_t slot) const { return slots_[slot].ssrc; }
  Value& value(size_t slot) { return values_[slot]; }
  const Value& value(size_t slot) const { return values_[slot]; }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool full() const { return size_ == capacity_; }
  uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t ssrc = 0;
    bool in_use = false;
    uint64_t last_used = 0;
  };

  // A power of two, at least twice the capacity: probe runs stay short.
  static size_t IndexSizeFor(size_t capacity) {
    size_t n = 4;
    while (n < 2 * capacity) n *= 2;
    return n;
  }
  size_t Next(size_t i) const { return (i + 1) & (index_size_ - 1); }
  size_t HomeOf(uint32_t ssrc) const {
    // Fibonacci hashing: SSRCs are random, but tests and probes use small sequential ones.
    return static_cast<size_t>((static_cast<uint64_t>(ssrc) * 0x9E3779B97F4A7C15ull) >> 32) &
           (index_size_ - 1);
  }
  // The index position holding the SSRC's slot, or index_size_.
  size_t IndexOf(uint32_t ssrc) const {
    for (size_t i = HomeOf(ssrc);; i = Next(i)) {
      if (index_[i] == kEmpty) return index_size_;
      if (slots_[index_[i]].ssrc == ssrc) return i;
    }
  }
  size_t LeastRecentlyUsed() const {
    size_t oldest = 0;
    for (size_t s = 1; s < capacity_; ++s) {
      if (slots_[s].last_used < slots_[oldest].last_used) oldest = s;
    }
    return oldest;  // called on a full table: every slot is in use
  }
  // Removes the slot from the index. Backward-shift deletion: a later member of the probe
  // run moves into the hole unless its home lies (cyclically) after the hole and at or
  // before its own position.
  void Unindex(size_t slot) {
    size_t hole = IndexOf(slots_[slot].ssrc);
    index_[hole] = kEmpty;
    for (size_t i = Next(hole); index_[i] != kEmpty; i = Next(i)) {
      const size_t home = HomeOf(slots_[index_[i]].ssrc);
      const bool stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!stays) {
        index_[hole] = index_[i];
        index_[i] = kEmpty;
        hole = i;
      }
    }
  }

  size_t capacity_;
  size_t index_size_;
  std::unique_ptr<uint32_t[]> index_;  // slot numbers; kEmpty where none
  std::unique_ptr<Slot[]> slots_;
  std::unique_ptr<Value[]> values_;
  std::unique_ptr<size_t[]> free_;  // the free slots, a stack of free_count_
  size_t free_count_ = 0;
  size_t size_ = 0;
  uint64_t clock_ = 0;
  std::atomic<uint64_t> evictions_{0};
};

}  // namespace jvbfastpath::common
