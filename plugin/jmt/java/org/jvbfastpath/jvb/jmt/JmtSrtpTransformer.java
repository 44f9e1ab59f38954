package org.jvbfastpath.jvb.jmt;

import java.util.List;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpPacketTransformer;
import org.jitsi.rtp.Packet;
import org.jitsi.rtp.UnparsedPacket;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jvbfastpath.jvb.BridgeStatusMap;
import org.jvbfastpath.jvb.FastpathSrtpTransformer;

/**
 * One of the adapter's four transformers in JMT's shape, doing what JMT's own do around the
 * crypto: an encrypted packet becomes an {@link UnparsedPacket} (its fields are ciphertext
 * now), and the payload verification is reset after every transform.
 */
final class JmtSrtpTransformer implements SrtpPacketTransformer {
    static final BridgeStatusMap<SrtpErrorStatus> STATUS = BridgeStatusMap.of(SrtpErrorStatus.class);

    private final FastpathSrtpTransformer transformer;
    private final TransportCounters counters;
    private final TransportCounters.Kind kind;
    private final boolean encrypt;

    JmtSrtpTransformer(FastpathSrtpTransformer transformer, TransportCounters counters) {
        this.transformer = transformer;
        this.counters = counters;
        this.kind = TransportCounters.Kind.values()[transformer.kind().ordinal()];
        this.encrypt = transformer.kind().isEncrypt();
    }

    @Override
    public SrtpErrorStatus transform(PacketInfo packetInfo) {
        Packet packet = packetInfo.getPacket();
        int result = transformer.transform(packet, JmtPacketAccess.INSTANCE);
        if (encrypt) {
            packetInfo.setPacket(new UnparsedPacket(packet.getBuffer(), packet.getOffset(),
                    packet.getLength()));
        }
        packetInfo.resetPayloadVerification();
        counters.count(kind, result >= 0);
        return STATUS.ofResult(result);
    }

    /** Holds nothing: the packet leaves or is discarded now (JMT's default, spelt in Java). */
    @Override
    public SrtpErrorStatus transformMany(PacketInfo packetInfo, List<PacketInfo> out,
            List<PacketInfo> discarded) {
        SrtpErrorStatus status = transform(packetInfo);
        (status == SrtpErrorStatus.OK ? out : discarded).add(packetInfo);
        return status;
    }

    @Override
    public void close() {
        transformer.close();
    }

    /** The session's SSRC streams (RTP and RTCP share them), for the nodes' stats. */
    @Override
    public int getNumCachedContexts() {
        return (int) Math.min(Integer.MAX_VALUE, transformer.streamCount());
    }

    @Override
    public String toString() {
        return "JmtSrtpTransformer[" + transformer + "]";
    }
}
