package org.jvbfastpath;

/**
 * Per receiver and forwarded stream: what the receiver sees as one stream (one SSRC,
 * contiguous sequence numbers, monotonic timestamps, picture ids and TL0PICIDX) while the
 * bridge switches among a sender's simulcast encodings (native/rewrite/stream_rewriter.h).
 * Used by {@link FastpathEndpoint#egress}; one thread at a time: a second thread using it
 * while it is in use (an egress or skip batch that holds it, or {@link #drop}) gets
 * IllegalStateException.
 */
public final class StreamRewriter extends NativeHandle {
    public StreamRewriter(int outSsrc, int clockRate) {
        super(create(outSsrc, clockRate), "stream rewriter", NativeCalls::rwDestroy);
    }

    /**
     * The packet in {@code metadata} slot {@code index} is not forwarded through this
     * rewriter (e.g. an SVC layer the receiver does not get): the next packets' sequence
     * numbers close the gap. Call it in stream order, after the egress of the packets before
     * it; only the next packet in sequence of the current source closes a gap.
     */
    public void drop(PacketMetadata metadata, int index) {
        long h = enterExclusive(this);
        try {
            long m = metadata.acquire();
            try {
                PacketNatives.rwDrop(h, m, index);
            } finally {
                metadata.release();
            }
        } finally {
            exitExclusive();
        }
    }

    private static long create(int outSsrc, int clockRate) {
        Fastpath.load();
        return NativeCalls.rwCreate(outSsrc, clockRate, true);
    }
}
