package org.jvbfastpath.jvb.jmt;

import java.util.concurrent.atomic.LongAdder;

/**
 * A conference's packet counts over its fast-path transports, per transformer kind and
 * outcome (the transports that have closed included): what shows, in the bridge's debug
 * state, that the fast path did the work. A packet is counted once in its kind when its fate
 * is known: ok when it leaves the transformer, failed when it does not; a packet of the E2EE
 * frame hold is also counted as held, then as released (ok) or dropped (failed), so
 * held - released - dropped are held now.
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

    /** What became of the packets of the E2EE frame hold (docs/e2ee.md). */
    enum Hold {
        HELD("held"),
        RELEASED("released"),
        DROPPED("dropped");

        final String key;

        Hold(String key) {
            this.key = key;
        }
    }

    private final LongAdder[] ok = adders(Kind.values().length);
    private final LongAdder[] failed = adders(Kind.values().length);
    private final LongAdder[] hold = adders(Hold.values().length);

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void count(Kind kind, boolean success) {
        (success ? ok : failed)[kind.ordinal()].increment();
    }

    void countHold(Hold what) {
        hold[what.ordinal()].increment();
    }

    long hold(Hold what) {
        return hold[what.ordinal()].sum();
    }

    long ok(Kind kind) {
        return ok[kind.ordinal()].sum();
    }

    long failed(Kind kind) {
        return failed[kind.ordinal()].sum();
    }

    /** {"srtp_decrypt":{"ok":n,"failed":m},...,"hold":{"held":h,"released":r,"dropped":d}} */
    String json() {
        StringBuilder b = new StringBuilder("{");
        for (Kind k : Kind.values()) {
            if (k.ordinal() > 0) {
                b.append(',');
            }
            b.append('"').append(k.key).append("\":{\"ok\":").append(ok(k)).append(",\"failed\":")
                    .append(failed(k)).append('}');
        }
        b.append(",\"hold\":{");
        for (Hold h : Hold.values()) {
            if (h.ordinal() > 0) {
                b.append(',');
            }
            b.append('"').append(h.key).append("\":").append(hold(h));
        }
        return b.append("}}").toString();
    }
}
