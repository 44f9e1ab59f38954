package org.jvbfastpath;

import java.util.Objects;

/**
 * Up to {@link #SIZE} packets of a batch for the natives that take a group as separate
 * arguments (jni/cpp/pinned_batch.h): each buffer read once from the caller's
 * {@code byte[][]} with its array length, offset and length; the native side then needs no
 * JNI call per packet to find any of them, and writes all results into {@link #results}
 * with one call. Each {@link PacketLane} owns one, so only the thread inside the lane loads
 * and reads it: a group can't change under a native call.
 */
final class PacketGroup {
    static final int SIZE = 8;

    int count;
    byte[] b0, b1, b2, b3, b4, b5, b6, b7;
    int c0, c1, c2, c3, c4, c5, c6, c7;
    int o0, o1, o2, o3, o4, o5, o6, o7;
    int l0, l1, l2, l3, l4, l5, l6, l7;
    /** Per packet, from the native call: (code << 32) | new length. */
    final long[] results = new long[SIZE];

    PacketGroup() {}

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

    /** Loads packets {@code start .. min(start + SIZE, count)}; returns this group. */
    PacketGroup load(byte[][] bufs, int[] offs, int[] lens, int start, int count) {
        int n = Math.min(SIZE, count - start);
        this.count = n;
        b0 = bufs[start];
        b1 = n > 1 ? bufs[start + 1] : null;
        b2 = n > 2 ? bufs[start + 2] : null;
        b3 = n > 3 ? bufs[start + 3] : null;
        b4 = n > 4 ? bufs[start + 4] : null;
        b5 = n > 5 ? bufs[start + 5] : null;
        b6 = n > 6 ? bufs[start + 6] : null;
        b7 = n > 7 ? bufs[start + 7] : null;
        c0 = length(b0);
        c1 = length(b1);
        c2 = length(b2);
        c3 = length(b3);
        c4 = length(b4);
        c5 = length(b5);
        c6 = length(b6);
        c7 = length(b7);
        o0 = offs[start];
        o1 = at(offs, start, n, 1);
        o2 = at(offs, start, n, 2);
        o3 = at(offs, start, n, 3);
        o4 = at(offs, start, n, 4);
        o5 = at(offs, start, n, 5);
        o6 = at(offs, start, n, 6);
        o7 = at(offs, start, n, 7);
        l0 = lens[start];
        l1 = at(lens, start, n, 1);
        l2 = at(lens, start, n, 2);
        l3 = at(lens, start, n, 3);
        l4 = at(lens, start, n, 4);
        l5 = at(lens, start, n, 5);
        l6 = at(lens, start, n, 6);
        l7 = at(lens, start, n, 7);
        return this;
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
