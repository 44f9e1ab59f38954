package org.jvbfastpath.load;

import java.util.Arrays;

/**
 * The load generator's clients and forwarding plan (tools/load/jni/load_jni.cc): the parts
 * of a simulated conference that are not the bridge. The bridge work goes through the jar.
 */
final class LoadNative {
    private LoadNative() {}

    static native long create(String[] args);
    static native void destroy(long handle);
    /** The run's settings, as load_jni.cc's JVBFASTPATH_LOAD_SETTINGS lists them. */
    enum Setting {
        CONFERENCES, PARTICIPANTS, THREADS, DURATION_MS, TOGGLE_MS,
        /** an SrtpProfile ordinal */
        PROFILE,
        /** 0 off, 1 jitsi (JFrame), 2 sframe */
        E2EE_KIND,
        /** 1: print progress */
        PROGRESS, MAX_PACKETS_PER_TICK, REWRITERS_PER_CONFERENCE, CHURN_MS,
        /** a ConferenceMode ordinal */
        CONFERENCE_MODE
    }

    /** The settings of a run, read by name. */
    static final class Settings {
        private final int[] values;

        private Settings(int[] values) {
            this.values = values;
        }

        int get(Setting setting) {
            return values[setting.ordinal()];
        }
    }

    /** The run's settings; refuses a native list that is not {@link Setting}'s. */
    static Settings settings(long handle) {
        String[] names = settingNames();
        String[] expected = new String[Setting.values().length];
        for (Setting s : Setting.values()) {
            expected[s.ordinal()] = s.name();
        }
        if (!Arrays.equals(names, expected)) {
            throw new IllegalStateException("load_jni.cc's settings " + Arrays.toString(names)
                    + " are not LoadNative.Setting's " + Arrays.toString(expected));
        }
        return new Settings(settingValues(handle));
    }

    private static native int[] settingValues(long handle);
    private static native String[] settingNames();
    static native byte[] keyingMaterial(long handle, int conference, int participant);
    static native int[] rewriterConfig(long handle, int conference, int index);
    static native int nextTick(long handle, int conference, byte[][] bufs, int room, int[] lens,
            int[] senders);
    /**
     * drops[i]: packet i's DropReason ordinal at ingress (0: forwardable), for i < count;
     * flags[k]: plan entry k's FastpathEndpoint.EGRESS_* flags.
     */
    static native int plan(long handle, int conference, byte[] drops, int count, int[] receivers,
            int[] packets, int[] rewriters, byte[] flags);
    static native boolean clientCheck(long handle, int conference, int receiver, byte[] buf,
            int off, int len, boolean rtcp);
    /** Churn: the next participant leaves (returns its slot; the caller closes its endpoint). */
    static native int leave(long handle, int conference);
    /** Churn, before join: the SSRCs {@code receiver} got from the participant that left. */
    static native int[] departedSsrcs(long handle, int conference, int receiver);
    /** Churn: a new participant joins in the slot that left (new keying material, SSRCs). */
    static native void join(long handle, int conference);
    /** Samples this process's resident set size for the summary; returns it in kB. */
    static native long sampleRss(long handle);
    /** --compare: a native twin of every conference (same seed, bridge work native). */
    static native void compareStart(long handle);
    /** One tick of the conference's twin (the same tick as the JVM driver's); packets out. */
    static native int compareTick(long handle, int conference, boolean leave, boolean counted);
    /** The toggler's step, on the twins' conferences. */
    static native void compareToggle(long handle, int step);
    /** {native busy ns, native packets out} of the counted ticks; prints the twins' checks. */
    static native long[] compareResult(long handle);
    static native String finish(long handle, long[] numbers, long[] outPerSecond, long[][] stages,
            long[] drops);
}
