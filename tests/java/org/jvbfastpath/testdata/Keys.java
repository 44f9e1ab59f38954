package org.jvbfastpath.testdata;

import java.util.Random;
import org.jvbfastpath.SrtpProfile;

/** Deterministic keying material for the tests: the same seed gives the same bytes. */
public final class Keys {
    private Keys() {}

    /** DTLS-SRTP keying material of {@code profile}'s length (RFC 5764). */
    public static byte[] keyingMaterial(SrtpProfile profile, long seed) {
        byte[] m = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(m);
        return m;
    }
}
