// Fuzz target: SRTP/SRTCP unprotect with fixed keys, on every profile.
//
// Input: byte 0 picks the profile (bits 0-1), RTP or RTCP (bit 2), the mode (bits 3-4) and
// sessions with Cryptex negotiated (bit 5, RFC 9335):
//   0, 3: unprotect the rest as received from the network (mostly fails authentication);
//   1: protect the rest first, then unprotect it: must give back the same bytes (with
//      Cryptex, a packet with CSRCs and no extension block comes back with an empty one);
//   2: protect, flip the bit named by byte 1, unprotect: must fail, never crash.
// Sessions persist across inputs, so replay windows and stream tables fill up too.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "native/srtp/srtp_session.h"

namespace {

using namespace jvbfastpath::srtp;

struct Pair {
  std::unique_ptr<SrtpSession> out;
  std::unique_ptr<SrtpSession> in;
};

Pair& SessionsFor(Profile profile, bool cryptex) {
  static Pair pairs[2][4];
  Pair& p = pairs[cryptex ? 1 : 0][static_cast<int>(profile)];
  if (!p.out) {
    const ProfileInfo& info = Info(profile);
    std::vector<uint8_t> bytes(info.master_key_length + info.master_salt_length, 0x5A);
    auto key = MasterKey::Create(profile, bytes);
    std::string error;
    SessionConfig config;
    config.max_streams = 16;  // small, so eviction is exercised
    config.cryptex = cryptex;
    config.direction = Direction::kOutbound;
    p.out = SrtpSession::Create(*key, config, &error);
    config.direction = Direction::kInbound;
    p.in = SrtpSession::Create(*key, config, &error);
  }
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const Profile profile = kAllProfiles[data[0] & 3];
  const bool rtcp = (data[0] & 4) != 0;
  const int mode = (data[0] >> 3) & 3;
  const bool cryptex = (data[0] & 0x20) != 0;
  const uint8_t flip = data[1];
  std::vector<uint8_t> buffer(data + 2, data + size);
  const size_t original_length = buffer.size();
  buffer.resize(original_length + kMaxTrailerLength);
  Pair& sessions = SessionsFor(profile, cryptex);
  size_t length = original_length;
  auto unprotect = [&] {
    return rtcp ? sessions.in->UnprotectRtcp(buffer, length)
                : sessions.in->UnprotectRtp(buffer, length);
  };
  if (mode == 0 || mode == 3) {
    unprotect();
    return 0;
  }
  Status s = rtcp ? sessions.out->ProtectRtcp(buffer, length)
                  : sessions.out->ProtectRtp(buffer, length);
  if (s != Status::kOk) return 0;
  if (mode == 2) {
    buffer[(flip * 7u) % length] ^= static_cast<uint8_t>(1u << (flip & 7));
    s = unprotect();
    // A flipped bit must never yield the original packet as authentic.
    if (s == Status::kOk && length == original_length &&
        std::memcmp(buffer.data(), data + 2, length) == 0) {
      std::abort();
    }
    return 0;
  }
  s = unprotect();
  std::vector<uint8_t> expected(data + 2, data + size);
  if (cryptex && !rtcp && (expected[0] & 0x10) == 0 && (expected[0] & 0x0F) != 0) {
    // CSRCs without an extension block: Cryptex added an empty 0xC0DE block, which stays
    // (as 0xBEDE) after unprotect.
    const size_t at = 12 + 4u * (expected[0] & 0x0F);
    expected[0] |= 0x10;
    const uint8_t block[4] = {0xBE, 0xDE, 0x00, 0x00};
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(at), block, block + 4);
  }
  if (s == Status::kOk &&
      (length != expected.size() || std::memcmp(buffer.data(), expected.data(), length) != 0)) {
    std::abort();  // a round trip that authenticates must give back the same bytes
  }
  return 0;
}
