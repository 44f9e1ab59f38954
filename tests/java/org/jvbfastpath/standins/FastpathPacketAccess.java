package org.jvbfastpath.standins;

import org.jvbfastpath.jvb.PacketAccess;

/** What the bridge writes once: the adapter's view of its packet type. */
public final class FastpathPacketAccess implements PacketAccess<Packet> {
    public static final FastpathPacketAccess INSTANCE = new FastpathPacketAccess();

    @Override public byte[] buffer(Packet p) { return p.buffer; }
    @Override public int offset(Packet p) { return p.offset; }
    @Override public int length(Packet p) { return p.length; }
    @Override public void setLength(Packet p, int length) { p.setLength(length); }
    @Override public boolean ensureRoomAfter(Packet p, int bytes) { p.grow(bytes); return true; }
}
