// SrtpSession: one endpoint's SRTP/SRTCP context for one direction, on libsrtp (OpenSSL).
//
// Contract:
// - Outbound sessions protect, inbound sessions unprotect; both RTP and RTCP, all SSRCs of
//   the endpoint. Streams (per-SSRC state: rollover counter, replay window, SRTCP index)
//   appear on an SSRC's first packet and are kept only once that packet has authenticated
//   (inbound) or been protected (outbound), up to `max_streams`: past that the least
//   recently used stream is dropped (as the bridge's SRTP does). RemoveStream drops one.
//   A dropped stream's position is retired (retired_streams.h): when its SSRC comes back,
//   its stream goes on from there instead of starting over at ROC 0 and SRTCP index 0
//   (which would reuse keystream or GCM nonces outbound, and lock out a stream past its
//   first rollover inbound). Unlike jitsi-srtp: a pinned difference.
// - Work is in place on the caller's buffer. `packet.size()` is the capacity; `length` is
//   the packet's length in and out. Protect needs ProtectRoom(kind) bytes of room after
//   the packet; without it the result is Status::kNoRoom and nothing is written.
// - Every call returns a Status and is counted by reason; a failed packet is left for the
//   caller to drop and never disturbs the session's other streams.
// - On the wire and in its outcomes it behaves as the bridge's own SRTP (jitsi-srtp behind
//   JMT's transformers): outbound, any packet is protected at the index its sequence number
//   gives, however old (a resend), without moving the stream; inbound, the same replay
//   windows (64 packets, RTP and SRTCP) and the same order of checks. Where it differs on
//   purpose: docs/srtp.md, tests/jitsisrtp/.../PinnedDifferencesTest.java.
// - No heap allocation, lock or syscall per packet in steady state (a stream's first
//   packet allocates its libsrtp stream once).
// - One thread at a time per session (the bridge's per-endpoint pipeline); counters()
//   may be read from any thread.
// - Keys are wiped when the session closes (libsrtp zeroises its key schedule; our copies
//   are SecretBytes) and are never logged.
//
// The packets (RFC 3711 sections 3.1 and 3.4; libsrtp parses them, this file reads the
// SSRC, at byte 8 of SRTP and byte 4 of SRTCP, and the SRTCP index; AEAD profiles,
// RFC 7714: the tag replaces the auth tag and, in SRTCP, comes before E + index):
//
//   SRTP:   | RTP header (12 + CSRCs + extension, clear; Cryptex: encrypted, cryptex.h) |
//           | payload (encrypted)                                                        |
//           | [MKI, none here] | authentication tag (4, 10 or 16 bytes)                   |
//
//   SRTCP:  | RTCP header (8: V P RC PT length SSRC, clear) | rest of the compound       |
//           | (encrypted) |E| SRTCP index (31) | [MKI] | authentication tag             |
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "native/common/ssrc_table.h"
#include "native/srtp/expected_plaintext.h"
#include "native/srtp/keys.h"
#include "native/srtp/profile.h"
#include "native/srtp/retired_streams.h"
#include "native/srtp/status.h"

struct srtp_ctx_t_;  // libsrtp's session, kept out of our headers

namespace jvbfastpath::srtp {

enum class Direction : uint8_t { kOutbound, kInbound };
enum class PacketKind : uint8_t { kRtp, kRtcp };

struct SessionConfig {
  Direction direction = Direction::kInbound;
  // Inbound RTP replay window in packets, 64..32767. Outbound sessions use libsrtp's
  // smallest, 64, and protect an older resend as the bridge's SRTP does (srtp_session.cc);
  // inbound SRTCP uses the bridge's 64.
  uint32_t replay_window = 64;
  uint32_t max_streams = 1024;  // per endpoint, as the bridge's SRTP; 1..65536
  // Strict: only SSRCs announced with AddStream are accepted (others: kUnknownSsrc).
  bool strict_ssrcs = false;
  // Cryptex (RFC 9335), as negotiated with the endpoint (a=cryptex): outbound, RTP packets
  // with CSRCs or RFC 8285 extensions are sent with them encrypted; inbound, such packets
  // are accepted. Without it an inbound Cryptex packet is kCryptexNotNegotiated (its
  // extensions cannot be read, and an AES-CM packet would decrypt to garbage). SRTCP is
  // the same either way. See cryptex.h.
  bool cryptex = false;
};

// Counts by kind and status. One writer (the session's thread), readers anywhere.
class SessionCounters {
 public:
  void Count(PacketKind kind, Status status) {
    auto& c = counts_[static_cast<size_t>(kind)][static_cast<size_t>(status)];
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  uint64_t Get(PacketKind kind, Status status) const {
    return counts_[static_cast<size_t>(kind)][static_cast<size_t>(status)].load(
        std::memory_order_relaxed);
  }

 private:
  std::atomic<uint64_t> counts_[2][kStatusCount] = {};
};

// One packet of a batch: the caller's buffer (capacity), its length in and out, its result.
struct PacketSlot {
  std::span<uint8_t> buffer;
  size_t length = 0;
  Status status = Status::kOk;
};

// What a session keeps per stream beside libsrtp's own state.
struct StreamNotes {
  // Inbound: the bridge's SRTCP replay window (srtp_session.cc), once the stream has had an
  // SRTCP packet: its highest index, and a bit per index up to 63 behind it (bit 0: the
  // highest).
  uint32_t srtcp_highest = 0;
  uint64_t srtcp_window = 0;
  // Inbound: the window above is valid. Outbound: the stream has sent SRTCP since it was
  // kept, so its next packet needs no index-0 check (srtcp_index_zero.h).
  bool srtcp_seen = false;
};

class SrtpSession {
 public:
  // Returns nullptr and sets *error (never containing key bytes) if libsrtp refuses.
  static std::unique_ptr<SrtpSession> Create(const MasterKey& key, const SessionConfig& config,
                                             std::string* error);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  Profile profile() const { return profile_; }
  Direction direction() const { return config_.direction; }
  // Bytes protect appends: the room a buffer needs after the packet (with Cryptex, 4 more
  // for RTP: a packet with CSRCs and no extension block gets an empty one).
  size_t ProtectRoom(PacketKind kind) const;

