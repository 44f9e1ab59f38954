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
 * threads; an overlapping call gets IllegalStateException); different sessions are
 * independent. {@link #close()} and the stats getters may
 * be called from any thread at any time.
 *
 * <p>Misuse throws: null or out-of-range buffers, a closed session, and a single protect
 * without room for the trailer (IllegalArgumentException). Bad packets never throw: they
 * come back as negative results (batch: per-slot statuses, including NO_ROOM).
 *
 * <p>Cryptex (RFC 9335), when negotiated with the endpoint ({@code a=cryptex}; the
 * {@code cryptex} argument of the factories): an outbound session sends RTP packets with CSRCs
 * or RFC 8285 header extensions with both encrypted (0xC0DE / 0xC2DE; a packet with CSRCs and
 * no extension gets an empty block, so {@link #protectRoom(boolean)} is 4 bytes more); an
 * inbound session accepts such packets and returns them as plain RTP (0xBEDE / 0x1000), and
 * still accepts packets sent without Cryptex. Without it an inbound Cryptex packet is
 * {@link SrtpStatus#CRYPTEX_NOT_NEGOTIATED}. SRTCP is the same either way (docs/srtp.md).
 */
public final class SrtpSession extends NativeHandle {
    /** Default replay window, as the bridge's SRTP: 64 packets. */
    public static final int DEFAULT_REPLAY_WINDOW = 64;
    /** Default maximum number of SSRC streams per endpoint, as the bridge's SRTP. */
    public static final int DEFAULT_MAX_STREAMS = 1024;

    public enum Direction { OUTBOUND, INBOUND }

    public enum DtlsRole { CLIENT, SERVER }

    private final SrtpProfile profile;
    private final Direction direction;
    private final boolean cryptex;
    private final PathGuard lane = new PathGuard("SRTP session");

    private SrtpSession(long handle, SrtpProfile profile, Direction direction, boolean cryptex) {
        super(handle, "SRTP session", NativeCalls::srtpDestroy);
        this.profile = profile;
        this.direction = direction;
        this.cryptex = cryptex;
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
        return fromDtls(profile, keyingMaterial, ourRole, direction, replayWindow, maxStreams,
                strict, false);
    }

    /**
     * As above; {@code cryptex}: RFC 9335 was negotiated with the endpoint (see the class
     * comment), as JVB's {@code SrtpUtil.initializeTransformer(..., cryptex, ...)}.
     */
    public static SrtpSession fromDtls(SrtpProfile profile, byte[] keyingMaterial, DtlsRole ourRole,
            Direction direction, int replayWindow, int maxStreams, boolean strict,
            boolean cryptex) {
        Fastpath.load();
        long h = NativeCalls.srtpCreateFromDtls(profile.ordinal(), keyingMaterial,
                ourRole == DtlsRole.CLIENT, direction == Direction.OUTBOUND, replayWindow,
                maxStreams, strict, cryptex);
        return new SrtpSession(h, profile, direction, cryptex);
    }

    /** From a master key followed by its salt (SDES-style, as an a=crypto inline: value). */
    public static SrtpSession fromMasterKey(SrtpProfile profile, byte[] keyAndSalt,
            Direction direction) {
        return fromMasterKey(profile, keyAndSalt, direction, false);
    }

    /** As above; {@code cryptex}: RFC 9335 was negotiated (see the class comment). */
    public static SrtpSession fromMasterKey(SrtpProfile profile, byte[] keyAndSalt,
            Direction direction, boolean cryptex) {
        Fastpath.load();
        long h = NativeCalls.srtpCreate(profile.ordinal(), keyAndSalt,
                direction == Direction.OUTBOUND, DEFAULT_REPLAY_WINDOW, DEFAULT_MAX_STREAMS, false,
                cryptex);
        return new SrtpSession(h, profile, direction, cryptex);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public Direction direction() {
        return direction;
    }

    /** Whether Cryptex (RFC 9335) was negotiated for this session. */
    public boolean cryptex() {
        return cryptex;
    }

    /**
     * Bytes protect appends to an RTP (false) or RTCP (true) packet (with Cryptex, RTP's
     * includes the 4 bytes of the empty block a CSRC-only packet gains).
     */
    public int protectRoom(boolean rtcp) {
        long h = acquire();
        try {
            return PacketNatives.srtpProtectRoom(h, rtcp);
        } finally {
            release();
        }
    }

    /** Protects (outbound) or unprotects (inbound) one RTP packet in place. */
    public int transformRtp(byte[] buf, int off, int len) {
        long h = acquire(lane);
        try {
            return PacketNatives.srtpTransform(h, false, buf, off, len);
        } finally {
            release(lane);
        }
    }

    /** Protects (outbound) or unprotects (inbound) one RTCP compound packet in place. */
    public int transformRtcp(byte[] buf, int off, int len) {
        long h = acquire(lane);
        try {
            return PacketNatives.srtpTransform(h, true, buf, off, len);
        } finally {
            release(lane);
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
        PacketBatch.checkBatch(bufs, offs, lens, count);
        java.util.Objects.checkFromIndexSize(0, count, statuses.length);
        long h = acquire(lane);
        try {
            int ok = 0;
            for (int start = 0; start < count; start += PacketBatch.MAX_PER_CALL) {
                PacketBatch batch = lane.batch;
                int n = Math.min(PacketBatch.MAX_PER_CALL, count - start);
                if (batch.stage(bufs, offs, lens, start, n)) {
                    ok += PacketNatives.srtpTransformStaged(h, rtcp, batch.stage, n,
                            batch.stageSlots, statuses, start);
                    batch.unstage(bufs, offs, lens, start, n);
                    continue;
                }
                try {
                    ok += PacketNatives.srtpTransformBatch(h, rtcp, batch.load(bufs, start, count),
                            offs, lens, start, statuses);
                } finally {
                    batch.clear();
                }
            }
            return ok;
        } finally {
            release(lane);
        }
    }

    /** Announces an SSRC (strict sessions accept only these); false if the table is full. */
    public boolean addStream(int ssrc) {
        long h = acquire();
        try {
            return PacketNatives.srtpAddStream(h, ssrc) != 0;
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
            return PacketNatives.srtpSetRoc(h, ssrc, roc) != 0;
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
            PacketNatives.srtpStreamStats(h, out);
        } finally {
            release();
        }
        return out;
    }

    /** Forgets an SSRC's stream state (rollover counter, replay window). */
    public boolean removeStream(int ssrc) {
        long h = acquire();
        try {
            return PacketNatives.srtpRemoveStream(h, ssrc) != 0;
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
            PacketNatives.srtpCounters(h, out);
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
