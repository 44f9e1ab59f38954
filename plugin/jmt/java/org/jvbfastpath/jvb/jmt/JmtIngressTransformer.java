package org.jvbfastpath.jvb.jmt;

import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpPacketTransformer;
import org.jitsi.srtp.SrtpErrorStatus;

/** SRTP or SRTCP decrypt in JMT's shape over a transport's {@link IngressLane}. */
final class JmtIngressTransformer implements SrtpPacketTransformer {
    private final IngressLane lane;
    private final TransportCounters counters;
    private final TransportCounters.Kind kind;
    private boolean closed;  // guarded by this

    JmtIngressTransformer(IngressLane lane, TransportCounters counters,
            TransportCounters.Kind kind) {
        this.lane = lane;
        this.counters = counters;
        this.kind = kind;
    }

    @Override
    public SrtpErrorStatus transform(PacketInfo packetInfo) {
        SrtpErrorStatus status = isClosed() ? SrtpErrorStatus.FAIL
                : lane.ingress(packetInfo.getPacket());
        packetInfo.resetPayloadVerification();
        counters.count(kind, status == SrtpErrorStatus.OK);
        return status;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        lane.transformerClosed();
    }

    /** The endpoint's inbound streams are not exposed by the library's API: 0. */
    @Override
    public int getNumCachedContexts() {
        return 0;
    }
}
