package org.jvbfastpath.jmt;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.logging.Level;
import org.jitsi.srtp.BaseSrtpCryptoContext;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.LRUCache;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * jitsi-srtp called the way Jitsi Videobridge calls it: our code, written from the calls JMT
 * makes (jitsi-media-transform {@code srtp/SrtpUtil.kt}, {@code srtp/SrtpTransformer.kt} at JVB
 * commit a29d97d), not JVB's code.
 *
 * <ul>
 *   <li>{@link #initialize}: {@code SrtpUtil.initializeTransformer}: the keying material split
 *       into client/server key and salt, one {@link SrtpPolicy} for SRTP and one for SRTCP
 *       (the profile's tag lengths), {@code isSendReplayEnabled = false} (the bridge resends
 *       old packets as they were), a context factory per DTLS role, the four transformers;
 *       the AES engine is OpenSSL (JVB's {@code jmt.srtp.factory-class}).
 *   <li>{@link Transformer#transform}: {@code AbstractSrtpTransformer.transform}: a context per
 *       SSRC in an access-ordered {@code LRUCache} of 1024, looked up under the map's lock; a
 *       missing one derived with ROC 0 (SRTP) or as a control context (SRTCP); decrypting
 *       transformers keep a new context only once its first packet succeeded. Then
 *       {@code transformPacket} / {@code reverseTransformPacket(packet, false)} (JVB's
 *       default authenticates every packet: {@code max-consecutive-packets-discarded-early
 *       = -1}).
 * </ul>
 * Exceptions from jitsi-srtp propagate, as they do in JMT.
 */
public final class JmtSrtp implements AutoCloseable {
    /** JMT's {@code AbstractSrtpTransformer.MAX_SSRCS}. */
    public static final int MAX_SSRCS = 1024;

    private static final Logger LOGGER = new LoggerImpl(JmtSrtp.class.getName(), Level.WARNING);
    // jitsi-srtp's own loggers (java.util.logging, under "org.jitsi") print at INFO which AES
    // engine they chose; warnings only. Held here: the logging framework keeps loggers weakly.
    private static final java.util.logging.Logger JITSI_LOGGERS =
            java.util.logging.Logger.getLogger("org.jitsi");

    static {
        JITSI_LOGGERS.setLevel(Level.WARNING);
        Aes.setFactoryClassName("OpenSSL");
    }

    public enum Kind { SRTP_DECRYPT, SRTP_ENCRYPT, SRTCP_DECRYPT, SRTCP_ENCRYPT }

    private final Transformer srtpDecrypt;
    private final Transformer srtpEncrypt;
    private final Transformer srtcpDecrypt;
    private final Transformer srtcpEncrypt;

    private JmtSrtp(SrtpContextFactory forward, SrtpContextFactory reverse) {
        srtpDecrypt = new Transformer(Kind.SRTP_DECRYPT, reverse);
        srtpEncrypt = new Transformer(Kind.SRTP_ENCRYPT, forward);
        srtcpDecrypt = new Transformer(Kind.SRTCP_DECRYPT, reverse);
        srtcpEncrypt = new Transformer(Kind.SRTCP_ENCRYPT, forward);
    }

    /** Whether jitsi-srtp loaded its OpenSSL provider (libjitsisrtp), as on a Linux bridge. */
    public static boolean openSslProviderLoaded() {
        return JitsiOpenSslProvider.isLoaded();
    }

    /**
     * The four transformers for one endpoint.
     *
     * @param dtlsSrtpProfileId 0x0001, 0x0002, 0x0007 or 0x0008 (RFC 5764, RFC 7714)
     * @param keyingMaterial client key, server key, client salt, server salt
     * @param weAreDtlsClient the bridge's DTLS role
     */
    public static JmtSrtp initialize(int dtlsSrtpProfileId, byte[] keyingMaterial,
            boolean weAreDtlsClient) {
        return initialize(dtlsSrtpProfileId, keyingMaterial, weAreDtlsClient, false);
    }

    /**
     * As above, with {@code cryptex} as JMT passes it ({@code srtpPolicy.isCryptexEnabled =
     * cryptex}: RFC 9335 negotiated with the endpoint).
     */
    public static JmtSrtp initialize(int dtlsSrtpProfileId, byte[] keyingMaterial,
            boolean weAreDtlsClient, boolean cryptex) {
        // SrtpUtil.getSrtpProfileInformationFromSrtpProtectionProfile, for the four profiles.
        int keyLength;
        int saltLength;
        int cipher;
        int auth;
        int authKeyLength;
        int rtcpTag;
        int rtpTag;
        switch (dtlsSrtpProfileId) {
            case 0x0001:
            case 0x0002:
                keyLength = 16;
                saltLength = 14;
                cipher = SrtpPolicy.AESCM_ENCRYPTION;
                auth = SrtpPolicy.HMACSHA1_AUTHENTICATION;
                authKeyLength = 20;
                rtcpTag = 10;
                rtpTag = dtlsSrtpProfileId == 0x0001 ? 10 : 4;
                break;
            case 0x0007:
            case 0x0008:
                keyLength = dtlsSrtpProfileId == 0x0007 ? 16 : 32;
                saltLength = 12;
                cipher = SrtpPolicy.AESGCM_ENCRYPTION;
                auth = SrtpPolicy.NULL_AUTHENTICATION;
                authKeyLength = 0;
                rtcpTag = 16;
                rtpTag = 16;
                break;
            default:
                throw new IllegalArgumentException(
                        "profile 0x" + Integer.toHexString(dtlsSrtpProfileId));
        }
        if (keyingMaterial.length != 2 * (keyLength + saltLength)) {
            throw new IllegalArgumentException(
                    "keying material of " + keyingMaterial.length + " bytes");
        }
        byte[] clientKey = slice(keyingMaterial, 0, keyLength);
        byte[] serverKey = slice(keyingMaterial, keyLength, keyLength);
        byte[] clientSalt = slice(keyingMaterial, 2 * keyLength, saltLength);
        byte[] serverSalt = slice(keyingMaterial, 2 * keyLength + saltLength, saltLength);
        SrtpPolicy srtcpPolicy = new SrtpPolicy(cipher, keyLength, auth, authKeyLength, rtcpTag,
                saltLength);
        SrtpPolicy srtpPolicy = new SrtpPolicy(cipher, keyLength, auth, authKeyLength, rtpTag,
                saltLength);
        srtpPolicy.setSendReplayEnabled(false);
        srtpPolicy.setCryptexEnabled(cryptex);
        SrtpContextFactory client = new SrtpContextFactory(weAreDtlsClient, clientKey, clientSalt,
                srtpPolicy, srtcpPolicy, LOGGER);
        SrtpContextFactory server = new SrtpContextFactory(!weAreDtlsClient, serverKey, serverSalt,
                srtpPolicy, srtcpPolicy, LOGGER);
        return weAreDtlsClient ? new JmtSrtp(client, server) : new JmtSrtp(server, client);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }

    public Transformer srtpDecrypt() {
        return srtpDecrypt;
    }

    public Transformer srtpEncrypt() {
        return srtpEncrypt;
    }

    public Transformer srtcpDecrypt() {
        return srtcpDecrypt;
    }

    public Transformer srtcpEncrypt() {
        return srtcpEncrypt;
    }

    @Override
    public void close() {
        srtpDecrypt.close();
        srtpEncrypt.close();
        srtcpDecrypt.close();
        srtcpEncrypt.close();
    }

    /** One of the four, as JMT's {@code AbstractSrtpTransformer} subclasses. */
    public static final class Transformer {
        private final Kind kind;
        private final SrtpContextFactory factory;
        private final boolean rtcp;
        private final boolean decrypt;
        private final Map<Long, BaseSrtpCryptoContext> contexts = new LRUCache<>(MAX_SSRCS, true);

        Transformer(Kind kind, SrtpContextFactory factory) {
            this.kind = kind;
            this.factory = factory;
            this.rtcp = kind == Kind.SRTCP_DECRYPT || kind == Kind.SRTCP_ENCRYPT;
            this.decrypt = kind == Kind.SRTP_DECRYPT || kind == Kind.SRTCP_DECRYPT;
        }

        public Kind kind() {
            return kind;
        }

        /** Contexts cached now (JMT's {@code numCachedContexts}). */
        public int cachedContexts() {
            synchronized (contexts) {
                return contexts.size();
            }
        }

        /**
         * Transforms the packet in place (its array may be replaced, see {@link JvbPacket});
         * returns jitsi-srtp's status. The SSRC is read as JMT reads it: RTP bytes 8-11 (the
         * parsed packet's SSRC), RTCP bytes 4-7 (the first packet's sender SSRC).
         */
        public SrtpErrorStatus transform(JvbPacket packet) throws GeneralSecurityException {
            byte[] b = packet.getBuffer();
            int at = packet.getOffset() + (rtcp ? 4 : 8);
            long ssrc = ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xff) << 16)
                    | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            boolean isNew = false;
            BaseSrtpCryptoContext context;
            synchronized (contexts) {
                context = contexts.get(ssrc);
                if (context == null) {
                    context = rtcp ? factory.deriveControlContext((int) ssrc)
                            : factory.deriveContext((int) ssrc, 0);
                    isNew = true;
                    if (!decrypt) {
                        contexts.put(ssrc, context);
                    }
                }
            }
            SrtpErrorStatus status;
            if (rtcp) {
                SrtcpCryptoContext c = (SrtcpCryptoContext) context;
                status = decrypt ? c.reverseTransformPacket(packet) : c.transformPacket(packet);
            } else {
                SrtpCryptoContext c = (SrtpCryptoContext) context;
                status = decrypt ? c.reverseTransformPacket(packet, false)
                        : c.transformPacket(packet);
            }
            if (isNew && decrypt && status == SrtpErrorStatus.OK) {
                synchronized (contexts) {
                    contexts.putIfAbsent(ssrc, context);
                }
            }
            return status;
        }

        void close() {
            synchronized (contexts) {
                factory.close();
            }
        }
    }
}
