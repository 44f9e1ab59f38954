// Issue 8: "keys wiped on close; a test checks the memory".
//
// Creates SRTP sessions for all four profiles, from DTLS keying material (split as RFC 5764
// section 4.2 lays it out, both DTLS roles) and from SDES-style master keys, plus a
// pipeline::Endpoint per profile with its two sessions; pushes RTP and RTCP through every one
// of them (which makes libsrtp create per-SSRC streams, and one SSRC-specific stream through
// SetRolloverCounter); then reads the whole process memory (memory_scan.h) for:
//   - every master key and master salt,
//   - the session keys libsrtp derives from them (RFC 3711 section 4.3.1, key derivation rate
//     0): RTP and RTCP encryption keys and salts, and the HMAC-SHA1 authentication keys.
// Before close, the scan must find every master key, master salt and session encryption key
// (the positive control: it can see them); after everything is closed and destroyed, it must
// find none of them. Under --config=asan freed memory stays in ASan's quarantine, so a buffer
// freed without being wiped is found too (MemoryScanTest checks that the scan sees one).
//
// The test holds clear key bytes only in ClearBytes, for as long as it takes to mask them
// and hand them to the API; the scan itself compares against masked patterns.
#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "native/pipeline/conference.h"
#include "native/pipeline/endpoint.h"
#include "native/srtp/keys.h"
#include "native/srtp/profile.h"
#include "native/srtp/srtp_session.h"
#include "tests/native/secrets/memory_scan.h"

namespace jvbfastpath::secrets_testing {
namespace {

// Clear secret bytes the test must hold for a moment: random, wiped when out of scope.
template <size_t kSize>
class ClearBytes {
 public:
  ClearBytes() { RAND_bytes(bytes_.data(), static_cast<int>(kSize)); }
  ~ClearBytes() { OPENSSL_cleanse(bytes_.data(), kSize); }
  ClearBytes(const ClearBytes&) = delete;
  ClearBytes& operator=(const ClearBytes&) = delete;
  std::span<uint8_t> span(size_t from, size_t length) { return {bytes_.data() + from, length}; }

 private:
  std::array<uint8_t, kSize> bytes_;
};

// What a secret is, for the positive control.
enum class Kind { kMasterKey, kMasterSalt, kSessionKey, kSessionSalt, kAuthKey };

struct Secret {
  size_t index;
  Kind kind;
};

// RFC 3711 section 4.3.1 and 4.3.3: x = (label || r) XOR master_salt with r = 0, so the label
// XORs byte 7 of the 112-bit salt (RFC 7714's 96-bit salt is followed by two zero bytes, as
// libsrtp pads it); the key is the AES-CM keystream under the master key from IV = x * 2^16:
// blocks x || 0000, x || 0001, ... Everything on the stack and wiped.
void DeriveSessionKey(std::span<const uint8_t> master_key, std::span<const uint8_t> master_salt,
                      uint8_t label, std::span<uint8_t> out) {
  std::array<uint8_t, 16> block{};
  std::array<uint8_t, 16> keystream{};
  std::copy(master_salt.begin(), master_salt.end(), block.begin());
  block[7] ^= label;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const EVP_CIPHER* aes = master_key.size() == 32 ? EVP_aes_256_ecb() : EVP_aes_128_ecb();
  ASSERT_EQ(1, EVP_EncryptInit_ex(ctx, aes, nullptr, master_key.data(), nullptr));
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  for (size_t at = 0, i = 0; at < out.size(); at += 16, ++i) {
    block[14] = static_cast<uint8_t>(i >> 8);
    block[15] = static_cast<uint8_t>(i);
    int n = 0;
    ASSERT_EQ(1, EVP_EncryptUpdate(ctx, keystream.data(), &n, block.data(), 16));
    std::copy_n(keystream.begin(), std::min<size_t>(16, out.size() - at), out.begin() + at);
  }
  EVP_CIPHER_CTX_free(ctx);  // cleanses its key schedule
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(keystream.data(), keystream.size());
}

class KeysInMemoryTest : public ::testing::Test {
 protected:
  // Masks one direction's master key and salt and every session key libsrtp derives from
  // them (RTP and RTCP), named after `who`.
  void AddDirection(const std::string& who, srtp::Profile profile, std::span<const uint8_t> key,
                    std::span<const uint8_t> salt) {
    const srtp::ProfileInfo& info = srtp::Info(profile);
    const std::string name = std::string(info.name) + " " + who;
    Add(name + " master key", Kind::kMasterKey, key);
    Add(name + " master salt", Kind::kMasterSalt, salt);
    struct Derived {
      const char* what;
      uint8_t label;
      size_t length;
      Kind kind;
    };
    const Derived derived[] = {
        {"rtp session key", 0x00, key.size(), Kind::kSessionKey},
        {"rtp session salt", 0x02, salt.size(), Kind::kSessionSalt},
        {"rtcp session key", 0x03, key.size(), Kind::kSessionKey},
        {"rtcp session salt", 0x05, salt.size(), Kind::kSessionSalt},
        {"rtp auth key", 0x01, info.aead ? size_t{0} : size_t{20}, Kind::kAuthKey},
        {"rtcp auth key", 0x04, info.aead ? size_t{0} : size_t{20}, Kind::kAuthKey},
    };
    for (const Derived& d : derived) {
      if (d.length == 0) continue;
      ClearBytes<32> out;
      DeriveSessionKey(key, salt, d.label, out.span(0, d.length));
      Add(name + " " + d.what, d.kind, out.span(0, d.length));
    }
  }

