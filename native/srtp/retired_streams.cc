#include "native/srtp/retired_streams.h"

#include <arpa/inet.h>

#include "srtp_priv.h"

namespace jvbfastpath::srtp {

RetiredStreams::RetiredStreams(size_t capacity)
    : entries_(std::make_unique<Entry[]>(capacity)), capacity_(capacity) {}

void RetiredStreams::Retire(uint32_t ssrc, const StreamPosition& position) {
  Take(ssrc);  // at most one position per SSRC: the newest
  Entry& e = entries_[next_];
  if (e.used) {
    ++forgotten_;
  } else {
    ++size_;
  }
  e = Entry{ssrc, true, position};
  next_ = (next_ + 1) % capacity_;
}

std::optional<StreamPosition> RetiredStreams::Take(uint32_t ssrc) {
  if (size_ == 0) return std::nullopt;
  for (size_t i = 0; i < capacity_; ++i) {
    Entry& e = entries_[i];
    if (e.used && e.ssrc == ssrc) {
      e.used = false;
      --size_;
      return e.position;
    }
  }
  return std::nullopt;
}

std::optional<StreamPosition> ReadPosition(srtp_ctx_t_* ctx, uint32_t ssrc) {
  const srtp_stream_ctx_t* stream = srtp_get_stream(ctx, htonl(ssrc));
  if (stream == nullptr) return std::nullopt;
  return StreamPosition{stream->rtp_rdbx.index, stream->pending_roc,
                        stream->rtcp_rdb.window_start,
                        v128_get_bit(&stream->rtcp_rdb.bitmask, 0) != 0};
}

bool RestorePosition(srtp_ctx_t_* ctx, uint32_t ssrc, const StreamPosition& position) {
  srtp_stream_ctx_t* stream = srtp_get_stream(ctx, htonl(ssrc));
  if (stream == nullptr) return false;
  // Where the stream was, with an empty replay window in front: the next packet's index is
  // estimated from it as if the stream had never been dropped.
  stream->rtp_rdbx.index = position.rtp_index;
  stream->pending_roc = position.pending_roc;
  stream->rtcp_rdb.window_start = position.srtcp_index;
  if (position.srtcp_zero_sent) v128_set_bit(&stream->rtcp_rdb.bitmask, 0);
  return true;
}

}  // namespace jvbfastpath::srtp
