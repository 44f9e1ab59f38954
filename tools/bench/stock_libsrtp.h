// Debian's stock libsrtp (libsrtp2.so.1, built on NSS), loaded with dlopen for comparison.
//
// Contract: Load() returns nullptr (with the reason) if the library is not installed.
// The shared object is opened RTLD_LOCAL, and our own libsrtp is linked statically with
// hidden symbols, so the two never resolve to each other. Both are libsrtp 2.5.0: the
// declarations in our copy of srtp.h describe its ABI.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "native/srtp/profile.h"
#include "srtp2/srtp.h"

namespace jvbfastpath::bench {

class StockLibsrtp {
 public:
  static std::unique_ptr<StockLibsrtp> Load(std::string* error);
  ~StockLibsrtp();

  // A session of the stock library: protect (outbound) or unprotect (inbound), any SSRC.
  class Session {
   public:
    ~Session();
    // Returns the new length, or 0 on failure.
    size_t Protect(std::span<uint8_t> packet, size_t length);
    size_t Unprotect(std::span<uint8_t> packet, size_t length);
    size_t ProtectRtcp(std::span<uint8_t> packet, size_t length);
    size_t UnprotectRtcp(std::span<uint8_t> packet, size_t length);

   private:
    friend class StockLibsrtp;
    const StockLibsrtp* lib_ = nullptr;
    srtp_t session_ = nullptr;
  };
  std::unique_ptr<Session> CreateSession(srtp::Profile profile, std::span<const uint8_t> key,
                                         bool outbound) const;

 private:
  void* handle_ = nullptr;
  decltype(&srtp_init) init_ = nullptr;
  decltype(&srtp_create) create_ = nullptr;
  decltype(&srtp_dealloc) dealloc_ = nullptr;
  decltype(&srtp_protect) protect_ = nullptr;
  decltype(&srtp_unprotect) unprotect_ = nullptr;
  decltype(&srtp_protect_rtcp) protect_rtcp_ = nullptr;
  decltype(&srtp_unprotect_rtcp) unprotect_rtcp_ = nullptr;
  decltype(&srtp_crypto_policy_set_from_profile_for_rtp) policy_rtp_ = nullptr;
  decltype(&srtp_crypto_policy_set_from_profile_for_rtcp) policy_rtcp_ = nullptr;
};

}  // namespace jvbfastpath::bench
