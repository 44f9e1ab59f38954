#include "tools/bench/stock_libsrtp.h"

#include <dlfcn.h>

#include <cstring>

namespace jvbfastpath::bench {
namespace {

srtp_profile_t ToLibsrtp(srtp::Profile profile) {
  switch (profile) {
    case srtp::Profile::kAesCm128HmacSha1_80: return srtp_profile_aes128_cm_sha1_80;
    case srtp::Profile::kAesCm128HmacSha1_32: return srtp_profile_aes128_cm_sha1_32;
    case srtp::Profile::kAeadAes128Gcm: return srtp_profile_aead_aes_128_gcm;
    case srtp::Profile::kAeadAes256Gcm: return srtp_profile_aead_aes_256_gcm;
  }
  return srtp_profile_reserved;
}

template <typename Fn>
bool Resolve(void* handle, const char* name, Fn* out) {
  *out = reinterpret_cast<Fn>(dlsym(handle, name));
  return *out != nullptr;
}

}  // namespace

std::unique_ptr<StockLibsrtp> StockLibsrtp::Load(std::string* error) {
  void* handle = dlopen("libsrtp2.so.1", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    *error = std::string("Debian's libsrtp2-1 is not installed: ") + dlerror();
    return nullptr;
  }
  std::unique_ptr<StockLibsrtp> lib(new StockLibsrtp());
  lib->handle_ = handle;
  if (!Resolve(handle, "srtp_init", &lib->init_) ||
      !Resolve(handle, "srtp_create", &lib->create_) ||
      !Resolve(handle, "srtp_dealloc", &lib->dealloc_) ||
      !Resolve(handle, "srtp_protect", &lib->protect_) ||
      !Resolve(handle, "srtp_unprotect", &lib->unprotect_) ||
      !Resolve(handle, "srtp_protect_rtcp", &lib->protect_rtcp_) ||
      !Resolve(handle, "srtp_unprotect_rtcp", &lib->unprotect_rtcp_) ||
      !Resolve(handle, "srtp_crypto_policy_set_from_profile_for_rtp", &lib->policy_rtp_) ||
      !Resolve(handle, "srtp_crypto_policy_set_from_profile_for_rtcp", &lib->policy_rtcp_)) {
    *error = "libsrtp2.so.1 lacks an expected symbol";
    return nullptr;
  }
  if (lib->init_() != srtp_err_status_ok) {
    *error = "stock srtp_init failed";
    return nullptr;
  }
  return lib;
}

StockLibsrtp::~StockLibsrtp() {
  if (handle_ != nullptr) dlclose(handle_);
}

std::unique_ptr<StockLibsrtp::Session> StockLibsrtp::CreateSession(
    srtp::Profile profile, std::span<const uint8_t> key, bool outbound) const {
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  policy_rtp_(&policy.rtp, ToLibsrtp(profile));
  policy_rtcp_(&policy.rtcp, ToLibsrtp(profile));
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = const_cast<unsigned char*>(key.data());
  policy.window_size = 64;
  policy.allow_repeat_tx = outbound ? 1 : 0;
  auto session = std::unique_ptr<Session>(new Session());
  session->lib_ = this;
  if (create_(&session->session_, &policy) != srtp_err_status_ok) return nullptr;
  return session;
}

StockLibsrtp::Session::~Session() {
  if (session_ != nullptr) lib_->dealloc_(session_);
}

size_t StockLibsrtp::Session::Protect(std::span<uint8_t> packet, size_t length) {
  int len = static_cast<int>(length);
  return lib_->protect_(session_, packet.data(), &len) == srtp_err_status_ok
             ? static_cast<size_t>(len)
             : 0;
}

size_t StockLibsrtp::Session::Unprotect(std::span<uint8_t> packet, size_t length) {
  int len = static_cast<int>(length);
  return lib_->unprotect_(session_, packet.data(), &len) == srtp_err_status_ok
             ? static_cast<size_t>(len)
             : 0;
}

size_t StockLibsrtp::Session::ProtectRtcp(std::span<uint8_t> packet, size_t length) {
  int len = static_cast<int>(length);
  return lib_->protect_rtcp_(session_, packet.data(), &len) == srtp_err_status_ok
             ? static_cast<size_t>(len)
             : 0;
}

size_t StockLibsrtp::Session::UnprotectRtcp(std::span<uint8_t> packet, size_t length) {
  int len = static_cast<int>(length);
  return lib_->unprotect_rtcp_(session_, packet.data(), &len) == srtp_err_status_ok
             ? static_cast<size_t>(len)
             : 0;
}

}  // namespace jvbfastpath::bench
