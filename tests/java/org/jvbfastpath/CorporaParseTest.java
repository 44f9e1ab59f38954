package org.jvbfastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jvbfastpath.testdata.InspectTool;
import org.jvbfastpath.testdata.PcapReader;

/**
 * The Java parser (FastpathEndpoint.parse / ingress, read back as PacketInfo) on the
 * committed captures of real encoders, field by field against an independent run of the
 * native parser: tools/inspect in its own process (docs/inspect.md). The captures are read
 * here with a pcap reader of the tests' own; inspect reads them with libpcap. Every RTP
 * packet of every capture is compared; a difference names the packet and the field.
 */
class CorporaParseTest {
    private static final String CODEC = "tests/data/codec/";
    private static final String SRTP = "tests/data/srtp/";

    /** A capture, what inspect is told about it, and the same told to the endpoint. */
    private static final class Corpus {
        final String pcap;
        final List<String> inspectArgs = new ArrayList<>();
        final FastpathEndpoint.Spec spec = new FastpathEndpoint.Spec("corpus");
        SrtpProfile profile;
        byte[] masterKeyAndSalt;

        Corpus(String pcap) {
            this.pcap = pcap;
            inspectArgs.add("--pcap");
            inspectArgs.add(pcap);
        }

        Corpus pt(int pt, String codec) {
            inspectArgs.add("--pt");
            inspectArgs.add(pt + "=" + codec.toLowerCase(Locale.ROOT));
            spec.payloadType(pt, codec);
            return this;
        }

        /** The SDP's rtpmap and extmap lines, read here for the endpoint, by inspect for it. */
        Corpus sdp(String path) {
            inspectArgs.add("--sdp");
            inspectArgs.add(path);
            String text;
            try {
                text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher rtpmap = Pattern.compile("(?m)^a=rtpmap:(\\d+) ([^/\\s]+)/").matcher(text);
            while (rtpmap.find()) {
                spec.payloadType(Integer.parseInt(rtpmap.group(1)), rtpmap.group(2));
            }
            Matcher extmap = Pattern.compile("(?m)^a=extmap:(\\d+)(?:/\\S+)? (\\S+)").matcher(text);
            while (extmap.find()) {
                spec.extension(Integer.parseInt(extmap.group(1)), extmap.group(2));
            }
            return this;
        }

        /** SRTP with a master key || salt (base64, as tests/data/srtp/README.md gives them). */
        Corpus srtp(SrtpProfile profile, String base64) {
            inspectArgs.add("--srtp-profile");
            inspectArgs.add(profile.name());
            inspectArgs.add("--srtp-key");
            inspectArgs.add(base64);
            this.profile = profile;
            this.masterKeyAndSalt = Base64.getDecoder().decode(base64);
            return this;
        }
    }