  void Add(std::string name, Kind kind, std::span<const uint8_t> clear) {
    secrets_.push_back({masked_.Add(std::move(name), clear), kind});
  }

  MaskedSecrets masked_;
  std::vector<Secret> secrets_;
};

// A plaintext RTP packet (RFC 3550 section 5.1, PT 100) with room for any SRTP trailer.
std::vector<uint8_t> Rtp(uint32_t ssrc, uint16_t seq) {
  std::vector<uint8_t> p = {0x80, 100, static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                            0, 0, 0x10, 0x00, static_cast<uint8_t>(ssrc >> 24),
                            static_cast<uint8_t>(ssrc >> 16), static_cast<uint8_t>(ssrc >> 8),
                            static_cast<uint8_t>(ssrc), 0x90, 0x80, 0x80, 0x01};
  for (int i = 0; i < 200; ++i) p.push_back(static_cast<uint8_t>(i * 7 + seq));
  return p;
}

// A receiver report without report blocks (RFC 3550 section 6.4.2).
std::vector<uint8_t> Rtcp(uint32_t ssrc) {
  return {0x81, 201, 0x00, 0x07, static_cast<uint8_t>(ssrc >> 24), static_cast<uint8_t>(ssrc >> 16),
          static_cast<uint8_t>(ssrc >> 8), static_cast<uint8_t>(ssrc), 0x11, 0x22, 0x33, 0x44,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
}

// RTP from three SSRCs and RTCP through `out` (protect) and `in` (unprotect).
void Push(srtp::SrtpSession& out, srtp::SrtpSession& in) {
  for (uint32_t ssrc : {0x11111111u, 0x22222222u, 0x33333333u}) {
    for (uint16_t seq = 1; seq <= 5; ++seq) {
      std::vector<uint8_t> p = Rtp(ssrc, seq);
      size_t length = p.size();
      p.resize(length + srtp::kMaxTrailerLength);
      ASSERT_EQ(srtp::Status::kOk, out.ProtectRtp(p, length));
      ASSERT_EQ(srtp::Status::kOk, in.UnprotectRtp(p, length));
    }
    std::vector<uint8_t> r = Rtcp(ssrc);
    size_t length = r.size();
    r.resize(length + srtp::kMaxTrailerLength);
    ASSERT_EQ(srtp::Status::kOk, out.ProtectRtcp(r, length));
    ASSERT_EQ(srtp::Status::kOk, in.UnprotectRtcp(r, length));
  }
}

std::unique_ptr<srtp::SrtpSession> Session(const srtp::MasterKey& key, srtp::Direction direction) {
  srtp::SessionConfig config;
  config.direction = direction;
  std::string error;
  auto s = srtp::SrtpSession::Create(key, config, &error);
  EXPECT_NE(nullptr, s) << error;
  return s;
}

TEST_F(KeysInMemoryTest, NoSrtpKeyOutlivesItsSessionsAndEndpoints) {
  auto conference = std::make_unique<pipeline::Conference>("secrets", conference::Mode::kE2eePassthrough);
  std::vector<std::unique_ptr<srtp::SrtpSession>> sessions;
  std::vector<std::unique_ptr<pipeline::Endpoint>> endpoints;
  for (srtp::Profile profile : srtp::kAllProfiles) {
    const srtp::ProfileInfo& info = srtp::Info(profile);
    const size_t k = info.master_key_length, s = info.master_salt_length;
    // DTLS keying material: client_write_key | server_write_key | client_salt | server_salt.
    {
      ClearBytes<2 * (32 + 14)> km;
      AddDirection("dtls client write", profile, km.span(0, k), km.span(2 * k, s));
      AddDirection("dtls server write", profile, km.span(k, k), km.span(2 * k + s, s));
      auto server = srtp::SplitDtlsKeyingMaterial(profile, km.span(0, 2 * (k + s)), srtp::DtlsRole::kServer);
      auto client = srtp::SplitDtlsKeyingMaterial(profile, km.span(0, 2 * (k + s)), srtp::DtlsRole::kClient);
      ASSERT_TRUE(server && client);
      sessions.push_back(Session(server->local, srtp::Direction::kOutbound));
      sessions.push_back(Session(client->remote, srtp::Direction::kInbound));
      Push(*sessions[sessions.size() - 2], *sessions.back());
      sessions.push_back(Session(client->local, srtp::Direction::kOutbound));
      sessions.push_back(Session(server->remote, srtp::Direction::kInbound));
      // An SSRC-specific stream, keyed from the session's own copy of the master key.
      ASSERT_TRUE(sessions.back()->SetRolloverCounter(0x44444444, 0));
      Push(*sessions[sessions.size() - 2], *sessions.back());
    }
    // SDES (RFC 4568 inline key and salt), both directions of one call.
    {
      ClearBytes<32 + 14> key_salt;
      AddDirection("sdes", profile, key_salt.span(0, k), key_salt.span(k, s));
      auto key = srtp::MasterKey::Create(profile, key_salt.span(0, k), key_salt.span(k, s));
      ASSERT_TRUE(key);
      sessions.push_back(Session(*key, srtp::Direction::kOutbound));
      sessions.push_back(Session(*key, srtp::Direction::kInbound));
      Push(*sessions[sessions.size() - 2], *sessions.back());
    }
    // An endpoint of the pipeline (the bridge is the DTLS server), with the client's sessions.
    {
      ClearBytes<2 * (32 + 14)> km;
      AddDirection("endpoint client write", profile, km.span(0, k), km.span(2 * k, s));
      AddDirection("endpoint server write", profile, km.span(k, k), km.span(2 * k + s, s));
      pipeline::EndpointConfig config;
      config.id = std::string(info.name);
      config.profile = profile;
      config.payload_types.Set(100, codec::Codec::kVp8);
      std::string error;
      endpoints.push_back(pipeline::Endpoint::Create(*conference, config, km.span(0, 2 * (k + s)), &error));
      ASSERT_NE(nullptr, endpoints.back()) << error;
      auto client = srtp::SplitDtlsKeyingMaterial(profile, km.span(0, 2 * (k + s)), srtp::DtlsRole::kClient);
      ASSERT_TRUE(client);
      auto client_out = Session(client->local, srtp::Direction::kOutbound);
      auto client_in = Session(client->remote, srtp::Direction::kInbound);
      pipeline::Endpoint& e = *endpoints.back();
      rewrite::StreamRewriter rewriter(rewrite::StreamRewriteConfig{0x5151, 90000, true});
      for (uint16_t seq = 1; seq <= 10; ++seq) {
        std::vector<uint8_t> p = Rtp(0x55555555, seq);
        size_t length = p.size();
        p.resize(length + srtp::kMaxTrailerLength);
        ASSERT_EQ(srtp::Status::kOk, client_out->ProtectRtp(p, length));
        srtp::PacketSlot slot{p, length, srtp::Status::kOk};
        pipeline::IngressResult in;
        ASSERT_EQ(1u, e.Ingress({&slot, 1}, {&in, 1}));
        const pipeline::EgressItem item{&in, &rewriter, false};
        pipeline::EgressResult out;
        ASSERT_EQ(1u, e.Egress({&slot, 1}, {&item, 1}, {&out, 1}));  // back to the same client
        ASSERT_EQ(srtp::Status::kOk, client_in->UnprotectRtp(p, slot.length));
      }
      sessions.push_back(std::move(client_out));
      sessions.push_back(std::move(client_in));
    }
  }
  // 5 directions per profile: 2 masters + 4 session keys/salts, + 2 auth keys with HMAC.
  ASSERT_EQ(5u * (2 * 8 + 2 * 6), masked_.size());

  // Positive control: every master key and salt and every session encryption key is found.
  ScanResult before = ScanProcessMemory(masked_);
  ASSERT_GT(before.bytes_scanned, 0u);
  std::printf("before close: %zu mappings, %zu MiB scanned, %zu bytes unreadable\n",
              before.mappings_scanned, before.bytes_scanned >> 20, before.bytes_unreadable);
  for (const std::string& s : before.skipped) std::printf("  skipped %s\n", s.c_str());
  size_t found_salts = 0, found_auth = 0, salts = 0, auth = 0;
  for (const Secret& s : secrets_) {
    const size_t n = before.counts[s.index];
    switch (s.kind) {
      case Kind::kMasterKey:
      case Kind::kMasterSalt:
      case Kind::kSessionKey:
        EXPECT_GE(n, 1u) << masked_.name(s.index) << " not found while its session is open";
        break;
      case Kind::kSessionSalt: ++salts; found_salts += n > 0; break;
      case Kind::kAuthKey: ++auth; found_auth += n > 0; break;
    }
  }
  std::printf("before close: session salts found %zu/%zu, auth keys found %zu/%zu\n",
              found_salts, salts, found_auth, auth);

  // Close everything: sessions, endpoints, then their conference.
  sessions.clear();
  endpoints.clear();
  conference.reset();

  ScanResult after = ScanProcessMemory(masked_);
  std::printf("after close: %zu mappings, %zu MiB scanned, %zu bytes unreadable\n",
              after.mappings_scanned, after.bytes_scanned >> 20, after.bytes_unreadable);
  for (const Secret& s : secrets_) {
    EXPECT_EQ(0u, after.counts[s.index]) << masked_.name(s.index) << " survived close";
  }
  for (const std::string& hit : after.hits) std::printf("  found %s\n", hit.c_str());
  for (const std::string& s : after.skipped) {
    EXPECT_EQ(std::string::npos, s.find("larger than")) << "not scanned: " << s;
  }
}

// The scan sees memory that was freed without being wiped (the heap keeps it; ASan keeps it
// in quarantine): what it would report if a key holder forgot to wipe.
TEST(MemoryScanTest, FindsASecretLeftInFreedMemory) {
  MaskedSecrets masked;
  constexpr size_t kBlock = 96 * 1024;  // below glibc's mmap threshold: freed to the heap
  auto* block = static_cast<uint8_t*>(std::malloc(kBlock));
  ASSERT_NE(nullptr, block);
  {
    ClearBytes<32> canary;
    masked.Add("canary", canary.span(0, 32));
    std::copy_n(canary.span(0, 32).begin(), 32, block + kBlock - 1024);
  }
  asm volatile("" : : "r"(block) : "memory");  // keep the store: the block is freed next
  std::free(block);
  const ScanResult result = ScanProcessMemory(masked);
  EXPECT_GE(result.counts[0], 1u);
}

}  // namespace
}  // namespace jvbfastpath::secrets_testing
