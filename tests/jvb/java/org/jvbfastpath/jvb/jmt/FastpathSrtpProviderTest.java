package org.jvbfastpath.jvb.jmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpTransformers;
import org.jitsi.nlj.srtp.TlsRole;
import org.jitsi.rtp.Packet;
import org.jitsi.rtp.UnparsedPacket;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;
import org.jvbfastpath.SrtpProfile;

/**
 * The provider as JMT uses it (the hook of docs/integration.md), through the stand-ins of
 * JMT's types at jitsi-videobridge a29d97d13: the bridge's side from the provider, the
 * browser's side from the provider too (opposite DTLS role, no conference).
 */
class FastpathSrtpProviderTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final Map<Integer, String> PTS = Map.of(111, "OPUS", 100, "VP8", 96, "RTX");
    private static final Map<Integer, String> EXTS = Map.of(1,
            "urn:ietf:params:rtp-hdrext:ssrc-audio-level");

    private static byte[] keyingMaterial() {
        byte[] km = new byte[PROFILE.keyingMaterialLength()];
        new Random(15).nextBytes(km);
        return km;
    }

    private static Packet rtp(int ssrc, int seq) {
        byte[] d = new byte[12 + 100];
        d[0] = (byte) 0x80;
        d[1] = 111;
        d[2] = (byte) (seq >> 8);
        d[3] = (byte) seq;
        d[8] = (byte) (ssrc >> 24);
        d[9] = (byte) (ssrc >> 16);
        d[10] = (byte) (ssrc >> 8);
        d[11] = (byte) ssrc;
        for (int i = 12; i < d.length; i++) {
            d[i] = (byte) i;
        }
        return new UnparsedPacket(Packet.wireBuffer(d), Packet.BYTES_TO_LEAVE_AT_START_OF_PACKET,
                d.length);
    }

    private static FastpathSrtpProvider provider(String defaultMode) {
        Properties p = new Properties();
        p.setProperty("jvbfastpath.default-mode", defaultMode);
        return new FastpathSrtpProvider(ProviderSettings.from(p));
    }

    private static SrtpTransformers peer(FastpathSrtpProvider provider, byte[] km) {
        return provider.create(null, PROFILE.dtlsSrtpId(), km, TlsRole.CLIENT, false, Map.of(),
                Map.of());
    }

    @Test
    void aConferenceInANativeModeRunsTheTransportOnTheLibraryAndSwitchesAtRuntime() {
        FastpathSrtpProvider provider = provider("accelerated");
        provider.conferenceCreated("c1", "e2ee-passthrough");
        byte[] km = keyingMaterial();
        SrtpTransformers bridge = provider.create("c1", PROFILE.dtlsSrtpId(), km, TlsRole.SERVER,
                false, PTS, EXTS);
        SrtpTransformers browser = peer(provider, km);
        assertNotNull(bridge);
        for (int seq = 1; seq <= 20; seq++) {
            PacketInfo sent = new PacketInfo(rtp(0x1234, seq));
            assertEquals(SrtpErrorStatus.OK, browser.getSrtpEncryptTransformer().transform(sent));
            assertTrue(sent.getPacket() instanceof UnparsedPacket);
            assertEquals(112 + 16, sent.getPacket().getLength());
            PacketInfo received = new PacketInfo(sent.getPacket());
            assertEquals(SrtpErrorStatus.OK, bridge.getSrtpDecryptTransformer().transform(received));
            assertEquals(112, received.getPacket().getLength());
            assertEquals(1, received.payloadVerificationResets());
        }
        // A replay is the bridge's REPLAY_FAIL, as jitsi-srtp says it.
        PacketInfo again = new PacketInfo(rtp(0x1234, 20));
        browser.getSrtpEncryptTransformer().transform(again);
        assertEquals(SrtpErrorStatus.REPLAY_FAIL,
                bridge.getSrtpDecryptTransformer().transform(new PacketInfo(again.getPacket())));
        String state = provider.conferenceState("c1");
        assertTrue(state.contains("\"mode\":\"e2ee-passthrough\""), state);
        assertTrue(state.contains("\"srtp_decrypt\":{\"ok\":20,\"failed\":1}"), state);
        assertTrue(state.contains("\"fastpath_transports\":1"), state);

        String switched = provider.setConferenceMode("c1", "e2ee-required");
        assertTrue(switched.contains("\"native_mode\":\"e2ee-required\""), switched);
        assertThrows(IllegalArgumentException.class, () -> provider.setConferenceMode("c1", "on"));
        // SRTP cannot go back to jitsi-srtp while the transport is open.
        assertThrows(IllegalStateException.class, () -> provider.setConferenceMode("c1", "off"));
        assertNull(provider.setConferenceMode("nope", "accelerated"));

        bridge.close();  // as Transceiver.stop() does
        assertEquals(SrtpErrorStatus.FAIL, bridge.getSrtpDecryptTransformer().transform(
                new PacketInfo(rtp(0x1234, 30))));
        assertTrue(provider.setConferenceMode("c1", "off").contains("\"mode\":\"off\""));
        assertNull(provider.create("c1", PROFILE.dtlsSrtpId(), km, TlsRole.SERVER, false, PTS,
                EXTS), "off: JMT's own SRTP");
        assertTrue(provider.conferenceState("c1").contains("\"bridge_srtp_transports\":1"));
        provider.conferenceExpired("c1");
        assertNull(provider.conferenceState("c1"));
        browser.close();
    }

    @Test
    void theNodesNeverCloseTheSetAndClosingItTwiceIsHarmless() {
        FastpathSrtpProvider provider = provider("accelerated");
        byte[] km = keyingMaterial();
        SrtpTransformers set = peer(provider, km);
        PacketInfo p = new PacketInfo(rtp(7, 1));
        assertEquals(SrtpErrorStatus.OK, set.getSrtpEncryptTransformer().transform(p));
        assertEquals(1, set.getSrtpEncryptTransformer().getNumCachedContexts());
        set.close();
        set.close();  // a relay closes its shared set once; a second close changes nothing
        assertEquals(0, set.getSrtpEncryptTransformer().getNumCachedContexts());
    }

    @Test
    void offAndUnknownProfilesKeepJmtsOwnSrtpAndCryptexRunsNatively() {
        FastpathSrtpProvider provider = provider("off");
        byte[] km = keyingMaterial();
        provider.conferenceCreated("c2", null);
        assertNull(provider.create("c2", PROFILE.dtlsSrtpId(), km, TlsRole.SERVER, false, PTS,
                EXTS));
        FastpathSrtpProvider on = provider("accelerated");
        on.conferenceCreated("c3", "not-a-mode");  // logged; the default mode
        assertTrue(on.conferenceState("c3").contains("\"mode\":\"accelerated\""));
        SrtpTransformers cryptex = on.create("c3", PROFILE.dtlsSrtpId(), km, TlsRole.SERVER, true,
                PTS, EXTS);
        assertNotNull(cryptex, "Cryptex runs on the fast path");
        cryptex.close();
        assertNull(on.create("c3", 0x0005, km, TlsRole.SERVER, false, PTS, EXTS),
                "SRTP_NULL_HMAC_SHA1_80");
        assertSame(null, on.conferenceState("c4"));
        assertThrows(IllegalArgumentException.class,
                () -> ProviderSettings.from(props("jvbfastpath.srtp.replay-window", "x")));
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }
}
