package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.jvbfastpath.testdata.Keys;

class SrtpSessionTest {
    private static final int ROOM_BEFORE = 10;  // the bridge's buffers: room before and after
    private static final int ROOM_AFTER = 20;

    private static byte[] material(SrtpProfile profile, long seed) {
        return Keys.keyingMaterial(profile, seed);
    }

    /** An RTP packet at offset ROOM_BEFORE in a pool-like buffer. */
    private static byte[] rtpPacket(int seq, int payloadLength) {
        byte[] buf = new byte[ROOM_BEFORE + 12 + payloadLength + ROOM_AFTER];
        buf[ROOM_BEFORE] = (byte) 0x80;
        buf[ROOM_BEFORE + 1] = 111;
        buf[ROOM_BEFORE + 2] = (byte) (seq >> 8);
        buf[ROOM_BEFORE + 3] = (byte) seq;
        buf[ROOM_BEFORE + 8] = 0x0a;
        buf[ROOM_BEFORE + 11] = 0x01;
        for (int i = 0; i < payloadLength; i++) {
            buf[ROOM_BEFORE + 12 + i] = (byte) (i * 7 + seq);
        }
        return buf;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void dtlsClientAndServerInteroperate(SrtpProfile profile) {
        byte[] km = material(profile, 1);
        try (SrtpSession clientOut = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.OUTBOUND);
             SrtpSession serverIn = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.SERVER,
                     SrtpSession.Direction.INBOUND)) {
            byte[] buf = rtpPacket(1000, 160);
            byte[] original = Arrays.copyOfRange(buf, ROOM_BEFORE, ROOM_BEFORE + 172);
            int protectedLength = clientOut.transformRtp(buf, ROOM_BEFORE, 172);
            assertEquals(172 + clientOut.protectRoom(false), protectedLength);
            int length = serverIn.transformRtp(buf, ROOM_BEFORE, protectedLength);
            assertEquals(172, length);
            assertArrayEquals(original, Arrays.copyOfRange(buf, ROOM_BEFORE, ROOM_BEFORE + 172));
        }
    }

    /**
     * Overlapping packet calls on one session from several threads (a misuse: libsrtp's
     * state is one thread's at a time) get IllegalStateException, never a crash or a
     * corrupted session: every call either works or is refused.
     */
    @Test
    void overlappingCallsFromManyThreadsAreRefusedNotRun() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] km = material(profile, 9);
        try (SrtpSession out = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                SrtpSession.Direction.OUTBOUND)) {
            java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<Throwable> other =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    byte[][] bufs = new byte[16][];
                    int[] offs = new int[16];
                    int[] lens = new int[16];
                    byte[] statuses = new byte[16];
                    for (int round = 0; round < 2000; round++) {
                        for (int i = 0; i < 16; i++) {
                            bufs[i] = rtpPacket(seq.incrementAndGet() & 0xffff, 160);
                            offs[i] = ROOM_BEFORE;
                            lens[i] = 172;
                        }
                        try {
                            out.transformRtpBatch(bufs, offs, lens, 16, statuses);
                        } catch (IllegalStateException e) {
                            refused.incrementAndGet();
                        } catch (Throwable e) {
                            other.set(e);
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(null, other.get());
            // Every packet of every call that ran was counted once (whatever its status).
            long counted = Arrays.stream(out.counters()[0]).sum();
            assertEquals((threads.length * 2000L - refused.get()) * 16, counted);
        }
    }

    @Test
    void sameRoleOnBothSidesFailsAuthentication() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        byte[] km = material(profile, 2);
        try (SrtpSession out = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.OUTBOUND);
             SrtpSession in = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.INBOUND)) {
            byte[] buf = rtpPacket(1, 100);
            int n = out.transformRtp(buf, ROOM_BEFORE, 112);
            int result = in.transformRtp(buf, ROOM_BEFORE, n);
            assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.ofResult(result));
            assertEquals(SrtpOutcome.AUTH_FAIL, SrtpStatus.ofResult(result).outcome());
            assertEquals(1, in.counters()[0][SrtpStatus.AUTH_FAIL.ordinal()]);
        }
    }

    @Test
    void batchReportsEachPacketAndReplays() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] km = material(profile, 3);
        try (SrtpSession out = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.SERVER,
                     SrtpSession.Direction.OUTBOUND);
             SrtpSession in = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.INBOUND)) {
            int n = 8;
            byte[][] bufs = new byte[n][];
            int[] offs = new int[n];
            int[] lens = new int[n];
            byte[] statuses = new byte[n];
            for (int i = 0; i < n; i++) {
                bufs[i] = rtpPacket(i, 1200);
                offs[i] = ROOM_BEFORE;
                lens[i] = 1212;
            }
            assertEquals(n, out.transformRtpBatch(bufs, offs, lens, n, statuses));
            bufs[3][ROOM_BEFORE + 100] ^= 1;      // tampered payload
            bufs[5] = bufs[4].clone();              // replay of packet 4
            lens[5] = lens[4];
            assertEquals(n - 2, in.transformRtpBatch(bufs, offs, lens, n, statuses));
            assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.ofOrdinal(statuses[3]));
            assertEquals(SrtpStatus.REPLAY_FAIL, SrtpStatus.ofOrdinal(statuses[5]));
            for (int i : new int[] {0, 1, 2, 4, 6, 7}) {
                assertEquals(SrtpStatus.OK, SrtpStatus.ofOrdinal(statuses[i]));
                assertEquals(1212, lens[i]);
            }
        }
    }

    /**
     * Batches give what single calls give, byte for byte: through the JNI entries small
     * packets are staged in one array (PacketBatch.stage), larger ones, or a call
     * with one, are not; packets without room, tampered and replayed ones, odd offsets and
     * buffers with more room than a staging slot.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void batchesStagedOrNotGiveWhatSingleCallsGive(SrtpProfile profile) {
        if (Fastpath.nativeEntry().equals("jni")) {
            assertTrue(PacketBatch.STAGING, "small packets are staged through the JNI entries");
        }
        byte[] km = material(profile, 11);
        java.util.Random random = new java.util.Random(profile.ordinal());
        try (SrtpSession outBatch = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.SERVER,
                     SrtpSession.Direction.OUTBOUND);
             SrtpSession outSingle = SrtpSession.fromDtls(profile, km,
                     SrtpSession.DtlsRole.SERVER, SrtpSession.Direction.OUTBOUND);
             SrtpSession inBatch = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.INBOUND);
             SrtpSession inSingle = SrtpSession.fromDtls(profile, km, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.INBOUND)) {
            int seq = 0;
            for (int round = 0; round < 12; round++) {
                // Rounds 0-5: every packet small (staged); 6-11: one of 1200 bytes among them.
                int n = 1 + random.nextInt(40);
                byte[][] bufs = new byte[n][];
                int[] offs = new int[n];
                int[] lens = new int[n];
                for (int i = 0; i < n; i++) {
                    int payload = round >= 6 && i == n / 2 ? 1200 : random.nextInt(470);
                    byte[] p = rtpPacket(seq++, payload);
                    int before = random.nextInt(3) == 0 ? 0 : ROOM_BEFORE;
                    int after = i % 7 == 3 ? 0 : i % 7 == 5 ? 900 : ROOM_AFTER;  // none, plenty
                    bufs[i] = new byte[before + 12 + payload + after];
                    System.arraycopy(p, ROOM_BEFORE, bufs[i], before, 12 + payload);
                    offs[i] = before;
                    lens[i] = 12 + payload;
                }
                byte[][] single = deepCopy(bufs);
                int[] singleLens = lens.clone();
                byte[] statuses = new byte[n];
                outBatch.transformRtpBatch(bufs, offs, lens, n, statuses);
                expectSingleCalls("protect, round " + round, outSingle, single, singleLens, bufs,
                        offs, lens, statuses);
                // Unprotect: one tampered, one replayed.
                if (n > 2) {
                    bufs[1][offs[1] + 12] ^= 1;
                    single[1][offs[1] + 12] ^= 1;
                    bufs[2] = bufs[0].clone();
                    single[2] = single[0].clone();
                    offs[2] = offs[0];
                    lens[2] = lens[0];
                    singleLens[2] = singleLens[0];
                }
                inBatch.transformRtpBatch(bufs, offs, lens, n, statuses);
                expectSingleCalls("unprotect, round " + round, inSingle, single, singleLens, bufs,
                        offs, lens, statuses);
            }
        }
    }

    /**
     * Runs `single`'s packets one call each through `session` and expects what the batch
     * gave: each status, length and byte (a single protect without room throws where the
     * batch says NO_ROOM).
     */
    private static void expectSingleCalls(String what, SrtpSession session, byte[][] single,
            int[] singleLens, byte[][] bufs, int[] offs, int[] lens, byte[] statuses) {
        for (int i = 0; i < single.length; i++) {
            int r;
            try {
                r = session.transformRtp(single[i], offs[i], singleLens[i]);
            } catch (IllegalArgumentException noRoom) {
                r = -SrtpStatus.NO_ROOM.ordinal();
            }
            assertEquals(SrtpStatus.ofResult(r), SrtpStatus.ofOrdinal(statuses[i]),
                    what + " packet " + i);
            if (r >= 0) {
                singleLens[i] = r;
            }
            assertEquals(singleLens[i], lens[i], what + " packet " + i);
            assertArrayEquals(single[i], bufs[i], what + " packet " + i);
        }
    }

    private static byte[][] deepCopy(byte[][] bufs) {
        byte[][] copy = new byte[bufs.length][];
        for (int i = 0; i < bufs.length; i++) {
            copy[i] = bufs[i].clone();
        }
        return copy;
    }

    @Test
    void misuseBecomesJavaExceptions() {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        SrtpSession out = SrtpSession.fromDtls(profile, material(profile, 4),
                SrtpSession.DtlsRole.CLIENT, SrtpSession.Direction.OUTBOUND);
        byte[] buf = rtpPacket(1, 10);
        assertThrows(NullPointerException.class, () -> out.transformRtp(null, 0, 12));
        assertThrows(IndexOutOfBoundsException.class, () -> out.transformRtp(buf, -1, 12));
        assertThrows(IndexOutOfBoundsException.class, () -> out.transformRtp(buf, 0, buf.length + 1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> out.transformRtp(buf, buf.length, Integer.MAX_VALUE));
        // No room for the 16-byte tag after the packet.
        byte[] tight = Arrays.copyOfRange(buf, ROOM_BEFORE, ROOM_BEFORE + 22);
        assertThrows(IllegalArgumentException.class, () -> out.transformRtp(tight, 0, 22));
        assertThrows(IllegalArgumentException.class,
                () -> SrtpSession.fromMasterKey(profile, new byte[5], SrtpSession.Direction.INBOUND));
        assertThrows(NullPointerException.class,
                () -> SrtpSession.fromMasterKey(profile, null, SrtpSession.Direction.INBOUND));
        out.close();
        out.close();  // idempotent
        assertTrue(out.isClosed());
        assertThrows(IllegalStateException.class, () -> out.transformRtp(buf, ROOM_BEFORE, 22));
    }

    @Test
    void invalidPacketsAreStatusesNotExceptions() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_32;
        try (SrtpSession in = SrtpSession.fromDtls(profile, material(profile, 5),
                SrtpSession.DtlsRole.CLIENT, SrtpSession.Direction.INBOUND)) {
            byte[] buf = new byte[64];
            assertEquals(SrtpStatus.TOO_SHORT, SrtpStatus.ofResult(in.transformRtp(buf, 0, 5)));
            buf[0] = 0x40;  // version 1
            assertEquals(SrtpStatus.BAD_VERSION, SrtpStatus.ofResult(in.transformRtp(buf, 0, 40)));
            assertEquals(SrtpOutcome.INVALID_PACKET, SrtpStatus.BAD_VERSION.outcome());
        }
    }
}