    private static Corpus corpus(String name) {
        switch (name) {
            case "gst_vp8":
                return new Corpus(CODEC + "gst_vp8.pcap").sdp(CODEC + "gst_vp8.sdp");
            case "ffmpeg_vp8_temporal":
                return new Corpus(CODEC + "ffmpeg_vp8_temporal.pcap").pt(96, "VP8");
            case "gst_vp9":
                return new Corpus(CODEC + "gst_vp9.pcap").pt(98, "VP9");
            case "gst_h264":
                return new Corpus(CODEC + "gst_h264.pcap").pt(102, "H264");
            case "gst_opus":
                return new Corpus(CODEC + "gst_opus.pcap").pt(111, "opus");
            case "ffmpeg_vp8_srtp":
                return new Corpus(SRTP + "ffmpeg_vp8_aes_cm_128_hmac_sha1_80.pcap").pt(96, "VP8")
                        .srtp(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpCapturesTest.VP8_KEY);
            case "ffmpeg_opus_srtp":
                return new Corpus(SRTP + "ffmpeg_opus_aes_cm_128_hmac_sha1_32.pcap").pt(111, "opus")
                        .srtp(SrtpProfile.AES_CM_128_HMAC_SHA1_32, SrtpCapturesTest.OPUS_KEY);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /**
     * DTLS keying material (client key, server key, client salt, server salt) whose client
     * half is the capture's master key: a bridge that is the DTLS server unprotects with it.
     */
    private static byte[] keyingMaterialWithClientKey(SrtpProfile p, byte[] keyAndSalt) {
        byte[] km = new byte[p.keyingMaterialLength()];
        int key = p.masterKeyLength();
        System.arraycopy(keyAndSalt, 0, km, 0, key);
        System.arraycopy(keyAndSalt, key, km, 2 * key, p.masterSaltLength());
        return km;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gst_vp8", "ffmpeg_vp8_temporal", "gst_vp9", "gst_h264", "gst_opus",
        "ffmpeg_vp8_srtp", "ffmpeg_opus_srtp"})
    void javaParseEqualsInspect(String name) {
        Corpus c = corpus(name);
        List<InspectTool.Line> lines = InspectTool.run(c.inspectArgs.toArray(new String[0]));
        List<PcapReader.Datagram> datagrams = PcapReader.udpDatagrams(c.pcap);
        assertEquals(lines.size(), datagrams.size(), name + ": UDP datagrams, inspect vs ours");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(lines.get(i).number("frame"), datagrams.get(i).frame,
                    name + ": datagram " + i + " frame number");
        }
        boolean srtp = c.profile != null;
        c.spec.srtp(srtp ? c.profile : SrtpProfile.AEAD_AES_128_GCM,
                srtp ? keyingMaterialWithClientKey(c.profile, c.masterKeyAndSalt)
                        : new byte[SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()],
                false);

        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int media = 0;
        try (FastpathConference conf = FastpathConference.create("corpora",
                     ConferenceMode.E2EE_PASSTHROUGH, ExpectedEnvelope.ANY);
             FastpathEndpoint ep = FastpathEndpoint.create(conf, c.spec);
             PacketMetadata meta = new PacketMetadata(FastpathEndpoint.MAX_EGRESS_BATCH)) {
            PacketInfo info = new PacketInfo();
            for (int start = 0; start < datagrams.size(); start += FastpathEndpoint.MAX_EGRESS_BATCH) {
                int n = Math.min(FastpathEndpoint.MAX_EGRESS_BATCH, datagrams.size() - start);
                byte[][] bufs = new byte[n][];
                int[] offs = new int[n];
                int[] lens = new int[n];
                for (int k = 0; k < n; k++) {
                    bufs[k] = datagrams.get(start + k).payload();
                    lens[k] = bufs[k].length;
                }
                if (srtp) {
                    ep.ingress(bufs, offs, lens, n, meta, 0);
                } else {
                    ep.parse(bufs, offs, lens, n, meta, 0);
                }
                for (int k = 0; k < n; k++) {
                    InspectTool.Line line = lines.get(start + k);
                    String kind = line.string("kind");
                    if (!kind.equals("rtp") && !kind.equals("rtcp")) {
                        continue;  // not media: the endpoint is never given these
                    }
                    media++;
                    meta.read(k, info);
                    String where = name + " packet " + (start + k) + " (frame "
                            + line.number("frame")
                            + (line.get("seq") == null ? "" : ", seq " + line.get("seq")) + ")";
                    compared += compare(line, info, srtp, where, mismatches);
                }
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " differences between the Java parser and inspect:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size()))));
        }
        assertTrue(media > 0 && compared > 0, name + ": nothing compared");
        System.out.printf("%s: %d media packets, %d fields equal to inspect's%n", name, media,
                compared);
    }

    /** Adds a line per differing field; returns how many fields were compared. */
    private static int compare(InspectTool.Line line, PacketInfo info, boolean srtp, String where,
            List<String> out) {
        Fields f = new Fields(line, where, out);
        f.same("kind", line.string("kind").equals("rtcp") ? "rtcp" : "rtp",
                info.rtcp ? "rtcp" : "rtp");
        if (srtp) {
            f.same("status", line.string("status"), info.srtp.name().toLowerCase(Locale.ROOT));
        } else {
            f.same("status", line.string("status"), "ok");
        }
        if (info.rtcp || !"ok".equals(line.string("status"))) {
            return f.count;  // the endpoint does not parse RTCP, nor what did not unprotect
        }
        boolean rtpInvalid = line.has("rtp_error");
        f.same("rtp_error", rtpInvalid, info.parseError == 1);
        if (rtpInvalid) {
            return f.count;
        }
        f.same("ssrc", line.get("ssrc"), info.ssrc & 0xffffffffL);
        f.same("seq", line.get("seq"), (long) info.sequenceNumber);
        f.same("rtp_ts", line.get("rtp_ts"), info.timestamp & 0xffffffffL);
        f.same("pt", line.get("pt"), (long) info.payloadType);
        f.same("marker", line.get("marker"), info.marker);
        f.same("codec", line.get("codec"), info.codec.name().toLowerCase(Locale.ROOT));
        f.same("codec_error", line.get("codec_error") != null, info.parseError == 2);
        f.flag("keyframe", info.keyframe);
        f.flag("frame_start", info.frameStart);
        f.flag("frame_end", info.frameEnd);
        f.number("sid", info.spatialId);
        f.number("tid", info.temporalId);
        f.number("picture_id", info.pictureId);
        f.number("tl0picidx", info.tl0PicIdx);
        f.number("width", info.width > 0 ? info.width : -1);
        f.number("height", info.height > 0 ? info.height : -1);
        f.number("audio_level", info.audioLevel);
        f.flag("voice", info.voice);
        f.number("tcc_seq", info.transportCcSeq);
        f.same("e2ee", line.get("e2ee"), info.envelope == PacketInfo.Envelope.UNKNOWN ? null
                : info.envelope.name().toLowerCase(Locale.ROOT));
        f.number("e2ee_key_id", info.keyId);
        f.same("drop (Java only: none expected)", DropReason.NONE, info.drop);
        return f.count;
    }

    /** Compares one line's fields, in inspect's JSON terms (null for absent). */
    private static final class Fields {
        final InspectTool.Line line;
        final String where;
        final List<String> out;
        int count;

        Fields(InspectTool.Line line, String where, List<String> out) {
            this.line = line;
            this.where = where;
            this.out = out;
        }

        void same(String field, Object nativeValue, Object javaValue) {
            count++;
            boolean equal = nativeValue == null ? javaValue == null : nativeValue.equals(javaValue);
            if (!equal) {
                out.add(where + ": " + field + ": native (inspect) " + nativeValue + ", Java "
                        + javaValue);
            }
        }

        /** -1 (Java's absent) is inspect's null. */
        void number(String field, int javaValue) {
            same(field, line.get(field), javaValue < 0 ? null : (Object) (long) javaValue);
        }

        /** Tri-state: 1 true, 0 false, -1 null. */
        void flag(String field, int javaValue) {
            same(field, line.get(field), javaValue < 0 ? null : (Object) (javaValue == 1));
        }
    }
}
