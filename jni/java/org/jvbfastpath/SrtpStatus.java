package org.jvbfastpath;

/**
 * Why an SRTP operation did or did not succeed: native/srtp/status.h's reasons, in its
 * order (checked against the library when it loads), each mapped onto the bridge's outcome.
 */
public enum SrtpStatus {
    OK(SrtpOutcome.OK),
    AUTH_FAIL(SrtpOutcome.AUTH_FAIL),
    REPLAY_FAIL(SrtpOutcome.REPLAY_FAIL),
    REPLAY_OLD(SrtpOutcome.REPLAY_OLD),
    TOO_SHORT(SrtpOutcome.INVALID_PACKET),
    BAD_VERSION(SrtpOutcome.INVALID_PACKET),
    UNKNOWN_SSRC(SrtpOutcome.FAIL),
    NO_ROOM(SrtpOutcome.FAIL),
    OVERSIZE(SrtpOutcome.INVALID_PACKET),
    MALFORMED(SrtpOutcome.INVALID_PACKET),
    WRONG_DIRECTION(SrtpOutcome.FAIL),
    CLOSED(SrtpOutcome.FAIL),
    CRYPTO_FAIL(SrtpOutcome.FAIL),
    CRYPTEX_NOT_NEGOTIATED(SrtpOutcome.INVALID_PACKET);

    private static final SrtpStatus[] VALUES = values();
    private final SrtpOutcome outcome;

    SrtpStatus(SrtpOutcome outcome) {
        this.outcome = outcome;
    }

    /** The bridge's outcome for this reason. */
    public SrtpOutcome outcome() {
        return outcome;
    }

    /** The status of a transform result: OK for a length (>= 0), else the failure. */
    public static SrtpStatus ofResult(int result) {
        return result >= 0 ? OK : VALUES[-result];
    }

    static SrtpStatus ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
