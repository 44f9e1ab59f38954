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

    /**
     * Whether small packets of an SRTP batch are staged (through the JNI entries only): copied
     * into one array, which the call pins once, instead of one pin per buffer (a pin costs
     * more than copying a small packet in and out; docs/performance.md, "Staging").
     * {@code -Djvbfastpath.staging=false} turns it off; the critical twins and the downcalls
     * pin nothing, so they never stage.
     */
    static final boolean STAGING = PacketNatives.entry().equals("jni")
            && !Fastpath.criticalNatives()
            && !System.getProperty("jvbfastpath.staging", "true").equals("false");
    /** Bytes of the staging array per packet. */
    static final int STAGE_SLOT = 512;
    /** The longest packet staged: the slot leaves room for any SRTP trailer (Cryptex too). */
    static final int STAGE_MAX_LENGTH = STAGE_SLOT - 32;

    int count;
    /** The staging array and its slots (offset, length, room per packet), made on first use. */
    private byte[] staging;
    private int[] stageSlots;
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

    /**
     * Transforms packets {@code start .. start + n} (n at most {@link PacketNatives#BATCH})
     * through the staging array, when every one of them is a valid (buffer, offset, length)
     * of at most {@link #STAGE_MAX_LENGTH} bytes; each packet may use the room its own array
     * gives it, up to the slot's. The bytes the native touched are copied back (the longer
     * of the lengths in and out), so the caller's buffers end as an in-place call leaves
     * them. Returns the native's result, or -1 (nothing done) when a packet can't be staged:
     * the caller then passes the buffers themselves (and a bad one is refused as usual).
     */
    int transformStaged(long session, boolean rtcp, byte[][] bufs, int[] offs, int[] lens,
            int start, int n, byte[] statuses) {
        for (int i = start; i < start + n; i++) {
            byte[] b = bufs[i];
            int off = offs[i];
            int len = lens[i];
            if (b == null || off < 0 || len < 0 || len > STAGE_MAX_LENGTH || off > b.length - len) {
                return -1;
            }
        }
        if (staging == null) {
            staging = new byte[PacketNatives.BATCH * STAGE_SLOT];
            stageSlots = new int[PacketNatives.BATCH * 3];
        }
        for (int i = 0; i < n; i++) {
            byte[] b = bufs[start + i];
            int off = offs[start + i];
            System.arraycopy(b, off, staging, i * STAGE_SLOT, lens[start + i]);
            stageSlots[3 * i] = i * STAGE_SLOT;
            stageSlots[3 * i + 1] = lens[start + i];
            stageSlots[3 * i + 2] = Math.min(STAGE_SLOT, b.length - off);
        }
        int ok = PacketNatives.srtpTransformStaged(session, rtcp, staging, n, stageSlots,
                statuses, start);
        for (int i = 0; i < n; i++) {
            int out = stageSlots[3 * i + 1];
            System.arraycopy(staging, i * STAGE_SLOT, bufs[start + i], offs[start + i],
                    Math.max(out, lens[start + i]));
            lens[start + i] = out;
        }
        return ok;
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
