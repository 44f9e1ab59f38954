package org.jvbfastpath.standins;

/**
 * Stand-in for the bridge's packet: a view {@code buffer/offset/length} over a pooled array,
 * with room left before and after the data, and {@code grow} that moves the data to a larger
 * pooled array (offset 0) when the room after it is too small.
 */
public class Packet {
    /** Room the bridge leaves before a packet (header extensions). */
    public static final int BYTES_TO_LEAVE_AT_START_OF_PACKET = 10;
    /** Room the bridge leaves after a packet (the SRTP/SRTCP trailer). */
    public static final int BYTES_TO_LEAVE_AT_END_OF_PACKET = 20;

    public byte[] buffer;
    public int offset;
    public int length;

    public Packet(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** As the bridge's socket reader does: a pooled array, data copied to offset 10. */
    public static Packet fromWire(byte[] data, int off, int len) {
        byte[] b = BufferPool.getBuffer(BYTES_TO_LEAVE_AT_START_OF_PACKET + len
                + BYTES_TO_LEAVE_AT_END_OF_PACKET);
        System.arraycopy(data, off, b, BYTES_TO_LEAVE_AT_START_OF_PACKET, len);
        return new Packet(b, BYTES_TO_LEAVE_AT_START_OF_PACKET, len);
    }

    public byte[] getBuffer() {
        return buffer;
    }

    public int getOffset() {
        return offset;
    }

    public int getLength() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }

    /** Makes {@code howMuch} bytes free after the data; length is unchanged. */
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch: " + howMuch);
        }
        int needed = length + howMuch;
        if (needed > buffer.length - offset) {
            byte[] larger = BufferPool.getBuffer(needed);
            System.arraycopy(buffer, offset, larger, 0, length);
            BufferPool.returnBuffer(buffer);
            buffer = larger;
            offset = 0;
        }
    }

    public byte[] copyOfData() {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }
}
