package org.jitsi.utils;

/**
 * Stand-in for jitsi-utils' {@code org.jitsi.utils.ByteArrayBuffer} (1.0-150-g4ab9a3b, the
 * version jitsi-videobridge a29d97d13 uses): the methods JMT's packets have, same signatures.
 */
public interface ByteArrayBuffer {
    byte[] getBuffer();

    int getOffset();

    int getLength();

    void setLength(int length);

    void setOffset(int offset);

    boolean isInvalid();

    void readRegionToBuff(int off, int len, byte[] outBuf);

    void grow(int howMuch);

    void append(byte[] data, int len);

    void shrink(int howMuch);
}
