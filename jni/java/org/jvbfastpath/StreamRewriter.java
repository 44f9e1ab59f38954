package org.jvbfastpath;

/**
 * Per receiver and forwarded stream: what the receiver sees as one stream (one SSRC,
 * contiguous sequence numbers, monotonic timestamps, picture ids and TL0PICIDX) while the
 * bridge switches among a sender's simulcast encodings (native/rewrite/stream_rewriter.h).
 * Used by {@link FastpathEndpoint#egress}; one thread at a time.
 */
public final class StreamRewriter extends NativeHandle {
    public StreamRewriter(int outSsrc, int clockRate) {
        super(create(outSsrc, clockRate), "stream rewriter", NativeCalls::rwDestroy);
    }

    private static long create(int outSsrc, int clockRate) {
        Fastpath.load();
        return NativeCalls.rwCreate(outSsrc, clockRate, true);
    }
}
