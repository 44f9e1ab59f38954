package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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

    @Test
    void callsTheCriticalTwinsWhenTheTestAsked() {
        String expected = System.getProperty("jvbfastpath.test.expectCritical", "");
        if (!expected.isEmpty()) {
            assertEquals(Boolean.parseBoolean(expected), Fastpath.criticalNatives());
        }
    }

    @Test
    void platformFolderFollowsJnaNaming() {
        assertEquals("linux-x86-64", NativeLoader.platformFolder());
    }
}
