#include "native/srtp/srtp_session.h"

#include <cstring>
#include <optional>
#include <limits>

#include <arpa/inet.h>

#include "native/rtp/bytes.h"
#include "native/srtp/cryptex.h"
#include "native/srtp/libsrtp_library.h"
#include "native/srtp/old_index_protect.h"
#include "native/srtp/srtcp_index_zero.h"
#include "srtp2/srtp.h"

namespace jvbfastpath::srtp {
namespace {

constexpr size_t kRtpHeaderLength = 12;
constexpr size_t kRtcpHeaderLength = 8;
// libsrtp takes an int length; RTP over UDP never comes near this.
constexpr size_t kMaxPacketLength = 65535;
// libsrtp's largest replay window (srtp_rdbx_init refuses 0x8000 and above).
constexpr uint32_t kMaxReplayWindow = 0x7FFF;
constexpr uint32_t kMaxStreams = 1 << 16;
// The outbound window, libsrtp's smallest: libsrtp shifts the whole window bitmap on every
// protected packet (bitvector_left_shift), so its size is a per-packet cost (1200-byte GCM
// protect, floor 370-375 ns: 64 packets 402 ns, 1024 447 ns, 32767 780 ns; callgrind: 66
// instructions per packet fewer at 64 than at 256). A packet older than the window (a
// resend without RTX) is protected by ProtectOutsideWindow, as jitsi-srtp would send it.
constexpr uint32_t kOutboundReplayWindow = 64;
// The bridge's SRTCP replay window (jitsi-srtp's REPLAY_WINDOW_SIZE), kept by us in
// StreamNotes: libsrtp's own is 128 packets and not configurable.
constexpr uint32_t kSrtcpReplayWindow = 64;

// An RTP header's length with its CSRCs and header extension, as far as `length` bytes hold
// it; 0 if they do not.
size_t RtpHeaderLength(const uint8_t* packet, size_t length) {
  size_t header = kRtpHeaderLength + 4 * (packet[0] & 0x0f);
  if (packet[0] & 0x10) {
    if (length < header + 4) return 0;
    header += 4 + 4 * size_t{rtp::ReadU16(packet + header + 2)};
  }
  return header <= length ? header : 0;
}

// jitsi-srtp's SRTCP replay check (SrtcpCryptoContext.checkReplay) on our notes.
Status CheckSrtcpReplay(const StreamNotes& notes, uint32_t index) {
  if (!notes.srtcp_seen) return Status::kOk;
  const int64_t delta = int64_t{index} - int64_t{notes.srtcp_highest};
  if (delta > 0) return Status::kOk;
  if (-delta >= kSrtcpReplayWindow) return Status::kReplayOld;
  if ((notes.srtcp_window >> -delta) & 1) return Status::kReplayFail;
  return Status::kOk;
}

// ... and its update once the packet authenticated (SrtcpCryptoContext.update).
void RecordSrtcpIndex(StreamNotes& notes, uint32_t index) {
  if (!notes.srtcp_seen) {
    notes = StreamNotes{index, 1, true};
    return;
  }
  const int64_t delta = int64_t{index} - int64_t{notes.srtcp_highest};
  if (delta >= kSrtcpReplayWindow) {
    notes.srtcp_window = 1;
  } else if (delta > 0) {
    notes.srtcp_window = (notes.srtcp_window << delta) | 1;
  } else {
    notes.srtcp_window |= uint64_t{1} << -delta;
  }
  if (delta > 0) notes.srtcp_highest = index;
}

srtp_profile_t LibsrtpProfile(Profile profile) {
  switch (profile) {
    case Profile::kAesCm128HmacSha1_80: return srtp_profile_aes128_cm_sha1_80;
    case Profile::kAesCm128HmacSha1_32: return srtp_profile_aes128_cm_sha1_32;
    case Profile::kAeadAes128Gcm: return srtp_profile_aead_aes_128_gcm;
    case Profile::kAeadAes256Gcm: return srtp_profile_aead_aes_256_gcm;
  }
  return srtp_profile_reserved;
}

Status FromLibsrtp(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_ok: return Status::kOk;
    case srtp_err_status_auth_fail: return Status::kAuthFail;
    case srtp_err_status_replay_fail: return Status::kReplayFail;
    case srtp_err_status_replay_old: return Status::kReplayOld;
    case srtp_err_status_bad_param: return Status::kMalformed;
    case srtp_err_status_parse_err: return Status::kMalformed;
    // AES-CM SRTCP whose E flag is clear: libsrtp does not check a packet that says it is
    // not encrypted when the policy encrypts. jitsi-srtp checks its tag as unencrypted
    // SRTCP, which DTLS-SRTP peers never send, so for a truncated or altered packet the
    // bridge counts an authentication failure; so do we (docs/srtp.md).
    case srtp_err_status_cant_check: return Status::kAuthFail;
    case srtp_err_status_no_ctx: return Status::kUnknownSsrc;
    default: return Status::kCryptoFail;
  }
}

// libsrtp's replay window for a session's streams.
uint32_t ReplayWindow(const SessionConfig& config) {
  return config.direction == Direction::kOutbound ? kOutboundReplayWindow : config.replay_window;
}

// A libsrtp policy for `profile`'s RTP and RTCP ciphers with `key` (key then salt; libsrtp
// copies it into its own key schedule and only reads through the pointer), the replay
// `window`, and repeated transmissions allowed when outbound. The caller sets the SSRC.
srtp_policy_t StreamPolicy(Profile profile, const uint8_t* key, Direction direction,
                           uint32_t window) {
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, LibsrtpProfile(profile));
  srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, LibsrtpProfile(profile));
  policy.key = const_cast<unsigned char*>(key);
  policy.window_size = window;
  policy.allow_repeat_tx = direction == Direction::kOutbound ? 1 : 0;
  policy.next = nullptr;
  return policy;
}

}  // namespace

