package org.jvbfastpath.jvb;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.SrtpOutcome;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;

/**
 * The bridge's entry point for SRTP, called where JVB's
 * {@code SrtpUtil.initializeTransformer(profileInformation, keyingMaterial, tlsRole, cryptex,
 * logger)} builds its {@code SrtpTransformers}:
 *
 * <pre>
 * FastpathSrtpTransformers t = FastpathSrtp.initializeTransformers(
 *         chosenSrtpProtectionProfile, keyingMaterial, tlsRole == TlsRole.CLIENT, cryptex);
 * if (t == null) { ... the bridge's own transformers, as today ... }
 * </pre>
 *
 * <p>{@code null} means "keep the bridge's own SRTP", and is the answer whenever the fast path
 * cannot do exactly what the bridge would: the native library is not available (said once, as
 * a warning), or the profile is not one of the four the library supports (e.g. the NULL
 * cipher profiles). Each reason is logged once at INFO/WARNING, later occurrences at FINE, on
 * the {@code java.util.logging} logger {@value #LOGGER_NAME}, which the bridge's logging
 * (jitsi-utils, on java.util.logging) prints. Cryptex (RFC 9335) is supported as jitsi-srtp
 * supports it: with {@code cryptex} ({@code srtpPolicy.isCryptexEnabled = cryptex} in JVB) the
 * encrypt transformers send CSRCs and header extensions encrypted; the decrypt transformers
 * take Cryptex packets whether or not it was negotiated (docs/srtp.md, "Cryptex").
 */
public final class FastpathSrtp {
    public static final String LOGGER_NAME = "org.jvbfastpath.jvb";
    /**
     * What {@link #unsupportedReason} said for Cryptex before Cryptex was supported.
     *
     * @deprecated Cryptex is supported; nothing returns or logs this any more.
     */
    @Deprecated
    public static final String CRYPTEX_UNSUPPORTED =
            "Cryptex (RFC 9335) is not supported by libsrtp 2.5; keep the bridge's own SRTP";

    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
    private static final FastpathSrtp DEFAULT = new FastpathSrtp(Fastpath::unavailableReason,
            SrtpSession.DEFAULT_REPLAY_WINDOW, SrtpSession.DEFAULT_MAX_STREAMS);

    private final Supplier<String> unavailableReason;
    private final int replayWindow;
    private final int maxStreams;
    private final AtomicBoolean saidUnavailable = new AtomicBoolean();
    private final AtomicBoolean saidProfile = new AtomicBoolean();

    /** {@code unavailableReason} answers null when the library is usable (tests replace it). */
    FastpathSrtp(Supplier<String> unavailableReason, int replayWindow, int maxStreams) {
        this.unavailableReason = Objects.requireNonNull(unavailableReason);
        this.replayWindow = replayWindow;
        this.maxStreams = maxStreams;
    }

    /** The bridge's defaults: a 64-packet replay window, 1024 SSRCs per endpoint. */
    public static FastpathSrtp defaults() {
        return DEFAULT;
    }

    /** Other limits (replay window 64..32768, SSRCs per endpoint and direction >= 1). */
    public static FastpathSrtp withLimits(int replayWindow, int maxStreams) {
        if (replayWindow < 64 || replayWindow > 32768 || maxStreams < 1) {
            throw new IllegalArgumentException("replay window must be 64..32768 and max streams"
                    + " at least 1: " + replayWindow + ", " + maxStreams);
        }
        return new FastpathSrtp(Fastpath::unavailableReason, replayWindow, maxStreams);
    }

    /** {@link #create(int, byte[], boolean, boolean)} with the {@link #defaults()}. */
    public static FastpathSrtpTransformers initializeTransformers(int dtlsSrtpProfileId,
            byte[] keyingMaterial, boolean weAreDtlsClient, boolean cryptex) {
        return DEFAULT.create(dtlsSrtpProfileId, keyingMaterial, weAreDtlsClient, cryptex);
    }

    /** {@link #create(String, byte[], boolean, boolean)} with the {@link #defaults()}. */
    public static FastpathSrtpTransformers initializeTransformers(String profileName,
            byte[] keyingMaterial, boolean weAreDtlsClient, boolean cryptex) {
        return DEFAULT.create(profileName, keyingMaterial, weAreDtlsClient, cryptex);
    }

    /**
     * The four transformers for one endpoint, or null to keep the bridge's own SRTP.
     *
     * @param dtlsSrtpProfileId the negotiated DTLS-SRTP profile (RFC 5764 / RFC 7714 id, as
     *     JVB's {@code chosenSrtpProtectionProfile})
     * @param keyingMaterial the RFC 5764 exporter output: client key, server key, client salt,
     *     server salt; it must be {@link SrtpProfile#keyingMaterialLength()} bytes
     *     (IllegalArgumentException otherwise). Not kept: the caller may wipe it afterwards.
     * @param weAreDtlsClient our DTLS role ({@code tlsRole == TlsRole.CLIENT})
     * @param cryptex whether Cryptex (RFC 9335) was negotiated for this endpoint (JVB's
     *     {@code cryptex} argument): the encrypt transformers then send with it. The decrypt
     *     transformers take Cryptex packets either way, as jitsi-srtp's do
     */
    public FastpathSrtpTransformers create(int dtlsSrtpProfileId, byte[] keyingMaterial,
            boolean weAreDtlsClient, boolean cryptex) {
        SrtpProfile profile = profileOf(dtlsSrtpProfileId);
        return create(profile, profile == null ? "DTLS-SRTP profile 0x"
                + Integer.toHexString(dtlsSrtpProfileId) : null, keyingMaterial, weAreDtlsClient,
                cryptex);
    }

