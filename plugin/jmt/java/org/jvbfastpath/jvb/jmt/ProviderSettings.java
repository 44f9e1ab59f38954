package org.jvbfastpath.jvb.jmt;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.jvbfastpath.ConferenceMode;
import org.jvbfastpath.ExpectedEnvelope;
import org.jvbfastpath.SrtpSession;

/**
 * The provider's settings, read once from Java system properties (JVB passes them with
 * {@code JAVA_SYS_PROPS} in /etc/jitsi/videobridge/config; docs/integration.md):
 *
 * <pre>
 * jvbfastpath.default-mode       off | accelerated | e2ee-passthrough | e2ee-required (accelerated)
 * jvbfastpath.allowed-modes      comma-separated modes a conference may ask for (all four)
 * jvbfastpath.runtime-switch     whether a live conference's mode may change (true)
 * jvbfastpath.expected-envelope  jframe | sframe | any (any)
 * jvbfastpath.srtp.replay-window 64..32768 (64, jitsi-srtp's)
 * jvbfastpath.srtp.max-streams   SSRCs per transport and direction (1024, JMT's MAX_SSRCS)
 * </pre>
 * A bad value is an IllegalArgumentException naming the property.
 */
public final class ProviderSettings {
    public static final String PREFIX = "jvbfastpath.";

    private final ConferenceMode defaultMode;
    private final Set<ConferenceMode> allowedModes;
    private final boolean runtimeSwitch;
    private final ExpectedEnvelope expectedEnvelope;
    private final int replayWindow;
    private final int maxStreams;

    public ProviderSettings(ConferenceMode defaultMode, Set<ConferenceMode> allowedModes,
            boolean runtimeSwitch, ExpectedEnvelope expectedEnvelope, int replayWindow,
            int maxStreams) {
        if (!allowedModes.contains(defaultMode)) {
            throw new IllegalArgumentException(PREFIX + "default-mode " + defaultMode.configName()
                    + " is not among " + PREFIX + "allowed-modes");
        }
        this.defaultMode = defaultMode;
        this.allowedModes = Collections.unmodifiableSet(EnumSet.copyOf(allowedModes));
        this.runtimeSwitch = runtimeSwitch;
        this.expectedEnvelope = expectedEnvelope;
        this.replayWindow = replayWindow;
        this.maxStreams = maxStreams;
    }

    /** Every default: accelerated, all modes allowed, switchable, any envelope, 64, 1024. */
    public static ProviderSettings defaults() {
        return from(new Properties());
    }

    public static ProviderSettings from(Properties p) {
        ConferenceMode defaultMode = mode(p.getProperty(PREFIX + "default-mode", "accelerated"),
                "default-mode");
        Set<ConferenceMode> allowed = EnumSet.noneOf(ConferenceMode.class);
        String list = p.getProperty(PREFIX + "allowed-modes");
        if (list == null) {
            allowed.addAll(EnumSet.allOf(ConferenceMode.class));
        } else {
            for (String m : list.split(",")) {
                if (!m.isBlank()) {
                    allowed.add(mode(m.trim(), "allowed-modes"));
                }
            }
        }
        String envelope = p.getProperty(PREFIX + "expected-envelope", "any");
        ExpectedEnvelope expected;
        try {
            expected = ExpectedEnvelope.valueOf(envelope.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "expected-envelope: " + envelope, e);
        }
        return new ProviderSettings(defaultMode, allowed,
                Boolean.parseBoolean(p.getProperty(PREFIX + "runtime-switch", "true")), expected,
                integer(p, "srtp.replay-window", SrtpSession.DEFAULT_REPLAY_WINDOW),
                integer(p, "srtp.max-streams", SrtpSession.DEFAULT_MAX_STREAMS));
    }

    private static ConferenceMode mode(String name, String key) {
        try {
            return ConferenceMode.fromConfigName(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage(), e);
        }
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(PREFIX + key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": " + v, e);
        }
    }

    public ConferenceMode defaultMode() { return defaultMode; }
    public Set<ConferenceMode> allowedModes() { return allowedModes; }
    public boolean runtimeSwitch() { return runtimeSwitch; }
    public ExpectedEnvelope expectedEnvelope() { return expectedEnvelope; }
    public int replayWindow() { return replayWindow; }
    public int maxStreams() { return maxStreams; }
}
