package org.jvbfastpath.jvb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvbfastpath.SrtpOutcome;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;
import org.jvbfastpath.standins.FastpathPacketAccess;
import org.jvbfastpath.standins.FastpathTransformerShim;
import org.jvbfastpath.standins.Packet;
import org.jvbfastpath.standins.PacketInfo;
import org.jvbfastpath.standins.SrtpErrorStatus;
import org.jvbfastpath.standins.SrtpTransformerNode;

/** The bridge adapter, driven through stand-ins of the bridge's packet, node and status. */
class FastpathSrtpTest {
    private static final BridgeStatusMap<SrtpErrorStatus> STATUS =
            BridgeStatusMap.of(SrtpErrorStatus.class);
    private static final FastpathPacketAccess ACCESS = FastpathPacketAccess.INSTANCE;

    /** The bridge and a peer: the same DTLS keying material, opposite roles. */
    private static final class Pair implements AutoCloseable {
        final FastpathSrtpTransformers bridge;
        final FastpathSrtpTransformers peer;

        Pair(SrtpProfile profile, long seed) {
            this(profile, seed, false);
        }

        Pair(SrtpProfile profile, long seed, boolean cryptex) {
            byte[] km = TestPackets.keyingMaterial(profile, seed);
            bridge = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(), km, false, cryptex);
            peer = FastpathSrtp.initializeTransformers("SRTP_" + profile.name(), km, true,
                    cryptex);
            assertNotNull(bridge);
            assertNotNull(peer);
        }

