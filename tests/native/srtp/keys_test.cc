// MasterKey and the RFC 5764 section 4.2 split of DTLS keying material.
#include "native/srtp/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>

#include "native/srtp/srtp_session.h"
#include "tests/native/srtp/hex.h"
#include "tests/native/srtp/reference_srtp.h"
#include "tests/native/srtp/test_packets.h"

namespace jvbfastpath::srtp::testing {
namespace {

// RFC 5764 4.2 lengths, written out: (master key, master salt).
std::pair<size_t, size_t> RfcLengths(Profile profile) {
  switch (profile) {
    case Profile::kAeadAes256Gcm: return {32, 12};
    case Profile::kAeadAes128Gcm: return {16, 12};
    default: return {16, 14};
  }
}

// Keying material whose every byte says where it sits: 0x01, 0x02, ...
Bytes Material(Profile profile) {
  const auto [k, s] = RfcLengths(profile);
  Bytes m(2 * (k + s));
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(i + 1);
  return m;
}

Bytes Slice(const Bytes& bytes, size_t offset, size_t length) {
  return Bytes(bytes.begin() + static_cast<ptrdiff_t>(offset),
               bytes.begin() + static_cast<ptrdiff_t>(offset + length));
}

class DtlsSplit : public ::testing::TestWithParam<Profile> {};

// client_write_key | server_write_key | client_write_salt | server_write_salt.
TEST_P(DtlsSplit, EachRoleGetsTheRfc5764Slices) {
  const Profile profile = GetParam();
  const auto [k, s] = RfcLengths(profile);
  const Bytes m = Material(profile);
  const Bytes client = Concat(Slice(m, 0, k), Slice(m, 2 * k, s));
  const Bytes server = Concat(Slice(m, k, k), Slice(m, 2 * k + s, s));

  std::optional<DirectionalKeys> as_client = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kClient);
  ASSERT_TRUE(as_client.has_value());
  EXPECT_EQ(ToHex(client), ToHex(as_client->local.key_and_salt()));
  EXPECT_EQ(ToHex(server), ToHex(as_client->remote.key_and_salt()));
  EXPECT_EQ(profile, as_client->local.profile());

  std::optional<DirectionalKeys> as_server = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kServer);
  ASSERT_TRUE(as_server.has_value());
  EXPECT_EQ(ToHex(server), ToHex(as_server->local.key_and_salt()));
  EXPECT_EQ(ToHex(client), ToHex(as_server->remote.key_and_salt()));
}

TEST_P(DtlsSplit, RefusesMaterialOfTheWrongLength) {
  const Profile profile = GetParam();
  Bytes m = Material(profile);
  m.push_back(0);
  EXPECT_FALSE(SplitDtlsKeyingMaterial(profile, m, DtlsRole::kClient).has_value());
  m.resize(m.size() - 2);
  EXPECT_FALSE(SplitDtlsKeyingMaterial(profile, m, DtlsRole::kServer).has_value());
  EXPECT_FALSE(SplitDtlsKeyingMaterial(profile, {}, DtlsRole::kServer).has_value());
}

// The client protects with the client_write key; the server unprotects with it. The client's
// packet also equals the reference keyed directly from the client_write slices.
TEST_P(DtlsSplit, ClientOutboundInteroperatesWithServerInbound) {
  const Profile profile = GetParam();
  const auto [k, s] = RfcLengths(profile);
  const Bytes m = Material(profile);
  auto client = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kClient);
  auto server = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kServer);
  ASSERT_TRUE(client && server);

  std::string error;
  auto sender = SrtpSession::Create(client->local, Outbound(), &error);
  auto receiver = SrtpSession::Create(server->remote, Inbound(), &error);
  ASSERT_TRUE(sender && receiver) << error;

  const Bytes plain = MakeRtp(0x11223344, 1000, 160);
  Bytes packet = plain;
  ASSERT_EQ(Status::kOk, Protect(*sender, PacketKind::kRtp, packet));
  const SessionKeys keys =
      DeriveSessionKeys(profile, Slice(m, 0, k), Slice(m, 2 * k, s), KeysFor::kRtp);
  EXPECT_EQ(ToHex(ProtectRtp(profile, keys, plain, 0)), ToHex(packet));

  Bytes received;
  ASSERT_EQ(Status::kOk, Unprotect(*receiver, PacketKind::kRtp, packet, &received));
  EXPECT_EQ(ToHex(plain), ToHex(received));

  // And the other way: server outbound to client inbound, RTCP this time.
  auto server_sender = SrtpSession::Create(server->local, Outbound(), &error);
  auto client_receiver = SrtpSession::Create(client->remote, Inbound(), &error);
  ASSERT_TRUE(server_sender && client_receiver) << error;
  const Bytes report = MakeRtcp(0x55667788);
  Bytes rtcp = report;
  ASSERT_EQ(Status::kOk, Protect(*server_sender, PacketKind::kRtcp, rtcp));
  ASSERT_EQ(Status::kOk, Unprotect(*client_receiver, PacketKind::kRtcp, rtcp, &received));
  EXPECT_EQ(ToHex(report), ToHex(received));
}

