package org.jvbfastpath.jmt;

import org.jvbfastpath.jvb.PacketAccess;

/**
 * How our adapter reads a {@link JvbPacket}, as the bridge's shim reads its packets
 * (docs/integration.md): room is made with {@link JvbPacket#grow}, as the bridge's
 * {@code ByteArrayBuffer.grow} makes it.
 */
public final class JvbPacketAccess implements PacketAccess<JvbPacket> {
    public static final JvbPacketAccess INSTANCE = new JvbPacketAccess();

    private JvbPacketAccess() {}

    @Override
    public byte[] buffer(JvbPacket p) {
        return p.getBuffer();
    }

    @Override
    public int offset(JvbPacket p) {
        return p.getOffset();
    }

    @Override
    public int length(JvbPacket p) {
        return p.getLength();
    }

    @Override
    public void setLength(JvbPacket p, int length) {
        p.setLength(length);
    }

    @Override
    public boolean ensureRoomAfter(JvbPacket p, int bytes) {
        p.grow(bytes);
        return true;
    }
}
