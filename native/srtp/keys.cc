#include "native/srtp/keys.h"

namespace jvbfastpath::srtp {

std::optional<MasterKey> MasterKey::Create(Profile profile, std::span<const uint8_t> key_and_salt) {
  const ProfileInfo& info = Info(profile);
  if (key_and_salt.size() != info.master_key_length + info.master_salt_length) return std::nullopt;
  MasterKey result(profile);
  if (!result.bytes_.Assign(key_and_salt)) return std::nullopt;
  return result;
}

std::optional<MasterKey> MasterKey::Create(Profile profile, std::span<const uint8_t> key,
                                           std::span<const uint8_t> salt) {
  const ProfileInfo& info = Info(profile);
  if (key.size() != info.master_key_length || salt.size() != info.master_salt_length) {
    return std::nullopt;
  }
  MasterKey result(profile);
  if (!result.bytes_.Assign(key) || !result.bytes_.Append(salt)) return std::nullopt;
  return result;
}

std::optional<DirectionalKeys> SplitDtlsKeyingMaterial(Profile profile,
                                                       std::span<const uint8_t> material,
                                                       DtlsRole our_role) {
  const ProfileInfo& info = Info(profile);
  const size_t k = info.master_key_length;
  const size_t s = info.master_salt_length;
  if (material.size() != 2 * (k + s)) return std::nullopt;
  auto client = MasterKey::Create(profile, material.subspan(0, k), material.subspan(2 * k, s));
  auto server = MasterKey::Create(profile, material.subspan(k, k), material.subspan(2 * k + s, s));
  if (!client || !server) return std::nullopt;
  if (our_role == DtlsRole::kClient) {
    return DirectionalKeys{std::move(*client), std::move(*server)};
  }
  return DirectionalKeys{std::move(*server), std::move(*client)};
}

}  // namespace jvbfastpath::srtp
