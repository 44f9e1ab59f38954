package org.jvbfastpath;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A conference: the mode its endpoints' packets are handled in, and its stats.
 *
 * <p>{@link #setMode} may be called from any thread at any time: native code reads the mode
 * once per batch, so no packet is handled half in one mode and half in the other, and the
 * packet path never waits for a switch. Closing a conference closes its endpoints first.
 */
public final class FastpathConference extends NativeHandle {
    private final String id;
    private final Set<FastpathEndpoint> endpoints =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private FastpathConference(long handle, String id) {
        super(handle, "conference " + id, NativeCalls::confDestroy);
        this.id = id;
    }

    public static FastpathConference create(String id, ConferenceMode mode,
            ExpectedEnvelope expected) {
        Fastpath.load();
        return new FastpathConference(
                NativeCalls.confCreate(id, mode.ordinal(), expected.ordinal()), id);
    }

    public String id() {
        return id;
    }

    public ConferenceMode mode() {
        long h = acquire();
        try {
            return ConferenceMode.values()[PacketNatives.confMode(h)];
        } finally {
            release();
        }
    }

    /** Switches the mode atomically; returns the previous one. */
    public ConferenceMode setMode(ConferenceMode mode) {
        long h = acquire();
        try {
            return ConferenceMode.values()[PacketNatives.confSetMode(h, mode.ordinal())];
        } finally {
            release();
        }
    }

    /** Counters and stage latency histograms of the conference and its endpoints, as JSON. */
    public String metricsJson() {
        return metrics(false);
    }

    /** The same in Prometheus text exposition format (labels conference, endpoint, ...). */
    public String metricsPrometheus() {
        return metrics(true);
    }

    /** The pipeline's stages, in native/pipeline/stages.h's order (checked at load). */
    public enum Stage { UNPROTECT, PARSE, POLICY, REWRITE, GUARD, PROTECT }

    /**
     * A stage's per-packet latency histogram merged over the endpoints, those that have
     * left included (sampled batches): {count, sum ns, then the native log-linear buckets};
     * see native/stats.
     */
    public long[] stageLatency(Stage stage) {
        long[] out = new long[NativeLists.stageLatencyLength];
        long h = acquire();
        try {
            PacketNatives.confStageLatency(h, stage.ordinal(), out);
        } finally {
            release();
        }
        return out;
    }

    /**
     * e2ee-required: per frame released from the hold, the latency it added (from its first
     * packet's arrival to its release), merged over the endpoints, those that have left
     * included; the same layout as {@link #stageLatency}.
     */
    public long[] holdLatency() {
        long[] out = new long[2 + 16 + 36 * 4];
        long h = acquire();
        try {
            PacketNatives.confHoldLatency(h, out);
        } finally {
            release();
        }
        return out;
    }

    /**
     * Packets dropped, by {@link DropReason} ordinal, over the conference's endpoints, those
     * that have left included (the totals only grow).
     */
    public long[] drops() {
        long[] out = new long[DropReason.values().length];
        long h = acquire();
        try {
            PacketNatives.confDrops(h, out);
        } finally {
            release();
        }
        return out;
    }

    private String metrics(boolean prometheus) {
        long h = acquire();
        try {
            return NativeCalls.confMetrics(h, prometheus);
        } finally {
            release();
        }
    }

    void register(FastpathEndpoint endpoint) {
        endpoints.add(endpoint);
    }

    void unregister(FastpathEndpoint endpoint) {
        endpoints.remove(endpoint);
    }

    @Override
    protected void beforeClose() {
        FastpathEndpoint[] open;
        synchronized (endpoints) {
            open = endpoints.toArray(new FastpathEndpoint[0]);
        }
        for (FastpathEndpoint e : open) {
            e.close();
        }
    }
}
