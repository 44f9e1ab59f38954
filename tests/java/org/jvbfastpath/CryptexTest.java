package org.jvbfastpath;

import static org.jvbfastpath.testdata.HexVectors.toHex;
import static org.jvbfastpath.testdata.ReferenceSrtp.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jvbfastpath.testdata.HexVectors;
import org.jvbfastpath.testdata.PcapReader;

/**
 * Cryptex (RFC 9335) through the Java API: the RFC's Appendix A vectors (the file the native
 * cryptex_test reads), byte for byte both ways; the not-negotiated refusal; and Chromium's
 * Cryptex traffic (tests/data/cryptex: a real browser's packets and the call's DTLS keying
 * material) through an SRTP session and through an endpoint made as the bridge makes them,
 * whose parse of every packet's extensions must agree with pion's reading of the same call.
 */
class CryptexTest {
    private static final HexVectors V = HexVectors.load("tests/data/srtp/rfc_vectors.txt");
    private static final String[] VECTORS = {"one_byte", "two_byte", "one_byte_csrc",
        "two_byte_csrc", "empty_one_byte_csrc", "empty_two_byte_csrc"};
    private static final int ROOM_AFTER = 20;

    private static SrtpSession vectorSession(String appendix, SrtpSession.Direction direction,
            boolean cryptex) {
        SrtpProfile profile = appendix.equals("rfc9335_a1") ? SrtpProfile.AES_CM_128_HMAC_SHA1_80
                : SrtpProfile.AEAD_AES_128_GCM;
        byte[] keyAndSalt = concat(V.get(appendix + "_master_key"),
                V.get(appendix + "_master_salt"));
        return SrtpSession.fromMasterKey(profile, keyAndSalt, direction, cryptex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc9335_a1", "rfc9335_a2"})
    void rfc9335VectorsBothWays(String appendix) {
        for (String name : VECTORS) {
            byte[] plain = V.get(appendix + "_" + name + "_plain");
            byte[] srtp = V.get(appendix + "_" + name + "_srtp");
            // Fresh sessions per vector: each is its stream's first packet (ROC 0).
            try (SrtpSession out = vectorSession(appendix, SrtpSession.Direction.OUTBOUND, true);
                 SrtpSession in = vectorSession(appendix, SrtpSession.Direction.INBOUND, true)) {
                assertTrue(out.cryptex() && in.cryptex());
                byte[] buf = Arrays.copyOf(plain, plain.length + ROOM_AFTER);
                int r = out.transformRtp(buf, 0, plain.length);
                assertEquals(SrtpStatus.OK, SrtpStatus.ofResult(r), name);
                assertEquals(toHex(srtp), toHex(Arrays.copyOf(buf, r)), name + ": protected");
                byte[] back = Arrays.copyOf(srtp, srtp.length);
                r = in.transformRtp(back, 0, back.length);
                assertEquals(SrtpStatus.OK, SrtpStatus.ofResult(r), name);
                assertEquals(toHex(plain), toHex(Arrays.copyOf(back, r)), name + ": unprotected");
            }
        }
    }

    @Test
    void withoutCryptexNegotiatedTheVectorsAreRefused() {
        for (String appendix : new String[] {"rfc9335_a1", "rfc9335_a2"}) {
            try (SrtpSession in = vectorSession(appendix, SrtpSession.Direction.INBOUND, false)) {
                assertFalse(in.cryptex());
                for (String name : VECTORS) {
                    byte[] srtp = V.get(appendix + "_" + name + "_srtp");
                    byte[] buf = srtp.clone();
                    int r = in.transformRtp(buf, 0, buf.length);
                    assertEquals(SrtpStatus.CRYPTEX_NOT_NEGOTIATED, SrtpStatus.ofResult(r), name);
                    assertEquals(SrtpOutcome.INVALID_PACKET, SrtpStatus.ofResult(r).outcome());
                    assertArrayEquals(srtp, buf, name + ": a refused packet is left as it was");
                }
                assertEquals(VECTORS.length,
                        in.counters()[0][SrtpStatus.CRYPTEX_NOT_NEGOTIATED.ordinal()]);
            }
        }
    }

    @Test
    void protectRoomHasTheEmptyBlockWithCryptex() {
        try (SrtpSession plain = vectorSession("rfc9335_a2", SrtpSession.Direction.OUTBOUND, false);
             SrtpSession cryptex = vectorSession("rfc9335_a2", SrtpSession.Direction.OUTBOUND,
                     true)) {
            assertEquals(plain.protectRoom(false) + 4, cryptex.protectRoom(false));
            assertEquals(plain.protectRoom(true), cryptex.protectRoom(true));
            assertTrue(cryptex.protectRoom(false) <= ROOM_AFTER, "fits the bridge's 20 bytes");
        }
    }

    // ---- Chromium's Cryptex traffic ---------------------------------------------------------

    /** One recorded call (tests/data/cryptex/README.md). */
    private static final class Call {
        final SrtpProfile profile;
        final byte[] keyingMaterial;
        final boolean pionIsDtlsClient;
        final String sdp;
        final List<PcapReader.Datagram> datagrams;
        /** pion's reading: "ssrc:seq" -> each [audio level, voice, transport-cc seq] it saw. */
        final Map<String, List<int[]>> pion = new HashMap<>();

        Call(String name) throws IOException {
            String base = "tests/data/cryptex/" + name;
            Map<String, String> keys = new HashMap<>();
            for (String line : Files.readAllLines(Path.of(base + ".keys"))) {
                String[] kv = line.split(" ", 2);
                if (!line.startsWith("#") && kv.length == 2) {
                    keys.put(kv[0], kv[1]);
                }
            }
            profile = SrtpProfile.valueOf(keys.get("profile"));
            keyingMaterial = HexVectors.hex("keying_material", keys.get("keying_material"));
            pionIsDtlsClient = keys.get("pion_dtls_role").equals("client");
            sdp = Files.readString(Path.of(base + ".sdp"));
            datagrams = PcapReader.udpDatagrams(base + ".pcap");
            Pattern field = Pattern.compile("\"(ssrc|seq|audio_level|voice|tcc_seq)\":"
                    + "(\\d+|true|false|null)");
            for (String line : Files.readAllLines(Path.of(base + ".pion.jsonl"))) {
                Map<String, String> f = new HashMap<>();
                Matcher m = field.matcher(line);
                while (m.find()) {
                    f.put(m.group(1), m.group(2));
                }
                int[] seen = {number(f.get("audio_level")),
                    f.get("voice").equals("null") ? -1 : f.get("voice").equals("true") ? 1 : 0,
                    number(f.get("tcc_seq"))};
                pion.computeIfAbsent((int) Long.parseLong(f.get("ssrc")) + ":" + f.get("seq"),
                        k -> new ArrayList<>()).add(seen);
            }
        }

        private static int number(String value) {
            return value.equals("null") ? -1 : Integer.parseInt(value);
        }

        /** The SDP's a=extmap lines (offer and answer agree on every ID): ID to URI. */
        Map<Integer, String> extmap() {
            return numbered("(?m)^a=extmap:(\\d+)(?:/\\w+)? (\\S+)");
        }

        /** The SDP's a=rtpmap lines: payload type to encoding name. */
        Map<Integer, String> rtpmap() {
            return numbered("(?m)^a=rtpmap:(\\d+) ([^/\\s]+)");
        }

        private Map<Integer, String> numbered(String regex) {
            Map<Integer, String> out = new HashMap<>();
            Matcher m = Pattern.compile(regex).matcher(sdp);
            while (m.find()) {
                out.put(Integer.parseInt(m.group(1)), m.group(2));
            }
            return out;
        }
    }

    private static boolean isRtcp(byte[] p) {
        int pt = p[1] & 0xff;
        return pt >= 192 && pt <= 223;
    }

    private static int extensionProfile(byte[] rtp, int len) {
        int at = 12 + 4 * (rtp[0] & 0x0f);
        return (rtp[0] & 0x10) == 0 || at + 4 > len ? -1
                : ((rtp[at] & 0xff) << 8) | (rtp[at + 1] & 0xff);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium_aead_aes_128_gcm", "chromium_aes_cm_128_hmac_sha1_80",
        "chromium_aead_aes_256_gcm"})
    void chromiumsPacketsUnprotectFromTheDtlsKeys(String name) throws IOException {
        Call call = new Call(name);
        SrtpSession.DtlsRole role = call.pionIsDtlsClient ? SrtpSession.DtlsRole.CLIENT
                : SrtpSession.DtlsRole.SERVER;
        int rtp = 0;
        int twoByte = 0;
        try (SrtpSession in = SrtpSession.fromDtls(call.profile, call.keyingMaterial, role,
                SrtpSession.Direction.INBOUND, SrtpSession.DEFAULT_REPLAY_WINDOW,
                SrtpSession.DEFAULT_MAX_STREAMS, false, true)) {
            for (PcapReader.Datagram d : call.datagrams) {
                byte[] p = d.payload();
                String where = name + " frame " + d.frame;
                if (isRtcp(p)) {
                    assertEquals(SrtpStatus.OK, SrtpStatus.ofResult(in.transformRtcp(p, 0,
                            p.length)), where);
                    continue;
                }
                int sent = extensionProfile(p, p.length);
                assertTrue(sent == 0xC0DE || sent == 0xC2DE, where + ": sent as Cryptex");
                int r = in.transformRtp(p, 0, p.length);
                assertEquals(SrtpStatus.OK, SrtpStatus.ofResult(r), where);
                assertEquals(sent == 0xC0DE ? 0xBEDE : 0x1000, extensionProfile(p, r),
                        where + ": plain RFC 8285 after unprotect");
                rtp++;
                twoByte += sent == 0xC2DE ? 1 : 0;
            }
        }
        assertEquals(200, rtp, name);
        assertEquals(name.contains("gcm"), twoByte > 0, name + ": two-byte blocks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium_aead_aes_128_gcm", "chromium_aes_cm_128_hmac_sha1_80",
        "chromium_aead_aes_256_gcm"})
    void anEndpointWithCryptexParsesWhatPionRead(String name) throws IOException {
        Call call = new Call(name);
        FastpathEndpoint.Spec spec = new FastpathEndpoint.Spec("chromium")
                .srtp(call.profile, call.keyingMaterial, call.pionIsDtlsClient)
                .cryptex(true);
        call.extmap().forEach(spec::extension);
        call.rtpmap().forEach(spec::payloadType);
        int compared = 0;
        int audio = 0;
        try (FastpathConference c = FastpathConference.create("cryptex",
                     ConferenceMode.ACCELERATED, ExpectedEnvelope.JFRAME);
             FastpathEndpoint ep = FastpathEndpoint.create(c, spec)) {
            PacketMetadata meta = new PacketMetadata(1);
            PacketInfo[] infos = {new PacketInfo()};
            for (PcapReader.Datagram d : call.datagrams) {
                byte[][] bufs = {d.payload()};
                if (isRtcp(bufs[0])) {
                    continue;
                }
                int[] offs = {0};
                int[] lens = {bufs[0].length};
                String where = name + " frame " + d.frame;
                assertEquals(1, ep.ingress(bufs, offs, lens, 1, meta, 0, null, infos), where);
                PacketInfo info = infos[0];
                assertEquals(SrtpStatus.OK, info.srtp, where);
                assertTrue(info.transportCcSeq >= 0, where + ": transport-cc parsed");
                List<int[]> seen = call.pion.get(info.ssrc + ":" + info.sequenceNumber);
                if (seen == null) {
                    continue;  // RTX padding, which pion's tracks do not hand up
                }
                boolean agrees = seen.stream().anyMatch(s -> s[0] == info.audioLevel
                        && s[1] == info.voice && s[2] == info.transportCcSeq);
                assertTrue(agrees, where + ": audio level " + info.audioLevel + ", voice "
                        + info.voice + ", transport-cc " + info.transportCcSeq + "; pion read "
                        + seen.stream().map(Arrays::toString).collect(Collectors.toList()));
                compared++;
                audio += info.audioLevel >= 0 ? 1 : 0;
            }
        }
        assertTrue(compared >= 180, name + ": " + compared + " packets compared with pion");
        assertTrue(audio >= 100, name + ": " + audio + " audio levels");
    }
}