std::unique_ptr<SrtpSession> SrtpSession::Create(const MasterKey& key, const SessionConfig& config,
                                                 std::string* error) {
  if (!EnsureLibsrtpInitialized()) {
    if (error) *error = "libsrtp failed to initialise";
    return nullptr;
  }
  if (config.replay_window < 64 || config.replay_window > kMaxReplayWindow) {
    if (error) *error = "replay window must be between 64 and 32767 packets";
    return nullptr;
  }
  // The SSRC table is allocated for max_streams up front: an unbounded value would make
  // Create throw std::bad_alloc instead of answering.
  if (config.max_streams == 0 || config.max_streams > kMaxStreams) {
    if (error) *error = "max_streams must be between 1 and 65536";
    return nullptr;
  }
  std::unique_ptr<SrtpSession> session(new SrtpSession(key.profile(), config));

  // The bridge may resend a packet with its original sequence number (NACK without RTX),
  // and forwards packets out of order; jitsi-srtp does no replay check when sending. libsrtp
  // always checks: allow_repeat_tx lets an index inside the window repeat, and Process
  // sends an older one through ProtectOutsideWindow.
  srtp_policy_t policy = StreamPolicy(key.profile(), key.key_and_salt().data(),
                                      config.direction, ReplayWindow(config));
  policy.ssrc.type =
      config.direction == Direction::kOutbound ? ssrc_any_outbound : ssrc_any_inbound;

  srtp_t ctx = nullptr;
  srtp_err_status_t status = srtp_create(&ctx, &policy);
  if (status != srtp_err_status_ok) {
    if (error) *error = "srtp_create failed with libsrtp status " + std::to_string(status);
    return nullptr;
  }
  session->ctx_ = ctx;
  session->key_.Assign(key.key_and_salt());
  return session;
}

SrtpSession::SrtpSession(Profile profile, const SessionConfig& config)
    : profile_(profile), config_(config), streams_(config.max_streams),
      retired_(config.max_streams) {}

SrtpSession::~SrtpSession() {
  if (ctx_ != nullptr) srtp_dealloc(ctx_);
}

size_t SrtpSession::ProtectRoom(PacketKind kind) const {
  if (kind == PacketKind::kRtcp) return Info(profile_).rtcp_trailer_length;
  return Info(profile_).rtp_trailer_length + (config_.cryptex ? 4 : 0);
}

