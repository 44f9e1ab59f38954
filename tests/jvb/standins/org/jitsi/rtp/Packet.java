package org.jitsi.rtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * Stand-in for {@code org.jitsi.rtp.Packet} (jitsi-videobridge a29d97d13, rtp/): a view over a
 * pooled array; 20 bytes are left after a packet ({@link #BYTES_TO_LEAVE_AT_END_OF_PACKET}),
 * and {@link #grow} moves the data to a larger array when that room is too small.
 */
public abstract class Packet implements ByteArrayBuffer {
    public static final int BYTES_TO_LEAVE_AT_END_OF_PACKET = 20;
    /** RtpPacket.BYTES_TO_LEAVE_AT_START_OF_PACKET. */
    public static final int BYTES_TO_LEAVE_AT_START_OF_PACKET = 10;

    private byte[] buffer;
    private int offset;
    private int length;

    protected Packet(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    @Override public byte[] getBuffer() { return buffer; }
    @Override public int getOffset() { return offset; }
    @Override public int getLength() { return length; }
    @Override public void setLength(int length) { this.length = length; }
    @Override public void setOffset(int offset) { this.offset = offset; }
    @Override public boolean isInvalid() { return false; }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    /** As ByteArrayBufferImpl.grow: room for {@code howMuch} more bytes after the data. */
    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch: " + howMuch);
        }
        if (length + howMuch > buffer.length - offset) {
            byte[] larger = new byte[length + howMuch];
            System.arraycopy(buffer, offset, larger, 0, length);
            buffer = larger;
            offset = 0;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int howMuch) {
        length = Math.max(0, length - howMuch);
    }

    /** As the socket reader does: data copied to offset 10 of an array with 20 bytes after. */
    public static byte[] wireBuffer(byte[] data) {
        byte[] b = new byte[BYTES_TO_LEAVE_AT_START_OF_PACKET + data.length
                + BYTES_TO_LEAVE_AT_END_OF_PACKET];
        System.arraycopy(data, 0, b, BYTES_TO_LEAVE_AT_START_OF_PACKET, data.length);
        return b;
    }

    public byte[] copyOfData() {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }
}
