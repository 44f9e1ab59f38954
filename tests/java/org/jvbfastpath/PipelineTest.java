package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.jvbfastpath.testdata.Keys;
import org.jvbfastpath.testdata.Vp8Frames;

/**
 * The pipeline through the jar: a sending client, the bridge's ingress and egress, a
 * receiving client, in each conference mode, as the bridge would call them.
 */
class PipelineTest {
    private static final int ROOM_BEFORE = Vp8Frames.ROOM_BEFORE;
    private static final int ROOM_AFTER = Vp8Frames.ROOM_AFTER;
    private static final int VP8 = Vp8Frames.VP8;
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    /** A sending or receiving client of one endpoint: the DTLS client side of its keys. */
    private static final class Client implements AutoCloseable {
        final SrtpSession out;
        final SrtpSession in;

        Client(byte[] km) {
            out = SrtpSession.fromDtls(PROFILE, km, SrtpSession.DtlsRole.CLIENT,
                    SrtpSession.Direction.OUTBOUND);
            in = SrtpSession.fromDtls(PROFILE, km, SrtpSession.DtlsRole.CLIENT,
                    SrtpSession.Direction.INBOUND);
        }

        @Override
        public void close() {
            out.close();
            in.close();
        }
    }

    private static byte[] keyingMaterial(long seed) {
        return Keys.keyingMaterial(PROFILE, seed);
    }

    private static FastpathEndpoint endpoint(FastpathConference c, String id, byte[] km,
            boolean needsPlaintext) {
        return FastpathEndpoint.create(c, new FastpathEndpoint.Spec(id)
                .srtp(PROFILE, km, false)
                .extension(Vp8Frames.TCC_ID, Vp8Frames.TCC_URI)
                .payloadType(VP8, "VP8")
                .needsPlaintext(needsPlaintext));
    }

    /** The record an ingress returned with its batch is the one its metadata slot holds. */
    private static void assertSameInfo(PacketInfo read, PacketInfo returned) {
        assertEquals(read.drop, returned.drop);
        assertEquals(read.srtp, returned.srtp);
        assertEquals(read.mode, returned.mode);
        assertEquals(read.ssrc, returned.ssrc);
        assertEquals(read.sequenceNumber, returned.sequenceNumber);
        assertEquals(read.codec, returned.codec);
        assertEquals(read.pictureId, returned.pictureId);
        assertEquals(read.transportCcSeq, returned.transportCcSeq);
        assertEquals(read.envelope, returned.envelope);
        assertEquals(read.streamEnvelope, returned.streamEnvelope);
    }

