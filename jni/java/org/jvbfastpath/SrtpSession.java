package org.jvbfastpath;

/**
 * One endpoint's SRTP/SRTCP context for one direction (native/srtp/srtp_session.h).
 *
 * <p>Works in place on the bridge's packet buffers: {@code (byte[] buf, int off, int len)}.
 * An outbound session protects, and needs {@link #protectRoom(boolean)} bytes of room in
 * {@code buf} after {@code off + len}; an inbound session unprotects. Transform methods return
 * the packet's new length, or a negative number for a failure whose reason is
 * {@link SrtpStatus#ofResult(int)}.
 *
 * <p>Threads: packet calls on one session must not overlap (the caller serialises them, as
 * the JVB adapter does with a lock per direction: the bridge reaches a sender from several
 * threads); different sessions are independent. {@link #close()} and the stats getters may
 * be called from any thread at any time.
 *
 * <p>Misuse throws: null or out-of-range buffers, a closed session, and a single protect
 * without room for the trailer (IllegalArgumentException). Bad packets never throw: they
 * come back as negative results (batch: per-slot statuses, including NO_ROOM).
 */
public final class SrtpSession extends NativeHandle {
    /** Default replay window, as the bridge's SRTP: 64 packets. */
    public static final int DEFAULT_REPLAY_WINDOW = 64;
    /** Default maximum number of SSRC streams per endpoint, as the bridge's SRTP. */
    public static final int DEFAULT_MAX_STREAMS = 1024;
    /** The most packets one native batch call handles; larger batches are split. */
    public static final int MAX_NATIVE_BATCH = 256;

    public enum Direction { OUTBOUND, INBOUND }

    public enum DtlsRole { CLIENT, SERVER }

    private final SrtpProfile profile;
    private final Direction direction;

    private SrtpSession(long handle, SrtpProfile profile, Direction direction) {
        super(handle, "SRTP session", NativeCalls::srtpDestroy);
        this.profile = profile;
        this.direction = direction;
    }

    /** From the RFC 5764 exporter output (client key, server key, client salt, server salt). */
    public static SrtpSession fromDtls(SrtpProfile profile, byte[] keyingMaterial, DtlsRole ourRole,
            Direction direction) {
        return fromDtls(profile, keyingMaterial, ourRole, direction, DEFAULT_REPLAY_WINDOW,
                DEFAULT_MAX_STREAMS);
    }

    public static SrtpSession fromDtls(SrtpProfile profile, byte[] keyingMaterial, DtlsRole ourRole,
            Direction direction, int replayWindow, int maxStreams) {
        return fromDtls(profile, keyingMaterial, ourRole, direction, replayWindow, maxStreams,
                false);
    }

    /** As above; {@code strict}: only SSRCs announced with {@link #addStream} are accepted. */
    public static SrtpSession fromDtls(SrtpProfile profile, byte[] keyingMaterial, DtlsRole ourRole,
            Direction direction, int replayWindow, int maxStreams, boolean strict) {
        Fastpath.load();
        long h = NativeCalls.srtpCreateFromDtls(profile.ordinal(), keyingMaterial,
                ourRole == DtlsRole.CLIENT, direction == Direction.OUTBOUND, replayWindow,
                maxStreams, strict);
        return new SrtpSession(h, profile, direction);
    }

