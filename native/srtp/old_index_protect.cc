#include "native/srtp/old_index_protect.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "srtp_priv.h"

namespace jvbfastpath::srtp {
namespace {

// Outbound sessions use a window of at most this many bits (srtp_session.cc).
constexpr uint32_t kMaxWindowWords = 256 / bits_per_word;

}  // namespace

int ProtectOutsideWindow(srtp_ctx_t_* ctx, void* packet, int* length) {
  const auto* header = static_cast<const srtp_hdr_t*>(packet);
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, header->ssrc);
  if (stream == nullptr || stream->pending_roc != 0) return srtp_err_status_replay_old;
  srtp_rdbx_t& rdbx = stream->rtp_rdbx;
  const uint32_t words = rdbx.bitmask.length / bits_per_word;
  if (words > kMaxWindowWords) return srtp_err_status_replay_old;

  // The index srtp_protect refused the packet at: RFC 3711's estimate from the stream's
  // highest index (libsrtp takes ROC 0 while that index is at most 2^15, as jitsi-srtp
  // does for any sequence number not more than 2^15 ahead).
  srtp_xtd_seq_num_t estimate;
  srtp_rdbx_estimate_index(&rdbx, &estimate, ntohs(header->seq));

  // Move the stream to that index (srtp_protect then estimates it again with delta 0, a
  // repeat allow_repeat_tx accepts), protect, and put the window back.
  const srtp_xtd_seq_num_t highest = rdbx.index;
  std::array<uint32_t, kMaxWindowWords> window;
  std::memcpy(window.data(), rdbx.bitmask.word, words * sizeof(uint32_t));
  rdbx.index = estimate;
  const srtp_err_status_t status = srtp_protect(ctx, packet, length);
  rdbx.index = highest;
  std::memcpy(rdbx.bitmask.word, window.data(), words * sizeof(uint32_t));
  return status;
}

}  // namespace jvbfastpath::srtp