  Status ProtectRtp(std::span<uint8_t> packet, size_t& length);
  // The same, with `expected` checked by the cipher as it encrypts (expected_plaintext.h):
  // its verdict says whether the packet held those bytes.
  Status ProtectRtp(std::span<uint8_t> packet, size_t& length, ExpectedPlaintext& expected);
  // Also what authenticates (and replay-checks) a packet the bridge will discard anyway
  // (muted audio), so its stream state stays right: libsrtp has no MAC-only path
  // (docs/srtp.md, "Authenticate only").
  Status UnprotectRtp(std::span<uint8_t> packet, size_t& length);
  Status ProtectRtcp(std::span<uint8_t> packet, size_t& length);
  Status UnprotectRtcp(std::span<uint8_t> packet, size_t& length);

  // Batch forms: one status per slot; returns how many succeeded.
  size_t ProtectRtpBatch(std::span<PacketSlot> packets);
  size_t UnprotectRtpBatch(std::span<PacketSlot> packets);
  size_t ProtectRtcpBatch(std::span<PacketSlot> packets);
  size_t UnprotectRtcpBatch(std::span<PacketSlot> packets);

  // Announces an SSRC (needed in strict mode). Returns false when the table is full
  // (announced streams are never evicted to make room for another announcement).
  bool AddStream(uint32_t ssrc);
  // Drops an SSRC's stream. Inbound, its state (ROC, replay window) is forgotten: a stream
  // made again starts over. Outbound, its position is retired (retired_streams.h): a stream
  // made again for the SSRC goes on from it, never reusing a packet index. Returns false if
  // unknown.
  bool RemoveStream(uint32_t ssrc);
  size_t stream_count() const { return streams_.size(); }

  // Hand-over of a stream's rollover counter, for switching a live conference between the
  // bridge's own SRTP and ours without losing a packet: the old side's ROC for each SSRC
  // seeds the new side's stream (created if needed) before its first packet.
  // SetRolloverCounter returns false if libsrtp refuses the stream (or the table is full).
  bool SetRolloverCounter(uint32_t ssrc, uint32_t roc);
  // Returns the stream's ROC, or nullopt if the session has no stream for the SSRC.
  std::optional<uint32_t> GetRolloverCounter(uint32_t ssrc) const;
  // Streams dropped (least recently used) to admit a new SSRC at the cap.
  uint64_t streams_evicted() const { return streams_.evictions(); }
  // Streams made again for an SSRC the session had dropped, from its retired position.
  uint64_t streams_restored() const { return streams_restored_.load(std::memory_order_relaxed); }
  // Retired positions forgotten (more SSRCs dropped than max_streams since): a stream made
  // again for one of them starts over at ROC 0.
  uint64_t positions_forgotten() const { return retired_.forgotten(); }

  const SessionCounters& counters() const { return counters_; }

 private:
  SrtpSession(Profile profile, const SessionConfig& config);
  Status Process(PacketKind kind, std::span<uint8_t> packet, size_t& length);
  // A Cryptex RTP packet (see cryptex.h); `known`: the SSRC has a libsrtp stream.
  Status ProcessCryptex(std::span<uint8_t> packet, size_t& length, uint32_t ssrc, bool known);
  // A libsrtp stream for `ssrc` with this session's key and policy; false if libsrtp refuses.
  bool AddLibsrtpStream(uint32_t ssrc);
  // Outbound SRTCP: a stream's first packet at index 0, the rest through libsrtp.
  int ProtectSrtcpFromIndexZero(uint8_t* packet, int* length, uint32_t ssrc);
  // Removes `ssrc`'s libsrtp stream, its position retired first.
  void RetireLibsrtpStream(uint32_t ssrc);
  // For an SSRC without a stream: if its position was retired, makes its stream there.
  bool RestoreRetired(uint32_t ssrc);
  // Keeps a stream for the SSRC (new notes if it was not kept); at the cap the least
  // recently used stream goes, libsrtp's with it.
  StreamNotes& KeepStream(uint32_t ssrc);
  Status CountWrongDirection(PacketKind kind);

  Profile profile_;
  SessionConfig config_;
  srtp_ctx_t_* ctx_ = nullptr;  // owned; srtp_dealloc in the destructor
  SecretBytes<32 + 14> key_;    // kept to add per-SSRC streams (SetRolloverCounter)
  std::unordered_map<uint32_t, uint32_t> seeded_rocs_;  // control path only
  common::SsrcTable<StreamNotes> streams_;  // the streams kept, LRU (config.max_streams)
  RetiredStreams retired_;
  std::atomic<uint64_t> streams_restored_{0};  // one writer: the session's thread
  SessionCounters counters_;
};

}  // namespace jvbfastpath::srtp
