package org.jvbfastpath;

/**
 * Every native method of the library, registered by JNI_OnLoad (jni/cpp/*_jni.cc) with
 * RegisterNatives. Package-private: callers use the typed API classes, which check handles.
 */
final class NativeCalls {
    private NativeCalls() {}

    // version_jni.cc
    static native String[] version();

    // srtp_jni.cc: results of a transform are the new length, or -(SrtpStatus ordinal).
    static native long srtpCreate(int profile, byte[] keyAndSalt, boolean outbound,
            int replayWindow, int maxStreams, boolean strict);
    static native long srtpCreateFromDtls(int profile, byte[] keyingMaterial, boolean weAreClient,
            boolean outbound, int replayWindow, int maxStreams, boolean strict);
    static native void srtpDestroy(long handle);
    static native int srtpTransform(long handle, boolean rtcp, byte[] buf, int off, int len);
    /**
     * Natives taking a group ({@link PacketGroup}): up to 8 buffers as separate arguments,
     * each with its {@code length} (read by the caller from the same reference it passes),
     * offset and length; results[i] = (status or drop reason << 32) | new length.
     */
    static native int srtpTransformGroup(long handle, boolean rtcp, int count,
            byte[] b0, byte[] b1, byte[] b2, byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7,
            int c0, int c1, int c2, int c3, int c4, int c5, int c6, int c7,
            int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7,
            int l0, int l1, int l2, int l3, int l4, int l5, int l6, int l7, long[] results);
    static native int srtpProtectRoom(long handle, boolean rtcp);
    static native boolean srtpAddStream(long handle, int ssrc);
    static native boolean srtpRemoveStream(long handle, int ssrc);
    static native void srtpCounters(long handle, long[] out);
    static native boolean srtpSetRoc(long handle, int ssrc, int roc);
    static native long srtpGetRoc(long handle, int ssrc);
    static native void srtpStreamStats(long handle, long[] out);
    static native String[] srtpStatusNames();

    // pipeline_jni.cc
    static native long confCreate(String id, int mode, int expectedEnvelope);
    static native void confDestroy(long handle);
    static native int confSetMode(long handle, int mode);
    static native int confMode(long handle);
    static native String confMetrics(long handle, boolean prometheus);
    static native void confStageLatency(long handle, int stage, long[] out);
    static native void confDrops(long handle, long[] out);
    static native void metaDrops(long handle, int start, int count, byte[] out);
    static native long epCreate(long conference, String id, int profile, byte[] keyingMaterial,
            boolean bridgeIsDtlsClient, boolean needsPlaintext, int[] extensionIds,
            String[] extensionUris, int[] payloadTypes, String[] codecs, int replayWindow);
    static native void epDestroy(long handle);
    static native int epIngressGroup(long handle, int count,
            byte[] b0, byte[] b1, byte[] b2, byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7,
            int c0, int c1, int c2, int c3, int c4, int c5, int c6, int c7,
            int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7,
            int l0, int l1, int l2, int l3, int l4, int l5, int l6, int l7,
            long metadata, int metadataStart, boolean unprotect, long[] results);
    /**
     * m0..m7: metadata indexes; r0..r7: rewriter handles (0: none); flagBits: bit i, packet
     * i is RTX; bit 8 + i, set its marker.
     */
    static native int epEgressGroup(long handle, int count,
            byte[] b0, byte[] b1, byte[] b2, byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7,
            int c0, int c1, int c2, int c3, int c4, int c5, int c6, int c7,
            int o0, int o1, int o2, int o3, int o4, int o5, int o6, int o7,
            int l0, int l1, int l2, int l3, int l4, int l5, int l6, int l7, long metadata,
            int m0, int m1, int m2, int m3, int m4, int m5, int m6, int m7,
            long r0, long r1, long r2, long r3, long r4, long r5, long r6, long r7,
            int flagBits, long[] results);
    static native boolean epRemoveOutboundStream(long handle, int ssrc);
    static native long metaCreate(int capacity);
    static native void metaDestroy(long handle);
    static native void metaRead(long handle, int index, int[] out);
    static native long rwCreate(int outSsrc, int clockRate, boolean rewriteSsrc);
    static native void rwDestroy(long handle);
    static native void rwDrop(long handle, long metadata, int index);
}
