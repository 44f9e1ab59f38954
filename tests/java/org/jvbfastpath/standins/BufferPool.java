package org.jvbfastpath.standins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-in for the bridge's byte[] pool: three bucket sizes, anything larger is a fresh array
 * (counted). Returned arrays are reused; contents are not cleared.
 */
public final class BufferPool {
    private static final int[] BUCKETS = {220, 775, 1500};
    private static final ThreadLocal<List<ArrayDeque<byte[]>>> FREE = ThreadLocal.withInitial(() -> {
        List<ArrayDeque<byte[]>> queues = new ArrayList<>();
        for (int i = 0; i < BUCKETS.length; i++) {
            queues.add(new ArrayDeque<>());
        }
        return queues;
    });
    public static final AtomicLong LARGE_REQUESTS = new AtomicLong();

    private BufferPool() {}

    public static byte[] getBuffer(int size) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (size <= BUCKETS[i]) {
                byte[] b = FREE.get().get(i).poll();
                return b != null ? b : new byte[BUCKETS[i]];
            }
        }
        LARGE_REQUESTS.incrementAndGet();
        return new byte[size];
    }

    public static void returnBuffer(byte[] buf) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (buf.length == BUCKETS[i]) {
                FREE.get().get(i).push(buf);
                return;
            }
        }
    }
}
