// Per-conference modes of the fast path, and how a mode is read on the packet path.
//
// Contract:
// - kOff: the library is not used for the conference (the bridge's own path runs).
// - kAccelerated: SRTP and parsing run natively; payloads are forwarded as the bridge decides.
// - kE2eePassthrough: as accelerated, plus envelope recognition per frame and the
//   passthrough guarantee (opaque bytes digested at ingress, verified at egress).
// - kE2eeRequired: as passthrough, plus: non-E2EE media is dropped at ingress, and endpoints
//   that need plaintext (recorder, SIP gateway, transcriber) receive no media.
// A ModeSwitch holds the mode and an epoch in one atomic word: a batch reads it once
// (Snapshot) and every packet of the batch is handled in that mode, so no packet is ever
// handled half in one mode and half in the other, and SetMode never takes a lock that the
// packet path would wait on.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

namespace jvbfastpath::conference {

enum class Mode : uint8_t {
  kOff = 0,
  kAccelerated = 1,
  kE2eePassthrough = 2,
  kE2eeRequired = 3,
};

inline constexpr Mode kAllModes[] = {Mode::kOff, Mode::kAccelerated, Mode::kE2eePassthrough,
                                     Mode::kE2eeRequired};

// "off", "accelerated", "e2ee-passthrough", "e2ee-required" (the jvb.conf values).
std::string_view ModeName(Mode mode);
std::optional<Mode> ModeFromName(std::string_view name);

// What a mode asks of the packet path.
struct ModePolicy {
  bool native = false;                // SRTP + parsing run here
  bool recognize_envelopes = false;   // JFrame/SFrame per frame
  bool guard_opaque_bytes = false;    // digest at ingress, verify at egress
  bool drop_plaintext = false;        // non-E2EE media dropped at ingress
  bool block_plaintext_receivers = false;  // recorder/gateway endpoints get nothing
};
ModePolicy PolicyOf(Mode mode);

struct ModeSnapshot {
  Mode mode;
  uint32_t epoch;  // increments on every SetMode; tells a batch which switch it saw
};

class ModeSwitch {
 public:
  explicit ModeSwitch(Mode initial) : word_(Pack(initial, 0)) {}
  ModeSnapshot Snapshot() const { return Unpack(word_.load(std::memory_order_acquire)); }
  // Sets the mode from any thread; returns the snapshot it replaced.
  ModeSnapshot Set(Mode mode) {
    uint64_t old = word_.load(std::memory_order_relaxed);
    while (!word_.compare_exchange_weak(old, Pack(mode, Unpack(old).epoch + 1),
                                        std::memory_order_acq_rel, std::memory_order_relaxed)) {
    }
    return Unpack(old);
  }

 private:
  static uint64_t Pack(Mode mode, uint32_t epoch) {
    return (static_cast<uint64_t>(epoch) << 8) | static_cast<uint8_t>(mode);
  }
  static ModeSnapshot Unpack(uint64_t word) {
    return {static_cast<Mode>(word & 0xFF), static_cast<uint32_t>(word >> 8)};
  }
  std::atomic<uint64_t> word_;
};

}  // namespace jvbfastpath::conference
