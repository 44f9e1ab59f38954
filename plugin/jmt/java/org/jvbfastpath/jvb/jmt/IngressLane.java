package org.jvbfastpath.jvb.jmt;

import java.util.List;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.rtp.Packet;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jvbfastpath.DropReason;
import org.jvbfastpath.FastpathEndpoint;
import org.jvbfastpath.PacketMetadata;

/**
 * A transport's inbound side in a conference the library knows: each packet goes through
 * {@link FastpathEndpoint#ingress} (unprotect, parse, the conference mode's E2EE policy) in
 * one native call, so the mode switches per packet without touching SRTP state. Serves the
 * SRTP and the SRTCP decrypt transformer (one lock: the bridge calls both from its receive
 * queue); closed with the second of them.
 *
 * <p><b>The E2EE frame hold</b> (docs/e2ee.md). Where E2EE is required, a packet whose frame is
 * not proven yet comes back {@link DropReason#HELD}: the lane keeps JMT's {@link PacketInfo}
 * and the packet's metadata slot (one window of {@link #SLOTS}: every packet the endpoint can
 * hold plus the one being received; free slots on a stack, so nothing is allocated per
 * packet) and, after each ingress while anything is held, takes the endpoint's hold events:
 * a released packet (its unprotected length, kept from its ingress, set again) goes to
 * {@code out} before the packet that proved its frame, a dropped one to {@code discarded}.
 * A caller without lists ({@code transform}, one packet in, one status out) cannot take a
 * packet back later: a packet held for it is refused ({@code FAIL}, JMT gives its buffer
 * back), its slot stays reserved until the library's event for it, which is then ignored;
 * held packets that such a call releases or drops are dropped. SRTCP is never held.
 */
final class IngressLane {
    /** Metadata slots: every packet the endpoint may hold, and the one being received. */
    static final int SLOTS = FastpathEndpoint.MAX_HELD_PACKETS + 1;
    private static final int EVENTS = 64;

    private final FastpathEndpoint endpoint;
    private final PacketMetadata metadata;
    private final TransportCounters counters;
    private final byte[][] bufs = new byte[1][];
    private final int[] offs = new int[1];
    private final int[] lens = new int[1];
    private final byte[] drops = new byte[1];
    private final org.jvbfastpath.PacketInfo failure = new org.jvbfastpath.PacketInfo();
    // The rest is guarded by this.
    private int openTransformers = 2;
    /** Free metadata slots, a stack: free[0, freeCount). */
    private final int[] free = new int[SLOTS];
    private int freeCount;
    /** Per slot: the held packet (null: none, or refused to its caller: see forgotten). */
    private final PacketInfo[] held = new PacketInfo[SLOTS];
    /** Per slot: held in the library for a caller that could not take it back. */
    private final boolean[] forgotten = new boolean[SLOTS];
    /** Per slot: the held packet's length once unprotected (what the library wrote). */
    private final int[] heldLength = new int[SLOTS];
    /** Slots reserved by held packets (held or forgotten). */
    private int heldSlots;
    private final int[] eventSlots = new int[EVENTS];
    private final int[] eventBefore = new int[EVENTS];
    private final byte[] eventVerdicts = new byte[EVENTS];

    /** Takes both (metadata of {@link #SLOTS}): closes them with the second transformer. */
    IngressLane(FastpathEndpoint endpoint, PacketMetadata metadata, TransportCounters counters) {
        if (metadata.capacity() != SLOTS) {
            throw new IllegalArgumentException("metadata of " + metadata.capacity()
                    + " slots, not " + SLOTS);
        }
        this.endpoint = endpoint;
        this.metadata = metadata;
        this.counters = counters;
        for (int s = SLOTS - 1; s >= 0; s--) {
            free[freeCount++] = s;
        }
    }

