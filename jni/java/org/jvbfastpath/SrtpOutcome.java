package org.jvbfastpath;

/** The six outcomes Jitsi Videobridge's SRTP counts (jitsi-srtp's SrtpErrorStatus). */
public enum SrtpOutcome {
    OK,
    FAIL,
    AUTH_FAIL,
    REPLAY_FAIL,
    REPLAY_OLD,
    INVALID_PACKET
}
