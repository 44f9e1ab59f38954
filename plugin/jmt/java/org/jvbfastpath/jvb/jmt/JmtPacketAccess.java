package org.jvbfastpath.jvb.jmt;

import org.jitsi.rtp.Packet;
import org.jvbfastpath.jvb.PacketAccess;

/** JMT's packet (a jitsi-utils ByteArrayBuffer) for the adapter; grow() is JMT's own. */
final class JmtPacketAccess implements PacketAccess<Packet> {
    static final JmtPacketAccess INSTANCE = new JmtPacketAccess();

    private JmtPacketAccess() {}

    @Override public byte[] buffer(Packet p) { return p.getBuffer(); }
    @Override public int offset(Packet p) { return p.getOffset(); }
    @Override public int length(Packet p) { return p.getLength(); }
    @Override public void setLength(Packet p, int length) { p.setLength(length); }

    @Override
    public boolean ensureRoomAfter(Packet p, int bytes) {
        p.grow(bytes);
        return true;
    }
}
