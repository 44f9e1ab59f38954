package org.jvbfastpath;

import java.util.Arrays;
import java.util.Objects;

/**
 * The packets of one native batch call (jni/packet_natives.txt, "batch"): up to
 * {@link #MAX_PER_CALL} buffers, which {@link PacketNatives} passes as separate arguments (so the
 * native side needs no JNI call per packet to find one, and a critical twin or a downcall
 * none at all), with their array lengths in {@link #caps}, read from the very references
 * passed. Offsets, lengths and the per-packet results travel in the caller's own arrays.
 * Each {@link PathGuard} owns one, so only the thread inside loads and reads it: a batch
 * can't change under a native call. {@link #infos} receives an ingress batch's records.
 */
final class PacketBatch {
    /**
     * The most packets one native batch call takes through the entry in use (the generated
     * natives' buffer arguments: 32 through JNI, 8 through the JDK 22+ downcalls).
     */
    static final int MAX_PER_CALL = PacketNatives.perCall();

    int count;
    /** bufs[i], i < count: the buffers; null past count. */
    final byte[][] bufs = new byte[MAX_PER_CALL][];
    /** caps[i]: buffer i's array length. */
    final int[] caps = new int[MAX_PER_CALL];
    /** An ingress batch's records, PacketInfo.FIELDS ints per packet (allocated on first use). */
    int[] infos;

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
        for (int i = 0; count > MAX_PER_CALL && i < count; i++) {
            byte[] b = Objects.requireNonNull(bufs[i], "a packet buffer is null");
            Objects.checkFromIndexSize(offs[i], lens[i], b.length);
        }
    }

    /**
     * Loads buffers {@code start .. min(start + MAX_PER_CALL, count)} (checked); returns this. Each
     * cap is read from the reference stored (never from the caller's array again: the JNI
     * entry trusts it as the array's length, so it must describe the array passed). The
     * slots past them are null (as {@link #clear} left them).
     */
    PacketBatch load(byte[][] from, int start, int count) {
        int n = Math.min(MAX_PER_CALL, count - start);
        this.count = n;
        for (int i = 0; i < n; i++) {
            byte[] b = from[start + i];
            bufs[i] = b;
            caps[i] = b == null ? 0 : b.length;
        }
        return this;
    }

    /** The records' array, for an ingress that wants them. */
    int[] infos() {
        if (infos == null) {
            infos = new int[MAX_PER_CALL * PacketInfo.FIELDS];
        }
        return infos;
    }

    /** Drops the references (the caller's buffers must not stay reachable from here). */
    void clear() {
        Arrays.fill(bufs, 0, count, null);
        count = 0;
    }
}