    @Test
    void e2eeRequiredHoldsAFramesPacketsUntilItsLastProvesIt() {
        byte[] kmA = keyingMaterial(1);
        byte[] kmB = keyingMaterial(2);
        try (FastpathConference c = FastpathConference.create("hold", ConferenceMode.E2EE_REQUIRED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB);
             StreamRewriter rw = new StreamRewriter(0x5eed, 90000);
             PacketMetadata meta = new PacketMetadata(8)) {
            int seq = 300;
            for (boolean jframe : new boolean[] {true, false}) {
                byte[][] bufs = new byte[3][ROOM_BEFORE + 400 + ROOM_AFTER];
                int[] offs = {ROOM_BEFORE, ROOM_BEFORE, ROOM_BEFORE};
                int[] lens = new int[3];
                for (int k = 0; k < 3; k++) {
                    int len = Vp8Frames.framePacket(bufs[k], seq + k, seq, k, jframe);
                    lens[k] = ca.out.transformRtp(bufs[k], ROOM_BEFORE, len);
                }
                seq += 3;
                byte[] drops = new byte[3];
                int forwardable = a.ingress(bufs, offs, lens, 3, meta, 0, drops);
                assertEquals(DropReason.HELD, DropReason.ofOrdinal(drops[0]));
                assertEquals(DropReason.HELD, DropReason.ofOrdinal(drops[1]));
                int[] slots = new int[4];
                int[] before = new int[4];
                byte[] verdicts = new byte[4];
                assertEquals(2, a.takeHoldEvents(meta, slots, before, verdicts));
                assertEquals(0, a.takeHoldEvents(meta, slots, before, verdicts));
                assertEquals(0, a.heldPackets());
                assertEquals(0, slots[0]);
                assertEquals(1, slots[1]);
                if (!jframe) {
                    // A plaintext frame: not one packet leaves.
                    assertEquals(0, forwardable);
                    assertEquals(DropReason.PLAINTEXT_IN_E2EE_REQUIRED,
                            DropReason.ofOrdinal(drops[2]));
                    for (int i = 0; i < 2; i++) {
                        assertEquals(-1, before[i]);
                        assertEquals(DropReason.PLAINTEXT_IN_E2EE_REQUIRED,
                                DropReason.ofOrdinal(verdicts[i]));
                    }
                    continue;
                }
                // Proven by its last packet: released right before it, the first frame included.
                assertEquals(1, forwardable);
                assertEquals(DropReason.NONE, DropReason.ofOrdinal(drops[2]));
                for (int i = 0; i < 2; i++) {
                    assertEquals(2, before[i]);
                    assertEquals(0, verdicts[i]);
                }
                PacketInfo info = meta.read(0, new PacketInfo());
                assertEquals(DropReason.NONE, info.drop);
                byte[] out = new byte[3];
                assertEquals(3, b.egress(bufs, offs, lens, 3, meta, new int[] {0, 1, 2},
                        new StreamRewriter[] {rw, rw, rw}, out));
                for (int k = 0; k < 3; k++) {
                    assertTrue(cb.in.transformRtp(bufs[k], ROOM_BEFORE, lens[k]) > 0);
                }
            }
        }
    }

