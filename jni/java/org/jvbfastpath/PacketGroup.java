package org.jvbfastpath;

import java.util.Objects;

/**
 * Up to {@link #SIZE} packet buffers of a batch, each read once from the caller's
 * {@code byte[][]} with its array length, for the natives that take a group as separate
 * arguments (jni/cpp/pinned_batch.h): the native side then needs no JNI call per packet to
 * find an array or its length. One instance per thread (fields are only read by the thread
 * that loaded them, right after), so a group can't be changed under a native call.
 */
final class PacketGroup {
    static final int SIZE = 8;

    private static final ThreadLocal<PacketGroup> PER_THREAD =
            ThreadLocal.withInitial(PacketGroup::new);

    int count;
    byte[] b0, b1, b2, b3, b4, b5, b6, b7;
    int c0, c1, c2, c3, c4, c5, c6, c7;

    private PacketGroup() {}

    /**
     * Checks a whole batch before any of it is touched: every buffer present, every
     * (offset, length) within it. The native side checks again against the lengths it gets.
     */
    static void checkBatch(byte[][] bufs, int[] offs, int[] lens, int count) {
        Objects.checkFromIndexSize(0, count, bufs.length);
        Objects.checkFromIndexSize(0, count, offs.length);
        Objects.checkFromIndexSize(0, count, lens.length);
        for (int i = 0; i < count; i++) {
            byte[] b = Objects.requireNonNull(bufs[i], "a packet buffer in the batch is null");
            Objects.checkFromIndexSize(offs[i], lens[i], b.length);
        }
    }

    /** This thread's group, loaded with {@code bufs[start .. start + min(SIZE, count - start))}. */
    static PacketGroup load(byte[][] bufs, int start, int count) {
        PacketGroup g = PER_THREAD.get();
        int n = Math.min(SIZE, count - start);
        g.count = n;
        g.b0 = bufs[start];
        g.b1 = n > 1 ? bufs[start + 1] : null;
        g.b2 = n > 2 ? bufs[start + 2] : null;
        g.b3 = n > 3 ? bufs[start + 3] : null;
        g.b4 = n > 4 ? bufs[start + 4] : null;
        g.b5 = n > 5 ? bufs[start + 5] : null;
        g.b6 = n > 6 ? bufs[start + 6] : null;
        g.b7 = n > 7 ? bufs[start + 7] : null;
        g.c0 = length(g.b0);
        g.c1 = length(g.b1);
        g.c2 = length(g.b2);
        g.c3 = length(g.b3);
        g.c4 = length(g.b4);
        g.c5 = length(g.b5);
        g.c6 = length(g.b6);
        g.c7 = length(g.b7);
        return g;
    }

    /** Drops the references (the caller's buffers must not stay reachable from here). */
    void clear() {
        b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = null;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
