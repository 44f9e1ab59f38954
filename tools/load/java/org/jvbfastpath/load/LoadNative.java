package org.jvbfastpath.load;

/**
 * The load generator's clients and forwarding plan (tools/load/jni/load_jni.cc): the parts
 * of a simulated conference that are not the bridge. The bridge work goes through the jar.
 */
final class LoadNative {
    private LoadNative() {}

    static native long create(String[] args);
    static native void destroy(long handle);
    /** {conferences, participants, threads, duration ms, toggle ms, profile, e2ee kind
     *  (0 off, 1 jitsi, 2 sframe), progress,
     *  max packets per tick, rewriters per conference, churn ms, conference mode ordinal}. */
    static native int[] settings(long handle);
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
