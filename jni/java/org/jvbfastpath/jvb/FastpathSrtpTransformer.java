package org.jvbfastpath.jvb;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jvbfastpath.SrtpOutcome;
import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;

/**
 * One of an endpoint's four SRTP transformers, shaped as the bridge's: SRTP or SRTCP,
 * decrypt or encrypt, in place on the bridge's {@code (byte[] buf, int off, int len)}.
 *
 * <p>Every transform returns the packet's new length ({@code >= 0}), or a negative result
 * whose reason is {@link SrtpStatus#ofResult(int)} and whose bridge outcome is
 * {@link FastpathSrtp#outcome(int)} or a {@link BridgeStatusMap}. Failures are results and
 * are counted, never thrown: too little room after a packet to encrypt is
 * {@link SrtpStatus#NO_ROOM} (FAIL), a closed transformer is {@link SrtpStatus#CLOSED}
 * (FAIL). Only caller bugs throw: a null buffer (NullPointerException), an offset or length
 * outside the array (IndexOutOfBoundsException).
 *
 * <p>Thread-safe: calls on the transformers of one direction are serialized (see
 * {@link LockedSrtpSession}); {@link #close()} may come from any thread and waits for a packet in
 * progress.
 */
public final class FastpathSrtpTransformer implements AutoCloseable {
    /** The four transformers of {@code SrtpUtil.initializeTransformer}. */
    public enum Kind {
        SRTP_DECRYPT(false, false),
        SRTP_ENCRYPT(false, true),
        SRTCP_DECRYPT(true, false),
        SRTCP_ENCRYPT(true, true);

        private final boolean rtcp;
        private final boolean encrypt;

        Kind(boolean rtcp, boolean encrypt) {
            this.rtcp = rtcp;
            this.encrypt = encrypt;
        }

        public boolean isRtcp() {
            return rtcp;
        }

        public boolean isEncrypt() {
            return encrypt;
        }
    }

    private static final SrtpStatus[] STATUSES = SrtpStatus.values();

    private final Kind kind;
    private final LockedSrtpSession shared;
    private final boolean rtcp;
    private final int room;
    private boolean closed;  // guarded by shared

    FastpathSrtpTransformer(Kind kind, LockedSrtpSession shared) {
        if (kind.isEncrypt() != shared.outbound()) {
            throw new IllegalArgumentException(kind + " needs an "
                    + (kind.isEncrypt() ? "outbound" : "inbound") + " session");
        }
        this.kind = kind;
        this.shared = shared;
        this.rtcp = kind.isRtcp();
        this.room = shared.room(rtcp);
    }

    public Kind kind() {
        return kind;
    }

    /** Bytes this transformer needs free after a packet: the trailer it appends, or 0. */
    public int roomAfter() {
        return room;
    }

    /** Transforms one packet in place; returns its new length or a negative result. */
    public int transform(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        synchronized (shared) {
            if (closed || shared.isClosed()) {
                return shared.fail(rtcp, SrtpStatus.CLOSED);
            }
            if (buf.length - off - len < room) {
                return shared.fail(rtcp, SrtpStatus.NO_ROOM);
            }
            SrtpSession session = shared.session();
            return rtcp ? session.transformRtcp(buf, off, len) : session.transformRtp(buf, off, len);
        }
    }

    /**
     * Transforms the bridge's packet object in place: reads it through {@code access}, asks
     * {@link PacketAccess#ensureRoomAfter} for room if an encrypted packet would not fit, and
     * sets the new length on success. Returns what {@link #transform(byte[], int, int)} does.
     */
    public <P> int transform(P packet, PacketAccess<? super P> access) {
        byte[] buf = access.buffer(packet);
        int off = access.offset(packet);
        int len = access.length(packet);
        if (lacksRoom(buf, off, len) && access.ensureRoomAfter(packet, room)) {
            buf = access.buffer(packet);
            off = access.offset(packet);
        }
        int result = transform(buf, off, len);
        if (result >= 0) {
            access.setLength(packet, result);
        }
        return result;
    }

    private boolean lacksRoom(byte[] buf, int off, int len) {
        return room > 0 && buf != null && off >= 0 && len >= 0 && off <= buf.length
                && buf.length - off - len < room;
    }

