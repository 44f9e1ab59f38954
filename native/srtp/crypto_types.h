// Our crypto (native/crypto) as libsrtp's cipher and auth types: libsrtp keeps the packet
// bookkeeping (streams, indexes, replay, IVs, which bytes are encrypted and authenticated),
// and every AES and HMAC-SHA1 call it makes runs on contexts keyed once per session key.
//
// Why: through OpenSSL 3's EVP, per-packet dispatch and parameter lookups cost more than the
// crypto itself at audio sizes (libsrtp's HMAC re-initialises EVP_MAC per packet, its GCM
// makes up to three EVP_CIPHER_CTX_ctrl calls per packet). docs/srtp.md has the details,
// docs/performance.md the measurements.
//
// Contract: InstallCryptoTypes() replaces libsrtp's AES-ICM-128/256 (SRTP's AES-CM and its
// key derivation), AES-GCM-128/256 and HMAC-SHA1 through libsrtp's own
// srtp_replace_cipher_type / srtp_replace_auth_type, each of which first self-tests the
// replacement with libsrtp's test vectors. Call once, after srtp_init. Returns false if any
// replacement failed; that type keeps libsrtp's own implementation. Each context takes
// crypto::DefaultAesImpl()/DefaultSha1Impl() when it is keyed.
#pragma once

namespace jvbfastpath::srtp {

bool InstallCryptoTypes();

}  // namespace jvbfastpath::srtp
