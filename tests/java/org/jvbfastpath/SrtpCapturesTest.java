package org.jvbfastpath;

import static org.jvbfastpath.testdata.HexVectors.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvbfastpath.testdata.InspectTool;
import org.jvbfastpath.testdata.PcapReader;

/**
 * ffmpeg's SRTP captures (tests/data/srtp/README.md: its own SRTP code, keys there) through
 * SrtpSession from Java: every packet unprotects, as //tests/interop:captures_test expects of
 * the native side, the plaintext is byte for byte what inspect (a separate native run) wrote,
 * the batch call agrees with the single one, and protecting the plaintext again gives
 * ffmpeg's exact SRTP bytes.
 */
class SrtpCapturesTest {
    static final String VP8_KEY = "dy6xEuTTeRkfyk6Za+Jhns3SLTB4yw6fZSgZ3HLg";
    static final String OPUS_KEY = "tGrIBK9JuZKyRzdYSGxPinvTRGbu91FT2sQ3ExfI";
    private static final int ROOM_AFTER = 20;

    /** RFC 5761 4 / RFC 7983: RTCP packet types 192..223 in the second byte. */
    private static boolean isRtcp(byte[] p) {
        int pt = p.length > 1 ? p[1] & 0xff : 0;
        return pt >= 192 && pt <= 223;
    }

    private static int seq(byte[] rtp) {
        return ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
    }

    @ParameterizedTest
    @CsvSource({
        "ffmpeg_vp8_aes_cm_128_hmac_sha1_80.pcap, AES_CM_128_HMAC_SHA1_80, " + VP8_KEY,
        "ffmpeg_opus_aes_cm_128_hmac_sha1_32.pcap, AES_CM_128_HMAC_SHA1_32, " + OPUS_KEY,
    })
    void everyPacketUnprotectsAsInspectDoes(String file, SrtpProfile profile, String key)
            throws IOException {
        String pcap = "tests/data/srtp/" + file;
        byte[] keyAndSalt = Base64.getDecoder().decode(key);
        List<PcapReader.Datagram> captured = PcapReader.udpDatagrams(pcap);
        Path decrypted = Files.createTempFile("decrypted", ".pcap");
        List<InspectTool.Line> lines;
        List<PcapReader.Datagram> theirs;
        try {
            lines = InspectTool.run("--pcap", pcap, "--srtp-profile", profile.name(),
                    "--srtp-key", key, "--write-pcap", decrypted.toString());
            theirs = PcapReader.udpDatagrams(decrypted.toString());
        } finally {
            Files.deleteIfExists(decrypted);
        }
        assertEquals(lines.size(), captured.size(), file + ": datagrams, inspect vs ours");

        List<byte[]> plain = new ArrayList<>();
        int rtcp = 0;
        try (SrtpSession in = SrtpSession.fromMasterKey(profile, keyAndSalt,
                SrtpSession.Direction.INBOUND)) {
            for (int i = 0; i < captured.size(); i++) {
                byte[] p = captured.get(i).payload();
                boolean isRtcp = isRtcp(p);
                int r = isRtcp ? in.transformRtcp(p, 0, p.length) : in.transformRtp(p, 0, p.length);
                String where = file + " packet " + i + " (frame " + captured.get(i).frame + ")";
                InspectTool.Line line = lines.get(i);
                assertEquals(line.string("kind"), isRtcp ? "rtcp" : "rtp", where + ": kind");
                assertEquals(line.string("status"),
                        SrtpStatus.ofResult(r).name().toLowerCase(Locale.ROOT),
                        where + ": status, inspect vs Java");
                assertEquals(SrtpStatus.OK, SrtpStatus.ofResult(r), where + ": status");
                byte[] ours = Arrays.copyOf(p, r);
                // inspect's --write-pcap holds the packets that unprotected, in order.
                assertEquals(toHex(theirs.get(plain.size()).payload()), toHex(ours),
                        where + ": plaintext, inspect's vs Java's");
                plain.add(ours);
                rtcp += isRtcp ? 1 : 0;
            }
            assertEquals(theirs.size(), plain.size(), file + ": packets inspect decrypted");
            assertTrue(rtcp >= 1, file + ": no RTCP packet");
            long[][] counters = in.counters();
            assertEquals(captured.size() - rtcp, counters[0][SrtpStatus.OK.ordinal()],
                    "RTP OK count");
            assertEquals(rtcp, counters[1][SrtpStatus.OK.ordinal()], "RTCP OK count");
        }

        // The RTP packets again, in one batch call (split into native batches of 256).
        List<byte[]> rtp = new ArrayList<>();
        List<byte[]> rtpPlain = new ArrayList<>();
        for (int i = 0; i < captured.size(); i++) {
            byte[] p = captured.get(i).payload();
            if (!isRtcp(p)) {
                rtp.add(p);
                rtpPlain.add(plain.get(i));
            }
        }
        int n = rtp.size();
        byte[][] bufs = new byte[n][];
        int[] offs = new int[n];
        int[] lens = new int[n];
        for (int i = 0; i < n; i++) {
            bufs[i] = rtp.get(i).clone();
            lens[i] = bufs[i].length;
        }
        byte[] statuses = new byte[n];
        try (SrtpSession in = SrtpSession.fromMasterKey(profile, keyAndSalt,
                SrtpSession.Direction.INBOUND)) {
            assertEquals(n, in.transformRtpBatch(bufs, offs, lens, n, statuses), file + ": batch");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(0, statuses[i], file + ": batch status of RTP packet " + i);
            assertEquals(toHex(rtpPlain.get(i)), toHex(Arrays.copyOf(bufs[i], lens[i])),
                    file + ": batch plaintext of RTP packet " + i);
        }

        // Round trip: protecting the plaintext with the same key gives ffmpeg's bytes (AES-CM
        // is deterministic for a given key, SSRC and index; no rollover in 2 s).
        try (SrtpSession out = SrtpSession.fromMasterKey(profile, keyAndSalt,
                SrtpSession.Direction.OUTBOUND)) {
            for (int i = 0; i < n; i++) {
                byte[] p = rtpPlain.get(i);
                byte[] buf = Arrays.copyOf(p, p.length + ROOM_AFTER);
                int r = out.transformRtp(buf, 0, p.length);
                assertTrue(r > 0,
                        file + ": protect of RTP packet " + i + ": " + SrtpStatus.ofResult(r));
                assertEquals(toHex(rtp.get(i)), toHex(Arrays.copyOf(buf, r)),
                        file + ": re-protected RTP packet " + i + " (seq " + seq(p) + ")");
            }
        }
    }
}
