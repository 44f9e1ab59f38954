package org.jitsi.rtp;

/** Stand-in for {@code org.jitsi.rtp.UnparsedPacket} (jitsi-videobridge a29d97d13). */
public final class UnparsedPacket extends Packet {
    public UnparsedPacket(byte[] buffer, int offset, int length) {
        super(buffer, offset, length);
    }
}
