package org.jvbfastpath.jvb.jmt;

import java.util.concurrent.atomic.LongAdder;

/**
 * A conference's packet counts over its fast-path transports, per transformer kind and
 * outcome (the transports that have closed included): what shows, in the bridge's debug
 * state, that the fast path did the work.
 */
final class TransportCounters {
    enum Kind {
        SRTP_DECRYPT("srtp_decrypt"),
        SRTP_ENCRYPT("srtp_encrypt"),
        SRTCP_DECRYPT("srtcp_decrypt"),
        SRTCP_ENCRYPT("srtcp_encrypt");

        final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    private final LongAdder[] ok = adders();
    private final LongAdder[] failed = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void count(Kind kind, boolean success) {
        (success ? ok : failed)[kind.ordinal()].increment();
    }

    long ok(Kind kind) {
        return ok[kind.ordinal()].sum();
    }

    long failed(Kind kind) {
        return failed[kind.ordinal()].sum();
    }

    /** {"srtp_decrypt":{"ok":n,"failed":m},...} */
    String json() {
        StringBuilder b = new StringBuilder("{");
        for (Kind k : Kind.values()) {
            if (k.ordinal() > 0) {
                b.append(',');
            }
            b.append('"').append(k.key).append("\":{\"ok\":").append(ok(k)).append(",\"failed\":")
                    .append(failed(k)).append('}');
        }
        return b.append('}').toString();
    }
}
