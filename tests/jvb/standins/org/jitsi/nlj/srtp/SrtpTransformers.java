package org.jitsi.nlj.srtp;

/**
 * Stand-in for JMT's {@code data class SrtpTransformers} with the hook applied (its four
 * properties typed {@link SrtpPacketTransformer}); {@link #close()} closes all four, as the
 * real one does.
 */
public final class SrtpTransformers {
    private final SrtpPacketTransformer srtpDecryptTransformer;
    private final SrtpPacketTransformer srtpEncryptTransformer;
    private final SrtpPacketTransformer srtcpDecryptTransformer;
    private final SrtpPacketTransformer srtcpEncryptTransformer;

    public SrtpTransformers(SrtpPacketTransformer srtpDecryptTransformer,
            SrtpPacketTransformer srtpEncryptTransformer,
            SrtpPacketTransformer srtcpDecryptTransformer,
            SrtpPacketTransformer srtcpEncryptTransformer) {
        this.srtpDecryptTransformer = srtpDecryptTransformer;
        this.srtpEncryptTransformer = srtpEncryptTransformer;
        this.srtcpDecryptTransformer = srtcpDecryptTransformer;
        this.srtcpEncryptTransformer = srtcpEncryptTransformer;
    }

    public SrtpPacketTransformer getSrtpDecryptTransformer() { return srtpDecryptTransformer; }
    public SrtpPacketTransformer getSrtpEncryptTransformer() { return srtpEncryptTransformer; }
    public SrtpPacketTransformer getSrtcpDecryptTransformer() { return srtcpDecryptTransformer; }
    public SrtpPacketTransformer getSrtcpEncryptTransformer() { return srtcpEncryptTransformer; }

    public void close() {
        srtpDecryptTransformer.close();
        srtpEncryptTransformer.close();
        srtcpDecryptTransformer.close();
        srtcpEncryptTransformer.close();
    }
}
