package org.jitsi.srtp;

/**
 * Stand-in for jitsi-srtp's {@code org.jitsi.srtp.SrtpErrorStatus} (the jitsi-srtp
 * jitsi-videobridge a29d97d13 uses): the same six names, order and descriptions.
 */
public enum SrtpErrorStatus {
    OK("OK"),
    FAIL("unspecified failure"),
    AUTH_FAIL("authentication failure"),
    REPLAY_FAIL("replay check failed (bad index)"),
    REPLAY_OLD("replay check failed (index too old)"),
    INVALID_PACKET("invalid SRTP/SRTCP packet");

    public final String desc;

    SrtpErrorStatus(String desc) {
        this.desc = desc;
    }
}
