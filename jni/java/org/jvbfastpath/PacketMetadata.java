package org.jvbfastpath;

/**
 * A window of ingress results kept in native memory: {@link FastpathEndpoint#ingress}
 * writes them, {@link FastpathEndpoint#egress} uses them (the opaque-bytes record, the mode a
 * packet was received in, the offsets of the fields to rewrite), and {@link #read} copies one
 * into a reusable {@link PacketInfo} for the bridge's decisions. A result must stay in its
 * slot until the packet's last egress.
 *
 * <p>Each slot takes about 1.5 KB (in E2EE modes it keeps a copy of the packet's opaque
 * bytes, so egress compares them exactly): size the window for the packets in flight
 * between ingress and their last egress (at most 65536 slots).
 */
public final class PacketMetadata extends NativeHandle {
    private final int capacity;

    public PacketMetadata(int capacity) {
        super(create(capacity), "packet metadata", NativeCalls::metaDestroy);
        this.capacity = capacity;
    }

    private static long create(int capacity) {
        Fastpath.load();
        return NativeCalls.metaCreate(capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** out[i] = the {@link DropReason} ordinal of slot start + i (0: forwardable). */
    public void drops(int start, int count, byte[] out) {
        long h = acquire();
        try {
            java.util.Objects.requireNonNull(out, "output array is null");
            PacketNatives.metaDrops(h, start, count, out);
        } finally {
            release();
        }
    }

    /** Fills {@code out} with slot {@code index}'s result; allocates nothing. */
    public PacketInfo read(int index, PacketInfo out) {
        long h = acquire();
        try {
            PacketNatives.metaRead(h, index, out.flat);
        } finally {
            release();
        }
        out.unpack();
        return out;
    }
}
