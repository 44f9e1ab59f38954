package org.jvbfastpath.jvb.jmt;

import java.util.List;
import java.util.Objects;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpPacketTransformer;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * SRTP or SRTCP decrypt in JMT's shape over a transport's {@link IngressLane}.
 * {@link #transformMany} carries the E2EE frame hold (held packets come back later, in
 * order, in {@code out}); {@link #transform}, for a caller that knows only it, refuses a
 * packet the library holds ({@code FAIL}, as a refused one), see {@link IngressLane}.
 */
final class JmtIngressTransformer implements SrtpPacketTransformer {
    private final IngressLane lane;
    private final TransportCounters.Kind kind;
    private final TransportCounters counters;
    private boolean closed;  // guarded by this

    JmtIngressTransformer(IngressLane lane, TransportCounters counters,
            TransportCounters.Kind kind) {
        this.lane = lane;
        this.counters = counters;
        this.kind = kind;
    }

    @Override
    public SrtpErrorStatus transform(PacketInfo packetInfo) {
        return transform(packetInfo, null, null);
    }

    @Override
    public SrtpErrorStatus transformMany(PacketInfo packetInfo, List<PacketInfo> out,
            List<PacketInfo> discarded) {
        return transform(packetInfo, Objects.requireNonNull(out, "out"),
                Objects.requireNonNull(discarded, "discarded"));
    }

    private SrtpErrorStatus transform(PacketInfo packetInfo, List<PacketInfo> out,
            List<PacketInfo> discarded) {
        SrtpErrorStatus status;
        if (isClosed()) {
            counters.count(kind, false);
            if (discarded != null) {
                discarded.add(packetInfo);
            }
            status = SrtpErrorStatus.FAIL;
        } else {
            status = lane.ingress(packetInfo, kind, out, discarded);
        }
        packetInfo.resetPayloadVerification();
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
