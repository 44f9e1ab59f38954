package org.jvbfastpath.jvb.jmt;

import org.jitsi.rtp.Packet;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jvbfastpath.DropReason;
import org.jvbfastpath.FastpathEndpoint;
import org.jvbfastpath.PacketInfo;
import org.jvbfastpath.PacketMetadata;

/**
 * A transport's inbound side in a conference the library knows: each packet goes through
 * {@link FastpathEndpoint#ingress} (unprotect, parse, the conference mode's E2EE policy) in
 * one native call, so the mode switches per packet batch without touching SRTP state.
 * Serves the SRTP and the SRTCP decrypt transformer (one lock: the bridge calls both from its
 * receive queue); closed with the second of them.
 */
final class IngressLane {
    private final FastpathEndpoint endpoint;
    private final PacketMetadata metadata;
    private final byte[][] bufs = new byte[1][];
    private final int[] offs = new int[1];
    private final int[] lens = new int[1];
    private final byte[] drops = new byte[1];
    private final PacketInfo failure = new PacketInfo();
    // Guarded by this.
    private int openTransformers = 2;

    /** Takes both: closes them with the second transformer. */
    IngressLane(FastpathEndpoint endpoint, PacketMetadata metadata) {
        this.endpoint = endpoint;
        this.metadata = metadata;
    }

    /** Unprotects {@code packet} in place (its length updated on success). */
    synchronized SrtpErrorStatus ingress(Packet packet) {
        if (openTransformers == 0) {
            return SrtpErrorStatus.FAIL;
        }
        bufs[0] = packet.getBuffer();
        offs[0] = packet.getOffset();
        lens[0] = packet.getLength();
        try {
            endpoint.ingress(bufs, offs, lens, 1, metadata, 0, drops);
        } catch (IllegalStateException closed) {
            return SrtpErrorStatus.FAIL;
        } finally {
            bufs[0] = null;
        }
        DropReason drop = DropReason.ofOrdinal(drops[0]);
        switch (drop) {
            case NONE:
                packet.setLength(lens[0]);
                return SrtpErrorStatus.OK;
            case SRTP_IN:
                return JmtSrtpTransformer.STATUS.of(metadata.read(0, failure).srtp);
            case PARSE:
                return SrtpErrorStatus.INVALID_PACKET;
            default:
                return SrtpErrorStatus.FAIL;
        }
    }

    /** One of the two transformers closed; the second frees the endpoint (keys wiped). */
    synchronized void transformerClosed() {
        if (--openTransformers == 0) {
            endpoint.close();
            metadata.close();
        }
    }
}
