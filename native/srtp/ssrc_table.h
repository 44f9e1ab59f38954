// SsrcTable: the SSRCs an SRTP session keeps a stream for, capped, least recently used out,
// each with the little the session keeps about the stream beside libsrtp (StreamNotes).
//
// Contract: open addressing with linear probing over storage allocated once at
// construction; Touch/Insert/Erase never allocate. At the cap, Insert evicts the least
// recently touched SSRC and returns it (the caller drops that stream's state), as the
// bridge's SRTP does with its 1024-entry LRU of contexts. A new entry's notes start empty.
// A StreamNotes pointer is valid until the next Insert or Erase. Single-threaded, like its
// session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace jvbfastpath::srtp {

// Per stream, beside libsrtp's own state.
struct StreamNotes {
  // Inbound: the bridge's SRTCP replay window (srtp_session.cc), once the stream has had an
  // SRTCP packet: its highest index, and a bit per index up to 63 behind it (bit 0: the
  // highest).
  uint32_t srtcp_highest = 0;
  uint64_t srtcp_window = 0;
  bool srtcp_seen = false;
};

class SsrcTable {
 public:
  explicit SsrcTable(size_t max_entries);

  bool Contains(uint32_t ssrc) const { return Find(ssrc) != capacity_; }
  // Marks the SSRC as just used; returns its notes, or nullptr if it is not present.
  StreamNotes* Touch(uint32_t ssrc);
  // The SSRC's notes without marking it used, or nullptr.
  StreamNotes* Notes(uint32_t ssrc);
  // Inserts (or touches) the SSRC. At the cap, evicts and returns the least recently used.
  std::optional<uint32_t> Insert(uint32_t ssrc);
  // Returns true if the SSRC was present.
  bool Erase(uint32_t ssrc);
  size_t size() const { return size_; }
  size_t max_entries() const { return max_entries_; }
  bool full() const { return size_ >= max_entries_; }

 private:
  struct Slot {
    uint32_t ssrc;
    bool used;
    uint64_t last_used;
    StreamNotes notes;
  };
  size_t HomeOf(uint32_t ssrc) const;
  size_t Find(uint32_t ssrc) const;  // slot index, or capacity_ if absent
  uint32_t LeastRecentlyUsed() const;

  size_t max_entries_;
  size_t capacity_;  // a power of two, at least twice max_entries_
  size_t size_ = 0;
  uint64_t clock_ = 0;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace jvbfastpath::srtp
