package org.jvbfastpath.standins;

import org.jvbfastpath.jvb.BridgeStatusMap;
import org.jvbfastpath.jvb.FastpathSrtpTransformer;

/** What the bridge writes once: its transformer shape over one of the adapter's four. */
public final class FastpathTransformerShim implements PacketTransformer {
    private static final BridgeStatusMap<SrtpErrorStatus> STATUS =
            BridgeStatusMap.of(SrtpErrorStatus.class);
    private final FastpathSrtpTransformer transformer;

    public FastpathTransformerShim(FastpathSrtpTransformer transformer) {
        this.transformer = transformer;
    }

    @Override
    public SrtpErrorStatus transform(PacketInfo packetInfo) {
        return STATUS.ofResult(transformer.transform(packetInfo.packet,
                FastpathPacketAccess.INSTANCE));
    }

    @Override
    public void close() {
        transformer.close();
    }
}
