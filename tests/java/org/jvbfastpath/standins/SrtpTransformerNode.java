package org.jvbfastpath.standins;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for JMT's {@code SrtpTransformerNode} (jitsi-videobridge a29d97d13): holds packets
 * until its transformer is set (at most 1024, oldest dropped), forwards packets whose status
 * is OK, drops the rest, and counts each status under the node's stat names. Its
 * {@link #stop()} discards the held packets and never closes the transformer: the
 * transceiver closes its own set, a relay its shared set once (docs/integration.md, 4.3).
 */
public final class SrtpTransformerNode {
    public static final int MAX_CACHED = 1024;

    private final String name;
    private volatile PacketTransformer transformer;
    private final List<PacketInfo> cached = new ArrayList<>();
    private final EnumMap<SrtpErrorStatus, Long> counts = new EnumMap<>(SrtpErrorStatus.class);
    private long discarded;

    public SrtpTransformerNode(String name) {
        this.name = name;
        for (SrtpErrorStatus s : SrtpErrorStatus.values()) {
            counts.put(s, 0L);
        }
    }

    public String name() {
        return name;
    }

    public void setTransformer(PacketTransformer transformer) {
        this.transformer = transformer;
    }

    /** Returns the packets that go on to the next node. */
    public synchronized List<PacketInfo> process(PacketInfo packetInfo) {
        PacketTransformer t = transformer;
        if (t == null) {
            cached.add(packetInfo);
            while (cached.size() > MAX_CACHED) {
                BufferPool.returnBuffer(cached.remove(0).packet.buffer);
                discarded++;
            }
            return List.of();
        }
        List<PacketInfo> in = new ArrayList<>(cached);
        cached.clear();
        in.add(packetInfo);
        List<PacketInfo> out = new ArrayList<>(in.size());
        for (PacketInfo p : in) {
            SrtpErrorStatus status = t.transform(p);
            counts.merge(status, 1L, Long::sum);
            if (status == SrtpErrorStatus.OK) {
                out.add(p);
            } else {
                discarded++;
            }
        }
        return out;
    }

    /** As the bridge's node stats: num_srtp_processed, num_srtp_fail, ... */
    public synchronized Map<String, Long> stats() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("num_srtp_processed", counts.get(SrtpErrorStatus.OK));
        m.put("num_srtp_fail", counts.get(SrtpErrorStatus.FAIL));
        m.put("num_srtp_auth_fail", counts.get(SrtpErrorStatus.AUTH_FAIL));
        m.put("num_srtp_replay_fail", counts.get(SrtpErrorStatus.REPLAY_FAIL));
        m.put("num_srtp_replay_old", counts.get(SrtpErrorStatus.REPLAY_OLD));
        m.put("num_srtp_invalid_packet", counts.get(SrtpErrorStatus.INVALID_PACKET));
        m.put("num_cached_packets", (long) cached.size());
        m.put("num_discarded", discarded);
        return m;
    }

    public synchronized void stop() {
        cached.forEach(p -> BufferPool.returnBuffer(p.packet.buffer));
        cached.clear();
    }
}
