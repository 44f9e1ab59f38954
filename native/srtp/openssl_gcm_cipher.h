// Our AES-GCM cipher type for libsrtp (AEAD_AES_128_GCM, AEAD_AES_256_GCM), on OpenSSL 3.
//
// Why: libsrtp 2.5.0's OpenSSL GCM cipher makes three EVP_CIPHER_CTX_ctrl calls per
// unprotected packet and two per protected one (it sets the IV length every packet, and a
// dummy tag before the AAD). In OpenSSL 3 each ctrl becomes a parameter lookup by string;
// perf showed strcmp, EVP_CIPHER_CTX_ctrl and OSSL_PARAM_locate at ~21% of an unprotect.
// This type sets the IV length once per key, and makes one ctrl per packet (set the tag to
// check, or get the computed tag): the least OpenSSL's EVP interface allows.
// docs/performance.md has the measurement.
//
// Contract: InstallOpensslGcmCipher() replaces libsrtp's SRTP_AES_GCM_128/256 cipher types
// through libsrtp's own srtp_replace_cipher_type (which self-tests the replacement with
// libsrtp's GCM test case first). Call once, after srtp_init. Returns false on failure, in
// which case libsrtp's own implementation stays in place.
#pragma once

namespace jvbfastpath::srtp {

bool InstallOpensslGcmCipher();

}  // namespace jvbfastpath::srtp
