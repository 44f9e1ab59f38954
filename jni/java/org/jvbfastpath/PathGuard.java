package org.jvbfastpath;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Guards one packet path of a native object (an SRTP session; an endpoint's ingress or
 * egress) that takes one thread at a time: the native state behind it (libsrtp's streams,
 * the envelope trackers, the rewriters in use) is not meant for two threads at once. A
 * second thread entering while the first is inside gets an IllegalStateException instead of
 * corrupting that state; nothing waits. Costs one compare-and-set and one release store per
 * call. (Not the JVB adapter's LockedSrtpSession, which serialises the bridge's threads with
 * a lock.)
 */
final class PathGuard {
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The path's batch scratch: only the thread inside uses it. */
    final PacketBatch batch = new PacketBatch();
    private final String what;

    PathGuard(String what) {
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
