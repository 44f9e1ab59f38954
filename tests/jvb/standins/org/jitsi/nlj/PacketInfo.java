package org.jitsi.nlj;

import org.jitsi.rtp.Packet;

/**
 * Stand-in for JMT's {@code org.jitsi.nlj.PacketInfo} (jitsi-videobridge a29d97d13): the
 * packet travels in {@code packet} (a Kotlin {@code var}: getPacket/setPacket), transformers
 * may replace it, {@code shouldDiscard} marks packets the bridge will drop (silence).
 */
public class PacketInfo {
    private Packet packet;
    private boolean shouldDiscard;
    private int payloadVerificationResets;

    public PacketInfo(Packet packet) {
        this.packet = packet;
    }

    public Packet getPacket() {
        return packet;
    }

    public void setPacket(Packet packet) {
        this.packet = packet;
    }

    public boolean getShouldDiscard() {
        return shouldDiscard;
    }

    public void setShouldDiscard(boolean shouldDiscard) {
        this.shouldDiscard = shouldDiscard;
    }

    /** The real one re-reads the payload hash when payload verification is on; counted here. */
    public void resetPayloadVerification() {
        payloadVerificationResets++;
    }

    public int payloadVerificationResets() {
        return payloadVerificationResets;
    }
}
