package org.jvbfastpath.standins;

/** Stand-in for the bridge's packet wrapper that travels through the pipeline. */
public final class PacketInfo {
    public Packet packet;
    /** Set by earlier nodes for packets the bridge will drop (e.g. silence). */
    public boolean shouldDiscard;

    public PacketInfo(Packet packet) {
        this.packet = packet;
    }
}
