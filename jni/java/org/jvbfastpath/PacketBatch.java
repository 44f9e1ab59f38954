package org.jvbfastpath;

import java.util.Objects;

/**
 * Up to {@link #SIZE} packet buffers of a batch for the batch natives
 * (jni/cpp/pinned_batch.h): each buffer a separate argument, so the native side needs no
 * JNI call per packet to find it (and its critical twin, jni/cpp/critical_batch.h, none at
 * all); their array lengths in {@link #caps}, read from the very references passed.
 * Offsets, lengths and the per-packet results travel in the caller's own arrays. Each
 * {@link PacketLane} owns one, so only the thread inside the lane loads and reads it: a
 * batch can't change under a native call.
 */
final class PacketBatch {
    static final int SIZE = 32;

    int count;
    byte[] b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18,
            b19, b20, b21, b22, b23, b24, b25, b26, b27, b28, b29, b30, b31;
    /** caps[i]: buffer i's array length. */
    final int[] caps = new int[SIZE];

    PacketBatch() {}

    /**
     * Checks a whole batch before any of it is touched: the arrays hold {@code count}, and,
     * when the batch takes more than one native call, every buffer present with its
     * (offset, length) within it. (A native call checks its own packets before it touches
     * any, so for a batch of one call that loop would only repeat its work; for several, a
     * bad packet in a later call must not leave the earlier calls' packets processed.)
     */
    static void checkBatch(byte[][] bufs, int[] offs, int[] lens, int count) {
        Objects.checkFromIndexSize(0, count, bufs.length);
        Objects.checkFromIndexSize(0, count, offs.length);
        Objects.checkFromIndexSize(0, count, lens.length);
        for (int i = 0; count > SIZE && i < count; i++) {
            byte[] b = Objects.requireNonNull(bufs[i], "a packet buffer in the batch is null");
            Objects.checkFromIndexSize(offs[i], lens[i], b.length);
        }
    }

    /**
     * Loads buffers {@code start .. min(start + SIZE, count)} (checked); returns this. Each
     * cap is read from the reference stored (never from the caller's array again: the JNI
     * entry trusts it as the array's length, so it must describe the array passed). The
     * fields past them are null (as {@link #clear} left them).
     */
    @SuppressWarnings("fallthrough")
    PacketBatch load(byte[][] bufs, int start, int count) {
        int n = Math.min(SIZE, count - start);
        this.count = n;
        switch (n) {  // each case falls through to the next: b0 .. b(n-1)
            case 32:
                b31 = bufs[start + 31];
                caps[31] = b31.length;
            case 31:
                b30 = bufs[start + 30];
                caps[30] = b30.length;
            case 30:
                b29 = bufs[start + 29];
                caps[29] = b29.length;
            case 29:
                b28 = bufs[start + 28];
                caps[28] = b28.length;
            case 28:
                b27 = bufs[start + 27];
                caps[27] = b27.length;
            case 27:
                b26 = bufs[start + 26];
                caps[26] = b26.length;
            case 26:
                b25 = bufs[start + 25];
                caps[25] = b25.length;
            case 25:
                b24 = bufs[start + 24];
                caps[24] = b24.length;
            case 24:
                b23 = bufs[start + 23];
                caps[23] = b23.length;
            case 23:
                b22 = bufs[start + 22];
                caps[22] = b22.length;
            case 22:
                b21 = bufs[start + 21];
                caps[21] = b21.length;
            case 21:
                b20 = bufs[start + 20];
                caps[20] = b20.length;
            case 20:
                b19 = bufs[start + 19];
                caps[19] = b19.length;
            case 19:
                b18 = bufs[start + 18];
                caps[18] = b18.length;
            case 18:
                b17 = bufs[start + 17];
                caps[17] = b17.length;
            case 17:
                b16 = bufs[start + 16];
                caps[16] = b16.length;
            case 16:
                b15 = bufs[start + 15];
                caps[15] = b15.length;
            case 15:
                b14 = bufs[start + 14];
                caps[14] = b14.length;
            case 14:
                b13 = bufs[start + 13];
                caps[13] = b13.length;
            case 13:
                b12 = bufs[start + 12];
                caps[12] = b12.length;
            case 12:
                b11 = bufs[start + 11];
                caps[11] = b11.length;
            case 11:
                b10 = bufs[start + 10];
                caps[10] = b10.length;
            case 10:
                b9 = bufs[start + 9];
                caps[9] = b9.length;
            case 9:
                b8 = bufs[start + 8];
                caps[8] = b8.length;
            case 8:
                b7 = bufs[start + 7];
                caps[7] = b7.length;
            case 7:
                b6 = bufs[start + 6];
                caps[6] = b6.length;
            case 6:
                b5 = bufs[start + 5];
                caps[5] = b5.length;
            case 5:
                b4 = bufs[start + 4];
                caps[4] = b4.length;
            case 4:
                b3 = bufs[start + 3];
                caps[3] = b3.length;
            case 3:
                b2 = bufs[start + 2];
                caps[2] = b2.length;
            case 2:
                b1 = bufs[start + 1];
                caps[1] = b1.length;
            case 1:
                b0 = bufs[start + 0];
                caps[0] = b0.length;
                break;
            default:
                break;
        }
        return this;
    }

    /** Drops the references (the caller's buffers must not stay reachable from here). */
    @SuppressWarnings("fallthrough")
    void clear() {
        switch (count) {  // falls through, as in load
            case 32:
                b31 = null;
            case 31:
                b30 = null;
            case 30:
                b29 = null;
            case 29:
                b28 = null;
            case 28:
                b27 = null;
            case 27:
                b26 = null;
            case 26:
                b25 = null;
            case 25:
                b24 = null;
            case 24:
                b23 = null;
            case 23:
                b22 = null;
            case 22:
                b21 = null;
            case 21:
                b20 = null;
            case 20:
                b19 = null;
            case 19:
                b18 = null;
            case 18:
                b17 = null;
            case 17:
                b16 = null;
            case 16:
                b15 = null;
            case 15:
                b14 = null;
            case 14:
                b13 = null;
            case 13:
                b12 = null;
            case 12:
                b11 = null;
            case 11:
                b10 = null;
            case 10:
                b9 = null;
            case 9:
                b8 = null;
            case 8:
                b7 = null;
            case 7:
                b6 = null;
            case 6:
                b5 = null;
            case 5:
                b4 = null;
            case 4:
                b3 = null;
            case 3:
                b2 = null;
            case 2:
                b1 = null;
            case 1:
                b0 = null;
                break;
            default:
                break;
        }
        count = 0;
    }
}