Status SrtpSession::Process(PacketKind kind, std::span<uint8_t> packet, size_t& length) {
  const bool protect = config_.direction == Direction::kOutbound;
  const bool rtp = kind == PacketKind::kRtp;
  const size_t header = rtp ? kRtpHeaderLength : kRtcpHeaderLength;
  // What protect appends (with Cryptex, room for an empty extension block too), and the
  // least an SRTP packet carries after its header.
  const size_t trailer = protect ? ProtectRoom(kind)
                                 : (rtp ? Info(profile_).rtp_trailer_length
                                        : Info(profile_).rtcp_trailer_length);

  Status status = Status::kOk;
  if (ctx_ == nullptr) {
    status = Status::kClosed;
  } else if (length > packet.size() || length > kMaxPacketLength) {
    status = Status::kOversize;
  } else if (length < header + (protect ? 0 : trailer)) {
    status = Status::kTooShort;
  } else if ((packet[0] >> 6) != 2) {
    status = Status::kBadVersion;
  } else if (protect && packet.size() - length < trailer) {
    status = Status::kNoRoom;
  } else if (rtp && !protect && RtpHeaderLength(packet.data(), length - trailer) == 0) {
    // CSRCs or an extension that leave no room for the tag: refused before the replay
    // check, as jitsi-srtp does (libsrtp would check the replay window first).
    status = Status::kMalformed;
  }
  if (status != Status::kOk) {
    counters_.Count(kind, status);
    return status;
  }

  // RTP carries the SSRC at byte 8, RTCP (the first packet of a compound) at byte 4.
  const uint32_t ssrc = rtp::ReadU32(packet.data() + (rtp ? 8 : 4));
  const StreamNotes* notes = streams_.Touch(ssrc);
  const bool known = notes != nullptr;
  // Inbound SRTCP: the index (E flag masked) after the tag (AEAD) or before it (AES-CM).
  const bool srtcp_in = !rtp && !protect;
  const size_t index_at = length - (Info(profile_).aead ? 4 : trailer);
  const uint32_t srtcp_index = srtcp_in ? rtp::ReadU32(packet.data() + index_at) & 0x7fffffffu : 0;
  const cryptex::Form form =
      rtp ? cryptex::FormOf(packet.first(length)) : cryptex::Form::kNothingToHide;
  if (!known && config_.strict_ssrcs) {
    status = Status::kUnknownSsrc;
  } else if (srtcp_in && known) {
    // The bridge's SRTCP replay window, checked before libsrtp's wider one.
    status = CheckSrtcpReplay(*notes, srtcp_index);
  } else if (form == cryptex::Form::kCryptex && protect) {
    // Plaintext that says 0xC0DE/0xC2DE: a receiver would take its extensions for ciphertext.
    status = Status::kMalformed;
  } else if (form == cryptex::Form::kCryptex && !config_.cryptex) {
    status = Status::kCryptexNotNegotiated;
  }
  // A stream the session dropped earlier comes back where it was (retired_streams.h); if
  // this packet fails, it is dropped again and its position kept.
  const bool restored = status == Status::kOk && !known && RestoreRetired(ssrc);
  if (status != Status::kOk) {
    // refused above
  } else if (config_.cryptex &&
             form == (protect ? cryptex::Form::kPlain8285 : cryptex::Form::kCryptex)) {
    status = ProcessCryptex(packet, length, ssrc, known);
  } else {
    int len = static_cast<int>(length);
    srtp_err_status_t result;
    if (rtp) {
      result = protect ? srtp_protect(ctx_, packet.data(), &len)
                       : srtp_unprotect(ctx_, packet.data(), &len);
      if (protect && result == srtp_err_status_replay_old) {
        // A resend older than the outbound window, or a sequence number more than 2^15
        // behind: sent as jitsi-srtp sends it (old_index_protect.h).
        result = static_cast<srtp_err_status_t>(ProtectOutsideWindow(ctx_, packet.data(), &len));
      }
    } else if (protect && (notes == nullptr || !notes->srtcp_seen)) {
      // The stream's first SRTCP packet, or the first since we kept the stream.
      result = static_cast<srtp_err_status_t>(ProtectSrtcpFromIndexZero(packet.data(), &len, ssrc));
    } else if (protect) {
      result = srtp_protect_rtcp(ctx_, packet.data(), &len);
    } else {
      result = srtp_unprotect_rtcp(ctx_, packet.data(), &len);
    }
    status = FromLibsrtp(result);
    if (status == Status::kOk) length = static_cast<size_t>(len);
  }
  if (status != Status::kOk && restored) {
    RetireLibsrtpStream(ssrc);
  } else if (status == Status::kOk) {
    // A stream is kept once its first packet authenticated (inbound) or was protected.
    if (restored) {
      streams_restored_.store(streams_restored_.load(std::memory_order_relaxed) + 1,
                              std::memory_order_relaxed);
    }
    StreamNotes& kept = known ? *streams_.Find(ssrc) : KeepStream(ssrc);
    if (srtcp_in) {
      RecordSrtcpIndex(kept, srtcp_index);
    } else if (!rtp) {
      kept.srtcp_seen = true;  // sent: the stream's next SRTCP goes through libsrtp alone
    }
  }
  counters_.Count(kind, status);
  return status;
}

