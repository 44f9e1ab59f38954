package org.jvbfastpath;

import java.util.Arrays;
import java.util.Locale;

/**
 * The lists both sides of JNI use, declared once natively (jni/cpp/version_jni.cc numbers
 * them as here): when the library loads, {@link #verify} compares each Java enum (and
 * PacketInfo's fields and their order) with the native list and refuses to load on a
 * difference, naming it; the refusals' exceptions and messages and the stage latency
 * array's length are taken from the native side.
 */
final class NativeLists {
    private static final int SRTP_STATUS = 0;
    private static final int DROP_REASON = 1;
    private static final int STAGE = 2;
    private static final int CONFERENCE_MODE = 3;
    private static final int CODEC = 4;
    private static final int ENVELOPE = 5;
    private static final int PACKET_INFO = 6;
    private static final int REFUSAL_CLASSES = 7;
    private static final int REFUSAL_MESSAGES = 8;
    private static final int NUMBERS = 9;

    private static String[] refusalClasses = new String[0];
    private static String[] refusalMessages = new String[0];
    /** {count, sum ns, buckets...}: FastpathConference.stageLatency's length. */
    static int stageLatencyLength;

    private NativeLists() {}

    /** Throws IllegalStateException naming the first list that differs. */
    static void verify() {
        same("SrtpStatus", SRTP_STATUS, SrtpStatus.values());
        same("DropReason", DROP_REASON, DropReason.values());
        same("FastpathConference.Stage", STAGE, FastpathConference.Stage.values());
        same("ConferenceMode", CONFERENCE_MODE, ConferenceMode.values());
        same("PacketInfo.Codec", CODEC, PacketInfo.Codec.values());
        same("PacketInfo.Envelope", ENVELOPE, PacketInfo.Envelope.values());
        same("PacketInfo's fields", NativeCalls.names(PACKET_INFO), PacketInfo.FIELD_NAMES);
        refusalClasses = NativeCalls.names(REFUSAL_CLASSES);
        refusalMessages = NativeCalls.names(REFUSAL_MESSAGES);
        stageLatencyLength = Integer.parseInt(NativeCalls.names(NUMBERS)[0]);
    }

    private static void same(String what, int list, Enum<?>[] values) {
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name();
        }
        String[] expected = NativeCalls.names(list);
        for (int i = 0; i < expected.length; i++) {  // native "e2ee-required": E2EE_REQUIRED
            expected[i] = expected[i].toUpperCase(Locale.ROOT).replace('-', '_');
        }
        same(what, expected, names);
    }

    private static void same(String what, String[] nativeNames, String[] javaNames) {
        if (!Arrays.equals(nativeNames, javaNames)) {
            throw new IllegalStateException(what + " differs from the native library's: Java "
                    + String.join(",", javaNames) + ", native " + String.join(",", nativeNames));
        }
    }

    /** The exception for refusal {@code code} (jni/cpp/packet_args.h, Refusal). */
    static RuntimeException refusal(int code) {
        if (code <= 0 || code >= refusalClasses.length) {
            return new IllegalStateException("native refused the call: " + code);
        }
        String message = refusalMessages[code];
        switch (refusalClasses[code]) {
            case "java/lang/NullPointerException":
                return new NullPointerException(message);
            case "java/lang/IndexOutOfBoundsException":
                return new IndexOutOfBoundsException(message);
            case "java/lang/IllegalArgumentException":
                return new IllegalArgumentException(message);
            default:
                return new IllegalStateException(message);
        }
    }
}