    /**
     * Transforms {@code count} packets; {@code lens[i]} is updated for each success and
     * {@code statuses[i]} gets each packet's {@link SrtpStatus} ordinal (map it with
     * {@link BridgeStatusMap#ofStatus(byte)}). A bad packet fails alone. Returns how many
     * succeeded.
     */
    public int transformBatch(byte[][] bufs, int[] offs, int[] lens, int count, byte[] statuses) {
        Objects.checkFromIndexSize(0, count, statuses.length);
        synchronized (shared) {
            if (closed || shared.isClosed()) {
                return failAll(statuses, 0, count);
            }
            SrtpSession session = shared.session();
            return rtcp ? session.transformRtcpBatch(bufs, offs, lens, count, statuses)
                    : session.transformRtpBatch(bufs, offs, lens, count, statuses);
        }
    }

    /**
     * Transforms a list of the bridge's packet objects (as {@link #transform(Object,
     * PacketAccess)} does for one); {@code statuses[i]} gets packet i's {@link SrtpStatus}
     * ordinal. Returns how many succeeded.
     */
    public <P> int transformBatch(List<? extends P> packets, PacketAccess<? super P> access,
            byte[] statuses) {
        int count = packets.size();
        Objects.checkFromIndexSize(0, count, statuses.length);
        int ok = 0;
        for (int start = 0; start < count; start += LockedSrtpSession.CHUNK) {
            int n = Math.min(LockedSrtpSession.CHUNK, count - start);
            ok += batchChunk(packets, start, n, access, statuses);
        }
        return ok;
    }

    private <P> int batchChunk(List<? extends P> packets, int start, int n,
            PacketAccess<? super P> access, byte[] statuses) {
        for (int i = 0; i < n; i++) {
            P p = packets.get(start + i);
            if (lacksRoom(access.buffer(p), access.offset(p), access.length(p))) {
                access.ensureRoomAfter(p, room);
            }
        }
        synchronized (shared) {
            if (closed || shared.isClosed()) {
                return failAll(statuses, start, n);
            }
            byte[][] bufs = shared.scratchBufs;
            int[] offs = shared.scratchOffs;
            int[] lens = shared.scratchLens;
            byte[] sts = shared.scratchStatuses;
            for (int i = 0; i < n; i++) {
                P p = packets.get(start + i);
                bufs[i] = access.buffer(p);
                offs[i] = access.offset(p);
                lens[i] = access.length(p);
            }
            try {
                SrtpSession session = shared.session();
                int ok = rtcp ? session.transformRtcpBatch(bufs, offs, lens, n, sts)
                        : session.transformRtpBatch(bufs, offs, lens, n, sts);
                for (int i = 0; i < n; i++) {
                    statuses[start + i] = sts[i];
                    if (sts[i] == 0) {
                        access.setLength(packets.get(start + i), lens[i]);
                    }
                }
                return ok;
            } finally {
                Arrays.fill(bufs, 0, n, null);  // do not keep the bridge's buffers alive
            }
        }
    }

    /** Caller holds the shared session's lock. */
    private int failAll(byte[] statuses, int start, int n) {
        for (int i = 0; i < n; i++) {
            shared.fail(rtcp, SrtpStatus.CLOSED);
            statuses[start + i] = (byte) SrtpStatus.CLOSED.ordinal();
        }
        return 0;
    }

    /** Packets seen, per {@link SrtpStatus} ordinal (kept after close). */
    public long[] statusCounts() {
        return shared.counts(rtcp);
    }

    /**
     * Packets seen, per {@link SrtpOutcome} ordinal: the bridge's processed/fail/auth_fail/
     * replay_fail/replay_old/invalid_packet, in jitsi-srtp's {@code SrtpErrorStatus} order.
     */
    public long[] outcomeCounts() {
        long[] byStatus = statusCounts();
        long[] result = new long[SrtpOutcome.values().length];
        for (int s = 0; s < byStatus.length; s++) {
            result[STATUSES[s].outcome().ordinal()] += byStatus[s];
        }
        return result;
    }

    /**
     * SSRC streams the session holds (as jitsi-srtp's {@code numCachedContexts}; one session
     * serves RTP and RTCP, so both transformers of a direction count the same streams); 0 once
     * closed.
     */
    public long streamCount() {
        synchronized (shared) {
            return closed || shared.isClosed() ? 0 : shared.session().streamCount();
        }
    }

    public boolean isClosed() {
        synchronized (shared) {
            return closed || shared.isClosed();
        }
    }

    /**
     * Stops this transformer; later calls return {@link SrtpStatus#CLOSED}. The native session
     * is freed when the other transformer sharing it is closed too.
     */
    @Override
    public void close() {
        synchronized (shared) {
            if (closed) {
                return;
            }
            closed = true;
            shared.transformerClosed();
        }
    }

    @Override
    public String toString() {
        return "FastpathSrtpTransformer[" + kind + (isClosed() ? ", closed]" : "]");
    }
}
