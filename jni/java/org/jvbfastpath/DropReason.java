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
    MODE_OFF,
    /** e2ee-required: its frame could not be held whole (bounds), so none of it is sent. */
    HOLD_OVERFLOW,
    /** e2ee-required: its frame was not proven in time (or its stream was evicted). */
    HOLD_EXPIRED,
    /** e2ee-required: an RTX packet whose original's frame was not proven E2EE. */
    RTX_UNPROVEN,
    /**
     * Not a drop: held until its frame is proven E2EE; keep the packet (buffer and metadata
     * slot) and learn its fate from {@link FastpathEndpoint#takeHoldEvents}.
     */
    HELD,
    /**
     * Egress was given a metadata slot that does not describe the packet: no ingress call
     * filled it (never, or reset since), or it holds an RTCP packet's result and the packet
     * is RTP (or the reverse). Nothing says what the packet is, so it is not sent.
     */
    NOT_INGRESSED;

    private static final DropReason[] VALUES = values();

    public static DropReason ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
