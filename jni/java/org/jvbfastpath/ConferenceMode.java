package org.jvbfastpath;

import java.util.Locale;

/** A conference's mode (native/conference/mode.h), in its order. */
public enum ConferenceMode {
    /** The library is not used: the bridge's own path runs. */
    OFF,
    /** SRTP and parsing run natively; payloads are forwarded as the bridge decides. */
    ACCELERATED,
    /** As accelerated, plus envelope recognition and the passthrough guarantee. */
    E2EE_PASSTHROUGH,
    /** As passthrough; non-E2EE media is dropped and plaintext-needing endpoints get none. */
    E2EE_REQUIRED;

    /** "off", "accelerated", "e2ee-passthrough", "e2ee-required": the jvb.conf values. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ConferenceMode fromConfigName(String name) {
        for (ConferenceMode m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown conference mode " + name);
    }
}
