// Test-only frame encrypters: JFrame (lib-jitsi-meet) and SFrame (RFC 9605), on OpenSSL 3 EVP.
//
// They exist so that the bridge's keyless envelope recognition and its passthrough guarantee
// are tested on real envelopes, byte for byte what a browser sends. They are not used by the
// library and must never be: keys live in plain std::vector/std::array here, nonces are
// whatever the caller asks for, and nothing protects against (key, nonce) reuse.
//
// The formats, field by field and with their sources, are in docs/e2ee.md.
//
// JFrame (lib-jitsi-meet modules/e2ee/Context.ts, crypto-utils.ts), one encoded frame:
//
//   +--------------+------------------------------+-------------+--------+-----------+
//   | clear prefix | AES-128-GCM ciphertext + tag | IV          | IV len | key index |
//   | 10 / 3 / 1 B | len(frame) - prefix + 16 B   | 12 B        | 1 B=12 | 1 B, 0-15 |
//   +--------------+------------------------------+-------------+--------+-----------+
//     AAD = clear prefix;  IV = SSRC(32) | timestamp(32) | send count mod 0xFFFF (32)
//
// SFrame (RFC 9605 Section 4.2, 4.3), one SFrame ciphertext:
//
//    0 1 2 3 4 5 6 7
//   +-+-+-+-+-+-+-+-+------------+------------+---------------------------+-----+
//   |X|  K  |Y|  C  |   KID...   |   CTR...   | AEAD ciphertext           | tag |
//   +-+-+-+-+-+-+-+-+------------+------------+---------------------------+-----+
//     AAD = header | metadata;  nonce = sframe_salt XOR CTR (big-endian, Nn bytes)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace jvbfastpath::e2ee::testing {

// Why an operation did not produce its output. Never thrown.
enum class CryptoStatus {
  kOk,
  kBadArgument,       // a key, IV or nonce of the wrong size, an unknown suite...
  kFrameTooShort,     // shorter than the clear prefix (JFrame) or header + tag
  kMalformed,         // the envelope's own fields are inconsistent (trailer, header)
  kAuthFailed,        // the tag does not verify: wrong key, or a byte was changed
  kOpenSslError,      // an EVP call failed
};
std::string_view CryptoStatusName(CryptoStatus status);

// ---------------------------------------------------------------------------------------
// JFrame
// ---------------------------------------------------------------------------------------

// lib-jitsi-meet picks the clear prefix from RTCEncodedVideoFrame.type ("key": 10,
// "delta": 3) and, for audio, where type is undefined, 1 (the Opus TOC byte). It does not
// look at the codec: a VP9/H.264/AV1 frame would get 10 or 3 as well, but lib-jitsi-meet
// forces VP8 while E2EE is on (modules/qualitycontrol/CodecSelection.ts).
enum class JFrameType { kVideoKey, kVideoDelta, kAudio };
size_t JFrameClearBytes(JFrameType type);

inline constexpr size_t kJFrameKeyLength = 16;        // AES-GCM key: 128 bits
inline constexpr size_t kJFrameIvLength = 12;         // the value of the IV-length byte
inline constexpr size_t kJFrameTagLength = 16;        // WebCrypto's default tagLength, 128
inline constexpr size_t kJFrameTrailerLength = 2;     // IV length, key index
inline constexpr size_t kJFrameKeyRingSize = 16;      // key index is 0..15
inline constexpr size_t kJFrameRatchetWindow = 8;     // decrypt retries after ratcheting
// Bytes added to a frame: tag + IV + trailer (lib-jitsi-meet Context.spec.ts: 30).
inline constexpr size_t kJFrameOverhead = kJFrameTagLength + kJFrameIvLength + kJFrameTrailerLength;

using JFrameAesKey = std::array<uint8_t, kJFrameKeyLength>;
using JFrameIv = std::array<uint8_t, kJFrameIvLength>;

// HKDF-SHA256(IKM = material, salt = "JFrameEncryptionKey", info = empty), 16 bytes: the
// AES-GCM key lib-jitsi-meet derives from a participant's raw key material (32 random bytes
// in ManagedKeyHandler, but any length works, as with WebCrypto).
CryptoStatus JFrameDeriveEncryptionKey(std::span<const uint8_t> material, JFrameAesKey& key);

// HKDF-SHA256(IKM = material, salt = "JFrameRatchetKey", info = empty), 32 bytes: the next
// key material after one ratchet step.
CryptoStatus JFrameRatchet(std::span<const uint8_t> material, std::vector<uint8_t>& next);

