package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
     * The packet natives run through the entry the test asked for (jni, critical or ffm):
     * {@link Fastpath#nativeEntry} says so, and a batch whose caps[0] understates its
     * buffer's length (which only a critical twin can check: the JVM hands it the real
     * length; the JNI entry and the downcall take caps as PacketBatch fills it) is refused
     * by the twin and transformed by the others.
     */
    @Test
    void callsTheEntryTheTestAsked() {
        String expected = System.getProperty("jvbfastpath.test.expectEntry", "");
        if (expected.isEmpty()) {
            return;
        }
        assertEquals(expected, Fastpath.nativeEntry());
        assertEquals(expected.equals("critical"), Fastpath.criticalNatives());
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
            PacketBatch batch = new PacketBatch().load(new byte[][] {packet}, 0, 1);
            batch.caps[0] = packet.length - 1;
            int[] lens = {100};
            long h = out.acquire();
            try {
                if (expected.equals("critical")) {
                    assertThrows(IndexOutOfBoundsException.class, () -> PacketNatives
                            .srtpTransformBatch(h, false, batch, new int[] {0}, lens, 0, new byte[1]));
                } else {
                    assertEquals(1, PacketNatives.srtpTransformBatch(h, false, batch, new int[] {0},
                            lens, 0, new byte[1]));
                }
            } finally {
                out.release();
            }
        }
    }

    @Test
    void platformFolderFollowsJnaNaming() {
        assertEquals("linux-x86-64", NativeLoader.platformFolder());
    }
}
