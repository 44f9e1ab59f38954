package org.jvbfastpath.jvb.jmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpPacketTransformer;
import org.jitsi.nlj.srtp.SrtpTransformers;
import org.jitsi.nlj.srtp.TlsRole;
import org.jitsi.rtp.Packet;
import org.jitsi.rtp.UnparsedPacket;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.Test;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.testdata.Vp8Frames;

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

    // The E2EE frame hold through transformMany, as JMT's SrtpTransformerNode calls it with
    // the hook (docs/integration.md, 4.1): a browser's VP8 frames (tests/java's Vp8Frames),
    // JFrame or plaintext, into a transport of a conference that requires E2EE.

    private static final Map<Integer, String> VIDEO_EXTS =
            Map.of(Vp8Frames.TCC_ID, Vp8Frames.TCC_URI);
    private static final int UNPROTECTED = 325;  // Vp8Frames' packet length

    /** A browser sending VP8 frames to a bridge transport, and the bridge's decrypt node. */
    private static final class VideoCall {
        final FastpathSrtpProvider provider;
        final SrtpTransformers bridge;
        final SrtpTransformers browser;
        final List<PacketInfo> out = new ArrayList<>();
        final List<PacketInfo> discarded = new ArrayList<>();
        final List<byte[]> sentPlain = new ArrayList<>();
        int seq = 1000;
        int ts = 90000;
        int pictureId = 1;
        SrtpErrorStatus lastStatus;

        VideoCall(String mode) {
            this(mode, "any");
        }

        VideoCall(String mode, String expectedEnvelope) {
            Properties p = props("jvbfastpath.expected-envelope", expectedEnvelope);
            provider = new FastpathSrtpProvider(ProviderSettings.from(p));
            provider.conferenceCreated("v", mode);
            byte[] km = keyingMaterial();
            bridge = provider.create("v", PROFILE.dtlsSrtpId(), km, TlsRole.SERVER, false, PTS,
                    VIDEO_EXTS);
            browser = peer(provider, km);
            assertNotNull(bridge);
        }

        /** Packet k of a frame, protected by the browser (its plaintext kept in sentPlain). */
        PacketInfo send(int k, int count, boolean jframe, boolean keyframe) {
            byte[] buf = new byte[Vp8Frames.ROOM_BEFORE + 400 + Vp8Frames.ROOM_AFTER];
            int len = Vp8Frames.framePacket(buf, seq++, ts, pictureId, k, count, jframe,
                    keyframe);
            if (k == count - 1) {
                ts += 3000;
                pictureId++;
            }
            PacketInfo sent = new PacketInfo(new UnparsedPacket(buf, Vp8Frames.ROOM_BEFORE, len));
            sentPlain.add(sent.getPacket().copyOfData());
            assertEquals(SrtpErrorStatus.OK, browser.getSrtpEncryptTransformer().transform(sent));
            return new PacketInfo(sent.getPacket());
        }

        /** What the node does per packet: transformMany, out and discarded of this call. */
        SrtpErrorStatus receive(PacketInfo p) {
            out.clear();
            discarded.clear();
            return bridge.getSrtpDecryptTransformer().transformMany(p, out, discarded);
        }

        /** Sends a whole frame; returns its packets as received, in order. */
        List<PacketInfo> frame(int count, boolean jframe, boolean keyframe) {
            List<PacketInfo> packets = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                PacketInfo p = send(k, count, jframe, keyframe);
                packets.add(p);
                SrtpErrorStatus status = receive(p);
                lastStatus = status;
                if (k < count - 1) {
                    assertEquals(SrtpErrorStatus.OK, status, "held: OK");
                    assertEquals(List.of(), out, "packet " + k + " held");
                    assertEquals(List.of(), discarded, "packet " + k + " held");
                }
            }
            return packets;
        }

        /** Each packet left whole: its unprotected length and the bytes the browser sent. */
        void assertPlain(List<PacketInfo> packets) {
            for (PacketInfo p : packets) {
                assertEquals(UNPROTECTED, p.getPacket().getLength());
                byte[] plain = p.getPacket().copyOfData();
                assertTrue(sentPlain.stream().anyMatch(s -> java.util.Arrays.equals(s, plain)),
                        "a packet as the browser sent it");
            }
        }

        String state() {
            return provider.conferenceState("v");
        }

        /** The plugin's hold counters in the conference state. */
        void assertHold(int held, int released, int dropped) {
            String state = state();
            assertTrue(state.contains("\"hold\":{\"held\":" + held + ",\"released\":" + released
                    + ",\"dropped\":" + dropped + "}"), state);
        }

        void close() {
            bridge.close();
            browser.close();
        }
    }

    @Test
    void e2eeRequiredReleasesEachJFrameFrameWholeAndInOrderFromItsLastPacket() {
        VideoCall call = new VideoCall("e2ee-required");
        // The first frame is a keyframe of 4 packets: not lost for being first.
        List<PacketInfo> key = call.frame(4, true, true);
        assertEquals(SrtpErrorStatus.OK, call.lastStatus);
        assertEquals(key, call.out, "the keyframe, in order, from its last packet");
        assertEquals(List.of(), call.discarded);
        call.assertPlain(key);
        assertArrayEquals(call.sentPlain.get(0), key.get(0).getPacket().copyOfData());
        for (int f = 0; f < 3; f++) {
            List<PacketInfo> delta = call.frame(3, true, false);
            assertEquals(delta, call.out);
            call.assertPlain(delta);
            assertEquals(1, delta.get(0).payloadVerificationResets());
        }
        // A one-packet frame proves itself: nothing held.
        List<PacketInfo> one = call.frame(1, true, false);
        assertEquals(one, call.out);
        String state = call.state();
        assertTrue(state.contains("\"srtp_decrypt\":{\"ok\":14,\"failed\":0}"), state);
        call.assertHold(9, 9, 0);
        call.close();
    }

    @Test
    void e2eeRequiredDiscardsAPlaintextFrameWholeAndKeepsTheNextJFrameFrame() {
        // JFrame expected: a frame is refused by its last packet (with "any", a plaintext
        // frame may also be an SFrame candidate, held until the stream's chain breaks).
        VideoCall call = new VideoCall("e2ee-required", "jframe");
        List<PacketInfo> plain = call.frame(3, false, true);
        assertEquals(SrtpErrorStatus.FAIL, call.lastStatus, "the plaintext end is refused");
        assertEquals(List.of(), call.out, "not one packet of a plaintext frame leaves");
        assertEquals(plain, call.discarded, "every packet of it is given up, in order");
        List<PacketInfo> next = call.frame(3, true, false);
        assertEquals(next, call.out);
        assertEquals(List.of(), call.discarded);
        String state = call.state();
        assertTrue(state.contains("\"srtp_decrypt\":{\"ok\":3,\"failed\":3}"), state);
        call.assertHold(4, 2, 2);
        assertTrue(state.contains("\"reason\":\"plaintext_in_e2ee_required\"},\"value\":3"),
                state);
        call.close();
    }

    @Test
    void closingATransportWithPacketsHeldDropsThemAndFreesTheEndpoint() {
        VideoCall call = new VideoCall("e2ee-required");
        for (int k = 0; k < 2; k++) {
            assertEquals(SrtpErrorStatus.OK, call.receive(call.send(k, 3, true, false)));
        }
        assertEquals(List.of(), call.out);
        call.bridge.close();  // as Transceiver.stop() does
        call.assertHold(2, 0, 2);
        String state = call.state();
        assertTrue(state.contains("\"open_fastpath_transports\":0"), state);
        assertTrue(state.contains("\"name\":\"jvbfastpath_conference_endpoints\","
                + "\"labels\":{\"conference\":\"v\"},\"value\":0"), state);
        // The frame's last packet, after the close: refused, nothing released.
        PacketInfo last = call.send(2, 3, true, false);
        assertEquals(SrtpErrorStatus.FAIL, call.receive(last));
        assertEquals(List.of(), call.out);
        assertEquals(List.of(last), call.discarded);
        call.browser.close();
    }

    @Test
    void aSwitchToE2eeRequiredAndBackWhileFramesAreInFlight() {
        VideoCall call = new VideoCall("accelerated");
        // Accelerated: each packet leaves at once.
        PacketInfo first = call.send(0, 3, true, false);
        assertEquals(SrtpErrorStatus.OK, call.receive(first));
        assertEquals(List.of(first), call.out);
        assertTrue(call.provider.setConferenceMode("v", "e2ee-required")
                .contains("\"native_mode\":\"e2ee-required\""));
        // The frame's second packet arrives in e2ee-required: held until the frame's last
        // packet proves it.
        PacketInfo second = call.send(1, 3, true, false);
        assertEquals(SrtpErrorStatus.OK, call.receive(second));
        assertEquals(List.of(), call.out);
        PacketInfo third = call.send(2, 3, true, false);
        assertEquals(SrtpErrorStatus.OK, call.receive(third));
        assertEquals(List.of(second, third), call.out);
        // A frame held when the conference goes back to accelerated is still settled by its
        // fate: released before its last packet.
        PacketInfo a = call.send(0, 3, true, false);
        PacketInfo b = call.send(1, 3, true, false);
        call.receive(a);
        call.receive(b);
        assertEquals(List.of(), call.out);
        call.provider.setConferenceMode("v", "accelerated");
        PacketInfo c = call.send(2, 3, true, false);
        assertEquals(SrtpErrorStatus.OK, call.receive(c));
        assertEquals(List.of(a, b, c), call.out);
        call.assertPlain(call.out);
        call.assertHold(3, 3, 0);
        call.close();
    }

    @Test
    void transformAloneRefusesWhatIsHeldAndLeaksNoSlot() {
        VideoCall call = new VideoCall("e2ee-required");
        SrtpPacketTransformer decrypt = call.bridge.getSrtpDecryptTransformer();
        // More frames than the lane has slots: a slot kept for a refused held packet comes
        // back with its event.
        int frames = org.jvbfastpath.FastpathEndpoint.MAX_HELD_PACKETS / 2 + 50;
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < 3; k++) {
                SrtpErrorStatus status = decrypt.transform(call.send(k, 3, true, false));
                assertEquals(k < 2 ? SrtpErrorStatus.FAIL : SrtpErrorStatus.OK, status,
                        "frame " + f + ", packet " + k);
            }
        }
        // transformMany still works on the same transport afterwards.
        List<PacketInfo> frame = call.frame(3, true, false);
        assertEquals(frame, call.out);
        call.close();
    }

    @Test
    void everyPluginTransformerImplementsTransformManyItself() throws ReflectiveOperationException {
        // JMT's Kotlin interface has no Java default method: a class without its own
        // transformMany would fail with AbstractMethodError inside JVB.
        for (Class<?> c : new Class<?>[] {JmtIngressTransformer.class, JmtSrtpTransformer.class,
                Class.forName("org.jvbfastpath.jvb.jmt.TransportSet$Closing")}) {
            assertNotNull(c.getDeclaredMethod("transformMany", PacketInfo.class, List.class,
                    List.class), c.getName());
        }
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }
}
