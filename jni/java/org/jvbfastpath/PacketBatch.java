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
     * Whether the small packets of an SRTP batch are staged (through the JNI entries only):
     * copied into one array, which the call pins once, instead of one pin per buffer (a pin
     * costs more than copying a small packet in and out; docs/performance.md, "Staging").
     * On by default there; {@code -Djvbfastpath.staging=false} turns it off. The critical
     * twins and the downcalls pin nothing, so they never stage. (The endpoint's ingress and
     * egress batches do not stage: measured no faster on the bridge-shaped load.)
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
    byte[] stage;
    int[] stageSlots;
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
     * Stages packets {@code start .. start + n} (n at most {@link PacketNatives#BATCH}) when
     * staging is on and every one is a valid (buffer, offset, length) of at most
     * {@link #STAGE_MAX_LENGTH} bytes: copies them into {@link #stage} and describes them in
     * {@link #stageSlots} (each may use the room its own array gives it, up to its slot's).
     * False (nothing done) otherwise: the caller passes the buffers themselves, and a bad one
     * is refused as usual.
     */
    boolean stage(byte[][] bufs, int[] offs, int[] lens, int start, int n) {
        if (!STAGING) {
            return false;
        }
        for (int i = start; i < start + n; i++) {
            byte[] b = bufs[i];
            int off = offs[i];
            int len = lens[i];
            if (b == null || off < 0 || len < 0 || len > STAGE_MAX_LENGTH || off > b.length - len) {
                return false;
            }
        }
        if (stage == null) {
            stage = new byte[PacketNatives.BATCH * STAGE_SLOT];
            stageSlots = new int[PacketNatives.BATCH * 3];
        }
        for (int i = 0; i < n; i++) {
            byte[] b = bufs[start + i];
            int off = offs[start + i];
            int room = Math.min(STAGE_SLOT, b.length - off);
            System.arraycopy(b, off, stage, i * STAGE_SLOT, extent(lens[start + i], room));
            stageSlots[3 * i] = i * STAGE_SLOT;
            stageSlots[3 * i + 1] = lens[start + i];
            stageSlots[3 * i + 2] = room;
        }
        return true;
    }

    /**
     * The bytes of a packet of {@code length} a native call may touch: the packet and after
     * it what an SRTP trailer may use (a refused egress packet's tag is written, then
     * zeroed), within its room. Copied in and back whole, so the caller's buffer ends as an
     * in-place call leaves it.
     */
    private static int extent(int length, int room) {
        return Math.min(room, length + STAGE_SLOT - STAGE_MAX_LENGTH);
    }

    /**
     * After a staged call: copies back what {@link #stage} copied in (the extent the native
     * may have touched) and the new lengths into {@code lens}.
     */
    void unstage(byte[][] bufs, int[] offs, int[] lens, int start, int n) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(stage, i * STAGE_SLOT, bufs[start + i], offs[start + i],
                    extent(lens[start + i], stageSlots[3 * i + 2]));
            lens[start + i] = stageSlots[3 * i + 1];
        }
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
