package org.jvbfastpath;

/**
 * Every native method of the library, registered by JNI_OnLoad (jni/cpp/*_jni.cc) with
 * RegisterNatives. Package-private: callers use the typed API classes, which check handles.
 */
final class NativeCalls {
    private NativeCalls() {}

    /**
     * A batch native's result: returned as is if not negative; otherwise its critical twin
     * refused the call, and this throws what the JNI entry would have thrown
     * (jni/cpp/pinned_batch.h, BatchError, numbers the reasons).
     */
    static int checked(int result) {
        if (result >= 0) {
            return result;
        }
        throw refusal(-result);
    }

    /** Below this, srtpTransform's critical twin refused the call (kSingleRefused). */
    private static final int SINGLE_REFUSED = -1000;
    private static final int NO_ROOM = -SrtpStatus.NO_ROOM.ordinal();

    /**
     * srtpTransform's result (the new length or -SrtpStatus ordinal), or what its JNI entry
     * would have thrown: a refusal of its critical twin, or no room for the trailer.
     */
    static int checkedTransform(int result) {
        if (result <= SINGLE_REFUSED) {
            switch (SINGLE_REFUSED - result) {  // the JNI entry's own messages
                case 1:
                    throw new IllegalStateException("the SRTP session is closed");
                case 3:
                    throw new NullPointerException("packet buffer is null");
                default:
                    throw refusal(SINGLE_REFUSED - result);
            }
        }
        if (result == NO_ROOM) {
            throw new IllegalArgumentException(
                    "protect needs room after the packet for the SRTP trailer");
        }
        return result;
    }

    private static RuntimeException refusal(int code) {
        switch (code) {
            case 1:
                return new IllegalStateException("the native object is closed");
            case 2:
                return new IndexOutOfBoundsException("batch count outside 0..32");
            case 3:
                return new NullPointerException("a packet buffer in the batch is null");
            case 4:
                return new IndexOutOfBoundsException("offset/length outside the array");
            case 5:
                return new IndexOutOfBoundsException(
                        "metadata slot outside the metadata's capacity");
            case 6:
                return new IndexOutOfBoundsException(
                        "a per-packet array is null or shorter than the batch");
            default:
                return new IllegalStateException("native refused the call: " + code);
        }
    }

    // version_jni.cc
    static native String[] version();

    // srtp_jni.cc: results of a transform are the new length, or -(SrtpStatus ordinal).
    static native long srtpCreate(int profile, byte[] keyAndSalt, boolean outbound,
            int replayWindow, int maxStreams, boolean strict);
    static native long srtpCreateFromDtls(int profile, byte[] keyingMaterial, boolean weAreClient,
            boolean outbound, int replayWindow, int maxStreams, boolean strict);
    static native void srtpDestroy(long handle);
    /** Has a critical twin too: callers pass its result through {@link #checkedTransform}. */
    static native int srtpTransform(long handle, boolean rtcp, byte[] buf, int off, int len);
    /**
     * Natives taking a batch ({@link PacketBatch}): up to 32 buffers as separate arguments
     * (null past {@code count}), caps[i] their array lengths, then the caller's arrays at
     * {@code start}: offs/lens[start + i], and results there too (lens[start + i] = the new
     * length; a byte[] of SrtpStatus or DropReason ordinals). Each has a critical twin
     * (jni/cpp/critical_batch.h) that the JVM calls instead when -XX:+CriticalJNINatives is
     * on (JDK 17 and earlier): it cannot throw, so it returns what it refused as a negative
     * count; callers pass every batch native's result through {@link #checked}.
     */
    static native int srtpTransformBatch(long handle, boolean rtcp, int count, byte[] b0,
            byte[] b1, byte[] b2, byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7,
            byte[] b8, byte[] b9, byte[] b10, byte[] b11, byte[] b12, byte[] b13, byte[] b14,
            byte[] b15, byte[] b16, byte[] b17, byte[] b18, byte[] b19, byte[] b20, byte[] b21,
            byte[] b22, byte[] b23, byte[] b24, byte[] b25, byte[] b26, byte[] b27, byte[] b28,
            byte[] b29, byte[] b30, byte[] b31, int[] caps, int[] offs, int[] lens, int start,
            byte[] statuses);
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
    static native int epIngressBatch(long handle, int count, byte[] b0, byte[] b1, byte[] b2,
            byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7, byte[] b8, byte[] b9,
            byte[] b10, byte[] b11, byte[] b12, byte[] b13, byte[] b14, byte[] b15, byte[] b16,
            byte[] b17, byte[] b18, byte[] b19, byte[] b20, byte[] b21, byte[] b22, byte[] b23,
            byte[] b24, byte[] b25, byte[] b26, byte[] b27, byte[] b28, byte[] b29, byte[] b30,
            byte[] b31, int[] caps, int[] offs, int[] lens, int start, long metadata,
            int metadataStart, boolean unprotect, byte[] drops);
    /**
     * metadataIndexes/rewriters (handles, 0: none)/flags (EGRESS_*, may be null)[start + i]
     * describe packet i; drops[start + i] receives its DropReason ordinal.
     */
    static native int epEgressBatch(long handle, int count, byte[] b0, byte[] b1, byte[] b2,
            byte[] b3, byte[] b4, byte[] b5, byte[] b6, byte[] b7, byte[] b8, byte[] b9,
            byte[] b10, byte[] b11, byte[] b12, byte[] b13, byte[] b14, byte[] b15, byte[] b16,
            byte[] b17, byte[] b18, byte[] b19, byte[] b20, byte[] b21, byte[] b22, byte[] b23,
            byte[] b24, byte[] b25, byte[] b26, byte[] b27, byte[] b28, byte[] b29, byte[] b30,
            byte[] b31, int[] caps, int[] offs, int[] lens, int start, long metadata,
            int[] metadataIndexes, long[] rewriters, byte[] flags, byte[] drops);
    static native boolean epRemoveOutboundStream(long handle, int ssrc);
    static native boolean epSetRtx(long handle, int pt, int apt);
    static native boolean epAssociateRtx(long handle, int rtxSsrc, int mediaSsrc);
    /** FastpathEndpoint.takeHoldEvents: events into slots/before/verdicts; returns how many. */
    static native int epTakeHoldEvents(long handle, long metadata, int[] slots, int[] before,
            byte[] verdicts);
    /** out = {held packets, held bytes, peak held packets, peak held bytes}. */
    static native void epHoldStats(long handle, long[] out);
    static native void confHoldLatency(long handle, long[] out);
    static native long metaCreate(int capacity);
    static native void metaDestroy(long handle);
    static native void metaRead(long handle, int index, int[] out);
    static native long rwCreate(int outSsrc, int clockRate, boolean rewriteSsrc);
    static native void rwDestroy(long handle);
    static native void rwDrop(long handle, long metadata, int index);
    /** rewriters[start + i] (0: none) did not forward metadata slot indexes[start + i]. */
    static native void rwDropBatch(long metadata, int[] metadataIndexes, long[] rewriters,
            int start, int count);
}
