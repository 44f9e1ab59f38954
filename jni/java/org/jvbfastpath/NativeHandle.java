package org.jvbfastpath;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Owns one native object. Calls bracket their native work with {@link #acquire()} and
 * {@link #release()}; {@link #close()} marks the handle closed, waits for calls in flight to
 * finish, then frees the native object once. A closed handle gives IllegalStateException,
 * never a crash. A {@link Cleaner} frees the object if the caller forgot to close it.
 *
 * <p>An object one thread uses at a time (a {@link StreamRewriter}) is used through
 * {@link #enterExclusive} / {@link #exitExclusive} instead: one compare-and-set to take it
 * and a release store to give it back, and a second user meanwhile gets
 * IllegalStateException instead of racing in native state; close() waits for the user too.
 */
abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long CLOSED = Long.MIN_VALUE;

    private final long handle;
    private final String what;
    /** Sign bit: closed. Other bits: calls in flight. */
    private final AtomicLong state = new AtomicLong();
    /** Who holds the object exclusively (enterExclusive), or null. */
    private final AtomicReference<Object> user = new AtomicReference<>();
    private final Cleaner.Cleanable cleanable;

    NativeHandle(long handle, String what, LongConsumer free) {
        this.handle = handle;
        this.what = what;
        this.cleanable = CLEANER.register(this, new Free(handle, free));
    }

    /** Returns the native handle and counts a call in flight; throws if closed. */
    final long acquire() {
        while (true) {
            long s = state.get();
            if (s < 0) {
                throw new IllegalStateException(what + " is closed");
            }
            if (state.compareAndSet(s, s + 1)) {
                return handle;
            }
        }
    }

    final void release() {
        state.decrementAndGet();
    }

    /** As {@link #acquire()}, and enters {@code guard}; throws if either is refused. */
    final long acquire(PathGuard guard) {
        long h = acquire();
        if (!guard.tryEnter()) {
            release();
            throw guard.busy();
        }
        return h;
    }

    /** Leaves {@code guard}, then as {@link #release()}. */
    final void release(PathGuard guard) {
        guard.exit();
        release();
    }

    /**
     * Takes the object for {@code who} and returns the native handle; throws
     * IllegalStateException if another user holds it or it is closed. (The compare-and-set
     * on the user, then the read of the closed bit, against close()'s compare-and-set on
     * the closed bit, then its read of the user: one of the two sees the other.)
     */
    final long enterExclusive(Object who) {
        if (user.compareAndExchange(null, who) != null) {
            throw new IllegalStateException(what + " is in use elsewhere: one thread at a time");
        }
        if (state.get() < 0) {
            user.setRelease(null);
            throw new IllegalStateException(what + " is closed");
        }
        return handle;
    }

    /** Gives back what {@link #enterExclusive} took. */
    final void exitExclusive() {
        user.setRelease(null);
    }

    /** Whether {@code who} holds the object now (then {@link #heldHandle} may be used). */
    final boolean heldBy(Object who) {
        return user.get() == who;
    }

    /** The native handle, for a caller that holds the object ({@link #heldBy}). */
    final long heldHandle() {
        return handle;
    }

    public final boolean isClosed() {
        return state.get() < 0;
    }

    /** Runs once, before the handle is marked closed (e.g. to close dependants first). */
    protected void beforeClose() {}

    @Override
    public final void close() {
        if (isClosed()) {
            return;
        }
        beforeClose();
        while (true) {
            long s = state.get();
            if (s < 0) {
                return;
            }
            if (state.compareAndSet(s, s | CLOSED)) {
                break;
            }
        }
        // Wait for calls in flight and the exclusive user (a batch is tens of microseconds):
        // spin, then yield.
        for (int spins = 0; (state.get() & ~CLOSED) != 0 || user.get() != null; spins++) {
            if (spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        cleanable.clean();
    }

    /** The cleaning action: must not refer to the handle object itself. */
    private static final class Free implements Runnable {
        private final long handle;
        private final LongConsumer free;

        Free(long handle, LongConsumer free) {
            this.handle = handle;
            this.free = free;
        }

        @Override
        public void run() {
            free.accept(handle);
        }
    }
}
