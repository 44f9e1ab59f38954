// RetiredStreams: where the streams a session dropped had got to, so that a stream made
// again for the same SSRC continues from there.
//
// A libsrtp stream made for an SSRC starts at ROC 0 and SRTCP index 0. When a session drops
// a stream (least recently used at `max_streams`, or RemoveStream) and the SSRC comes back,
// starting over would be:
//   - for a sender: the same packet index twice under one key, i.e. the same AES-CM
//     keystream or the same AES-GCM nonce for two different packets (RFC 3711 9.1,
//     RFC 7714 16), for RTP once the stream had rolled over and for SRTCP always;
//   - for a receiver: a stream past its first rollover that never authenticates again (the
//     sender goes on at its ROC), and SRTCP indexes that were seen accepted again.
// jitsi-srtp's LRU of contexts starts over (docs/srtp.md, a pinned difference).
//
// Contract: a fixed ring of `capacity` positions allocated at construction; Retire and Take
// never allocate. At capacity the oldest retired position is forgotten (counted: a stream
// made for that SSRC starts over, as before). Take is a linear scan, done only when a
// session makes a stream for an SSRC it has no stream for (and at once when nothing is
// retired). Single-threaded, like its session.
//
// ReadPosition/RestorePosition move a position in and out of libsrtp's stream (its
// internals: the only other users are cryptex.cc and old_index_protect.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

struct srtp_ctx_t_;

namespace jvbfastpath::srtp {

// A stream's place: its RTP packet index (ROC << 16 | highest sequence number), a ROC
// seeded but not yet used (SetRolloverCounter), and its SRTCP index (and whether index 0
// was sent, which an index of 0 alone does not say).
struct StreamPosition {
  uint64_t rtp_index = 0;
  uint32_t pending_roc = 0;
  uint32_t srtcp_index = 0;
  bool srtcp_zero_sent = false;  // its index-0 SRTCP packet went out (srtcp_index_zero.h)
};

class RetiredStreams {
 public:
  explicit RetiredStreams(size_t capacity);

  // Remembers `ssrc`'s position (replacing an earlier one for the same SSRC).
  void Retire(uint32_t ssrc, const StreamPosition& position);
  // The SSRC's position, forgotten here; nullopt if none.
  std::optional<StreamPosition> Take(uint32_t ssrc);
  size_t size() const { return size_; }
  // Positions dropped at capacity.
  uint64_t forgotten() const { return forgotten_; }

 private:
  struct Entry {
    uint32_t ssrc = 0;
    bool used = false;
    StreamPosition position;
  };
  std::unique_ptr<Entry[]> entries_;
  size_t capacity_;
  size_t next_ = 0;  // the ring's oldest slot, written next
  size_t size_ = 0;
  uint64_t forgotten_ = 0;
};

// The position of `ssrc`'s libsrtp stream in `ctx`; nullopt if it has none.
std::optional<StreamPosition> ReadPosition(srtp_ctx_t_* ctx, uint32_t ssrc);
// Sets `ssrc`'s (new, unused) libsrtp stream to `position`; false if it has no stream.
bool RestorePosition(srtp_ctx_t_* ctx, uint32_t ssrc, const StreamPosition& position);

}  // namespace jvbfastpath::srtp