    /** As {@link #create(int, byte[], boolean, boolean)}, the profile given by name. */
    public FastpathSrtpTransformers create(String profileName, byte[] keyingMaterial,
            boolean weAreDtlsClient, boolean cryptex) {
        SrtpProfile profile = profileOf(profileName);
        return create(profile, profile == null ? "SRTP profile " + profileName : null,
                keyingMaterial, weAreDtlsClient, cryptex);
    }

    private FastpathSrtpTransformers create(SrtpProfile profile, String unknownProfile,
            byte[] keyingMaterial, boolean weAreDtlsClient, boolean cryptex) {
        Objects.requireNonNull(keyingMaterial, "keyingMaterial");
        String unavailable = unavailableReason.get();
        if (unavailable != null) {
            sayOnce(saidUnavailable, Level.WARNING, "JVB Fastpath is not available ("
                    + unavailable + "); the bridge keeps its own SRTP");
            return null;
        }
        if (profile == null) {
            sayOnce(saidProfile, Level.INFO, unknownProfile
                    + " is not supported by JVB Fastpath; the bridge keeps its own SRTP");
            return null;
        }
        if (keyingMaterial.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " needs "
                    + profile.keyingMaterialLength() + " bytes of DTLS keying material, got "
                    + keyingMaterial.length);
        }
        SrtpSession.DtlsRole role = weAreDtlsClient ? SrtpSession.DtlsRole.CLIENT
                : SrtpSession.DtlsRole.SERVER;
        // Receiving, Cryptex packets are taken whether or not it was negotiated, as jitsi-srtp
        // takes them (its isCryptexEnabled only says whether to send with it): JVB advertises
        // a=cryptex whenever videobridge.cryptex.endpoint is on, and some senders (pion)
        // encrypt once the receiver has advertised it, whatever they advertised themselves.
        SrtpSession inbound = SrtpSession.fromDtls(profile, keyingMaterial, role,
                SrtpSession.Direction.INBOUND, replayWindow, maxStreams, false, true);
        SrtpSession outbound = null;
        try {
            outbound = SrtpSession.fromDtls(profile, keyingMaterial, role,
                    SrtpSession.Direction.OUTBOUND, replayWindow, maxStreams, false, cryptex);
            return new FastpathSrtpTransformers(profile, new LockedSrtpSession(inbound),
                    new LockedSrtpSession(outbound));
        } catch (RuntimeException e) {
            inbound.close();
            if (outbound != null) {
                outbound.close();
            }
            throw e;
        }
    }

    /**
     * Why {@link #create} would answer null for these arguments, or null if it would build
     * transformers (with or without Cryptex). Never throws.
     */
    public String unsupportedReason(int dtlsSrtpProfileId, boolean cryptex) {
        String unavailable = unavailableReason.get();
        if (unavailable != null) {
            return "JVB Fastpath is not available: " + unavailable;
        }
        if (profileOf(dtlsSrtpProfileId) == null) {
            return "DTLS-SRTP profile 0x" + Integer.toHexString(dtlsSrtpProfileId)
                    + " is not supported by JVB Fastpath";
        }
        return null;
    }

    /** Our profile for a DTLS-SRTP profile id, or null if we do not support it. */
    public static SrtpProfile profileOf(int dtlsSrtpProfileId) {
        for (SrtpProfile p : SrtpProfile.values()) {
            if (p.dtlsSrtpId() == dtlsSrtpProfileId) {
                return p;
            }
        }
        return null;
    }

    /**
     * Our profile for a name, or null: our enum's names, and the RFC 5764 / RFC 7714 names
     * the bridge's config and BouncyCastle use ({@code SRTP_AES128_CM_HMAC_SHA1_80},
     * {@code SRTP_AEAD_AES_128_GCM}, ...), in any case.
     */
    public static SrtpProfile profileOf(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.startsWith("SRTP_")) {
            n = n.substring("SRTP_".length());
        }
        n = n.replace("AES128_CM_", "AES_CM_128_");
        for (SrtpProfile p : SrtpProfile.values()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        return null;
    }

    /** The bridge's outcome for a transform result. */
    public static SrtpOutcome outcome(int result) {
        return SrtpStatus.ofResult(result).outcome();
    }

    /** The reason for a transform result (OK for a length). */
    public static SrtpStatus status(int result) {
        return SrtpStatus.ofResult(result);
    }

    private static void sayOnce(AtomicBoolean said, Level level, String message) {
        LOG.log(said.compareAndSet(false, true) ? level : Level.FINE, message);
    }
}
