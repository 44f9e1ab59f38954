package org.jvbfastpath.jitsisrtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.testdata.ReferenceSrtp;

/**
 * Every known difference from jitsi-srtp, each pinned as it is today, with why we keep it
 * (docs/srtp.md, "The bridge's own SRTP"). If one of these fails, a difference moved:
 * update the docs with the test.
 */
class PinnedDifferencesTest {
    private static final int SSRC = 0x0badcafe;

    /**
     * A forward jump of more than 2^15 while a stream's index is still at most 2^15 (its first
     * 32768 sequence numbers). jitsi-srtp applies RFC 3711's estimate literally and takes the
     * packet for one of the previous rollover period, ROC 0 - 1 = 0xFFFFFFFF, and keeps its
     * state; libsrtp (ours, and the browsers') takes ROC 0 there and moves forward. Matching
     * jitsi-srtp would send packets a browser cannot decrypt, and refuse what a browser sends.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forwardJumpOver32768InTheFirstRolloverPeriod(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 31)) {
            byte[] first = s.protect(false, Wire.rtp(SSRC, 100, 40)).assertSame("first")
                    .theirs.bytes;
            byte[] plain = Wire.rtp(SSRC, 40000, 40);
            Sides.Pair jumped = s.protect(false, plain);
            Sides.assertOk(jumped.ours, "ours");
            Sides.assertOk(jumped.theirs, "jitsi-srtp");
            ReferenceSrtp.SessionKeys keys = s.senderKeys(false);
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, 0), jumped.ours.bytes,
                    "ours: ROC 0");
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, -1),
                    jumped.theirs.bytes, "jitsi-srtp: ROC 0xFFFFFFFF");
            // Each side's receiver (after the same first packet) refuses the other's.
            s.unprotect(false, first).assertSame("first");
            Sides.Pair got = s.unprotect(false, jumped.theirs.bytes, jumped.ours.bytes);
            assertEquals("AUTH_FAIL", got.ours.outcome, "ours, jitsi-srtp's ROC 0xFFFFFFFF packet");
            assertEquals("REPLAY_OLD", got.theirs.outcome, "jitsi-srtp, the ROC 0 packet");
            assertEquals("OK", s.unprotectOurs(false, jumped.ours.bytes).outcome,
                    "ours, the ROC 0 packet a libsrtp sender sends");
        }
    }

    /**
     * RTP or RTCP whose version is not 2. JVB never hands one to SRTP: its demultiplexer
     * (looksLikeRtp/looksLikeRtcp, RFC 7983) passes first bytes 128-191 only. jitsi-srtp
     * does not look at the version: it protects such a packet, and a received one fails its
     * tag. We refuse it before any crypto, as INVALID_PACKET (BAD_VERSION).
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void versionOtherThanTwo(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 32)) {
            for (boolean rtcp : new boolean[] {false, true}) {
                byte[] plain = rtcp ? Wire.rtcpCompound(SSRC, 1) : Wire.rtp(SSRC, 7, 30);
                byte[] wire = s.protectOurs(rtcp, plain).bytes;
                for (int version : new int[] {0, 1, 3}) {
                    byte[] bad = wire.clone();
                    bad[0] = (byte) ((bad[0] & 0x3f) | version << 6);
                    Sides.Pair got = s.unprotect(rtcp, bad);
                    assertEquals("INVALID_PACKET", got.ours.outcome, "ours " + got.ours);
                    assertEquals("AUTH_FAIL", got.theirs.outcome, "jitsi-srtp");
                    byte[] badPlain = plain.clone();
                    badPlain[0] = (byte) ((badPlain[0] & 0x3f) | version << 6);
                    Sides.Pair sent = s.protect(rtcp, badPlain);
                    assertEquals("INVALID_PACKET", sent.ours.outcome, "ours " + sent.ours);
                    assertEquals("OK", sent.theirs.outcome, "jitsi-srtp protects it");
                }
            }
        }
    }

    /**
     * One least-recently-used table for RTP and RTCP. JMT keeps 1024 SRTP contexts and,
     * separately, 1024 SRTCP contexts per transformer; a libsrtp stream holds both, so our
     * session keeps 1024 streams, and RTCP on an SSRC counts as use of its stream. Only at
     * the cap does it show: here SSRC A's RTP context is the oldest for jitsi-srtp, sender
     * and receiver (evicted: the sender starts A again at ROC 0, the receiver fails A's next
     * packet), while for us A's RTCP kept it recent.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpAndRtcpShareOneLeastRecentlyUsedTable(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 34)) {
            int a = 0x0a0a0a0a;
            for (int seq = 65530; seq < 65540; seq++) {  // A rolls over: ROC 1
                s.unprotect(false, s.protect(false, Wire.rtp(a, seq & 0xffff, 20))
                        .assertSame("A").theirs.bytes).assertSame("A");
            }
            for (int i = 1; i < 1024; i++) {
                byte[] w = s.protect(false, Wire.rtp(0x100000 + i, 1, 20)).assertSame("other")
                        .theirs.bytes;
                s.unprotect(false, w).assertSame("SSRC " + i);
            }
            Sides.Pair rtcp = s.protect(true, Wire.rtcpCompound(a, 1));
            s.unprotect(true, rtcp.theirs.bytes, rtcp.ours.bytes).assertSame("A's RTCP");
            byte[] w = s.protect(false, Wire.rtp(0x200000, 1, 20)).assertSame("1025th")
                    .theirs.bytes;
            s.unprotect(false, w).assertSame("the 1025th SSRC");
            byte[] plain = Wire.rtp(a, 4, 20);
            Sides.Pair sent = s.protect(false, plain);
            ReferenceSrtp.SessionKeys keys = s.senderKeys(false);
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, 1), sent.ours.bytes,
                    "ours kept A: ROC 1");
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, 0), sent.theirs.bytes,
                    "jitsi-srtp evicted A: ROC 0");
            Sides.Pair got = s.unprotect(false, sent.ours.bytes);
            assertEquals("OK", got.ours.outcome, "ours kept A (its RTCP was recent)");
            assertEquals("AUTH_FAIL", got.theirs.outcome,
                    "jitsi-srtp evicted A's RTP context: a fresh one takes ROC 0");
        }
    }

    /**
     * A stream dropped at the cap of 1024 and used again. jitsi-srtp makes a fresh context at
     * ROC 0: past a rollover, its sender encrypts a new packet at an index it had already
     * used (the same AES-CM keystream, the same GCM nonce: RFC 3711 9.1, RFC 7714 16), and a
     * receiver that kept the stream (a browser) fails it. We retire the stream's position and
     * go on from it (native/srtp/retired_streams.h): sent at ROC 1, as the stream was.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aStreamDroppedAtTheCapComesBackAtItsRolloverCounter(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 35)) {
            int a = 0x0a0a0a0a;
            for (int seq = 65530; seq < 65540; seq++) {  // A rolls over: ROC 1
                s.unprotect(false, s.protect(false, Wire.rtp(a, seq & 0xffff, 20))
                        .assertSame("A").theirs.bytes).assertSame("A");
            }
            for (int i = 1; i <= 1024; i++) {  // A is the least recently used: evicted
                byte[] w = s.protect(false, Wire.rtp(0x100000 + i, 1, 20)).assertSame("other")
                        .theirs.bytes;
                s.unprotect(false, w).assertSame("SSRC " + i);
            }
            byte[] plain = Wire.rtp(a, 20, 20);
            Sides.Pair sent = s.protect(false, plain);
            ReferenceSrtp.SessionKeys keys = s.senderKeys(false);
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, 1), sent.ours.bytes,
                    "ours went on at A's ROC 1");
            assertArrayEquals(ReferenceSrtp.protectRtp(profile, keys, plain, 0), sent.theirs.bytes,
                    "jitsi-srtp started A over at ROC 0");
            // Each receiver, evicted too, follows its own sender's bookkeeping.
            assertEquals("OK", s.unprotect(false, sent.ours.bytes).ours.outcome);
            assertEquals("OK", s.unprotect(false, sent.theirs.bytes).theirs.outcome);
        }
    }

    /**
     * SRTCP with the E flag clear (authenticated, not encrypted: RFC 3711 3.4, RFC 7714 9.3),
     * which a DTLS-SRTP peer never sends. AES-CM: jitsi-srtp checks the tag and accepts the
     * packet unencrypted; libsrtp does not check a packet that claims no encryption under a
     * policy that encrypts (its cant_check), which we count as AUTH_FAIL, what jitsi-srtp
     * gives every altered or cut packet whose E flag reads clear. GCM: we accept the RFC 7714
     * form (its vectors 17.3 and 17.4 pass, SrtpVectorsTest); jitsi-srtp's tag-only GCM path
     * takes the wrong bytes as additional data and tag, and fails every such packet.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void unencryptedSrtcp(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 35)) {
            byte[] plain = Wire.rtcpCompound(SSRC, 9);
            byte[] wire = ReferenceSrtp.protectRtcp(profile, s.senderKeys(true), plain, 5, false);
            Sides.Pair got = s.unprotect(true, wire);
            if (profile.name().startsWith("AEAD")) {
                assertEquals("OK", got.ours.outcome, "ours " + got.ours);
                assertArrayEquals(plain, got.ours.bytes);
                assertEquals("AUTH_FAIL", got.theirs.outcome, "jitsi-srtp");
            } else {
                assertEquals("AUTH_FAIL", got.ours.outcome, "ours " + got.ours);
                assertEquals("OK", got.theirs.outcome, "jitsi-srtp");
                assertArrayEquals(plain, got.theirs.bytes);
            }
            // With a wrong tag (another index: jitsi-srtp has seen 5 above), both AUTH_FAIL.
            byte[] forged = ReferenceSrtp.protectRtcp(profile, s.senderKeys(true), plain, 6, false);
            forged[forged.length - (profile.name().startsWith("AEAD") ? 5 : 1)] ^= 1;
            s.unprotect(true, forged).assertSame("E = 0, wrong tag");
        }
    }

    /**
     * Protecting what is not a whole RTP or RTCP packet, which the bridge never builds:
     * jitsi-srtp throws or writes a packet whose header runs past its end; we refuse it with
     * a reason (TOO_SHORT, MALFORMED: INVALID_PACKET), as for any bad input.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectingAPacketShorterThanItsHeader(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 36)) {
            byte[] csrcsPastTheEnd = Wire.rtp(SSRC, 1, 8);
            csrcsPastTheEnd[0] |= 0x0f;  // 15 CSRCs: 60 bytes, 8 there
            Sides.Pair got = s.protect(false, csrcsPastTheEnd);
            assertEquals("INVALID_PACKET", got.ours.outcome, "ours " + got.ours);
            assertEquals("EXCEPTION", got.theirs.outcome, "jitsi-srtp " + got.theirs);
            got = s.protect(false, Arrays.copyOf(Wire.rtp(SSRC, 2, 8), 11));
            assertEquals("INVALID_PACKET", got.ours.outcome, "ours " + got.ours);
            assertEquals("EXCEPTION", got.theirs.outcome, "jitsi-srtp " + got.theirs);
            got = s.protect(true, Arrays.copyOf(Wire.rtcpCompound(SSRC, 1), 7));
            assertEquals("INVALID_PACKET", got.ours.outcome, "ours " + got.ours);
            assertEquals("EXCEPTION", got.theirs.outcome, "jitsi-srtp " + got.theirs);
        }
    }
}
