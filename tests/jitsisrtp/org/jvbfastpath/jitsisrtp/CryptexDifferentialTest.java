package org.jvbfastpath.jitsisrtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvbfastpath.SrtpProfile;

/**
 * Cryptex (RFC 9335) against the bridge's own: jitsi-srtp with {@code isCryptexEnabled}, as
 * JMT sets it for an endpoint that negotiated Cryptex, beside our adapter with
 * {@code cryptex}. Every header shape (CSRCs, one- and two-byte blocks, CSRCs without a block,
 * padding, nothing to hide), payloads of 0 to 1200 bytes, across a rollover: both senders
 * write the same bytes, each receiver takes the other's packets to the same plaintext, and a
 * flipped bit in the encrypted header is refused by both.
 */
class CryptexDifferentialTest {
    private static final int SSRC = 0x0c0de001;

    private static int blockProfile(byte[] p) {
        if ((p[0] & 0x10) == 0) {
            return -1;
        }
        int at = 12 + 4 * (p[0] & 0x0f);
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    /** Wire.rtp's packet with its one-byte block turned into a two-byte (0x1000) one. */
    private static byte[] twoByte(byte[] p) {
        int at = 12 + 4 * (p[0] & 0x0f);
        p[at] = 0x10;
        p[at + 1] = 0x00;
        p[at + 4] = 1;  // element id 1, length 1 (then data, as before)
        p[at + 5] = 1;
        return p;
    }

    /** What a Cryptex receiver returns: a CSRC-only packet keeps the empty block it gained. */
    private static byte[] received(byte[] plain) {
        int csrcs = plain[0] & 0x0f;
        if (csrcs == 0 || (plain[0] & 0x10) != 0) {
            return plain;
        }
        int at = 12 + 4 * csrcs;
        byte[] r = new byte[plain.length + 4];
        System.arraycopy(plain, 0, r, 0, at);
        r[0] |= 0x10;
        r[at] = (byte) 0xbe;
        r[at + 1] = (byte) 0xde;
        System.arraycopy(plain, at, r, at + 4, plain.length - at);
        return r;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyHeaderShapeMatchesJitsiSrtpByteForByte(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 21, true)) {
            int seq = 65500;  // wraps: the rollover counter moves to 1
            int cryptex = 0;
            for (int payload : new int[] {0, 1, 160, 1200}) {
                for (int csrcs : new int[] {0, 1, 15}) {
                    for (int ext : new int[] {0, 1, 3}) {
                        for (boolean two : new boolean[] {false, true}) {
                            if (two && ext == 0) {
                                continue;
                            }
                            boolean padding = (seq & 1) == 1;
                            byte[] plain = Wire.rtp(SSRC, seq & 0xffff, payload, csrcs, ext,
                                    padding);
                            if (two) {
                                twoByte(plain);
                            }
                            String what = "payload " + payload + " csrcs " + csrcs + " ext " + ext
                                    + (two ? " two-byte" : "") + " seq " + (seq & 0xffff);
                            Sides.Pair sent = s.protect(false, plain).assertSame(what);
                            boolean hides = csrcs > 0 || ext > 0;
                            assertEquals(hides ? (two ? 0xc2de : 0xc0de) : -1,
                                    blockProfile(sent.ours.bytes), what + ": sent as");
                            cryptex += hides ? 1 : 0;
                            Sides.Pair got = s.unprotect(false, sent.theirs.bytes,
                                    sent.ours.bytes).assertSame(what);
                            assertArrayEquals(received(plain), got.ours.bytes, what);
                            if (hides) {
                                // A flipped bit in the encrypted extensions or CSRCs.
                                byte[] tampered = sent.ours.bytes.clone();
                                tampered[csrcs > 0 ? 12 : 16] ^= 0x04;
                                Sides.Pair refused = s.unprotect(false, tampered).assertSame(
                                        what + " tampered");
                                assertTrue(!refused.ours.ok(), what + " tampered: accepted");
                            }
                            seq++;
                        }
                    }
                }
            }
            assertTrue(cryptex > 50, cryptex + " Cryptex packets");
        }
    }

    /** SRTCP with Cryptex on: each side's receiver takes the other's (Cryptex does not touch
     * SRTCP; both number a stream's SRTCP packets from 0). */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpCrossesAsWithoutCryptex(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 22, true)) {
            for (int n = 0; n < 20; n++) {
                byte[] plain = Wire.rtcpCompound(SSRC, n);
                Sides.Pair sent = s.protect(true, plain);
                assertTrue(sent.ours.ok() && sent.theirs.ok(), "SRTCP " + n);
                Sides.Pair got = s.unprotect(true, sent.theirs.bytes, sent.ours.bytes)
                        .assertSame("SRTCP " + n);
                assertArrayEquals(plain, got.ours.bytes);
            }
        }
    }

    /**
     * jitsi-srtp's {@code isCryptexEnabled} only decides how it sends: its receivers take
     * Cryptex packets whether or not it was negotiated, and so do the adapter's (an SrtpSession
     * or endpoint created without Cryptex refuses them: cryptex_not_negotiated).
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void receiversWithoutCryptexNegotiatedTakeCryptexPacketsAsJitsiSrtpDoes(SrtpProfile profile) {
        try (Sides cryptex = new Sides(profile, 23, true);
             Sides plain = new Sides(profile, 23, false)) {
            for (int seq = 100; seq < 110; seq++) {
                byte[] packet = Wire.rtp(SSRC, seq, 160, seq % 3, seq % 4, false);
                Sides.Pair sent = cryptex.protect(false, packet).assertSame("sent " + seq);
                Sides.Pair got = plain.unprotect(false, sent.theirs.bytes, sent.ours.bytes)
                        .assertSame("received " + seq);
                assertTrue(got.ours.ok(), "received " + seq);
                assertArrayEquals(received(packet), got.ours.bytes);
                // Sent without Cryptex negotiated: extensions and CSRCs in the clear.
                Sides.Pair clear = plain.protect(false, packet).assertSame("clear " + seq);
                assertEquals((packet[0] & 0x10) != 0 ? 0xbede : -1, blockProfile(clear.ours.bytes));
            }
        }
    }
}
