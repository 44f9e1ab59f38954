package org.jvbfastpath.jvb.jmt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jitsi.nlj.srtp.SrtpTransformerProvider;
import org.jitsi.nlj.srtp.SrtpTransformers;
import org.jitsi.nlj.srtp.TlsRole;
import org.jvbfastpath.ConferenceMode;
import org.jvbfastpath.FastpathConference;
import org.jvbfastpath.FastpathEndpoint;
import org.jvbfastpath.PacketMetadata;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.jvb.FastpathSrtp;
import org.jvbfastpath.jvb.FastpathSrtpTransformers;

/**
 * The plugin's side of the JMT hook (docs/integration.md, section 4): JMT instantiates this
 * class once, by name, from {@code jmt.srtp.transformer-provider-class}, and asks it for each
 * transport's four SRTP transformers when DTLS completes.
 *
 * <ul>
 *   <li>A conference in mode {@code off} (or without the library, or with a
 *       profile the library lacks) gets {@code null}: JMT's own jitsi-srtp, as without the
 *       plugin.</li>
 *   <li>Otherwise encrypt runs on the adapter ({@link FastpathSrtp}); decrypt runs through the
 *       conference's {@link FastpathEndpoint#ingress} (unprotect, parse, E2EE policy), so the
 *       conference's mode switches between accelerated and the E2EE modes at runtime; in
 *       e2ee-required its decrypt transformers carry the frame hold through
 *       {@code transformMany} ({@link IngressLane}).</li>
 * </ul>
 * Never throws from {@link #create}: a failure is logged and answered with null.
 */
public final class FastpathSrtpProvider implements SrtpTransformerProvider {
    private static final Logger LOG = Logger.getLogger(FastpathSrtp.LOGGER_NAME);

    private final ProviderSettings settings;
    private final FastpathSrtp srtp;
    private final Map<String, JmtConference> conferences = new ConcurrentHashMap<>();
    /** Transports whose conference the bridge did not name (JMT's tests, relays of old). */
    private final JmtConference unnamed;

    /** What JMT calls: the settings from system properties. */
    public FastpathSrtpProvider() {
        this(ProviderSettings.from(System.getProperties()));
    }

    public FastpathSrtpProvider(ProviderSettings settings) {
        this.settings = settings;
        this.srtp = FastpathSrtp.withLimits(settings.replayWindow(), settings.maxStreams());
        this.unnamed = new JmtConference("(none)", settings.defaultMode(),
                settings.expectedEnvelope());
        LOG.info("JVB Fastpath SRTP provider: default mode " + settings.defaultMode().configName()
                + ", allowed " + settings.allowedModes());
    }