bool SrtpSession::AddLibsrtpStream(uint32_t ssrc) {
  srtp_policy_t policy =
      StreamPolicy(profile_, key_.view().data(), config_.direction, ReplayWindow(config_));
  policy.ssrc.type = ssrc_specific;
  policy.ssrc.value = ssrc;
  return srtp_add_stream(ctx_, &policy) == srtp_err_status_ok;
}

int SrtpSession::ProtectSrtcpFromIndexZero(uint8_t* packet, int* length, uint32_t ssrc) {
  // A stream's first SRTCP packet goes out at index 0 (srtcp_index_zero.h); libsrtp would
  // make the stream from its template, so a new SSRC gets its stream here first.
  bool created = false;
  int result = ProtectRtcpAtIndexZero(ctx_, packet, length);
  if (result == kNoStream) {
    if (!AddLibsrtpStream(ssrc)) return srtp_err_status_alloc_fail;
    created = true;
    result = ProtectRtcpAtIndexZero(ctx_, packet, length);
  }
  if (result == kNotFirst || result == kNoStream) result = srtp_protect_rtcp(ctx_, packet, length);
  if (result != srtp_err_status_ok && created) srtp_remove_stream(ctx_, htonl(ssrc));
  return result;
}

void SrtpSession::RetireLibsrtpStream(uint32_t ssrc) {
  if (std::optional<StreamPosition> position = ReadPosition(ctx_, ssrc)) {
    retired_.Retire(ssrc, *position);
  }
  srtp_remove_stream(ctx_, htonl(ssrc));
}

bool SrtpSession::RestoreRetired(uint32_t ssrc) {
  std::optional<StreamPosition> position = retired_.Take(ssrc);
  if (!position) return false;
  if (AddLibsrtpStream(ssrc) && RestorePosition(ctx_, ssrc, *position)) return true;
  srtp_remove_stream(ctx_, htonl(ssrc));  // libsrtp refused it: as if never retired
  retired_.Retire(ssrc, *position);
  return false;
}

Status SrtpSession::ProcessCryptex(std::span<uint8_t> packet, size_t& length, uint32_t ssrc,
                                   bool known) {
  const bool protect = config_.direction == Direction::kOutbound;
  cryptex::Result result;
  bool created = false;
  if (protect) {
    result = cryptex::Protect(ctx_, packet, length);
    if (result == cryptex::Result::kNoStream) {  // a new SSRC: its stream, as srtp_protect would
      if (!AddLibsrtpStream(ssrc)) return Status::kCryptoFail;
      created = true;
      result = cryptex::Protect(ctx_, packet, length);
    }
    if (result == cryptex::Result::kNotApplicable) {  // e.g. a two-byte block with appbits
      int len = static_cast<int>(length);
      const Status plain = FromLibsrtp(srtp_protect(ctx_, packet.data(), &len));
      if (plain == Status::kOk) length = static_cast<size_t>(len);
      result = plain == Status::kOk ? cryptex::Result::kOk : cryptex::Result::kCryptoFail;
    }
  } else {
    std::optional<uint64_t> first_index;
    result = cryptex::Unprotect(ctx_, packet, length, &first_index);
    if (result == cryptex::Result::kOk && first_index) {
      // The packet authenticated with the session's keys: its SSRC gets a stream now.
      if (!AddLibsrtpStream(ssrc)) return Status::kCryptoFail;
      cryptex::AdoptFirstIndex(ctx_, ssrc, *first_index);
    }
  }
  if (result != cryptex::Result::kOk && created && !known) srtp_remove_stream(ctx_, htonl(ssrc));
  switch (result) {
    case cryptex::Result::kOk: return Status::kOk;
    case cryptex::Result::kNoRoom: return Status::kNoRoom;
    case cryptex::Result::kMalformed: return Status::kMalformed;
    case cryptex::Result::kAuthFail: return Status::kAuthFail;
    case cryptex::Result::kReplayFail: return Status::kReplayFail;
    case cryptex::Result::kReplayOld: return Status::kReplayOld;
    default: return Status::kCryptoFail;
  }
}

Status SrtpSession::CountWrongDirection(PacketKind kind) {
  counters_.Count(kind, Status::kWrongDirection);
  return Status::kWrongDirection;
}

Status SrtpSession::ProtectRtp(std::span<uint8_t> packet, size_t& length) {
  if (config_.direction != Direction::kOutbound) return CountWrongDirection(PacketKind::kRtp);
  return Process(PacketKind::kRtp, packet, length);
}

Status SrtpSession::ProtectRtp(std::span<uint8_t> packet, size_t& length,
                               ExpectedPlaintext& expected) {
  if (config_.direction != Direction::kOutbound) return CountWrongDirection(PacketKind::kRtp);
  ScopedExpectation active(&expected);
  return Process(PacketKind::kRtp, packet, length);
}