        @Override
        public void close() {
            bridge.close();
            peer.close();
        }
    }

    private static SrtpTransformerNode node(FastpathSrtpTransformer t) {
        SrtpTransformerNode n = new SrtpTransformerNode(t.kind().toString());
        n.setTransformer(new FastpathTransformerShim(t));
        return n;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpAndRtcpRoundTripBothWaysThroughNodes(SrtpProfile profile) {
        try (Pair pair = new Pair(profile, 11)) {
            assertEquals(profile, pair.bridge.profile());
            SrtpTransformerNode peerEncrypt = node(pair.peer.srtpEncrypt());
            SrtpTransformerNode bridgeDecrypt = node(pair.bridge.srtpDecrypt());
            SrtpTransformerNode bridgeEncrypt = node(pair.bridge.srtpEncrypt());
            SrtpTransformerNode peerDecrypt = node(pair.peer.srtpDecrypt());
            for (int seq = 65530; seq < 65550; seq++) {  // crosses a rollover
                Packet p = TestPackets.rtp(0x1234, seq & 0xffff, 160 + seq % 7);
                byte[] plain = p.copyOfData();
                PacketInfo info = new PacketInfo(p);
                assertEquals(1, peerEncrypt.process(info).size());
                assertEquals(plain.length + pair.peer.srtpEncrypt().roomAfter(), p.length);
                assertEquals(TestPackets.BEFORE, p.offset, "no reallocation with 20 bytes after");
                assertEquals(1, bridgeDecrypt.process(info).size());
                assertArrayEquals(plain, p.copyOfData());
                // Forwarded back out by the bridge, to the peer.
                assertEquals(1, bridgeEncrypt.process(info).size());
                assertEquals(1, peerDecrypt.process(info).size());
                assertArrayEquals(plain, p.copyOfData());
            }
            assertEquals(20L, bridgeDecrypt.stats().get("num_srtp_processed"));
            assertEquals(20L, pair.bridge.srtpDecrypt().outcomeCounts()[SrtpOutcome.OK.ordinal()]);

            for (int i = 0; i < 5; i++) {
                Packet sr = TestPackets.rtcpSr(0x1234, i);
                byte[] plain = sr.copyOfData();
                assertTrue(pair.peer.srtcpEncrypt().transform(sr, ACCESS) > plain.length);
                assertEquals(plain.length, pair.bridge.srtcpDecrypt().transform(sr, ACCESS));
                assertArrayEquals(plain, sr.copyOfData());
                assertEquals(SrtpErrorStatus.OK, STATUS.ofResult(
                        pair.bridge.srtcpEncrypt().transform(sr, ACCESS)));
                assertEquals(SrtpErrorStatus.OK, STATUS.ofResult(
                        pair.peer.srtcpDecrypt().transform(sr, ACCESS)));
                assertArrayEquals(plain, sr.copyOfData());
            }
            assertEquals(5, pair.bridge.srtcpDecrypt().statusCounts()[SrtpStatus.OK.ordinal()]);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTrailerFitsTheBridgesTwentyBytes(SrtpProfile profile) {
        try (Pair pair = new Pair(profile, 12)) {
            assertTrue(pair.bridge.srtpEncrypt().roomAfter() <= Packet.BYTES_TO_LEAVE_AT_END_OF_PACKET);
            assertTrue(pair.bridge.srtcpEncrypt().roomAfter() <= Packet.BYTES_TO_LEAVE_AT_END_OF_PACKET);
            assertEquals(0, pair.bridge.srtpDecrypt().roomAfter());
            // Pooled buffers, as the socket reader fills them.
            Packet plain = TestPackets.rtp(7, 1, 1100);
            Packet wire = Packet.fromWire(plain.buffer, plain.offset, plain.length);
            assertTrue(pair.peer.srtpEncrypt().transform(wire, ACCESS) > 0);
            assertEquals(plain.length, pair.bridge.srtpDecrypt().transform(wire, ACCESS));
            assertArrayEquals(plain.copyOfData(), wire.copyOfData());
        }
    }

    @Test
    void theSixBridgeStatuses() {
        try (Pair pair = new Pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 13)) {
            FastpathSrtpTransformer enc = pair.peer.srtpEncrypt();
            FastpathSrtpTransformer dec = pair.bridge.srtpDecrypt();
            SrtpTransformerNode node = node(dec);
            List<Packet> sent = new ArrayList<>();
            for (int seq = 100; seq < 200; seq++) {
                Packet p = TestPackets.rtp(42, seq, 100);
                assertTrue(enc.transform(p, ACCESS) > 0);
                sent.add(p);
            }
            // OK
            for (int i = 0; i < 99; i++) {
                assertEquals(1, node.process(new PacketInfo(TestPackets.copy(sent.get(i)))).size());
            }
            // AUTH_FAIL: a flipped payload bit.
            Packet tampered = TestPackets.copy(sent.get(99));
            tampered.buffer[tampered.offset + 40] ^= 1;
            assertEquals(SrtpErrorStatus.AUTH_FAIL, STATUS.ofResult(dec.transform(tampered, ACCESS)));
            // OK for the genuine one, then REPLAY_FAIL for it again.
            assertEquals(SrtpErrorStatus.OK, STATUS.ofResult(dec.transform(TestPackets.copy(sent.get(99)), ACCESS)));
            assertEquals(SrtpErrorStatus.REPLAY_FAIL,
                    STATUS.ofResult(dec.transform(TestPackets.copy(sent.get(99)), ACCESS)));
            // REPLAY_OLD: 99 packets behind, outside the 64-packet window.
            assertEquals(SrtpErrorStatus.REPLAY_OLD,
                    STATUS.ofResult(dec.transform(TestPackets.copy(sent.get(0)), ACCESS)));
            // INVALID_PACKET: shorter than a header, and a wrong RTP version.
            assertEquals(SrtpErrorStatus.INVALID_PACKET, STATUS.ofResult(dec.transform(new byte[40], 10, 5)));
            Packet v1 = TestPackets.copy(sent.get(50));
            v1.buffer[v1.offset] = 0x40;
            assertEquals(SrtpErrorStatus.INVALID_PACKET, STATUS.ofResult(dec.transform(v1, ACCESS)));
            // FAIL: an encrypt with no room after the packet, and a closed transformer.
            Packet tight = TestPackets.rtp(42, 300, 100);
            byte[] exact = tight.copyOfData();
            assertEquals(0, enc.statusCounts()[SrtpStatus.NO_ROOM.ordinal()]);
            int r = enc.transform(exact, 0, exact.length);
            assertEquals(SrtpStatus.NO_ROOM, FastpathSrtp.status(r));
            assertEquals(SrtpErrorStatus.FAIL, STATUS.ofResult(r));
            assertEquals(1, enc.statusCounts()[SrtpStatus.NO_ROOM.ordinal()]);
            assertEquals(1, enc.outcomeCounts()[SrtpOutcome.FAIL.ordinal()]);
            pair.bridge.srtcpDecrypt().close();
            assertEquals(SrtpErrorStatus.FAIL, STATUS.ofResult(
                    pair.bridge.srtcpDecrypt().transform(TestPackets.rtcpSr(1, 1), ACCESS)));

            Map<String, Long> stats = node.stats();
            assertEquals(99L, stats.get("num_srtp_processed"));
            long[] outcomes = dec.outcomeCounts();
            assertEquals(100, outcomes[SrtpOutcome.OK.ordinal()]);
            assertEquals(1, outcomes[SrtpOutcome.AUTH_FAIL.ordinal()]);
            assertEquals(1, outcomes[SrtpOutcome.REPLAY_FAIL.ordinal()]);
            assertEquals(1, outcomes[SrtpOutcome.REPLAY_OLD.ordinal()]);
            assertEquals(2, outcomes[SrtpOutcome.INVALID_PACKET.ordinal()]);
        }
    }

    @Test
    void aPacketWithoutRoomIsMovedByTheBridgesGrowOrFails() {
        try (Pair pair = new Pair(SrtpProfile.AEAD_AES_128_GCM, 14)) {
            Packet plain = TestPackets.rtp(9, 1, 200);
            byte[] exact = plain.copyOfData();
            Packet p = new Packet(exact, 0, exact.length);  // nothing after the packet
            int r = pair.peer.srtpEncrypt().transform(p, ACCESS);
            assertEquals(exact.length + 16, r);
            assertNotSame(exact, p.buffer, "grow moved it to a larger pooled array");
            assertEquals(r, p.length);
            assertEquals(exact.length, pair.bridge.srtpDecrypt().transform(p, ACCESS));
            assertArrayEquals(exact, p.copyOfData());

            // An access that cannot grow: FAIL, counted, packet untouched.
            PacketAccess<Packet> noGrow = new PacketAccess<>() {
                @Override public byte[] buffer(Packet q) { return q.buffer; }
                @Override public int offset(Packet q) { return q.offset; }
                @Override public int length(Packet q) { return q.length; }
                @Override public void setLength(Packet q, int length) { q.length = length; }
            };
            Packet q = TestPackets.rtp(9, 2, 200);
            byte[] tight = q.copyOfData();
            Packet t = new Packet(tight.clone(), 0, tight.length);
            assertEquals(SrtpErrorStatus.FAIL,
                    STATUS.ofResult(pair.peer.srtpEncrypt().transform(t, noGrow)));
            assertArrayEquals(tight, t.buffer);
            assertEquals(tight.length, t.length);
            assertEquals(1, pair.peer.srtpEncrypt().statusCounts()[SrtpStatus.NO_ROOM.ordinal()]);
        }
    }

    @Test
    void batchesOfArraysAndOfPackets() {
        try (Pair pair = new Pair(SrtpProfile.AEAD_AES_256_GCM, 15)) {
            List<Packet> packets = new ArrayList<>();
            List<byte[]> plain = new ArrayList<>();
            for (int i = 0; i < 300; i++) {  // more than one native batch
                Packet p = TestPackets.rtp(0x77, i, 100 + i);
                plain.add(p.copyOfData());
                packets.add(p);
            }
            byte[] statuses = new byte[packets.size()];
            assertEquals(300, pair.peer.srtpEncrypt().transformBatch(packets, ACCESS, statuses));
            packets.get(7).buffer[packets.get(7).offset + 30] ^= 1;
            assertEquals(299, pair.bridge.srtpDecrypt().transformBatch(packets, ACCESS, statuses));
            assertEquals(SrtpErrorStatus.AUTH_FAIL, STATUS.ofStatus(statuses[7]));
            for (int i = 0; i < 300; i++) {
                if (i != 7) {
                    assertEquals(SrtpErrorStatus.OK, STATUS.ofStatus(statuses[i]));
                    assertArrayEquals(plain.get(i), packets.get(i).copyOfData());
                }
            }

            int n = 8;
            byte[][] bufs = new byte[n][];
            int[] offs = new int[n];
            int[] lens = new int[n];
            byte[] st = new byte[n];
            for (int i = 0; i < n; i++) {
                Packet sr = TestPackets.rtcpSr(0x77, i);
                bufs[i] = sr.buffer;
                offs[i] = sr.offset;
                lens[i] = sr.length;
            }
            assertEquals(n, pair.peer.srtcpEncrypt().transformBatch(bufs, offs, lens, n, st));
            assertEquals(n, pair.bridge.srtcpDecrypt().transformBatch(bufs, offs, lens, n, st));
            for (int i = 0; i < n; i++) {
                assertEquals(28, lens[i]);
            }
            // A closed transformer fails every slot.
            pair.bridge.srtcpDecrypt().close();
            assertEquals(0, pair.bridge.srtcpDecrypt().transformBatch(bufs, offs, lens, n, st));
            assertEquals(SrtpStatus.CLOSED.ordinal(), st[0]);
        }
    }

    /**
     * An audio packet as a browser sends it with Cryptex negotiated: an RFC 8285 one-byte block
     * (audio level, id 1) and/or {@code csrcs} CSRCs, in the bridge's buffer layout.
     */
    private static Packet audioWithHeader(int seq, int csrcs, boolean extension) {
        Packet p = TestPackets.rtp(0x5151, seq, 80);
        int header = 4 * csrcs + (extension ? 8 : 0);
        byte[] b = new byte[TestPackets.BEFORE + p.length + header + TestPackets.AFTER];
        int o = TestPackets.BEFORE;
        System.arraycopy(p.buffer, p.offset, b, o, 12);
        b[o] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcs);
        int at = o + 12;
        for (int i = 0; i < csrcs; i++, at += 4) {
            b[at + 3] = (byte) (i + 1);
        }
        if (extension) {
            byte[] block = {(byte) 0xBE, (byte) 0xDE, 0, 1, 0x10, (byte) (0x80 | seq % 127), 0, 0};
            System.arraycopy(block, 0, b, at, block.length);
            at += block.length;
        }
        System.arraycopy(p.buffer, p.offset + 12, b, at, p.length - 12);
        return new Packet(b, o, p.length + header);
    }

    private static int profileAt(Packet p) {
        int at = p.offset + 12 + 4 * (p.buffer[p.offset] & 0x0f);
        return ((p.buffer[at] & 0xff) << 8) | (p.buffer[at + 1] & 0xff);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void withCryptexTheTransformersHideExtensionsAndCsrcs(SrtpProfile profile) {
        assertNull(FastpathSrtp.defaults().unsupportedReason(profile.dtlsSrtpId(), true));
        try (Pair pair = new Pair(profile, 16, true);
             Pair withoutCryptex = new Pair(profile, 16, false)) {
            SrtpTransformerNode peerEncrypt = node(pair.peer.srtpEncrypt());
            SrtpTransformerNode bridgeDecrypt = node(pair.bridge.srtpDecrypt());
            for (int seq = 65530; seq < 65542; seq++) {  // crosses a rollover
                int csrcs = seq % 3;
                boolean extension = seq % 4 != 1 || csrcs == 0;
                Packet p = audioWithHeader(seq & 0xffff, csrcs, extension);
                byte[] plain = p.copyOfData();
                PacketInfo info = new PacketInfo(p);
                assertEquals(1, peerEncrypt.process(info).size());
                assertEquals(0xC0DE, profileAt(p), "seq " + seq + ": sent as Cryptex");
                assertEquals(TestPackets.BEFORE, p.offset, "the empty block and tag fit in 20");
                Packet copy = TestPackets.copy(p);
                // The bridge without Cryptex negotiated takes it too, as jitsi-srtp does.
                assertEquals(SrtpErrorStatus.OK, STATUS.ofResult(
                        withoutCryptex.bridge.srtpDecrypt().transform(copy, ACCESS)));
                assertEquals(1, bridgeDecrypt.process(info).size());
                byte[] expected = plain;
                if (!extension) {  // CSRCs only: the empty block the sender added stays
                    expected = new byte[plain.length + 4];
                    int at = 12 + 4 * csrcs;
                    System.arraycopy(plain, 0, expected, 0, at);
                    expected[0] |= 0x10;
                    expected[at] = (byte) 0xBE;
                    expected[at + 1] = (byte) 0xDE;
                    System.arraycopy(plain, at, expected, at + 4, plain.length - at);
                }
                assertArrayEquals(expected, p.copyOfData(), "seq " + seq);
            }
            assertEquals(12L, pair.bridge.srtpDecrypt().outcomeCounts()[SrtpOutcome.OK.ordinal()]);
            assertEquals(12L, withoutCryptex.bridge.srtpDecrypt().statusCounts()[
                    SrtpStatus.OK.ordinal()]);
            // ... and sends without it: the extension in the clear.
            Packet clear = audioWithHeader(7, 0, true);
            assertTrue(withoutCryptex.bridge.srtpEncrypt().transform(clear, ACCESS) > 0);
            assertEquals(0xBEDE, profileAt(clear));
        }
    }

    @Test
    void unknownProfilesKeepTheBridgesPath() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] km = TestPackets.keyingMaterial(profile, 16);
        assertNull(FastpathSrtp.defaults().unsupportedReason(profile.dtlsSrtpId(), false));
        // SRTP_NULL_HMAC_SHA1_80 (0x0005): the bridge supports it, we do not.
        assertNull(FastpathSrtp.initializeTransformers(0x0005, new byte[60], true, false));
        assertNull(FastpathSrtp.initializeTransformers(0x0005, new byte[60], true, true));
        assertTrue(FastpathSrtp.defaults().unsupportedReason(0x0005, false).contains("0x5"));
        assertNull(FastpathSrtp.initializeTransformers("SRTP_NULL_HMAC_SHA1_80", km, true, false));
        assertThrows(IllegalArgumentException.class,
                () -> FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(), new byte[10], true, false));
    }

    @Test
    void profileNames() {
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                FastpathSrtp.profileOf("SRTP_AES128_CM_HMAC_SHA1_80"));
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_32,
                FastpathSrtp.profileOf("aes_cm_128_hmac_sha1_32"));
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, FastpathSrtp.profileOf("SRTP_AEAD_AES_128_GCM"));
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, FastpathSrtp.profileOf(0x0008));
        assertNull(FastpathSrtp.profileOf("SRTP_NULL_HMAC_SHA1_32"));
        assertNull(FastpathSrtp.profileOf((String) null));
    }

    @Test
    void withoutTheLibraryTheAdapterSaysSoOnceAndStepsAside() {
        Logger log = Logger.getLogger(FastpathSrtp.LOGGER_NAME);
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r);
                }
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        log.addHandler(h);
        try {
            FastpathSrtp absent = new FastpathSrtp(() -> "test: no libjvbfastpath.so for s390x",
                    SrtpSession.DEFAULT_REPLAY_WINDOW, SrtpSession.DEFAULT_MAX_STREAMS);
            SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
            byte[] km = TestPackets.keyingMaterial(profile, 17);
            for (int i = 0; i < 5; i++) {
                assertNull(absent.create(profile.dtlsSrtpId(), km, i % 2 == 0, false));
            }
            assertTrue(absent.unsupportedReason(1, false).contains("not available"));
            long warnings;
            synchronized (records) {
                warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
                assertTrue(records.get(0).getMessage().contains("s390x"));
            }
            assertEquals(1, warnings);
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void statusMapNeedsAllSixNamesInTheBridgesOrder() {
        for (SrtpOutcome o : SrtpOutcome.values()) {
            assertEquals(o.name(), SrtpErrorStatus.values()[o.ordinal()].name());
            assertEquals(SrtpErrorStatus.valueOf(o.name()), STATUS.of(o));
        }
        assertEquals(SrtpErrorStatus.FAIL, STATUS.of(SrtpStatus.CLOSED));
        assertEquals(SrtpErrorStatus.INVALID_PACKET, STATUS.of(SrtpStatus.MALFORMED));
        assertThrows(IllegalArgumentException.class, () -> BridgeStatusMap.of(Level5.class));
    }

    private enum Level5 { OK, FAIL, AUTH_FAIL, REPLAY_FAIL, REPLAY_OLD }

    @Test
    void closingTheSetClosesEachTransformerAndKeepsCounts() {
        Pair pair = new Pair(SrtpProfile.AES_CM_128_HMAC_SHA1_32, 18);
        Packet p = TestPackets.rtp(5, 5, 50);
        assertTrue(pair.peer.srtpEncrypt().transform(p, ACCESS) > 0);
        assertTrue(pair.bridge.srtpDecrypt().transform(p, ACCESS) > 0);
        pair.bridge.srtpDecrypt().close();
        assertTrue(pair.bridge.srtpDecrypt().isClosed());
        assertTrue(!pair.bridge.srtcpDecrypt().isClosed(), "the inbound session serves SRTCP still");
        pair.close();
        pair.close();  // idempotent
        assertTrue(pair.bridge.isClosed());
        assertEquals(1, pair.bridge.srtpDecrypt().statusCounts()[SrtpStatus.OK.ordinal()]);
        Packet q = TestPackets.rtp(5, 6, 50);
        assertEquals(SrtpStatus.CLOSED, FastpathSrtp.status(pair.peer.srtpEncrypt().transform(q, ACCESS)));
        assertEquals(1, pair.peer.srtpEncrypt().statusCounts()[SrtpStatus.CLOSED.ordinal()]);
    }

    @Test
    void callerBugsStillThrow() {
        try (Pair pair = new Pair(SrtpProfile.AEAD_AES_128_GCM, 19)) {
            FastpathSrtpTransformer enc = pair.bridge.srtpEncrypt();
            assertThrows(NullPointerException.class, () -> enc.transform(null, 0, 12));
            assertThrows(IndexOutOfBoundsException.class, () -> enc.transform(new byte[50], 40, 20));
            assertThrows(IndexOutOfBoundsException.class, () -> enc.transform(new byte[50], -1, 20));
        }
    }
}