    @Test
    void anEndpointHoldsAtMostMaxHeldPackets() {
        // Five streams of open frames (the per-stream bound is 256 packets): the endpoint
        // holds MAX_HELD_PACKETS of them and refuses the next one's frame as overflow.
        byte[] km = keyingMaterial(1);
        int max = FastpathEndpoint.MAX_HELD_PACKETS;
        try (FastpathConference c = FastpathConference.create("cap", ConferenceMode.E2EE_REQUIRED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", km, false);
             Client ca = new Client(km);
             PacketMetadata meta = new PacketMetadata(max + 1)) {
            byte[][] bufs = new byte[1][ROOM_BEFORE + 400 + ROOM_AFTER];
            int[] offs = {ROOM_BEFORE};
            int[] lens = new int[1];
            byte[] drops = new byte[1];
            int perStream = max / 5 + 1;
            for (int i = 0; i <= max; i++) {
                int stream = i / perStream;
                int k = i % perStream;
                int len = Vp8Frames.framePacket(bufs[0], k, 7, 2000, k, perStream + 1, true,
                        false);
                bufs[0][ROOM_BEFORE + 11] = (byte) stream;  // the SSRC's last byte
                lens[0] = ca.out.transformRtp(bufs[0], ROOM_BEFORE, len);
                a.ingress(bufs, offs, lens, 1, meta, i, drops);
                assertEquals(i < max ? DropReason.HELD : DropReason.HOLD_OVERFLOW,
                        DropReason.ofOrdinal(drops[0]), "packet " + i);
            }
            assertEquals(4 * perStream, a.heldPackets(),
                    "the overflowing stream's frame was dropped whole");
        }
    }

    @Test
    void rtxIsConfiguredFromTheSdpAndBadValuesAreRefused() {
        try (FastpathConference c = FastpathConference.create("rtx", ConferenceMode.E2EE_REQUIRED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = FastpathEndpoint.create(c, new FastpathEndpoint.Spec("a")
                     .srtp(PROFILE, keyingMaterial(1), false)
                     .payloadType(VP8, "VP8")
                     .rtxPayloadType(101, VP8)
                     .rtxSsrc(0x11223344, 0x55667788))) {
            assertEquals(0, a.heldPackets());
            assertEquals(0, a.heldPeakBytes());
            assertThrows(IllegalArgumentException.class, () -> FastpathEndpoint.create(c,
                    new FastpathEndpoint.Spec("b").srtp(PROFILE, keyingMaterial(2), false)
                            .rtxPayloadType(200, VP8)));
        }
    }

    /** Sends `n` frames from a to b through the bridge; returns each packet's drop reason. */
    private static DropReason[] forward(FastpathEndpoint a, FastpathEndpoint b, Client from,
            Client to, int firstSeq, int n, boolean jframe, StreamRewriter rewriter,
            int corruptOpaqueByte) {
        DropReason[] reasons = new DropReason[n];
        byte[][] bufs = new byte[1][ROOM_BEFORE + 400 + ROOM_AFTER];
        int[] offs = {ROOM_BEFORE};
        int[] lens = new int[1];
        PacketMetadata meta = new PacketMetadata(4);
        PacketInfo info = new PacketInfo();
        PacketInfo[] infos = {new PacketInfo()};
        byte[] drops = new byte[1];
        for (int k = 0; k < n; k++) {
            int seq = firstSeq + k;
            int len = Vp8Frames.packet(bufs[0], seq, 1000 + seq, jframe);
            lens[0] = from.out.transformRtp(bufs[0], ROOM_BEFORE, len);
            a.ingress(bufs, offs, lens, 1, meta, 0, null, infos);
            meta.read(0, info);
            assertSameInfo(info, infos[0]);
            if (info.drop != DropReason.NONE) {
                reasons[k] = info.drop;
                continue;
            }
            assertEquals(PacketInfo.Codec.VP8, info.codec);
            assertEquals(1000 + seq, info.pictureId);
            assertEquals(seq & 0xff, info.transportCcSeq);
            if (corruptOpaqueByte > 0) {
                bufs[0][ROOM_BEFORE + corruptOpaqueByte] ^= 1;
            }
            int sent = b.egress(bufs, offs, lens, 1, meta, new int[] {0},
                    new StreamRewriter[] {rewriter}, drops);
            reasons[k] = DropReason.ofOrdinal(drops[0]);
            if (sent == 1) {
                int plain = to.in.transformRtp(bufs[0], ROOM_BEFORE, lens[0]);
                assertTrue(plain > 0, () -> "the receiving client cannot unprotect: "
                        + SrtpStatus.ofResult(plain));
            }
        }
        meta.close();
        return reasons;
    }

    @Test
    void forwardsRewritesAndProtectsInEveryNativeMode() {
        byte[] kmA = keyingMaterial(1);
        byte[] kmB = keyingMaterial(2);
        try (FastpathConference c = FastpathConference.create("c1", ConferenceMode.ACCELERATED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB);
             StreamRewriter rw = new StreamRewriter(0x5eed, 90000)) {
            int seq = 100;
            for (ConferenceMode mode : new ConferenceMode[] {ConferenceMode.ACCELERATED,
                    ConferenceMode.E2EE_PASSTHROUGH, ConferenceMode.E2EE_REQUIRED}) {
                c.setMode(mode);
                DropReason[] r = forward(a, b, ca, cb, seq, 10, true, rw, 0);
                seq += 10;
                for (DropReason d : r) {
                    assertEquals(DropReason.NONE, d, mode.toString());
                }
            }
            assertEquals(ConferenceMode.E2EE_REQUIRED, c.mode());
            assertTrue(c.metricsPrometheus().contains(
                    "jvbfastpath_endpoint_frames_jframe_total{conference=\"c1\",endpoint=\"a\"} 20"),
                    c.metricsPrometheus());
            assertTrue(c.metricsJson().startsWith("{\"metrics\":["));
        }
    }

    /** EGRESS_SET_MARKER: the bridge ends a picture where it stops forwarding SVC layers. */
    @Test
    void egressSetsTheMarkerBitWhereAsked() {
        byte[] kmA = keyingMaterial(11);
        byte[] kmB = keyingMaterial(12);
        try (FastpathConference c = FastpathConference.create("cm", ConferenceMode.ACCELERATED,
                     ExpectedEnvelope.ANY);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB);
             PacketMetadata meta = new PacketMetadata(1)) {
            byte[][] bufs = new byte[1][ROOM_BEFORE + 400 + ROOM_AFTER];
            int[] offs = {ROOM_BEFORE};
            int[] lens = new int[1];
            byte[] drops = new byte[1];
            for (int k = 0; k < 4; k++) {
                boolean ask = k % 2 == 0;
                int len = Vp8Frames.packet(bufs[0], 500 + k, 7 + k, false);
                bufs[0][ROOM_BEFORE + 1] &= 0x7f;  // not the sender's last packet
                lens[0] = ca.out.transformRtp(bufs[0], ROOM_BEFORE, len);
                a.ingress(bufs, offs, lens, 1, meta, 0);
                assertEquals(1, b.egress(bufs, offs, lens, 1, meta, new int[] {0},
                        new StreamRewriter[] {null},
                        new byte[] {ask ? FastpathEndpoint.EGRESS_SET_MARKER : 0}, drops));
                assertTrue(cb.in.transformRtp(bufs[0], ROOM_BEFORE, lens[0]) > 0);
                assertEquals(ask, (bufs[0][ROOM_BEFORE + 1] & 0x80) != 0, "packet " + k);
            }
            // The stream b received (SSRC 0x11223344, not rewritten) leaves b's outbound
            // session once, as when its sender leaves the conference.
            assertTrue(b.removeOutboundStream(0x11223344));
            assertEquals(false, b.removeOutboundStream(0x11223344));
        }
    }

    /**
     * A metadata slot no ingress filled says nothing about the packet: egress refuses it in
     * every mode (it used to be sent unchecked, as accelerated, also in e2ee-required).
     */
    @Test
    void egressRefusesASlotNoIngressFilled() {
        byte[] kmB = keyingMaterial(14);
        try (FastpathConference c = FastpathConference.create("cn", ConferenceMode.E2EE_REQUIRED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             PacketMetadata meta = new PacketMetadata(2)) {
            byte[][] bufs = new byte[1][ROOM_BEFORE + 400 + ROOM_AFTER];
            int[] lens = {Vp8Frames.packet(bufs[0], 1, 1, false)};
            byte[] drops = new byte[1];
            for (ConferenceMode mode : new ConferenceMode[] {ConferenceMode.E2EE_REQUIRED,
                     ConferenceMode.ACCELERATED}) {
                c.setMode(mode);
                assertEquals(0, b.egress(bufs, new int[] {ROOM_BEFORE}, lens, 1, meta,
                        new int[] {1}, new StreamRewriter[] {null}, drops));
                assertEquals(DropReason.NOT_INGRESSED, DropReason.ofOrdinal(drops[0]), mode.name());
            }
        }
    }

    /**
     * A conference in which a sends (through its client) and b receives; n of a's VP8
     * packets (sequence numbers from firstSeq, SSRC 0x11223344), each in its own buffer,
     * after a's ingress into metadata slots 0..n-1.
     */
    private static final class Forwarding implements AutoCloseable {
        final FastpathConference c;
        final FastpathEndpoint a;
        final FastpathEndpoint b;
        final PacketMetadata meta;
        final byte[][] bufs;
        final int[] offs;
        final int[] lens;

        Forwarding(String id, long seed, int n, int firstSeq) {
            byte[] kmA = keyingMaterial(seed);
            c = FastpathConference.create(id, ConferenceMode.ACCELERATED, ExpectedEnvelope.ANY);
            a = endpoint(c, "a", kmA, false);
            b = endpoint(c, "b", keyingMaterial(seed + 1), false);
            meta = new PacketMetadata(n);
            bufs = new byte[n][ROOM_BEFORE + 400 + ROOM_AFTER];
            offs = new int[n];
            lens = new int[n];
            try (Client ca = new Client(kmA)) {
                for (int k = 0; k < n; k++) {
                    offs[k] = ROOM_BEFORE;
                    int len = Vp8Frames.packet(bufs[k], firstSeq + k, firstSeq + k, false);
                    lens[k] = ca.out.transformRtp(bufs[k], ROOM_BEFORE, len);
                }
            }
            assertEquals(n, a.ingress(bufs, offs, lens, n, meta, 0));
        }

        /** Egress of packet k alone to b through `rewriter`; returns how many were sent. */
        int egressOne(int k, StreamRewriter rewriter) {
            return b.egress(new byte[][] {bufs[k]}, new int[] {ROOM_BEFORE},
                    new int[] {lens[k]}, 1, meta, new int[] {k}, new StreamRewriter[] {rewriter},
                    new byte[1]);
        }

        /** Packet k's header field of `bytes` bytes at `at` (big-endian). */
        int header(int k, int at, int bytes) {
            int v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (bufs[k][ROOM_BEFORE + at + i] & 0xff);
            }
            return v;
        }

        @Override
        public void close() {
            meta.close();
            b.close();
            a.close();
            c.close();
        }
    }

    /**
     * One egress call whose packets take rewriters [A, none, A]: both of A's packets are
     * rewritten (the batch holds A once, across the packet between that has none).
     */
    @Test
    void egressRewritesARunAroundAnUnrewrittenPacket() {
        try (Forwarding f = new Forwarding("cr", 21, 3, 700);
             StreamRewriter rw = new StreamRewriter(0x5eed, 90000)) {
            assertEquals(3, f.b.egress(f.bufs, f.offs, f.lens, 3, f.meta, new int[] {0, 1, 2},
                    new StreamRewriter[] {rw, null, rw}, new byte[3]));
            int[] expected = {0x5eed, 0x11223344, 0x5eed};
            for (int k = 0; k < 3; k++) {
                assertEquals(expected[k], f.header(k, 8, 4), "SSRC of packet " + k);
            }
        }
    }

    /**
     * skip: packets the receiver does not get (SVC layers above its own) close their gap in
     * the receiver's sequence numbers, as StreamRewriter.drop does one at a time.
     */
    @Test
    void skippedPacketsLeaveNoGapInTheReceiversSequence() {
        try (Forwarding f = new Forwarding("cs", 31, 4, 800);
             StreamRewriter rw = new StreamRewriter(0x5eed, 90000)) {
            assertEquals(1, f.egressOne(0, rw));
            f.b.skip(f.meta, new int[] {1, 2}, new StreamRewriter[] {rw, rw}, 2);
            assertEquals(1, f.egressOne(3, rw));
            assertEquals((f.header(0, 2, 2) + 1) & 0xffff, f.header(3, 2, 2),
                    "the skipped packets left a gap");
            assertThrows(IndexOutOfBoundsException.class,
                    () -> f.b.skip(f.meta, new int[] {4}, new StreamRewriter[] {rw}, 1));
        }
    }

    /**
     * A rewriter serves one thread at a time: while someone else holds it, an egress that
     * needs it is refused before any packet is touched; once it is given back, the same
     * egress goes through; close() waits for the holder.
     */
    @Test
    void aRewriterInUseElsewhereIsRefused() throws Exception {
        try (Forwarding f = new Forwarding("cx", 41, 1, 900)) {
            StreamRewriter rw = new StreamRewriter(0x5eed, 90000);
            byte[] before = f.bufs[0].clone();
            Object elsewhere = new Object();
            rw.enterExclusive(elsewhere);
            assertThrows(IllegalStateException.class, () -> f.egressOne(0, rw));
            assertThrows(IllegalStateException.class, () -> rw.drop(f.meta, 0));
            assertTrue(Arrays.equals(before, f.bufs[0]), "a refused egress touched the packet");
            rw.exitExclusive();
            assertEquals(1, f.egressOne(0, rw));
            rw.enterExclusive(elsewhere);
            AtomicBoolean released = new AtomicBoolean();
            Thread holder = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                released.set(true);
                rw.exitExclusive();
            });
            holder.start();
            rw.close();  // waits for the holder
            assertTrue(released.get(), "close() did not wait for the rewriter's holder");
            holder.join();
            assertThrows(IllegalStateException.class, () -> rw.enterExclusive(elsewhere));
        }
    }

    @Test
    void e2eeRequiredDropsPlaintextAndStarvesPlaintextReceivers() {
        byte[] kmA = keyingMaterial(3);
        byte[] kmB = keyingMaterial(4);
        byte[] kmR = keyingMaterial(5);
        try (FastpathConference c = FastpathConference.create("c2", ConferenceMode.E2EE_REQUIRED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             FastpathEndpoint recorder = endpoint(c, "recorder", kmR, true);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB);
             Client cr = new Client(kmR)) {
            DropReason[] plain = forward(a, b, ca, cb, 1, 5, false, null, 0);
            for (DropReason d : plain) {
                assertEquals(DropReason.PLAINTEXT_IN_E2EE_REQUIRED, d);
            }
            // Every E2EE frame passes, the stream's first included (each proves itself).
            DropReason[] e2ee = forward(a, b, ca, cb, 6, 5, true, null, 0);
            for (DropReason d : e2ee) {
                assertEquals(DropReason.NONE, d);
            }
            DropReason[] toRecorder = forward(a, recorder, ca, cr, 11, 3, true, null, 0);
            for (DropReason d : toRecorder) {
                assertEquals(DropReason.RECEIVER_NEEDS_PLAINTEXT, d);
            }
        }
    }

    @Test
    void aModifiedOpaqueByteIsNeverSent() {
        byte[] kmA = keyingMaterial(6);
        byte[] kmB = keyingMaterial(7);
        try (FastpathConference c = FastpathConference.create("c3",
                     ConferenceMode.E2EE_PASSTHROUGH, ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB)) {
            // Byte 150 of the packet lies in the VP8 frame: opaque.
            DropReason[] r = forward(a, b, ca, cb, 1, 3, true, null, 150);
            for (DropReason d : r) {
                assertEquals(DropReason.OPAQUE_MODIFIED_BEFORE_EGRESS, d);
            }
            // The same change in accelerated mode is the bridge's business.
            c.setMode(ConferenceMode.ACCELERATED);
            r = forward(a, b, ca, cb, 4, 3, true, null, 150);
            for (DropReason d : r) {
                assertEquals(DropReason.NONE, d);
            }
        }
    }

    @Test
    void modeSwitchesFromManyThreadsNeverDisturbTraffic() throws Exception {
        byte[] kmA = keyingMaterial(8);
        byte[] kmB = keyingMaterial(9);
        try (FastpathConference c = FastpathConference.create("c4",
                     ConferenceMode.E2EE_PASSTHROUGH, ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", kmA, false);
             FastpathEndpoint b = endpoint(c, "b", kmB, false);
             Client ca = new Client(kmA);
             Client cb = new Client(kmB);
             StreamRewriter rw = new StreamRewriter(0x77, 90000)) {
            forward(a, b, ca, cb, 1, 2, true, rw, 0);  // the stream proves itself E2EE
            AtomicBoolean done = new AtomicBoolean();
            Thread[] switchers = new Thread[3];
            for (int t = 0; t < switchers.length; t++) {
                final int offset = t;
                switchers[t] = new Thread(() -> {
                    ConferenceMode[] cycle = {ConferenceMode.ACCELERATED,
                            ConferenceMode.E2EE_PASSTHROUGH, ConferenceMode.E2EE_REQUIRED};
                    for (int i = 0; !done.get(); i++) {
                        c.setMode(cycle[(i + offset) % 3]);
                    }
                });
                switchers[t].start();
            }
            DropReason[] r = forward(a, b, ca, cb, 3, 2000, true, rw, 0);
            done.set(true);
            for (Thread t : switchers) {
                t.join();
            }
            for (DropReason d : r) {
                assertEquals(DropReason.NONE, d);
            }
        }
    }

    @Test
    void parsesPlainPacketsInOneCall() {
        byte[] km = keyingMaterial(11);
        try (FastpathConference c = FastpathConference.create("c6", ConferenceMode.ACCELERATED,
                     ExpectedEnvelope.JFRAME);
             FastpathEndpoint a = endpoint(c, "a", km, false);
             PacketMetadata meta = new PacketMetadata(8)) {
            int n = 8;
            byte[][] bufs = new byte[n][ROOM_BEFORE + 400 + ROOM_AFTER];
            int[] offs = new int[n];
            int[] lens = new int[n];
            Arrays.fill(offs, ROOM_BEFORE);
            for (int i = 0; i < n; i++) {
                lens[i] = Vp8Frames.packet(bufs[i], 40 + i, 2000 + i, true);
            }
            assertEquals(n, a.parse(bufs, offs, lens, n, meta, 0));
            PacketInfo info = new PacketInfo();
            for (int i = 0; i < n; i++) {
                meta.read(i, info);
                assertEquals(DropReason.NONE, info.drop);
                assertEquals(PacketInfo.Codec.VP8, info.codec);
                assertEquals(40 + i, info.sequenceNumber);
                assertEquals(0x11223344, info.ssrc);
                assertEquals(2000 + i, info.pictureId);
                assertEquals((40 + i) & 0xff, info.tl0PicIdx);
                assertEquals(0, info.keyframe);
                assertEquals(1, info.frameStart);
                assertEquals(1, info.frameEnd);
                assertEquals((40 + i) & 0xff, info.transportCcSeq);
                assertEquals(PacketInfo.Envelope.JFRAME, info.envelope);
                assertEquals(2, info.keyId);
            }
        }
    }

    @Test
    void misuseBecomesJavaExceptions() {
        byte[] km = keyingMaterial(10);
        FastpathConference c = FastpathConference.create("c5", ConferenceMode.ACCELERATED,
                ExpectedEnvelope.ANY);
        FastpathEndpoint a = endpoint(c, "a", km, false);
        PacketMetadata meta = new PacketMetadata(2);
        // Each slot holds a copy of a packet's opaque bytes: the window is bounded.
        assertThrows(IllegalArgumentException.class, () -> new PacketMetadata(65537));
        assertThrows(IllegalArgumentException.class, () -> new PacketMetadata(0));
        byte[][] bufs = {new byte[64]};
        assertThrows(IndexOutOfBoundsException.class,
                () -> a.ingress(bufs, new int[] {0}, new int[] {12}, 1, meta, 2));
        assertThrows(IndexOutOfBoundsException.class,
                () -> a.ingress(bufs, new int[] {60}, new int[] {12}, 1, meta, 0));
        assertThrows(NullPointerException.class,
                () -> a.ingress(new byte[][] {null}, new int[] {0}, new int[] {12}, 1, meta, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.egress(bufs, new int[] {0},
                new int[] {12}, 1, meta, new int[] {5}, new StreamRewriter[1], new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> FastpathEndpoint.create(c,
                new FastpathEndpoint.Spec("bad").srtp(PROFILE, new byte[3], false)));
        assertThrows(IndexOutOfBoundsException.class, () -> meta.read(2, new PacketInfo()));
        c.close();  // closes its endpoint too
        assertTrue(a.isClosed());
        assertThrows(IllegalStateException.class,
                () -> a.ingress(bufs, new int[] {0}, new int[] {12}, 1, meta, 0));
        assertThrows(IllegalStateException.class, () -> c.setMode(ConferenceMode.OFF));
        meta.close();
        assertEquals("e2ee-required", ConferenceMode.E2EE_REQUIRED.configName());
    }
}
