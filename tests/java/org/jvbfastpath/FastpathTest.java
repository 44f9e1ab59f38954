package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.jvbfastpath.testdata.Keys;

class FastpathTest {
    @Test
    void loadsAndReportsOpenSslBackend() {
        assertTrue(Fastpath.isAvailable(), () -> "unavailable: " + Fastpath.unavailableReason());
        FastpathVersion v = Fastpath.version();
        assertEquals("0.1.0", v.fastpath());
        assertTrue(v.libsrtp().startsWith("libsrtp2 2.5.0"), v.libsrtp());
        assertTrue(v.cryptoBackend().startsWith("OpenSSL 3."), v.cryptoBackend());
    }

    @Test
    void loadsTheWayTheTestAsked() {
        String expected = System.getProperty("jvbfastpath.test.expectLoad", "");
        String from = Fastpath.loadedFrom();
        if (expected.equals("bundled")) {
            assertEquals("bundled /linux-x86-64/libjvbfastpath.so", from);
        } else if (expected.equals("library-path")) {
            assertTrue(from.endsWith("/libjvbfastpath.so") && !from.startsWith("bundled"), from);
        }
    }

    /**
     * The JVM calls the packet natives' critical twins exactly when the test asked for them:
     * the flag reads as asked, and a batch whose caps[0] understates its buffer's length
     * (which only a twin checks: the JNI entry trusts caps, PacketBatch never gets it wrong)
     * is refused by the twin and transformed by the JNI entry.
     */
    @Test
    void callsTheCriticalTwinsWhenTheTestAsked() {
        String expected = System.getProperty("jvbfastpath.test.expectCritical", "");
        if (expected.isEmpty()) {
            return;
        }
        boolean critical = Boolean.parseBoolean(expected);
        assertEquals(critical, Fastpath.criticalNatives());
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        try (SrtpSession out = SrtpSession.fromDtls(profile, Keys.keyingMaterial(profile, 3),
                SrtpSession.DtlsRole.CLIENT, SrtpSession.Direction.OUTBOUND)) {
            byte[] packet = new byte[200];
            packet[0] = (byte) 0x80;  // RTP version 2, payload type 96, SSRC 0x01020304
            packet[1] = 96;
            packet[8] = 1;
            packet[9] = 2;
            packet[10] = 3;
            packet[11] = 4;
            int[] caps = new int[PacketBatch.SIZE];
            caps[0] = packet.length - 1;
            int[] lens = {100};
            long h = out.acquire();
            int result;
            try {
                result = NativeCalls.srtpTransformBatch(h, false, 1, packet, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, caps, new int[] {0}, lens, 0, new byte[1]);
            } finally {
                out.release();
            }
            assertEquals(critical ? -4 : 1, result, "twin refuses (-4) / JNI entry protects (1)");
        }
    }

    @Test
    void platformFolderFollowsJnaNaming() {
        assertEquals("linux-x86-64", NativeLoader.platformFolder());
    }
}
