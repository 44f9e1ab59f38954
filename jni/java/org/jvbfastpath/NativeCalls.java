package org.jvbfastpath;

/**
 * The natives of the library but the packet natives ({@link PacketNatives}, generated),
 * registered by JNI_OnLoad (jni/cpp/*_jni.cc) with RegisterNatives. Package-private:
 * callers use the typed API classes, which check handles.
 */
final class NativeCalls {
    private NativeCalls() {}

    /** A packet native's result at or below this is a refusal (jni/cpp/packet_args.h). */
    private static final int REFUSED = -1000;

    /**
     * A packet native's result ({@link PacketNatives}): returned as is unless it is a
     * refusal, for which this throws the exception the native side declares for it
     * ({@link NativeLists#refusal}), whichever entry ran.
     */
    static int checked(int result) {
        if (result > REFUSED) {
            return result;
        }
        throw NativeLists.refusal(REFUSED - result);
    }

    // version_jni.cc
    static native String[] version();
    /** The lists both sides use, declared natively ({@link NativeLists} numbers them). */
    static native String[] names(int list);

    // srtp_jni.cc
    static native long srtpCreate(int profile, byte[] keyAndSalt, boolean outbound,
            int replayWindow, int maxStreams, boolean strict, boolean cryptex);
    static native long srtpCreateFromDtls(int profile, byte[] keyingMaterial, boolean weAreClient,
            boolean outbound, int replayWindow, int maxStreams, boolean strict, boolean cryptex);
    static native void srtpDestroy(long handle);
    static native long srtpGetRoc(long handle, int ssrc);

    // pipeline_jni.cc
    static native long confCreate(String id, int mode, int expectedEnvelope);
    static native void confDestroy(long handle);
    static native String confMetrics(long handle, boolean prometheus);
    static native long epCreate(long conference, String id, int profile, byte[] keyingMaterial,
            boolean bridgeIsDtlsClient, boolean needsPlaintext, int[] extensionIds,
            String[] extensionUris, int[] payloadTypes, String[] codecs, int replayWindow,
            boolean cryptex);
    static native void epDestroy(long handle);
    static native long metaCreate(int capacity);
    static native void metaDestroy(long handle);
    static native long rwCreate(int outSsrc, int clockRate, boolean rewriteSsrc);
    static native void rwDestroy(long handle);
}
