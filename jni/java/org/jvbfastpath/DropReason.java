package org.jvbfastpath;

/**
 * Why the pipeline did not forward a packet: native/pipeline/stages.h's list, in order
 * (checked when the library loads).
 */
public enum DropReason {
    NONE,
    SRTP_IN,
    PARSE,
    PLAINTEXT_IN_E2EE_REQUIRED,
    RECEIVER_NEEDS_PLAINTEXT,
    OPAQUE_MODIFIED_BEFORE_EGRESS,
    OPAQUE_MODIFIED_BY_REWRITE,
    REWRITE,
    SRTP_OUT,
    MODE_OFF;

    private static final DropReason[] VALUES = values();

    public static DropReason ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
