package org.jvbfastpath.jvb.jmt;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.jvbfastpath.ConferenceMode;
import org.jvbfastpath.ExpectedEnvelope;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.FastpathConference;

/**
 * One bridge conference as the provider sees it: the mode new transports are created in,
 * the library's {@link FastpathConference} (its native mode switch, its counters) once a
 * transport needs it, and the transports on each side.
 *
 * <p>What a switch does (docs/integration.md): SRTP ownership is fixed when a transport is
 * created (DTLS done), because jitsi-srtp exposes no rollover counter nor SRTCP index to hand
 * over. Between the native modes (accelerated, e2ee-passthrough, e2ee-required) a switch
 * applies to every fast-path transport at its next packet. {@code off} applies to transports
 * created afterwards, and is refused while fast-path transports are open.
 */
final class JmtConference {
    private static final Logger LOG = Logger.getLogger("org.jvbfastpath.jvb");

    private final String id;
    private final ExpectedEnvelope expected;
    final TransportCounters counters = new TransportCounters();
    // Guarded by this.
    private ConferenceMode mode;
    private FastpathConference library;
    private String nativeUnavailable;
    private int openFastpathTransports;
    private long fastpathTransports;
    private long bridgeTransports;
    private boolean expired;

    JmtConference(String id, ConferenceMode mode, ExpectedEnvelope expected) {
        this.id = id;
        this.mode = mode;
        this.expected = expected;
    }

    String id() {
        return id;
    }

    synchronized ConferenceMode mode() {
        return mode;
    }

    /**
     * The library's conference for a new fast-path transport, created on first need; null
     * when this conference runs on the bridge's SRTP (mode off, expired, or no library).
     */
    synchronized FastpathConference forNewTransport() {
        if (expired || mode == ConferenceMode.OFF || !Fastpath.isAvailable()) {
            return null;
        }
        if (library == null && nativeUnavailable == null) {
            try {
                library = FastpathConference.create(id, mode, expected);
            } catch (RuntimeException e) {
                nativeUnavailable = e.toString();
                LOG.log(Level.WARNING, "conference " + id + ": no native conference, SRTP only", e);
            }
        }
        return library;
    }

    synchronized void transportOpened(boolean fastpath) {
        if (fastpath) {
            openFastpathTransports++;
            fastpathTransports++;
        } else {
            bridgeTransports++;
        }
    }

    synchronized void transportClosed() {
        openFastpathTransports--;
    }

    /** Throws IllegalStateException if {@code off} is asked while fast-path transports are open. */
    synchronized void setMode(ConferenceMode newMode) {
        if (newMode == mode) {
            return;
        }
        if (newMode == ConferenceMode.OFF && openFastpathTransports > 0) {
            throw new IllegalStateException("conference " + id + " has " + openFastpathTransports
                    + " fast-path transport(s): their SRTP state cannot be handed back to"
                    + " jitsi-srtp (no rollover counter nor SRTCP index to set)");
        }
        if (newMode != ConferenceMode.OFF && library != null) {
            library.setMode(newMode);
        }
        mode = newMode;
    }

    synchronized void expire() {
        expired = true;
        if (library != null) {
            library.close();
        }
    }

    /** The state as JSON: mode, transports on each side, packet counts, native metrics. */
    synchronized String json() {
        StringBuilder b = new StringBuilder("{\"conference\":\"").append(id)
                .append("\",\"mode\":\"").append(mode.configName())
                .append("\",\"native_mode\":")
                .append(library == null || library.isClosed() ? "null"
                        : "\"" + library.mode().configName() + "\"")
                .append(",\"fastpath_transports\":").append(fastpathTransports)
                .append(",\"open_fastpath_transports\":").append(openFastpathTransports)
                .append(",\"bridge_srtp_transports\":").append(bridgeTransports)
                .append(",\"packets\":").append(counters.json());
        if (nativeUnavailable != null) {
            b.append(",\"libraryunavailable\":\"").append(nativeUnavailable.replace('"', '\''))
                    .append('"');
        }
        b.append(",\"native\":").append(library == null || library.isClosed() ? "null"
                : library.metricsJson());
        return b.append('}').toString();
    }
}