// The IV lib-jitsi-meet writes: SSRC (big-endian 32) | RTP timestamp (big-endian 32) |
// (send_count mod 0xFFFF) as a big-endian 32-bit value, so bytes 8 and 9 are always 0.
JFrameIv JFrameMakeIv(uint32_t ssrc, uint32_t timestamp, uint64_t send_count);

// Encrypts one encoded frame into a JFrame envelope (clear prefix | ct+tag | IV | 12 | kid).
// `key_index` is written as is (lib-jitsi-meet writes its ring slot, 0..15).
CryptoStatus JFrameEncrypt(std::span<const uint8_t> aes_key, uint8_t key_index, JFrameType type,
                           const JFrameIv& iv, std::span<const uint8_t> frame,
                           std::vector<uint8_t>& envelope);

// The fields of an envelope that can be read without a key.
struct JFrameTrailer {
  size_t iv_length = 0;
  uint8_t key_index = 0;
  std::span<const uint8_t> iv;          // within the envelope
  size_t ciphertext_offset = 0;         // = clear prefix length
  size_t ciphertext_length = 0;         // includes the tag
};
// Splits an envelope given the frame type (what the receiving browser knows from its
// depacketizer). kMalformed if the trailer's IV length does not fit.
CryptoStatus JFrameSplit(std::span<const uint8_t> envelope, JFrameType type, JFrameTrailer& out);

// Decrypts an envelope with the AES key; on success `frame` is the original encoded frame.
CryptoStatus JFrameDecrypt(std::span<const uint8_t> aes_key, JFrameType type,
                           std::span<const uint8_t> envelope, std::vector<uint8_t>& frame);

// One participant's sending side as lib-jitsi-meet's Context runs it: a ring of 16 keys,
// the current key index, and a send counter per SSRC whose first value is the caller's
// (lib-jitsi-meet draws it with Math.random() * 0xFFFF).
class JFrameSender {
 public:
  // Context.setKey(material, key_index): derive the AES key, make key_index % 16 current.
  CryptoStatus SetKey(std::span<const uint8_t> material, uint32_t key_index);
  // ManagedKeyHandler._ratchetKeyImpl: material' = ratchet(material), same index.
  CryptoStatus RatchetCurrentKey();
  // The send counter the next frame of `ssrc` will use, if it was not seen yet.
  void SetInitialSendCount(uint32_t ssrc, uint64_t send_count) { send_counts_[ssrc] = send_count; }
  // Context.encodeFunction: IV from (ssrc, timestamp, send count), then encrypt.
  CryptoStatus Encrypt(JFrameType type, uint32_t ssrc, uint32_t timestamp,
                       std::span<const uint8_t> frame, std::vector<uint8_t>& envelope);
  uint8_t current_key_index() const { return static_cast<uint8_t>(current_index_); }
  const JFrameAesKey& current_aes_key() const { return aes_keys_[current_index_]; }

 private:
  std::array<std::vector<uint8_t>, kJFrameKeyRingSize> materials_;
  std::array<JFrameAesKey, kJFrameKeyRingSize> aes_keys_{};
  std::array<bool, kJFrameKeyRingSize> has_key_{};
  size_t current_index_ = 0;
  std::map<uint32_t, uint64_t> send_counts_;
};

// The receiving side's decrypt with lib-jitsi-meet's recovery: the key index comes from the
// last byte; on failure the material is ratcheted up to 8 times (kJFrameRatchetWindow), and
// on success the ratcheted key replaces the slot. `ratchet_steps` tells how many were needed.
class JFrameReceiver {
 public:
  CryptoStatus SetKey(std::span<const uint8_t> material, uint32_t key_index);
  CryptoStatus Decrypt(JFrameType type, std::span<const uint8_t> envelope,
                       std::vector<uint8_t>& frame, size_t* ratchet_steps = nullptr);

 private:
  std::array<std::vector<uint8_t>, kJFrameKeyRingSize> materials_;
  std::array<JFrameAesKey, kJFrameKeyRingSize> aes_keys_{};
  std::array<bool, kJFrameKeyRingSize> has_key_{};
  size_t current_index_ = 0;
};

// ---------------------------------------------------------------------------------------
// SFrame (RFC 9605)
// ---------------------------------------------------------------------------------------

// IANA "SFrame Cipher Suites" (RFC 9605 Section 8.1).
enum class SFrameCipherSuite : uint16_t {
  kAes128CtrHmacSha256_80 = 0x0001,
  kAes128CtrHmacSha256_64 = 0x0002,
  kAes128CtrHmacSha256_32 = 0x0003,
  kAes128GcmSha256_128 = 0x0004,
  kAes256GcmSha512_128 = 0x0005,
};

