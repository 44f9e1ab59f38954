package org.jvbfastpath.jvb;

import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;

/**
 * One direction of one endpoint: the {@link SrtpSession} that its RTP and RTCP transformers
 * share, and the lock that serializes them.
 *
 * <p>The lock is needed: the bridge reaches the encrypt transformers from more than one
 * thread (its sender queue, bandwidth probing, NACK retransmissions; a relay shares one set
 * of transformers among several senders), as jitsi-srtp's synchronized contexts allow, while
 * a libsrtp session must be used by one thread at a time. Uncontended, it costs a few
 * nanoseconds per packet.
 *
 * <p>The session is closed, under the lock, when both transformers using it are closed; the
 * counters are kept as they were at that moment.
 */
final class LockedSrtpSession {
    /** Packets per SrtpSession batch call from the adapter (its scratch arrays' size). */
    static final int CHUNK = 256;
    private static final int KINDS = 2;
    private static final int STATUS_COUNT = SrtpStatus.values().length;

    private final SrtpSession session;
    private final boolean outbound;
    private final int rtpRoom;
    private final int rtcpRoom;
    // Everything below is guarded by this.
    private int openTransformers = 2;
    private boolean closed;
    /** Failures the adapter decided without calling the session: [kind * STATUS_COUNT + status]. */
    private final long[] adapterCounts = new long[KINDS * STATUS_COUNT];
    private long[][] countsAtClose;
    // Scratch space for batches of the bridge's packet objects.
    final byte[][] scratchBufs = new byte[LockedSrtpSession.CHUNK][];
    final int[] scratchOffs = new int[LockedSrtpSession.CHUNK];
    final int[] scratchLens = new int[LockedSrtpSession.CHUNK];
    final byte[] scratchStatuses = new byte[LockedSrtpSession.CHUNK];

    LockedSrtpSession(SrtpSession session) {
        this.session = session;
        this.outbound = session.direction() == SrtpSession.Direction.OUTBOUND;
        this.rtpRoom = outbound ? session.protectRoom(false) : 0;
        this.rtcpRoom = outbound ? session.protectRoom(true) : 0;
    }

    boolean outbound() {
        return outbound;
    }

    /** Bytes an encrypt transform needs after the packet; 0 when decrypting. */
    int room(boolean rtcp) {
        return rtcp ? rtcpRoom : rtpRoom;
    }

    /** Caller holds the lock. */
    boolean isClosed() {
        return closed;
    }

    /** Caller holds the lock. Counts a failure decided here and returns it as a result. */
    int fail(boolean rtcp, SrtpStatus status) {
        adapterCounts[(rtcp ? 1 : 0) * STATUS_COUNT + status.ordinal()]++;
        return -status.ordinal();
    }

    /** Caller holds the lock; the session is open. */
    SrtpSession session() {
        return session;
    }

    /** A transformer using this session closed; the last one closes the session. */
    synchronized void transformerClosed() {
        if (--openTransformers > 0 || closed) {
            return;
        }
        countsAtClose = sessionCounts();
        closed = true;
        session.close();
    }

    /** Per status, for RTP or RTCP: the session's counts plus the adapter's own. */
    synchronized long[] counts(boolean rtcp) {
        long[][] base = closed ? countsAtClose : sessionCounts();
        int kind = rtcp ? 1 : 0;
        long[] result = base[kind].clone();
        for (int s = 0; s < STATUS_COUNT; s++) {
            result[s] += adapterCounts[kind * STATUS_COUNT + s];
        }
        return result;
    }

    private long[][] sessionCounts() {
        return session.counters();
    }
}
