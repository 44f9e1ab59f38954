package org.jvbfastpath.jitsisrtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jvbfastpath.SrtpProfile;

/**
 * SRTCP against the real jitsi-srtp, every profile. Both number a stream's SRTCP packets from
 * 0 (RFC 3711 3.4; libsrtp alone would start at 1: native/srtp/srtcp_index_zero.h), so both
 * send the same index for the same packet and must produce the same bytes, the first
 * packet included.
 */
class RtcpDifferentialTest {
    private static final int SSRC = 0x5eed1234;

    /** Both senders, a stream's packets from index 0; returns the wire. */
    private static List<byte[]> sendAll(Sides s, int ssrc, int from, int count) {
        List<byte[]> wire = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            byte[] plain = n % 3 == 0 ? Wire.rtcpRr(ssrc, 0x77, n) : Wire.rtcpCompound(ssrc, n);
            Sides.Pair p = s.protect(true, plain).assertSame("SRTCP packet " + n);
            assertEquals(n - from, s.srtcpIndex(p.ours.bytes), "index of packet " + n);
            wire.add(p.theirs.bytes);
        }
        return wire;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndMatchesByteForByte(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 21)) {
            List<byte[]> wire = sendAll(s, SSRC, 0, 300);
            for (int i = 0; i < wire.size(); i++) {
                Sides.Pair got = s.unprotect(true, wire.get(i)).assertSame("packet " + i);
                byte[] plain = i % 3 == 0 ? Wire.rtcpRr(SSRC, 0x77, i) : Wire.rtcpCompound(SSRC, i);
                assertArrayEquals(plain, got.ours.bytes);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpReplayWindowEdges(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 22)) {
            List<byte[]> wire = sendAll(s, SSRC, 0, 400);
            s.unprotect(true, wire.get(300)).assertSame("newest");
            for (int back : new int[] {1, 2, 62, 63, 64, 65, 100, 126, 127, 128, 129, 200, 300}) {
                s.unprotect(true, wire.get(300 - back)).assertSame(back + " behind");
                s.unprotect(true, wire.get(300 - back)).assertSame(back + " behind, again");
            }
            for (int i = 301; i < 400; i++) {
                s.unprotect(true, wire.get(i)).assertSame("after " + i);
            }
            s.unprotect(true, wire.get(399 - 64)).assertSame("64 behind the last");
            s.unprotect(true, wire.get(399 - 63)).assertSame("63 behind the last, again");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpFromManySenders(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 23)) {
            for (int i = 0; i < 50; i++) {
                for (byte[] w : sendAll(s, 0x4000 + i, 0, 3)) {
                    s.unprotect(true, w).assertSame("sender " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedAndTruncatedSrtcp(SrtpProfile profile) {
        try (Sides s = new Sides(profile, 24)) {
            List<byte[]> wire = sendAll(s, SSRC, 0, 3);
            byte[] w = wire.get(2);
            int eFlag = w.length - (profile.name().startsWith("AEAD") ? 4 : 14);
            for (int at = 0; at < w.length; at++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    // The version bits and the E flag: PinnedDifferencesTest.
                    if (at == 0 && bit == 0x80 || at == eFlag && bit == 0x80) {
                        continue;
                    }
                    byte[] t = w.clone();
                    t[at] ^= (byte) bit;
                    s.unprotect(true, t).assertSame("byte " + at + " bit " + bit);
                }
            }
            for (int len = 8; len < w.length; len++) {
                s.unprotect(true, Arrays.copyOf(w, len)).assertSame("cut to " + len);
            }
            s.unprotect(true, w).assertSame("whole");
        }
    }
}
