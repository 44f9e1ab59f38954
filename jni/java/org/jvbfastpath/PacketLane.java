package org.jvbfastpath;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One packet path of a native object (an SRTP session; an endpoint's ingress or egress)
 * that takes one thread at a time: the native state behind it (libsrtp's streams, the
 * envelope trackers, the rewriters in use) is not meant for two threads at once. A second
 * thread entering while the first is inside gets an IllegalStateException instead of
 * corrupting that state. Costs one compare-and-set and one release store per call.
 */
final class PacketLane {
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The lane's batch scratch: only the thread inside the lane uses it. */
    final PacketBatch batch = new PacketBatch();
    private final String what;

    PacketLane(String what) {
        this.what = what;
    }

    /** False if another thread is inside. */
    boolean tryEnter() {
        return busy.compareAndSet(false, true);
    }

    IllegalStateException busy() {
        return new IllegalStateException(what + " is in use by another thread: its packet"
                + " calls must not overlap (serialise them, as the JVB adapter does)");
    }

    void exit() {
        busy.setRelease(false);  // release ordering is all leaving needs (no full fence)
    }
}
