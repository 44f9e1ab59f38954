package org.jitsi.nlj.srtp;

import java.util.Map;

/**
 * Stand-in for the hook's {@code org.jitsi.nlj.srtp.SrtpTransformerProvider} (the Kotlin
 * interface docs/integration.md adds to JMT; JMT loads the class named by
 * {@code jmt.srtp.transformer-provider-class} once). Same methods, same Java signatures.
 */
public interface SrtpTransformerProvider {
    /** A transport's transformers, or null to keep JMT's own (jitsi-srtp). Never throws. */
    SrtpTransformers create(String conferenceId, int srtpProtectionProfile, byte[] keyingMaterial,
            TlsRole tlsRole, boolean cryptex, Map<Integer, String> payloadTypes,
            Map<Integer, String> rtpExtensions);

    void conferenceCreated(String conferenceId, String mode);

    void conferenceExpired(String conferenceId);

    /** The state as JSON, null for an unknown conference; IllegalArgumentException or IllegalStateException if refused. */
    String setConferenceMode(String conferenceId, String mode);

    String conferenceState(String conferenceId);
}
