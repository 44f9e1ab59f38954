package org.jvbfastpath.jitsisrtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvbfastpath.SrtpProfile;

/**
 * SRTP against the real jitsi-srtp, every profile: both senders must produce the same bytes
 * for the same packets, and each side's receiver must give the same outcome (and plain bytes)
 * for what the other side sent. Where the two differ on purpose, see
 * {@link PinnedDifferencesTest}.
 */
class RtpDifferentialTest {
    private static final int SSRC = 0x1a2b3c4d;

    /** Sends {@code seqs} through both senders, which must agree; returns the wire. */
    private static List<byte[]> sendAll(Sides s, int ssrc, int[] seqs, int payload) {
        List<byte[]> wire = new ArrayList<>();
        for (int seq : seqs) {
            Sides.Pair p = s.protect(false, Wire.rtp(ssrc, seq & 0xffff, payload))
                    .assertSame("protect seq " + (seq & 0xffff));
            wire.add(p.theirs.bytes);
        }
        return wire;
    }

    private static int[] range(int from, int count) {
        int[] seqs = new int[count];
        for (int i = 0; i < count; i++) {
            seqs[i] = (from + i) & 0xffff;
        }
        return seqs;
    }

    private static void receiveAll(Sides s, List<byte[]> wire, String what) {
        for (int i = 0; i < wire.size(); i++) {
            s.unprotect(false, wire.get(i)).assertSame(what + " packet " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void headersPayloadSizesAndPaddingMatchByteForByte(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 1)) {
            int seq = 4000;
            for (int payload : new int[] {0, 1, 15, 16, 17, 60, 160, 1200, 1400}) {
                for (int csrcs : new int[] {0, 1, 15}) {
                    for (int ext : new int[] {0, 1, 3}) {
                        for (boolean padding : new boolean[] {false, true}) {
                            byte[] plain = Wire.rtp(SSRC, seq, payload, csrcs, ext, padding);
                            String what = "payload " + payload + " csrcs " + csrcs + " ext "
                                    + ext + " padding " + padding;
                            Sides.Pair sent = s.protect(false, plain).assertSame(what);
                            Sides.Pair got = s.unprotect(false, sent.theirs.bytes, sent.ours.bytes)
                                    .assertSame(what);
                            assertArrayEquals(plain, got.ours.bytes);
                            seq++;
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverAtEveryStartAroundTheWrap(SrtpProfile profile) {
        for (int start : new int[] {65535 - 300, 65535, 0, 32767, 32768}) {
            try (Sides s = new Sides(profile, 2)) {
                List<byte[]> wire = sendAll(s, SSRC, range(start, 700), 100);
                receiveAll(s, wire, "start " + start);
            }
        }
        // A long stream: several rollovers (ROC 0 to 3).
        try (Sides s = new Sides(profile, 3)) {
            for (int chunk = 0; chunk < 4 * 65536 / 4096 + 2; chunk++) {
                List<byte[]> wire = sendAll(s, SSRC, range(60000 + chunk * 4096, 4096), 20);
                receiveAll(s, wire, "chunk " + chunk);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void outOfOrderSendingAndReceiving(SrtpProfile profile) {
        Random random = new Random(4);
        try (Sides s = new Sides(profile, 4)) {
            // The bridge forwards out of order: send in blocks shuffled within 100 packets,
            // across a rollover.
            List<Integer> order = new ArrayList<>();
            for (int block = 0; block < 30; block++) {
                List<Integer> b = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    b.add((64000 + block * 100 + i) & 0xffff);
                }
                Collections.shuffle(b, random);
                order.addAll(b);
            }
            int[] seqs = order.stream().mapToInt(Integer::intValue).toArray();
            List<byte[]> wire = sendAll(s, SSRC, seqs, 80);
            // Receivers get it reordered again, with some duplicates and some late packets.
            List<byte[]> delivery = new ArrayList<>();
            for (int i = 0; i < wire.size(); i++) {
                delivery.add(wire.get(i));
                if (random.nextInt(10) == 0) {
                    delivery.add(wire.get(Math.max(0, i - random.nextInt(200))));
                }
            }
            for (int i = 0; i + 10 < delivery.size(); i += 10) {
                Collections.shuffle(delivery.subList(i, i + 10), random);
            }
            receiveAll(s, delivery, "reordered");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayWindowEdges(SrtpProfile profile) {
        for (int start : new int[] {1000, 65536 - 100, 65536 - 30}) {
            try (Sides s = new Sides(profile, 5)) {
                List<byte[]> wire = sendAll(s, SSRC, range(start, 200), 40);
                // Newest first at 150, then everything behind it, then the rest.
                s.unprotect(false, wire.get(150)).assertSame("newest");
                for (int back : new int[] {1, 2, 62, 63, 64, 65, 100, 150}) {
                    s.unprotect(false, wire.get(150 - back)).assertSame(back + " behind");
                    s.unprotect(false, wire.get(150 - back)).assertSame(back + " behind, again");
                }
                s.unprotect(false, wire.get(150)).assertSame("newest again");
                for (int i = 151; i < 200; i++) {
                    s.unprotect(false, wire.get(i)).assertSame("after " + i);
                }
                // A jump ahead by more than the window, then the edge right behind it.
                s.unprotect(false, wire.get(199 - 64)).assertSame("64 behind 199");
                s.unprotect(false, wire.get(199 - 63)).assertSame("63 behind 199, again");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void retransmissionsOfOldPacketsGoOutAsTheyFirstDid(SrtpProfile profile) {
        // The bridge resends a packet with its original sequence number when the receiver has
        // no RTX (RetransmissionSender.retransmitPlain): jitsi-srtp protects it again with the
        // index its sequence number gives, however old.
        for (int start : new int[] {1000, 65536 - 3000}) {
            try (Sides s = new Sides(profile, 6)) {
                List<byte[]> wire = sendAll(s, SSRC, range(start, 6000), 30);
                for (int back : new int[] {0, 1, 63, 64, 255, 256, 257, 1000, 5999}) {
                    int i = 5999 - back;
                    Sides.Pair again = s.protect(false, Wire.rtp(SSRC, (start + i) & 0xffff, 30))
                            .assertSame("resend " + back + " behind");
                    assertArrayEquals(wire.get(i), again.ours.bytes,
                            "a resend " + back + " behind differs from the first send");
                }
                // The stream goes on as before the resends.
                List<byte[]> more = sendAll(s, SSRC, range(start + 6000, 100), 30);
                receiveAll(s, more, "after the resends");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void sendSideSequenceJumpsOver32768(SrtpProfile profile) {
        // Past the first 32768 indexes, a jump of more than 32768 reads (RFC 3711 3.3.1) as a
        // packet of the previous rollover period: both sides protect it with ROC - 1 and keep
        // their state, so the packets after it go out as before.
        for (int jump : new int[] {32769, 40000, 65000}) {
            try (Sides s = new Sides(profile, 7)) {
                List<byte[]> first = sendAll(s, SSRC, range(30000, 3000), 50);  // index > 2^15
                List<byte[]> jumped = sendAll(s, SSRC, range(33000 + jump, 50), 50);
                List<byte[]> back = sendAll(s, SSRC, range(33000, 50), 50);
                receiveAll(s, first, "before the jump " + jump);
                receiveAll(s, jumped, "the jump " + jump);
                receiveAll(s, back, "after the jump " + jump);
            }
            // The same after a rollover (ROC 1, sequence numbers low).
            try (Sides s = new Sides(profile, 8)) {
                List<byte[]> first = sendAll(s, SSRC, range(65000, 2000), 50);
                int last = (65000 + 2000 - 1) & 0xffff;
                List<byte[]> jumped = sendAll(s, SSRC, range(last + jump, 50), 50);
                List<byte[]> back = sendAll(s, SSRC, range(last + 1, 50), 50);
                receiveAll(s, first, "before the jump " + jump + " (ROC 1)");
                receiveAll(s, jumped, "the jump " + jump + " (ROC 1)");
                receiveAll(s, back, "after the jump " + jump + " (ROC 1)");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketsFailAuthentication(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 9)) {
            int seq = 100;
            byte[] plain = Wire.rtp(SSRC, seq, 120, 2, 2, false);
            byte[] wire = s.protect(false, plain).assertSame("protect").theirs.bytes;
            // Every byte but the version bits (PinnedDifferencesTest) and the sequence number
            // (another index, also AUTH_FAIL but it moves the replay state), flipped alone.
            for (int at = 0; at < wire.length; at++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    if (at == 0 && bit == 0x80 || at == 2 || at == 3) {
                        continue;
                    }
                    byte[] t = wire.clone();
                    t[at] ^= (byte) bit;
                    s.unprotect(false, t).assertSame("byte " + at + " bit " + bit);
                }
            }
            s.unprotect(false, wire).assertSame("the untouched packet after the tampered ones");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedPacketsAreRefused(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 10)) {
            int seq = 500;
            for (int[] shape : new int[][] {{0, 0}, {2, 0}, {0, 2}, {3, 4}}) {
                byte[] plain = Wire.rtp(SSRC, seq, 50, shape[0], shape[1], false);
                byte[] wire = s.protect(false, plain).assertSame("protect").theirs.bytes;
                for (int len = 12; len < wire.length; len++) {
                    s.unprotect(false, Arrays.copyOf(wire, len))
                            .assertSame("cut to " + len + " of " + wire.length + ", csrcs "
                                    + shape[0] + " ext " + shape[1]);
                }
                s.unprotect(false, wire).assertSame("whole, after the cut ones");
                seq++;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void batchesOf32MatchJitsiSrtpPacketByPacket(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 12)) {
            // Two SSRCs interleaved, across a rollover, with resends (one 100 behind) and a
            // packet too short to protect in the batch.
            List<byte[]> plain = new ArrayList<>();
            for (int i = 0; i < 96; i++) {
                int ssrc = i % 2 == 0 ? SSRC : SSRC + 1;
                int seq = (65500 + i / 2) & 0xffff;
                plain.add(Wire.rtp(ssrc, seq, 100 + i));
            }
            plain.add(40, Wire.rtp(SSRC, 65500, 100));
            plain.add(70, Arrays.copyOf(Wire.rtp(SSRC, 5, 20), 11));
            List<Sides.Result> batch = s.oursBatch(false, true, plain);
            List<byte[]> wire = new ArrayList<>();
            for (int i = 0; i < plain.size(); i++) {
                Sides.Result theirs = s.protectTheirs(false, plain.get(i));
                if (i == 70) {
                    assertEquals("INVALID_PACKET", batch.get(i).outcome, "ours, 11 bytes");
                    continue;  // jitsi-srtp throws (PinnedDifferencesTest)
                }
                new Sides.Pair(batch.get(i), theirs).assertSame("batch slot " + i);
                wire.add(theirs.bytes);
            }
            // Unprotect in batches: a replay and a tampered packet fail alone.
            wire.add(10, wire.get(3).clone());
            wire.get(20)[wire.get(20).length - 1] ^= 1;
            List<Sides.Result> got = s.oursBatch(false, false, wire);
            for (int i = 0; i < wire.size(); i++) {
                new Sides.Pair(got.get(i), s.unprotectTheirs(false, wire.get(i)))
                        .assertSame("unprotect batch slot " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void manySsrcsAndTheLeastRecentlyUsedCap(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 11)) {
            // SSRC A rolls over (ROC 1), then 1023 others fill the cap of 1024 contexts.
            int a = 0x0a0a0a0a;
            List<byte[]> aWire = sendAll(s, a, range(65500, 100), 20);
            receiveAll(s, aWire, "A");
            for (int i = 1; i < 1024; i++) {
                receiveAll(s, sendAll(s, 0x100000 + i, range(i * 17, 2), 20), "SSRC " + i);
            }
            // At the cap A is still known: ROC 1 on both sides.
            List<byte[]> aAgain = sendAll(s, a, range(65600, 5), 20);
            receiveAll(s, aAgain, "A at the cap");
            // One more SSRC evicts the least recently used (SSRC 1, not A, touched just now).
            receiveAll(s, sendAll(s, 0x200000, range(7, 2), 20), "the 1025th");
            // Then 1023 more evict A everywhere; where A comes back the two differ on purpose
            // (PinnedDifferencesTest.aStreamDroppedAtTheCapComesBackAtItsRolloverCounter).
            for (int i = 1; i < 1024; i++) {
                receiveAll(s, sendAll(s, 0x300000 + i, range(i, 1), 20), "SSRC 3/" + i);
            }
            assertEquals(1024, s.theirReceiverRtpContexts());
        }
    }
}
