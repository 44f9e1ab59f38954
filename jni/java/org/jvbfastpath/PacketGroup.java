package org.jvbfastpath;

import java.util.Objects;

/**
 * Up to {@link #SIZE} packets of a batch for the natives that take a group as separate
 * arguments (jni/cpp/pinned_batch.h): each buffer read once from the caller's
 * {@code byte[][]} with its array length, offset and length; the native side then needs no
 * JNI call per packet to find any of them, and writes all results into {@link #results}
 * with one call. One instance per thread (its fields are read by the thread that loaded
 * them, right after), so a group can't change under a native call.
 */
final class PacketGroup {
    static final int SIZE = 8;

    private static final ThreadLocal<PacketGroup> PER_THREAD =
            ThreadLocal.withInitial(PacketGroup::new);

    int count;
    byte[] b0, b1, b2, b3, b4, b5, b6, b7;
    int c0, c1, c2, c3, c4, c5, c6, c7;
    int o0, o1, o2, o3, o4, o5, o6, o7;
    int l0, l1, l2, l3, l4, l5, l6, l7;
    /** Per packet, from the native call: (code << 32) | new length. */
    final long[] results = new long[SIZE];

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

    /** This thread's group, loaded with packets {@code start .. min(start + SIZE, count)}. */
    static PacketGroup load(byte[][] bufs, int[] offs, int[] lens, int start, int count) {
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
        g.o0 = offs[start];
        g.o1 = at(offs, start, n, 1);
        g.o2 = at(offs, start, n, 2);
        g.o3 = at(offs, start, n, 3);
        g.o4 = at(offs, start, n, 4);
        g.o5 = at(offs, start, n, 5);
        g.o6 = at(offs, start, n, 6);
        g.o7 = at(offs, start, n, 7);
        g.l0 = lens[start];
        g.l1 = at(lens, start, n, 1);
        g.l2 = at(lens, start, n, 2);
        g.l3 = at(lens, start, n, 3);
        g.l4 = at(lens, start, n, 4);
        g.l5 = at(lens, start, n, 5);
        g.l6 = at(lens, start, n, 6);
        g.l7 = at(lens, start, n, 7);
        return g;
    }

    /** lens[start + i] = packet i's new length, for the packets of the group. */
    void copyLengths(int[] lens, int start) {
        for (int i = 0; i < count; i++) {
            lens[start + i] = (int) results[i];
        }
    }

    /** codes[start + i] = packet i's status or drop reason, for the packets of the group. */
    void copyCodes(byte[] codes, int start) {
        for (int i = 0; i < count; i++) {
            codes[start + i] = (byte) (results[i] >>> 32);
        }
    }

    /** Drops the references (the caller's buffers must not stay reachable from here). */
    void clear() {
        b0 = b1 = b2 = b3 = b4 = b5 = b6 = b7 = null;
    }

    private static int at(int[] values, int start, int n, int i) {
        return i < n ? values[start + i] : 0;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
