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
     *  max packets per tick, rewriters per conference}. */
    static native int[] settings(long handle);
    static native String reportDir(long handle);
    static native byte[] keyingMaterial(long handle, int conference, int participant);
    static native int[] rewriterConfig(long handle, int conference, int index);
    static native int nextTick(long handle, int conference, byte[][] bufs, int room, int[] lens,
            int[] senders);
    static native int plan(long handle, int conference, byte[] forwardable, int[] receivers,
            int[] packets, int[] rewriters);
    static native boolean clientCheck(long handle, int conference, int receiver, byte[] buf,
            int off, int len, boolean rtcp);
    static native String runNative(long handle);
    static native String finish(long handle, long[] numbers, long[] outPerSecond, long[][] stages,
            long[] drops);
}
