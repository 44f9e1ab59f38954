package org.jvbfastpath.jmt;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * A packet as the bridge hands it to jitsi-srtp: a {@link ByteArrayBuffer} view over an array
 * from its pool, with {@value #ROOM_BEFORE} bytes left before the data and {@value #ROOM_AFTER}
 * after it (JMT's {@code BYTES_TO_LEAVE_AT_START_OF_PACKET} and {@code Packet
 * .BYTES_TO_LEAVE_AT_END_OF_PACKET}). {@code grow}, {@code append}, {@code shrink} and
 * {@code readRegionToBuff} behave as JVB's {@code ByteArrayBufferImpl}: grow moves the data to
 * offset 0 of a larger array only when the room after it is too small, and counts it.
 */
public final class JvbPacket implements ByteArrayBuffer {
    public static final int ROOM_BEFORE = 10;
    public static final int ROOM_AFTER = 20;

    private byte[] buffer;
    private int offset;
    private int length;
    private int reallocations;

    public JvbPacket(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** As the bridge's socket reader: a fresh array, the bytes copied in at offset 10. */
    public static JvbPacket of(byte[] data, int off, int len) {
        byte[] b = new byte[ROOM_BEFORE + len + ROOM_AFTER];
        System.arraycopy(data, off, b, ROOM_BEFORE, len);
        return new JvbPacket(b, ROOM_BEFORE, len);
    }

    public static JvbPacket of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** The packet's bytes, copied. */
    public byte[] bytes() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    /** How often jitsi-srtp had to move the packet to a larger array (grow/append). */
    public int reallocations() {
        return reallocations;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        int start = offset + off;
        if (off < 0 || len <= 0 || start + len > buffer.length || out.length < len) {
            return;
        }
        System.arraycopy(buffer, start, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch: " + howMuch);
        }
        int needed = length + howMuch;
        if (needed > buffer.length - offset) {
            byte[] larger = new byte[needed];
            System.arraycopy(buffer, offset, larger, 0, length);
            buffer = larger;
            offset = 0;
            reallocations++;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        if (data == null || len == 0) {
            return;
        }
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
