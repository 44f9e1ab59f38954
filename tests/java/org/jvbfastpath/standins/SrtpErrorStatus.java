package org.jvbfastpath.standins;

/** Stand-in for jitsi-srtp's status enum: the same six names, in the same order. */
public enum SrtpErrorStatus {
    OK("no error"),
    FAIL("unspecified failure"),
    AUTH_FAIL("authentication failure"),
    REPLAY_FAIL("replayed packet (bad index)"),
    REPLAY_OLD("replayed packet (index too old)"),
    INVALID_PACKET("invalid packet");

    public final String desc;

    SrtpErrorStatus(String desc) {
        this.desc = desc;
    }
}