    /** From a master key followed by its salt (SDES-style, as an a=crypto inline: value). */
    public static SrtpSession fromMasterKey(SrtpProfile profile, byte[] keyAndSalt,
            Direction direction) {
        Fastpath.load();
        long h = NativeCalls.srtpCreate(profile.ordinal(), keyAndSalt,
                direction == Direction.OUTBOUND, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_STREAMS, false);
        return new SrtpSession(h, profile, direction);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public Direction direction() {
        return direction;
    }

    /** Bytes protect appends to an RTP (false) or RTCP (true) packet. */
    public int protectRoom(boolean rtcp) {
        long h = acquire();
        try {
            return NativeCalls.srtpProtectRoom(h, rtcp);
        } finally {
            release();
        }
    }

    /** Protects (outbound) or unprotects (inbound) one RTP packet in place. */
    public int transformRtp(byte[] buf, int off, int len) {
        long h = acquire();
        try {
            return NativeCalls.srtpTransform(h, false, buf, off, len);
        } finally {
            release();
        }
    }

    /** Protects (outbound) or unprotects (inbound) one RTCP compound packet in place. */
    public int transformRtcp(byte[] buf, int off, int len) {
        long h = acquire();
        try {
            return NativeCalls.srtpTransform(h, true, buf, off, len);
        } finally {
            release();
        }
    }

    /**
     * Transforms {@code count} RTP packets; {@code lens} is updated for each packet that
     * succeeded and {@code statuses[i]} receives each packet's {@link SrtpStatus} ordinal.
     * A bad packet fails alone. Returns how many succeeded.
     */
    public int transformRtpBatch(byte[][] bufs, int[] offs, int[] lens, int count, byte[] statuses) {
        return batch(false, bufs, offs, lens, count, statuses);
    }

    public int transformRtcpBatch(byte[][] bufs, int[] offs, int[] lens, int count,
            byte[] statuses) {
        return batch(true, bufs, offs, lens, count, statuses);
    }

    private int batch(boolean rtcp, byte[][] bufs, int[] offs, int[] lens, int count,
            byte[] statuses) {
        java.util.Objects.checkFromIndexSize(0, count, bufs.length);
        java.util.Objects.checkFromIndexSize(0, count, offs.length);
        java.util.Objects.checkFromIndexSize(0, count, lens.length);
        java.util.Objects.checkFromIndexSize(0, count, statuses.length);
        for (int i = 0; i < count; i++) {  // misuse is found before any packet is touched
            byte[] b = java.util.Objects.requireNonNull(bufs[i],
                    "a packet buffer in the batch is null");
            java.util.Objects.checkFromIndexSize(offs[i], lens[i], b.length);
        }
        long h = acquire();
        try {
            int ok = 0;
            for (int start = 0; start < count; start += GROUP) {
                ok += group(h, rtcp, bufs, offs, lens, start, Math.min(GROUP, count - start),
                        statuses);
            }
            return ok;
        } finally {
            release();
        }
    }

    private static final int GROUP = 8;

    /**
     * One native call for up to 8 packets of a batch, each array read once into a local and
     * passed with its own length (the native side re-checks offsets and lengths against it).
     */
    private static int group(long h, boolean rtcp, byte[][] bufs, int[] offs, int[] lens,
            int s, int n, byte[] statuses) {
        byte[] b0 = bufs[s];
        byte[] b1 = n > 1 ? bufs[s + 1] : b0;
        byte[] b2 = n > 2 ? bufs[s + 2] : b0;
        byte[] b3 = n > 3 ? bufs[s + 3] : b0;
        byte[] b4 = n > 4 ? bufs[s + 4] : b0;
        byte[] b5 = n > 5 ? bufs[s + 5] : b0;
        byte[] b6 = n > 6 ? bufs[s + 6] : b0;
        byte[] b7 = n > 7 ? bufs[s + 7] : b0;
        return NativeCalls.srtpTransformGroup(h, rtcp, n, b0, b1, b2, b3, b4, b5, b6, b7,
                offs[s], at(offs, s, n, 1), at(offs, s, n, 2), at(offs, s, n, 3),
                at(offs, s, n, 4), at(offs, s, n, 5), at(offs, s, n, 6), at(offs, s, n, 7),
                lens[s], at(lens, s, n, 1), at(lens, s, n, 2), at(lens, s, n, 3),
                at(lens, s, n, 4), at(lens, s, n, 5), at(lens, s, n, 6), at(lens, s, n, 7),
                len(b0), len(b1), len(b2), len(b3), len(b4), len(b5), len(b6), len(b7),
                lens, statuses, s);
    }

    private static int at(int[] values, int s, int n, int i) {
        return i < n ? values[s + i] : 0;
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** Announces an SSRC (strict sessions accept only these); false if the table is full. */
    public boolean addStream(int ssrc) {
        long h = acquire();
        try {
            return NativeCalls.srtpAddStream(h, ssrc);
        } finally {
            release();
        }
    }

    /**
     * Seeds a stream's rollover counter, for handing a live stream over from the bridge's own
     * SRTP without losing a packet (the old context's ROC for each SSRC). False if refused.
     */
    public boolean setRolloverCounter(int ssrc, int roc) {
        long h = acquire();
        try {
            return NativeCalls.srtpSetRoc(h, ssrc, roc);
        } finally {
            release();
        }
    }

    /** The stream's rollover counter (unsigned 32 bits), or -1 if there is no such stream. */
    public long rolloverCounter(int ssrc) {
        long h = acquire();
        try {
            return NativeCalls.srtpGetRoc(h, ssrc);
        } finally {
            release();
        }
    }

    /** Streams kept now. */
    public long streamCount() {
        return streamStats()[0];
    }

    /** Streams dropped (least recently used) to admit a new SSRC at the cap. */
    public long streamsEvicted() {
        return streamStats()[1];
    }

    private long[] streamStats() {
        long[] out = new long[2];
        long h = acquire();
        try {
            NativeCalls.srtpStreamStats(h, out);
        } finally {
            release();
        }
        return out;
    }

    /** Forgets an SSRC's stream state (rollover counter, replay window). */
    public boolean removeStream(int ssrc) {
        long h = acquire();
        try {
            return NativeCalls.srtpRemoveStream(h, ssrc);
        } finally {
            release();
        }
    }

    /**
     * Fills {@code out} (at least 2 x SrtpStatus count long) without allocating:
     * {@code out[status]} for RTP, {@code out[count + status]} for RTCP.
     */
    public void counters(long[] out) {
        long h = acquire();
        try {
            NativeCalls.srtpCounters(h, out);
        } finally {
            release();
        }
    }

    /** Packets counted by status: {@code [0][status]} for RTP, {@code [1][status]} for RTCP. */
    public long[][] counters() {
        long[] flat = new long[2 * SrtpStatus.values().length];
        counters(flat);
        int n = SrtpStatus.values().length;
        long[][] result = new long[2][n];
        System.arraycopy(flat, 0, result[0], 0, n);
        System.arraycopy(flat, n, result[1], 0, n);
        return result;
    }
}
