package org.jvbfastpath.jvb;

/**
 * How the adapter reads and updates the bridge's packet object without depending on its type.
 *
 * <p>In Jitsi Videobridge the packet is a jitsi-utils {@code ByteArrayBuffer} (JMT's
 * {@code Packet}); the bridge implements this interface once, in a few lines, and passes it
 * with each packet. The adapter reads {@code buffer/offset/length}, transforms in place and,
 * on success only, calls {@link #setLength}.
 *
 * @param <P> the bridge's packet type
 */
public interface PacketAccess<P> {
    byte[] buffer(P packet);

    int offset(P packet);

    int length(P packet);

    void setLength(P packet, int length);

    /**
     * Makes at least {@code bytes} bytes free after the packet, moving it to a larger array if
     * it must (JVB: {@code ByteArrayBuffer.grow(bytes)}, which takes the array from the bridge's
     * pool); returns false if it cannot. The adapter calls it only when an encrypt transformer
     * finds too little room, which the bridge's pooled buffers (20 bytes after every packet)
     * never do. The default cannot grow: such a packet then fails with
     * {@link org.jvbfastpath.SrtpStatus#NO_ROOM} (the bridge's FAIL).
     */
    default boolean ensureRoomAfter(P packet, int bytes) {
        return false;
    }
}