Status SrtpSession::UnprotectRtp(std::span<uint8_t> packet, size_t& length) {
  if (config_.direction != Direction::kInbound) return CountWrongDirection(PacketKind::kRtp);
  return Process(PacketKind::kRtp, packet, length);
}

Status SrtpSession::ProtectRtcp(std::span<uint8_t> packet, size_t& length) {
  if (config_.direction != Direction::kOutbound) return CountWrongDirection(PacketKind::kRtcp);
  return Process(PacketKind::kRtcp, packet, length);
}

Status SrtpSession::UnprotectRtcp(std::span<uint8_t> packet, size_t& length) {
  if (config_.direction != Direction::kInbound) return CountWrongDirection(PacketKind::kRtcp);
  return Process(PacketKind::kRtcp, packet, length);
}

namespace {

template <typename Op>
size_t ForEachSlot(std::span<PacketSlot> packets, Op op) {
  size_t ok = 0;
  for (PacketSlot& slot : packets) {
    slot.status = op(slot.buffer, slot.length);
    ok += slot.status == Status::kOk;
  }
  return ok;
}

}  // namespace

size_t SrtpSession::ProtectRtpBatch(std::span<PacketSlot> packets) {
  return ForEachSlot(packets, [this](auto b, size_t& l) { return ProtectRtp(b, l); });
}
size_t SrtpSession::UnprotectRtpBatch(std::span<PacketSlot> packets) {
  return ForEachSlot(packets, [this](auto b, size_t& l) { return UnprotectRtp(b, l); });
}
size_t SrtpSession::ProtectRtcpBatch(std::span<PacketSlot> packets) {
  return ForEachSlot(packets, [this](auto b, size_t& l) { return ProtectRtcp(b, l); });
}
size_t SrtpSession::UnprotectRtcpBatch(std::span<PacketSlot> packets) {
  return ForEachSlot(packets, [this](auto b, size_t& l) { return UnprotectRtcp(b, l); });
}

StreamNotes& SrtpSession::KeepStream(uint32_t ssrc) {
  const auto kept = streams_.Acquire(ssrc);
  if (kept.evicted && ctx_ != nullptr) RetireLibsrtpStream(*kept.evicted);
  StreamNotes& notes = streams_.value(kept.slot);
  if (kept.inserted) notes = StreamNotes{};
  return notes;
}

bool SrtpSession::AddStream(uint32_t ssrc) {
  if (streams_.Contains(ssrc)) return true;
  if (streams_.full()) return false;
  KeepStream(ssrc);
  return true;
}

bool SrtpSession::SetRolloverCounter(uint32_t ssrc, uint32_t roc) {
  if (ctx_ == nullptr) return false;
  if (srtp_set_stream_roc(ctx_, ssrc, roc) == srtp_err_status_ok) {
    KeepStream(ssrc);
    seeded_rocs_[ssrc] = roc;
    return true;
  }
  if (!streams_.Contains(ssrc) && streams_.full()) return false;
  if (!AddLibsrtpStream(ssrc) || srtp_set_stream_roc(ctx_, ssrc, roc) != srtp_err_status_ok) {
    return false;
  }
  seeded_rocs_[ssrc] = roc;
  retired_.Take(ssrc);  // the hand-over's ROC wins over a retired position
  KeepStream(ssrc);
  return true;
}

std::optional<uint32_t> SrtpSession::GetRolloverCounter(uint32_t ssrc) const {
  uint32_t roc = 0;
  if (ctx_ == nullptr || srtp_get_stream_roc(ctx_, ssrc, &roc) != srtp_err_status_ok) {
    return std::nullopt;
  }
  // libsrtp holds a seeded ROC as pending until the stream's next packet and reports 0
  // meanwhile; a seeded stream that has seen packets reports the seed or more.
  auto seeded = seeded_rocs_.find(ssrc);
  if (roc == 0 && seeded != seeded_rocs_.end()) return seeded->second;
  return roc;
}

bool SrtpSession::RemoveStream(uint32_t ssrc) {
  seeded_rocs_.erase(ssrc);
  if (!streams_.Erase(ssrc)) return false;
  // libsrtp may not have a stream yet (announced but never seen): that is fine.
  if (ctx_ == nullptr) return true;
  if (config_.direction == Direction::kOutbound) {
    RetireLibsrtpStream(ssrc);
  } else {
    srtp_remove_stream(ctx_, htonl(ssrc));
  }
  return true;
}

}  // namespace jvbfastpath::srtp
