package org.jvbfastpath.jvb;

import org.jvbfastpath.SrtpProfile;

/**
 * An endpoint's four SRTP transformers, as the bridge's {@code SrtpTransformers}: one inbound
 * session serves SRTP and SRTCP decrypt, one outbound session SRTP and SRTCP encrypt.
 * {@link #close()} closes all four (each may also be closed alone, as the bridge's nodes do
 * when they stop); keys are wiped when a session closes.
 */
public final class FastpathSrtpTransformers implements AutoCloseable {
    private final SrtpProfile profile;
    private final FastpathSrtpTransformer srtpDecrypt;
    private final FastpathSrtpTransformer srtpEncrypt;
    private final FastpathSrtpTransformer srtcpDecrypt;
    private final FastpathSrtpTransformer srtcpEncrypt;

    FastpathSrtpTransformers(SrtpProfile profile, LockedSrtpSession inbound,
            LockedSrtpSession outbound) {
        this.profile = profile;
        this.srtpDecrypt = new FastpathSrtpTransformer(FastpathSrtpTransformer.Kind.SRTP_DECRYPT,
                inbound);
        this.srtcpDecrypt = new FastpathSrtpTransformer(
                FastpathSrtpTransformer.Kind.SRTCP_DECRYPT, inbound);
        this.srtpEncrypt = new FastpathSrtpTransformer(FastpathSrtpTransformer.Kind.SRTP_ENCRYPT,
                outbound);
        this.srtcpEncrypt = new FastpathSrtpTransformer(
                FastpathSrtpTransformer.Kind.SRTCP_ENCRYPT, outbound);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public FastpathSrtpTransformer srtpDecrypt() {
        return srtpDecrypt;
    }

    public FastpathSrtpTransformer srtpEncrypt() {
        return srtpEncrypt;
    }

    public FastpathSrtpTransformer srtcpDecrypt() {
        return srtcpDecrypt;
    }

    public FastpathSrtpTransformer srtcpEncrypt() {
        return srtcpEncrypt;
    }

    public FastpathSrtpTransformer get(FastpathSrtpTransformer.Kind kind) {
        switch (kind) {
            case SRTP_DECRYPT:
                return srtpDecrypt;
            case SRTP_ENCRYPT:
                return srtpEncrypt;
            case SRTCP_DECRYPT:
                return srtcpDecrypt;
            default:
                return srtcpEncrypt;
        }
    }

    /** True once all four are closed. */
    public boolean isClosed() {
        return srtpDecrypt.isClosed() && srtpEncrypt.isClosed() && srtcpDecrypt.isClosed()
                && srtcpEncrypt.isClosed();
    }

    @Override
    public void close() {
        srtpDecrypt.close();
        srtcpDecrypt.close();
        srtpEncrypt.close();
        srtcpEncrypt.close();
    }

    @Override
    public String toString() {
        return "FastpathSrtpTransformers[" + profile + (isClosed() ? ", closed]" : "]");
    }
}
