// Packets and session plumbing shared by the SRTP tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>

#include <gtest/gtest.h>

#include "native/srtp/keys.h"
#include "native/srtp/profile.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/srtp/hex.h"

namespace jvbfastpath::srtp::testing {

// A plaintext RTP packet (RFC 3550 5.1): version 2, payload type 96, `csrcs` CSRCs and, if
// extension_words > 0, a one-byte-header extension (RFC 8285) of that many 32-bit words.
// The payload is a pattern that depends on seq, so no two packets of a stream are alike.
inline Bytes MakeRtp(uint32_t ssrc, uint16_t seq, size_t payload_size, int csrcs = 0,
                     int extension_words = 0, uint32_t timestamp = 0x01020304) {
  Bytes p;
  p.push_back(static_cast<uint8_t>(0x80 | (extension_words > 0 ? 0x10 : 0) | csrcs));
  p.push_back(96);
  p.push_back(static_cast<uint8_t>(seq >> 8));
  p.push_back(static_cast<uint8_t>(seq));
  for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(timestamp >> shift));
  for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(ssrc >> shift));
  for (int i = 0; i < csrcs; ++i) {
    for (int b = 0; b < 4; ++b) p.push_back(static_cast<uint8_t>(0xc0 + 4 * i + b));
  }
  if (extension_words > 0) {
    p.insert(p.end(), {0xbe, 0xde, 0x00, static_cast<uint8_t>(extension_words)});
    for (int i = 0; i < extension_words; ++i) {
      // id 1, length 1 (two data bytes), then padding.
      p.insert(p.end(), {0x11, static_cast<uint8_t>(i), 0xee, 0x00});
    }
  }
  for (size_t i = 0; i < payload_size; ++i) p.push_back(static_cast<uint8_t>(seq * 7 + i));
  return p;
}

// A plaintext RTCP sender report (RFC 3550 6.4.1) with no report blocks: 28 bytes.
inline Bytes MakeRtcp(uint32_t ssrc, uint32_t packet_count = 1) {
  Bytes p = {0x80, 200, 0x00, 0x06};
  for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(ssrc >> shift));
  p.insert(p.end(), {0xe8, 0x7a, 0x9c, 0x01, 0x10, 0x20, 0x30, 0x40});  // NTP timestamp
  p.insert(p.end(), {0x00, 0x01, 0xe2, 0x40});                          // RTP timestamp
  for (int shift : {24, 16, 8, 0}) p.push_back(static_cast<uint8_t>(packet_count >> shift));
  p.insert(p.end(), {0x00, 0x00, 0x10, 0x00});  // octet count
  return p;
}

// Distinct, recognisable master key and salt bytes for `profile` (lengths from the RFCs).
inline Bytes TestMasterKey(Profile profile, uint8_t seed = 0x10) {
  const size_t length = profile == Profile::kAeadAes256Gcm ? 32 : 16;
  Bytes key(length);
  for (size_t i = 0; i < length; ++i) key[i] = static_cast<uint8_t>(seed + 3 * i);
  return key;
}

inline Bytes TestMasterSalt(Profile profile, uint8_t seed = 0x80) {
  const bool aead = profile == Profile::kAeadAes128Gcm || profile == Profile::kAeadAes256Gcm;
  Bytes salt(aead ? 12 : 14);
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(seed + 5 * i);
  return salt;
}

inline std::unique_ptr<SrtpSession> MakeSession(Profile profile, std::span<const uint8_t> key,
                                                std::span<const uint8_t> salt,
                                                SessionConfig config) {
  std::optional<MasterKey> master = MasterKey::Create(profile, key, salt);
  EXPECT_TRUE(master.has_value());
  if (!master) return nullptr;
  std::string error;
  std::unique_ptr<SrtpSession> session = SrtpSession::Create(*master, config, &error);
  EXPECT_NE(nullptr, session) << error;
  return session;
}

inline SessionConfig Outbound() {
  SessionConfig config;
  config.direction = Direction::kOutbound;
  return config;
}

inline SessionConfig Inbound(uint32_t replay_window = 64) {
  SessionConfig config;
  config.direction = Direction::kInbound;
  config.replay_window = replay_window;
  return config;
}

// Protects `packet` in place with kMaxTrailerLength bytes of room; on success `packet` is
// the protected packet, otherwise it is left at its old length.
inline Status Protect(SrtpSession& session, PacketKind kind, Bytes& packet) {
  const size_t original = packet.size();
  size_t length = original;
  packet.resize(original + kMaxTrailerLength, 0);
  const Status status = kind == PacketKind::kRtp ? session.ProtectRtp(packet, length)
                                                 : session.ProtectRtcp(packet, length);
  packet.resize(status == Status::kOk ? length : original);
  return status;
}

// Unprotects a copy of `packet` (buffer exactly its size); *out gets the result on success.
inline Status Unprotect(SrtpSession& session, PacketKind kind, const Bytes& packet,
                        Bytes* out = nullptr) {
  Bytes buffer = packet;
  size_t length = buffer.size();
  const Status status = kind == PacketKind::kRtp ? session.UnprotectRtp(buffer, length)
                                                 : session.UnprotectRtcp(buffer, length);
  if (status == Status::kOk && out != nullptr) {
    buffer.resize(length);
    *out = buffer;
  }
  return status;
}

inline std::string ProfileTestName(const ::testing::TestParamInfo<Profile>& info) {
  switch (info.param) {
    case Profile::kAesCm128HmacSha1_80: return "AesCm128HmacSha1_80";
    case Profile::kAesCm128HmacSha1_32: return "AesCm128HmacSha1_32";
    case Profile::kAeadAes128Gcm: return "AeadAes128Gcm";
    case Profile::kAeadAes256Gcm: return "AeadAes256Gcm";
  }
  return "Unknown";
}

}  // namespace jvbfastpath::srtp::testing

namespace jvbfastpath::srtp {
// So gtest prints statuses by name.
inline void PrintTo(Status status, std::ostream* os) { *os << StatusName(status); }
}  // namespace jvbfastpath::srtp