    /**
     * Unprotects {@code info}'s packet in place (its length updated when it passes or is
     * held) and settles the held packets the call decided; the contract of JMT's
     * {@code SrtpPacketTransformer.transformMany}. {@code out} and {@code discarded} are both
     * null for a caller that takes one packet back at most (above). Counts each packet once
     * in {@code kind} when its fate is known: ok when it leaves, failed when it does not.
     */
    synchronized SrtpErrorStatus ingress(PacketInfo info, TransportCounters.Kind kind,
            List<PacketInfo> out, List<PacketInfo> discarded) {
        if (openTransformers == 0 || freeCount == 0) {  // no free slot: cannot happen (SLOTS)
            return refused(info, kind, discarded, SrtpErrorStatus.FAIL);
        }
        Packet packet = info.getPacket();
        int slot = free[--freeCount];
        DropReason drop;
        bufs[0] = packet.getBuffer();
        offs[0] = packet.getOffset();
        lens[0] = packet.getLength();
        try {
            endpoint.ingress(bufs, offs, lens, 1, metadata, slot, drops);
            drop = DropReason.ofOrdinal(drops[0]);
        } catch (IllegalStateException closed) {  // the conference expired under the bridge
            drop = null;
        } catch (RuntimeException e) {
            free[freeCount++] = slot;
            throw e;
        } finally {
            bufs[0] = null;
        }
        if (drop == DropReason.HELD) {
            packet.setLength(lens[0]);  // unprotected: what the payload verification reads
            held[slot] = out == null ? null : info;
            forgotten[slot] = out == null;
            heldLength[slot] = lens[0];
            heldSlots++;
            if (out != null) {
                counters.countHold(TransportCounters.Hold.HELD);
            }
        }
        if (heldSlots > 0) {
            settleHeld(out, discarded);  // released ones go before this packet
        }
        if (drop == DropReason.HELD) {
            return out == null ? refused(null, kind, null, SrtpErrorStatus.FAIL)
                    : SrtpErrorStatus.OK;
        }
        free[freeCount++] = slot;
        if (drop == null) {
            return refused(info, kind, discarded, SrtpErrorStatus.FAIL);
        }
        switch (drop) {
            case NONE:
                packet.setLength(lens[0]);
                counters.count(kind, true);
                if (out != null) {
                    out.add(info);
                }
                return SrtpErrorStatus.OK;
            case SRTP_IN:
                return refused(info, kind, discarded,
                        JmtSrtpTransformer.STATUS.of(metadata.read(slot, failure).srtp));
            case PARSE:
                return refused(info, kind, discarded, SrtpErrorStatus.INVALID_PACKET);
            default:
                return refused(info, kind, discarded, SrtpErrorStatus.FAIL);
        }
    }

    private SrtpErrorStatus refused(PacketInfo info, TransportCounters.Kind kind,
            List<PacketInfo> discarded, SrtpErrorStatus status) {
        counters.count(kind, false);
        if (discarded != null && info != null) {
            discarded.add(info);
        }
        return status;
    }

    /** Takes every pending hold event (a full array: there may be more). */
    private void settleHeld(List<PacketInfo> out, List<PacketInfo> discarded) {
        int n;
        do {
            try {
                n = endpoint.takeHoldEvents(metadata, eventSlots, eventBefore, eventVerdicts);
            } catch (IllegalStateException closed) {
                return;  // the conference expired: what is held goes at close
            }
            for (int i = 0; i < n; i++) {
                settle(eventSlots[i], eventVerdicts[i] == 0, out, discarded);
            }
        } while (n == EVENTS);
    }

    private void settle(int slot, boolean released, List<PacketInfo> out,
            List<PacketInfo> discarded) {
        if (slot < 0 || (held[slot] == null && !forgotten[slot])) {
            return;  // not a packet of this window (none: one metadata per endpoint)
        }
        PacketInfo p = held[slot];
        held[slot] = null;
        forgotten[slot] = false;
        heldSlots--;
        free[freeCount++] = slot;
        if (p == null) {
            return;  // refused to its caller when it was held
        }
        if (released && out != null) {
            p.getPacket().setLength(heldLength[slot]);
            out.add(p);
            counters.count(TransportCounters.Kind.SRTP_DECRYPT, true);
            counters.countHold(TransportCounters.Hold.RELEASED);
        } else {
            if (discarded != null) {
                discarded.add(p);
            }
            counters.count(TransportCounters.Kind.SRTP_DECRYPT, false);
            counters.countHold(TransportCounters.Hold.DROPPED);
        }
    }

    /**
     * One of the two transformers closed; the second drops what is held (JMT never sees
     * those packets again: their buffers are garbage collected, not pooled) and frees the
     * endpoint (keys wiped) and the metadata.
     */
    synchronized void transformerClosed() {
        if (--openTransformers != 0) {
            return;
        }
        for (int s = 0; s < SLOTS && heldSlots > 0; s++) {
            if (held[s] != null || forgotten[s]) {
                if (held[s] != null) {
                    counters.count(TransportCounters.Kind.SRTP_DECRYPT, false);
                    counters.countHold(TransportCounters.Hold.DROPPED);
                }
                held[s] = null;
                forgotten[s] = false;
                heldSlots--;
                free[freeCount++] = s;
            }
        }
        endpoint.close();
        metadata.close();
    }
}