    @Override
    public SrtpTransformers create(String conferenceId, int srtpProtectionProfile,
            byte[] keyingMaterial, TlsRole tlsRole, boolean cryptex,
            Map<Integer, String> payloadTypes, Map<Integer, String> rtpExtensions) {
        JmtConference conference = conferenceId == null ? unnamed
                : conferences.getOrDefault(conferenceId, unnamed);
        try {
            SrtpTransformers t = conference.mode() == ConferenceMode.OFF ? null
                    : build(conference, srtpProtectionProfile, keyingMaterial, tlsRole, cryptex,
                            payloadTypes, rtpExtensions);
            conference.transportOpened(t != null);
            return t;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "conference " + conferenceId
                    + ": the bridge keeps its own SRTP for this transport", e);
            return null;
        }
    }

    private SrtpTransformers build(JmtConference conference, int profileId, byte[] keyingMaterial,
            TlsRole tlsRole, boolean cryptex, Map<Integer, String> payloadTypes,
            Map<Integer, String> rtpExtensions) {
        boolean weAreClient = tlsRole == TlsRole.CLIENT;
        FastpathSrtpTransformers adapter = srtp.create(profileId, keyingMaterial, weAreClient,
                cryptex);
        if (adapter == null) {
            return null;  // said once by FastpathSrtp: no library, or another profile
        }
        TransportCounters counters = conference.counters;
        Runnable closed = conference::transportClosed;
        FastpathConference library = conference == unnamed ? null
                : conference.forNewTransport();
        if (library == null) {
            return TransportSet.of(new JmtSrtpTransformer(adapter.srtpDecrypt(), counters),
                    new JmtSrtpTransformer(adapter.srtpEncrypt(), counters),
                    new JmtSrtpTransformer(adapter.srtcpDecrypt(), counters),
                    new JmtSrtpTransformer(adapter.srtcpEncrypt(), counters), closed);
        }
        IngressLane lane;
        try {
            lane = ingressLane(library, profileId, keyingMaterial, weAreClient, payloadTypes,
                    rtpExtensions, counters);
        } catch (RuntimeException | Error e) {
            adapter.close();
            throw e;
        }
        // The adapter's inbound session is not used: the endpoint unprotects.
        adapter.srtpDecrypt().close();
        adapter.srtcpDecrypt().close();
        return TransportSet.of(
                new JmtIngressTransformer(lane, counters, TransportCounters.Kind.SRTP_DECRYPT),
                new JmtSrtpTransformer(adapter.srtpEncrypt(), counters),
                new JmtIngressTransformer(lane, counters, TransportCounters.Kind.SRTCP_DECRYPT),
                new JmtSrtpTransformer(adapter.srtcpEncrypt(), counters), closed);
    }

    private static IngressLane ingressLane(FastpathConference library, int profileId,
            byte[] keyingMaterial, boolean weAreClient, Map<Integer, String> payloadTypes,
            Map<Integer, String> rtpExtensions, TransportCounters counters) {
        SrtpProfile profile = FastpathSrtp.profileOf(profileId);
        // Cryptex (RFC 9335) accepted inbound whether or not this transport negotiated it, as
        // jitsi-srtp's receivers do; outbound, the adapter's encrypt side sends Cryptex only
        // where it was negotiated.
        FastpathEndpoint.Spec spec = new FastpathEndpoint.Spec("transport-"
                + Integer.toHexString(System.identityHashCode(keyingMaterial)))
                .srtp(profile, keyingMaterial, weAreClient)
                .cryptex(true);
        payloadTypes.forEach(spec::payloadType);
        rtpExtensions.forEach(spec::extension);
        FastpathEndpoint endpoint = FastpathEndpoint.create(library, spec);
        PacketMetadata metadata = null;
        try {
            // Slots for every packet the E2EE frame hold may keep (about 1.5 MB).
            metadata = new PacketMetadata(IngressLane.SLOTS);
            return new IngressLane(endpoint, metadata, counters);
        } catch (RuntimeException | Error e) {
            if (metadata != null) {
                metadata.close();
            }
            endpoint.close();
            throw e;
        }
    }

    @Override
    public void conferenceCreated(String conferenceId, String mode) {
        ConferenceMode m = settings.defaultMode();
        if (mode != null) {
            try {
                m = allowed(mode);
            } catch (IllegalArgumentException e) {
                LOG.warning("conference " + conferenceId + ": " + e.getMessage() + "; it runs in "
                        + m.configName());
            }
        }
        conferences.put(conferenceId, new JmtConference(conferenceId, m,
                settings.expectedEnvelope()));
    }

    @Override
    public void conferenceExpired(String conferenceId) {
        JmtConference c = conferences.remove(conferenceId);
        if (c != null) {
            c.expire();
        }
    }

    @Override
    public String setConferenceMode(String conferenceId, String mode) {
        JmtConference c = conferences.get(conferenceId);
        if (c == null) {
            return null;
        }
        if (!settings.runtimeSwitch()) {
            throw new IllegalStateException("jvbfastpath.runtime-switch is false");
        }
        c.setMode(allowed(mode));
        LOG.info("conference " + conferenceId + ": mode " + mode);
        return c.json();
    }

    @Override
    public String conferenceState(String conferenceId) {
        JmtConference c = conferences.get(conferenceId);
        return c == null ? null : c.json();
    }

    private ConferenceMode allowed(String name) {
        ConferenceMode m = ConferenceMode.fromConfigName(name);
        if (!settings.allowedModes().contains(m)) {
            throw new IllegalArgumentException("mode " + name + " is not allowed here");
        }
        return m;
    }

    public ProviderSettings settings() {
        return settings;
    }
}