TEST_P(DtlsSplit, WronglySplitKeysDoNotAuthenticate) {
  const Profile profile = GetParam();
  const auto [k, s] = RfcLengths(profile);
  const Bytes m = Material(profile);
  auto client = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kClient);
  ASSERT_TRUE(client);
  std::string error;
  auto sender = SrtpSession::Create(client->local, Outbound(), &error);
  ASSERT_NE(nullptr, sender) << error;
  Bytes packet = MakeRtp(0x11223344, 1000, 160);
  ASSERT_EQ(Status::kOk, Protect(*sender, PacketKind::kRtp, packet));

  // The server receiving with its own (server_write) key: both sides took the same role.
  auto server = SplitDtlsKeyingMaterial(profile, m, DtlsRole::kServer);
  ASSERT_TRUE(server);
  auto same_role = SrtpSession::Create(server->local, Inbound(), &error);
  ASSERT_NE(nullptr, same_role) << error;
  EXPECT_EQ(Status::kAuthFail, Unprotect(*same_role, PacketKind::kRtp, packet));

  // The material read as key|salt|key|salt instead of key|key|salt|salt.
  auto naive = MasterKey::Create(profile, Slice(m, 0, k + s));
  ASSERT_TRUE(naive);
  auto naive_receiver = SrtpSession::Create(*naive, Inbound(), &error);
  ASSERT_NE(nullptr, naive_receiver) << error;
  EXPECT_EQ(Status::kAuthFail, Unprotect(*naive_receiver, PacketKind::kRtp, packet));
}

INSTANTIATE_TEST_SUITE_P(AllProfiles, DtlsSplit, ::testing::ValuesIn(kAllProfiles),
                         ProfileTestName);

TEST(MasterKey, CreateChecksTheProfileLengths) {
  for (Profile profile : kAllProfiles) {
    const auto [k, s] = RfcLengths(profile);
    EXPECT_TRUE(MasterKey::Create(profile, Bytes(k + s, 1)).has_value());
    EXPECT_FALSE(MasterKey::Create(profile, Bytes(k + s - 1, 1)).has_value());
    EXPECT_FALSE(MasterKey::Create(profile, Bytes(k + s + 1, 1)).has_value());
    EXPECT_TRUE(MasterKey::Create(profile, Bytes(k, 1), Bytes(s, 2)).has_value());
    EXPECT_FALSE(MasterKey::Create(profile, Bytes(k, 1), Bytes(s + 2, 2)).has_value());
    EXPECT_FALSE(MasterKey::Create(profile, Bytes(k + 2, 1), Bytes(s, 2)).has_value());
    const auto key = MasterKey::Create(profile, Bytes(k, 0xaa), Bytes(s, 0xbb));
    ASSERT_TRUE(key);
    EXPECT_EQ(ToHex(Concat(Bytes(k, 0xaa), Bytes(s, 0xbb))), ToHex(key->key_and_salt()));
  }
}

// A MasterKey destroyed in place leaves zeros where its key bytes were.
TEST(MasterKey, DestructionWipesTheKeyBytes) {
  const Bytes secret = Hex(
      "a5a5a5a5 5a5a5a5a c3c3c3c3 3c3c3c3c 96969696 69696969 f0f0f0f0 0f0f0f0f"
      "e1e1e1e1 1e1e1e1e d2d2");  // 32 + 14: every byte non-zero
  alignas(MasterKey) unsigned char storage[sizeof(MasterKey)];
  std::memset(storage, 0, sizeof(storage));

  // AEAD_AES_256_GCM: 32 + 12 = 44 bytes.
  std::optional<MasterKey> made = MasterKey::Create(Profile::kAeadAes256Gcm, Slice(secret, 0, 44));
  ASSERT_TRUE(made.has_value());
  MasterKey* key = new (storage) MasterKey(std::move(*made));
  made.reset();

  const std::span<const uint8_t> held = key->key_and_salt();
  ASSERT_EQ(44u, held.size());
  ASSERT_EQ(ToHex(Slice(secret, 0, 44)), ToHex(held));
  const auto* begin = reinterpret_cast<const unsigned char*>(storage);
  const size_t offset = static_cast<size_t>(held.data() - begin);
  ASSERT_LE(offset + 44, sizeof(storage)) << "key bytes are not inside the object";

  key->~MasterKey();

  EXPECT_EQ(std::string(88, '0'), ToHex(std::span(begin + offset, 44)))
      << "key bytes left behind after destruction";
  // And no 4-byte run of the key survives anywhere in the object.
  for (size_t i = 0; i + 4 <= 44; ++i) {
    EXPECT_EQ(std::search(begin, begin + sizeof(storage), secret.begin() + i, secret.begin() + i + 4),
              begin + sizeof(storage))
        << "key bytes " << i << ".." << i + 3 << " still present";
  }
}

// Moving a MasterKey wipes the one moved from (what lets DirectionalKeys be returned safely).
TEST(MasterKey, MoveLeavesNoKeyInTheSource) {
  alignas(MasterKey) unsigned char storage[sizeof(MasterKey)];
  std::optional<MasterKey> made = MasterKey::Create(Profile::kAesCm128HmacSha1_80, Bytes(30, 0x77));
  ASSERT_TRUE(made);
  MasterKey* source = new (storage) MasterKey(std::move(*made));
  MasterKey destination(std::move(*source));
  EXPECT_EQ(ToHex(Bytes(30, 0x77)), ToHex(destination.key_and_salt()));
  EXPECT_EQ(0u, source->key_and_salt().size());
  const auto* begin = reinterpret_cast<const unsigned char*>(storage);
  EXPECT_EQ(begin + sizeof(storage),
            std::search_n(begin, begin + sizeof(storage), 4, static_cast<unsigned char>(0x77)));
  source->~MasterKey();
}

}  // namespace
}  // namespace jvbfastpath::srtp::testing
