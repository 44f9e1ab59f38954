package org.jvbfastpath;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One participant of a conference as the bridge's media path sees it
 * (native/pipeline/endpoint.h): its SRTP sessions, its negotiated header extensions and
 * payload types, and the two batch calls the bridge makes.
 *
 * <ul>
 *   <li>{@link #ingress}: what the participant sent: unprotect, parse, the conference mode's
 *       E2EE policy; results land in a {@link PacketMetadata} window and the buffers'
 *       lengths are updated (the SRTP trailer removed).</li>
 *   <li>{@link #egress}: what the participant receives: rewrite (per stream, by a
 *       {@link StreamRewriter}), the passthrough check, protect; a drop reason per packet.</li>
 * </ul>
 * Buffers are the bridge's {@code (byte[], offset, length)}; protect needs 20 bytes after.
 * One thread at a time per direction (an overlapping call from a second thread gets
 * IllegalStateException); {@link #close()} from any thread.
 */
public final class FastpathEndpoint extends NativeHandle {
    /** The most packets one {@link #egress} or {@link #skip} call takes. */
    public static final int MAX_EGRESS_BATCH = 256;
    /**
     * The most packets an endpoint holds at once where E2EE is required, counting the held
     * packets whose events are not taken yet (native FrameHold::kCapacity; a frame that
     * would hold more is dropped as {@link DropReason#HOLD_OVERFLOW}). A caller that keeps
     * each held packet's metadata slot until its {@link #takeHoldEvents} event, and takes the
     * events after every ingress, needs this many slots plus one ingress batch.
     */
    public static final int MAX_HELD_PACKETS = 1024;

    private final FastpathConference conference;
    private final String id;
    /** Rewriter handles of the egress batch in progress (egress: one thread at a time). */
    private final long[] egressRewriters = new long[MAX_EGRESS_BATCH];
    /**
     * The rewriters held for the egress batch in progress, [0, heldCount), to release exactly
     * those (egress lane).
     */
    private final StreamRewriter[] egressRewriterObjects =
            new StreamRewriter[MAX_EGRESS_BATCH];
    private int heldCount;

    private final PathGuard ingressLane = new PathGuard("endpoint ingress");
    private final PathGuard egressLane = new PathGuard("endpoint egress");

    private FastpathEndpoint(long handle, FastpathConference conference, String id) {
        super(handle, "endpoint " + id, NativeCalls::epDestroy);
        this.conference = conference;
        this.id = id;
    }

    /** What an endpoint needs: keys from DTLS, the SDP's extmap and rtpmap, its nature. */
    public static final class Spec {
        private final String id;
        private SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        private byte[] keyingMaterial;
        private boolean bridgeIsDtlsClient;
        private boolean needsPlaintext;
        private boolean cryptex;
        private int replayWindow = SrtpSession.DEFAULT_REPLAY_WINDOW;
        private final Map<Integer, String> extensions = new LinkedHashMap<>();
        private final Map<Integer, String> payloadTypes = new LinkedHashMap<>();
        private final Map<Integer, Integer> rtxPayloadTypes = new LinkedHashMap<>();
        private final Map<Integer, Integer> rtxSsrcs = new LinkedHashMap<>();

        public Spec(String id) {
            this.id = id;
        }

        /** The DTLS-SRTP profile and the RFC 5764 exporter output. */
        public Spec srtp(SrtpProfile profile, byte[] keyingMaterial, boolean bridgeIsDtlsClient) {
            this.profile = profile;
            this.keyingMaterial = keyingMaterial.clone();
            this.bridgeIsDtlsClient = bridgeIsDtlsClient;
            return this;
        }

        /** An a=extmap line: id and URI. */
        public Spec extension(int id, String uri) {
            extensions.put(id, uri);
            return this;
        }

        /** An a=rtpmap line: payload type and encoding name ("VP8", "opus", ...). */
        public Spec payloadType(int pt, String encodingName) {
            payloadTypes.put(pt, encodingName);
            return this;
        }

        /**
         * An RTX payload type (a=rtpmap:PT rtx/90000, a=fmtp:PT apt=APT): its packets are
         * parsed as retransmissions of APT's codec and, where E2EE is required, forwarded only
         * if their original's frame was proven E2EE.
         */
        public Spec rtxPayloadType(int pt, int apt) {
            rtxPayloadTypes.put(pt, apt);
            return this;
        }

        /**
         * An a=ssrc-group:FID line: the media SSRC and its RTX SSRC (unsignalled RTX SSRCs
         * are learned from the first retransmission of a proven frame).
         */
        public Spec rtxSsrc(int mediaSsrc, int rtxSsrc) {
            rtxSsrcs.put(rtxSsrc, mediaSsrc);
            return this;
        }

        /** A recorder, SIP gateway or transcriber: gets no media where E2EE is required. */
        public Spec needsPlaintext(boolean needsPlaintext) {
            this.needsPlaintext = needsPlaintext;
            return this;
        }

        public Spec replayWindow(int packets) {
            this.replayWindow = packets;
            return this;
        }

        /**
         * Cryptex (RFC 9335) negotiated with this endpoint ({@code a=cryptex}; JVB: the
         * endpoint's {@code cryptex}, from {@code videobridge.cryptex.endpoint} and the
         * client's fingerprint): ingress accepts Cryptex packets and parses their extensions
         * after decryption, egress sends CSRCs and extensions encrypted. See
         * {@link SrtpSession}.
         */
        public Spec cryptex(boolean cryptex) {
            this.cryptex = cryptex;
            return this;
        }
    }

    public static FastpathEndpoint create(FastpathConference conference, Spec spec) {
        if (spec.keyingMaterial == null) {
            throw new IllegalArgumentException("endpoint " + spec.id + ": no SRTP keys (call srtp())");
        }
        int[] extIds = spec.extensions.keySet().stream().mapToInt(Integer::intValue).toArray();
        String[] extUris = spec.extensions.values().toArray(new String[0]);
        int[] pts = spec.payloadTypes.keySet().stream().mapToInt(Integer::intValue).toArray();
        String[] codecs = spec.payloadTypes.values().toArray(new String[0]);
        long conf = conference.acquire();
        try {
            long h = NativeCalls.epCreate(conf, spec.id, spec.profile.ordinal(), spec.keyingMaterial,
                    spec.bridgeIsDtlsClient, spec.needsPlaintext, extIds, extUris, pts, codecs,
                    spec.replayWindow, spec.cryptex);
            FastpathEndpoint endpoint = new FastpathEndpoint(h, conference, spec.id);
            try {
                for (Map.Entry<Integer, Integer> rtx : spec.rtxPayloadTypes.entrySet()) {
                    if (PacketNatives.epSetRtx(h, rtx.getKey(), rtx.getValue()) == 0) {
                        throw new IllegalArgumentException("too many RTX payload types");
                    }
                }
                for (Map.Entry<Integer, Integer> fid : spec.rtxSsrcs.entrySet()) {
                    if (PacketNatives.epAssociateRtx(h, fid.getKey(), fid.getValue()) == 0) {
                        throw new IllegalArgumentException("too many RTX SSRCs (32 at most)");
                    }
                }
            } catch (RuntimeException e) {
                endpoint.close();
                throw e;
            }
            conference.register(endpoint);
            return endpoint;
        } finally {
            conference.release();
        }
    }

    public String id() {
        return id;
    }

    public FastpathConference conference() {
        return conference;
    }

    /**
     * Ingress of {@code count} packets: results go to {@code metadata[metadataStart ..
     * metadataStart + count)}; {@code lens} lose the SRTP trailers. Returns how many are
     * forwardable (the others carry a {@link DropReason} in their metadata).
     */
    public int ingress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int metadataStart) {
        return ingress(bufs, offs, lens, count, metadata, metadataStart, null, true, null);
    }

    /**
     * As above, and {@code drops[i]} receives packet i's {@link DropReason} ordinal (0:
     * forwardable): the verdict the bridge needs right away, without a {@link
     * PacketMetadata#drops} call.
     */
    public int ingress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int metadataStart, byte[] drops) {
        java.util.Objects.checkFromIndexSize(0, count, drops.length);
        return ingress(bufs, offs, lens, count, metadata, metadataStart, drops, true, null);
    }

    /**
     * As above, and {@code infos[i]} is filled with packet i's result (what {@link
     * PacketMetadata#read} gives) in the same native call: no call per packet afterwards.
     * {@code drops} may be null.
     */
    public int ingress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int metadataStart, byte[] drops, PacketInfo[] infos) {
        java.util.Objects.checkFromIndexSize(0, count, infos.length);
        if (drops != null) {
            java.util.Objects.checkFromIndexSize(0, count, drops.length);
        }
        for (int i = 0; i < count; i++) {
            java.util.Objects.requireNonNull(infos[i], "infos[i] is null");
        }
        return ingress(bufs, offs, lens, count, metadata, metadataStart, drops, true, infos);
    }

    /**
     * The packet parser for packets the bridge already unprotected itself: parse (RTP header,
     * extensions, codec payload header) and the conference mode's E2EE policy, into the
     * same reusable metadata ({@link PacketMetadata#read} fills a {@link PacketInfo}).
     */
    public int parse(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int metadataStart) {
        return ingress(bufs, offs, lens, count, metadata, metadataStart, null, false, null);
    }

    private int ingress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int metadataStart, byte[] drops, boolean unprotect, PacketInfo[] infos) {
        PacketBatch.checkBatch(bufs, offs, lens, count);
        java.util.Objects.checkFromIndexSize(metadataStart, count, metadata.capacity());
        long h = acquire(ingressLane);
        try {
            long m = metadata.acquire();
            try {
                int forwardable = 0;
                for (int start = 0; start < count; start += PacketBatch.MAX_PER_CALL) {
                    PacketBatch batch = ingressLane.batch;
                    try {
                        int[] flat = infos == null ? null : batch.infos();
                        forwardable += PacketNatives.epIngressBatch(h,
                                batch.load(bufs, start, count), offs, lens, start, m,
                                metadataStart + start, unprotect, drops, flat);
                        for (int i = 0; flat != null && i < batch.count; i++) {
                            infos[start + i].unpack(flat, i * PacketInfo.FIELDS);
                        }
                    } finally {
                        batch.clear();
                    }
                }
                return forwardable;
            } finally {
                metadata.release();
            }
        } finally {
            release(ingressLane);
        }
    }

    /**
     * The fate of held packets (where E2EE is required). A packet whose frame is not proven
     * E2EE yet comes out of {@link #ingress}/{@link #parse} as {@link DropReason#HELD}: keep
     * it (its buffer and its metadata slot, which must not be reused meanwhile). Each held
     * packet then gets exactly one event, from the ingress call that settled its frame on:
     * <ul>
     *   <li>released ({@code verdicts[i] == 0}): forward the packet in slot {@code slots[i]}
     *       right before the packet in slot {@code before[i]} (a forwardable packet of that
     *       call: the one that proved the frame), so each stream's packets leave in order;
     *   <li>dropped ({@code verdicts[i]} = the {@link DropReason} ordinal,
     *       {@code before[i] == -1}): its frame was plaintext, too large or too late to hold:
     *       give its buffer back.
     * </ul>
     * Call it after every ingress while anything is held (it returns 0 at once when nothing
     * is pending), with the metadata the packets were received into; up to the arrays'
     * length per call, oldest first (call again while it fills them). A slot of -1 names a
     * packet held in another metadata. Takes the ingress lane.
     */
    public int takeHoldEvents(PacketMetadata metadata, int[] slots, int[] before, byte[] verdicts) {
        long h = acquire(ingressLane);
        try {
            long m = metadata.acquire();
            try {
                return PacketNatives.epTakeHoldEvents(h, m, slots, before, verdicts);
            } finally {
                metadata.release();
            }
        } finally {
            release(ingressLane);
        }
    }

    /** Packets held now, waiting for their frames' proof (any thread). */
    public long heldPackets() {
        return holdStats()[0];
    }

    /** Bytes of the packets held now (the caller's buffers they occupy; any thread). */
    public long heldBytes() {
        return holdStats()[1];
    }

    /** The most packets held at once since the endpoint was created (any thread). */
    public long heldPeakPackets() {
        return holdStats()[2];
    }

    /** The most bytes held at once since the endpoint was created (any thread). */
    public long heldPeakBytes() {
        return holdStats()[3];
    }

    private long[] holdStats() {
        long[] out = new long[4];
        long h = acquire();
        try {
            PacketNatives.epHoldStats(h, out);
        } finally {
            release();
        }
        return out;
    }

    /**
     * Egress of {@code count} packets to this endpoint. Packet i is the copy of the packet
     * whose ingress result is {@code metadata[metadataIndexes[i]]}, rewritten by
     * {@code rewriters[i]} (null: unchanged), then checked and protected. {@code drops[i]}
     * receives its {@link DropReason} ordinal (0: sent). Returns how many were sent.
     */
    public int egress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int[] metadataIndexes, StreamRewriter[] rewriters, byte[] drops) {
        return egress(bufs, offs, lens, count, metadata, metadataIndexes, rewriters,
                (byte[]) null, drops);
    }

    /**
     * Egress flag: the packet is an RTX encapsulation (RFC 4588) of its source, built by the
     * bridge with its final header and the 2-byte original sequence number: it is not
     * rewritten, and the passthrough check skips the OSN.
     */
    public static final byte EGRESS_RTX = 1;
    /**
     * Egress flag: set the RTP marker bit. For SVC (VP9, AV1) the bridge sets it on the last
     * packet of the highest spatial layer a receiver gets, which ends the picture for that
     * receiver (the sender's marker is on the top layer's last packet).
     */
    public static final byte EGRESS_SET_MARKER = 2;

    /** As above; {@code flags[i]} (may be null: none) holds packet i's EGRESS_* flags. */
    public int egress(byte[][] bufs, int[] offs, int[] lens, int count, PacketMetadata metadata,
            int[] metadataIndexes, StreamRewriter[] rewriters, byte[] flags, byte[] drops) {
        if (count < 0 || count > MAX_EGRESS_BATCH) {
            throw new IndexOutOfBoundsException("batch count outside 0.." + MAX_EGRESS_BATCH);
        }
        PacketBatch.checkBatch(bufs, offs, lens, count);
        java.util.Objects.checkFromIndexSize(0, count, metadataIndexes.length);
        java.util.Objects.checkFromIndexSize(0, count, rewriters.length);
        java.util.Objects.checkFromIndexSize(0, count, drops.length);
        if (flags != null) {
            java.util.Objects.checkFromIndexSize(0, count, flags.length);
        }
        long h = acquire(egressLane);
        try {
            holdRewriters(rewriters, metadataIndexes, count, metadata);
            long m = metadata.acquire();
            try {
                int sent = 0;
                for (int start = 0; start < count; start += PacketBatch.MAX_PER_CALL) {
                    PacketBatch batch = egressLane.batch;
                    try {
                        sent += PacketNatives.epEgressBatch(h, batch.load(bufs, start, count),
                                offs, lens, start, m, metadataIndexes, egressRewriters, flags,
                                drops);
                    } finally {
                        batch.clear();
                    }
                }
                return sent;
            } finally {
                metadata.release();
            }
        } finally {
            releaseRewriters();
            release(egressLane);
        }
    }

    /**
     * Packets this endpoint does not get although they belong to streams it receives (e.g.
     * the SVC layers above what it receives): {@code rewriters[i]} (null: none) notes that
     * the packet in {@code metadata[metadataIndexes[i]]} was not forwarded, so that the next
     * packet it forwards follows without a gap. As {@link StreamRewriter#drop} for a whole
     * batch, in one native call per 32: call it in stream order, after the egress of the
     * packets before them. Takes the egress lane (not while an egress runs).
     */
    public void skip(PacketMetadata metadata, int[] metadataIndexes, StreamRewriter[] rewriters,
            int count) {
        if (count < 0 || count > MAX_EGRESS_BATCH) {
            throw new IndexOutOfBoundsException("batch count outside 0.." + MAX_EGRESS_BATCH);
        }
        java.util.Objects.checkFromIndexSize(0, count, metadataIndexes.length);
        java.util.Objects.checkFromIndexSize(0, count, rewriters.length);
        acquire(egressLane);
        try {
            holdRewriters(rewriters, metadataIndexes, count, metadata);
            long m = metadata.acquire();
            try {
                for (int start = 0; start < count; start += PacketBatch.MAX_PER_CALL) {
                    PacketNatives.rwDropBatch(m, metadataIndexes, egressRewriters, start,
                            Math.min(PacketBatch.MAX_PER_CALL, count - start));
                }
            } finally {
                metadata.release();
            }
        } finally {
            releaseRewriters();
            release(egressLane);
        }
    }

    /**
     * Inside the egress lane: egressRewriters[i] = the handle of rewriters[i] (0: null), each
     * held exclusively by this endpoint's egress lane until {@link #releaseRewriters} (a
     * rewriter in use elsewhere gives IllegalStateException). A rewriter is taken once per
     * batch: a run of one stream's packets (a video frame) reuses the last handle, and a
     * stream seen earlier in the batch is recognised as already held. When the batch takes
     * several native calls, every metadata slot is checked here, before any packet is touched
     * (each call checks its own before touching any). Throws (after which releaseRewriters
     * still releases what was held) if a rewriter is closed or a slot out of range.
     */
    private void holdRewriters(StreamRewriter[] rewriters, int[] metadataIndexes, int count,
            PacketMetadata metadata) {
        long[] rw = egressRewriters;
        StreamRewriter[] held = egressRewriterObjects;
        int capacity = metadata.capacity();
        boolean checkSlots = count > PacketBatch.MAX_PER_CALL;
        StreamRewriter previous = null;
        long previousHandle = 0;
        for (int i = 0; i < count; i++) {
            if (checkSlots) {
                java.util.Objects.checkIndex(metadataIndexes[i], capacity);
            }
            StreamRewriter r = rewriters[i];
            if (r == null) {
                rw[i] = 0;
            } else if (r == previous) {
                rw[i] = previousHandle;
            } else {
                if (r.heldBy(egressLane)) {  // earlier in this batch
                    previousHandle = r.heldHandle();
                } else {
                    previousHandle = r.enterExclusive(egressLane);
                    held[heldCount++] = r;
                }
                rw[i] = previousHandle;
                previous = r;
            }
        }
    }

    /** Inside the egress lane: releases what {@link #holdRewriters} held. */
    private void releaseRewriters() {
        StreamRewriter[] held = egressRewriterObjects;
        for (int i = 0; i < heldCount; i++) {
            held[i].exitExclusive();
            held[i] = null;
        }
        heldCount = 0;
    }

    /**
     * Forgets the outbound SRTP stream of {@code ssrc} (its rollover counter and replay
     * state), e.g. when the sender whose packets this endpoint received under that SSRC has
     * left: otherwise it stays until the session's least-recently-used limit evicts it.
     * Returns false if unknown. Takes the egress lane (not while an egress runs).
     */
    public boolean removeOutboundStream(int ssrc) {
        long h = acquire(egressLane);
        try {
            return PacketNatives.epRemoveOutboundStream(h, ssrc) != 0;
        } finally {
            release(egressLane);
        }
    }

    @Override
    protected void beforeClose() {
        conference.unregister(this);
    }
}
