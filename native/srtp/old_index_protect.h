// Protecting an RTP packet older than its outbound stream's replay window, as the bridge's
// own SRTP (jitsi-srtp) does when it resends an old packet with its original sequence number
// (a retransmission without RTX) or sends a sequence number more than 2^15 behind.
//
// Why: libsrtp runs its replay check on protect too; allow_repeat_tx lets an index inside
// the window be protected again, an older one is refused (srtp_err_status_replay_old).
// jitsi-srtp's sender (JVB sets isSendReplayEnabled = false) protects any packet at the
// index RFC 3711 3.3.1 estimates from its sequence number and leaves its state alone. A
// wider window would cost every packet (libsrtp shifts the window on each protect); this
// costs only the refused packet.
//
// Contract: ProtectOutsideWindow(ctx, packet, len) is called only after srtp_protect(ctx,
// packet, len) returned srtp_err_status_replay_old for an RTP packet. It protects the packet
// with libsrtp at the index libsrtp estimated for it (the same estimate jitsi-srtp makes),
// then puts the stream's replay state (highest index, window) back as it was, so the next
// packets are protected exactly as if this one had not been sent. Returns srtp_protect's
// status, or srtp_err_status_replay_old if the stream cannot be found or has a rollover
// counter seeded but not yet used. No allocation, lock or system call.
#pragma once

struct srtp_ctx_t_;

namespace jvbfastpath::srtp {

int ProtectOutsideWindow(srtp_ctx_t_* ctx, void* packet, int* length);

}  // namespace jvbfastpath::srtp
