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
    static native int srtpTransformBatch(long handle, boolean rtcp, byte[][] bufs, int[] offs,
            int[] lens, int count, byte[] statuses);
    static native int srtpProtectRoom(long handle, boolean rtcp);
    static native boolean srtpAddStream(long handle, int ssrc);
    static native boolean srtpRemoveStream(long handle, int ssrc);
    static native void srtpCounters(long handle, long[] out);
    static native boolean srtpSetRoc(long handle, int ssrc, int roc);
    static native long srtpGetRoc(long handle, int ssrc);
    static native void srtpStreamStats(long handle, long[] out);
    static native String[] srtpStatusNames();
}