// RFC 9605 Section 4.5, Table "SFrame Cipher Suite Constants" (sizes in bytes; nka is 0
// for the GCM suites, where it is "n/a").
struct SFrameSuiteParams {
  uint16_t id;
  std::string_view name;
  size_t nh;
  size_t nka;
  size_t nk;
  size_t nn;
  size_t nt;
  bool gcm;
};
std::optional<SFrameSuiteParams> SFrameSuite(uint16_t id);
inline constexpr std::array<SFrameCipherSuite, 5> kSFrameAllSuites = {
    SFrameCipherSuite::kAes128CtrHmacSha256_80, SFrameCipherSuite::kAes128CtrHmacSha256_64,
    SFrameCipherSuite::kAes128CtrHmacSha256_32, SFrameCipherSuite::kAes128GcmSha256_128,
    SFrameCipherSuite::kAes256GcmSha512_128};

inline constexpr size_t kSFrameMaxHeaderLength = 17;  // config byte + 8 + 8

// RFC 9605 Section 4.3: the shortest encoding of (KID, CTR).
std::vector<uint8_t> SFrameEncodeHeader(uint64_t kid, uint64_t ctr);

struct SFrameHeader {
  uint64_t kid = 0;
  uint64_t ctr = 0;
  size_t length = 0;  // bytes of header, 1..17
};
// Parses the header at the start of `bytes`. kMalformed if the lengths run past the end.
// (A non-minimal encoding is accepted: RFC 9605 tells encoders to be minimal, not decoders
// to reject.)
CryptoStatus SFrameParseHeader(std::span<const uint8_t> bytes, SFrameHeader& header);

// RFC 9605 Section 4.4.2 labels: "SFrame 1.0 Secret key " / "SFrame 1.0 Secret salt "
// + KID (8 bytes big-endian) + cipher suite (2 bytes big-endian).
std::vector<uint8_t> SFrameKeyLabel(uint64_t kid, uint16_t suite);
std::vector<uint8_t> SFrameSaltLabel(uint64_t kid, uint16_t suite);

struct SFrameKeys {
  std::vector<uint8_t> secret;  // HKDF-Extract(salt = "", IKM = base_key), Nh bytes
  std::vector<uint8_t> key;     // HKDF-Expand(secret, key label, Nk)
  std::vector<uint8_t> salt;    // HKDF-Expand(secret, salt label, Nn)
};
CryptoStatus SFrameDeriveKeySalt(uint16_t suite, uint64_t kid, std::span<const uint8_t> base_key,
                                 SFrameKeys& keys);

// nonce = salt XOR (CTR as a big-endian integer of Nn bytes)  (RFC 9605 Section 4.4.3).
std::vector<uint8_t> SFrameNonce(std::span<const uint8_t> salt, uint64_t ctr);

// AEAD.Encrypt / AEAD.Decrypt of the suite: AES-GCM, or the AES-CTR + HMAC construction of
// RFC 9605 Section 4.5.1 (key = enc_key (Nka) | auth_key (Nh)). Output includes the tag.
CryptoStatus SFrameAeadEncrypt(uint16_t suite, std::span<const uint8_t> key,
                               std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                               std::span<const uint8_t> plaintext, std::vector<uint8_t>& out);
CryptoStatus SFrameAeadDecrypt(uint16_t suite, std::span<const uint8_t> key,
                               std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                               std::span<const uint8_t> ciphertext, std::vector<uint8_t>& out);

// encrypt(CTR, KID, metadata, plaintext) of RFC 9605 Section 4.4.3: header | AEAD output.
CryptoStatus SFrameEncrypt(uint16_t suite, std::span<const uint8_t> base_key, uint64_t kid,
                           uint64_t ctr, std::span<const uint8_t> metadata,
                           std::span<const uint8_t> plaintext, std::vector<uint8_t>& ciphertext);

// decrypt(metadata, sframe_ciphertext) of RFC 9605 Section 4.4.4, with the base_key the
// caller has for the KID in the header (`header` tells which KID and CTR were found).
CryptoStatus SFrameDecrypt(uint16_t suite, std::span<const uint8_t> base_key,
                           std::span<const uint8_t> metadata,
                           std::span<const uint8_t> sframe_ciphertext,
                           std::vector<uint8_t>& plaintext, SFrameHeader* header = nullptr);

}  // namespace jvbfastpath::e2ee::testing
