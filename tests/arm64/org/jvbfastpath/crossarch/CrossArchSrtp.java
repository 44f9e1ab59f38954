package org.jvbfastpath.crossarch;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpSession;

/**
 * One side of the cross-architecture SRTP check (tests/arm64/cross_arch_test.sh): the jar's
 * library protects on one architecture what the other unprotects.
 *
 * <p>{@code protect DIR} writes, for each profile, RTP and RTCP packets protected with the
 * bundled library of the architecture this JVM runs on; {@code unprotect DIR} unprotects what
 * the other architecture wrote and checks every packet against the same plaintext. Both sides
 * build the plaintext and keys from fixed seeds (java.util.Random is specified bit for bit),
 * with sequence numbers that roll over (the ROC), three SSRCs, lengths from 13 to 1212 bytes
 * and packets at odd offsets in their buffers. Exit status 0 only if every packet matched.
 */
public final class CrossArchSrtp {
    private static final int PACKETS = 48;
    private static final int OFFSET = 10;  // JVB's buffer pool leaves 10 bytes before a packet
    private static final int ROOM = 20;  //   and 20 after it

    private CrossArchSrtp() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("protect") || args[0].equals("unprotect"))) {
            System.err.println("usage: CrossArchSrtp protect|unprotect DIR");
            System.exit(2);
        }
        boolean protect = args[0].equals("protect");
        Path dir = Path.of(args[1]);
        System.out.println("os.arch=" + System.getProperty("os.arch") + " library="
                + Fastpath.loadedFrom() + " version=" + Fastpath.version());
        int failures = 0;
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (boolean rtcp : new boolean[] {false, true}) {
                Path file = dir.resolve(profile.name() + (rtcp ? "-rtcp" : "-rtp") + ".bin");
                failures += protect ? protectAll(profile, rtcp, file)
                                    : unprotectAll(profile, rtcp, file);
            }
        }
        System.out.println(failures == 0 ? "ok" : failures + " packets failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static byte[] key(SrtpProfile profile) {
        byte[] k = new byte[profile.masterKeyLength() + profile.masterSaltLength()];
        new Random(0x5eed0000L + profile.ordinal()).nextBytes(k);
        return k;
    }

    /** Packet i of a stream: RTP (v2, PT 96, seq from 65520 so that the ROC rolls over) or an
     * RTCP sender report with a payload of its own. */
    static byte[] plaintext(SrtpProfile profile, boolean rtcp, int i) {
        Random r = new Random(((long) profile.ordinal() << 32) ^ (rtcp ? 0x100 : 0) ^ i);
        int ssrc = 0x11110000 + (i % 3);
        if (rtcp) {
            int words = 6 + (i % 7);  // an SR (6 words after the header) plus report blocks' worth
            byte[] p = new byte[4 * (words + 1)];
            r.nextBytes(p);
            p[0] = (byte) 0x80;
            p[1] = (byte) 200;
            p[2] = (byte) (words >> 8);
            p[3] = (byte) words;
            putInt(p, 4, ssrc);
            return p;
        }
        byte[] p = new byte[12 + 1 + (i * 97) % 1200];
        r.nextBytes(p);
        p[0] = (byte) 0x80;
        p[1] = (byte) (96 | (i % 5 == 4 ? 0x80 : 0));
        int seq = (65520 + i / 3) & 0xFFFF;  // per SSRC: 65520, 65521, ... 0, 1, ...
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        putInt(p, 4, 90000 * i);
        putInt(p, 8, ssrc);
        return p;
    }

    private static int protectAll(SrtpProfile profile, boolean rtcp, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failures = 0;
        try (SrtpSession s = SrtpSession.fromMasterKey(profile, key(profile),
                     SrtpSession.Direction.OUTBOUND);
             DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < PACKETS; ++i) {
                byte[] p = plaintext(profile, rtcp, i);
                byte[] buf = new byte[OFFSET + p.length + ROOM];
                System.arraycopy(p, 0, buf, OFFSET, p.length);
                int len = rtcp ? s.transformRtcp(buf, OFFSET, p.length)
                               : s.transformRtp(buf, OFFSET, p.length);
                if (len <= 0) {
                    System.out.println(profile + (rtcp ? " RTCP" : " RTP") + " packet " + i
                            + ": protect failed (" + len + ")");
                    ++failures;
                    continue;
                }
                out.writeShort(len);
                out.write(buf, OFFSET, len);
            }
        }
        Files.write(file, bytes.toByteArray());
        return failures;
    }

    private static int unprotectAll(SrtpProfile profile, boolean rtcp, Path file) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (in.available() > 0) {
                byte[] p = new byte[in.readUnsignedShort()];
                in.readFully(p);
                packets.add(p);
            }
        }
        int failures = 0;
        if (packets.size() != PACKETS) {
            System.out.println(file + ": " + packets.size() + " packets, expected " + PACKETS);
            failures += PACKETS;
        }
        try (SrtpSession s = SrtpSession.fromMasterKey(profile, key(profile),
                     SrtpSession.Direction.INBOUND)) {
            for (int i = 0; i < packets.size(); ++i) {
                byte[] p = packets.get(i);
                byte[] buf = new byte[OFFSET + 1 + p.length];  // an odd offset this time
                System.arraycopy(p, 0, buf, OFFSET + 1, p.length);
                int len = rtcp ? s.transformRtcp(buf, OFFSET + 1, p.length)
                               : s.transformRtp(buf, OFFSET + 1, p.length);
                byte[] expected = plaintext(profile, rtcp, i);
                if (len != expected.length || !Arrays.equals(expected, 0, expected.length, buf,
                        OFFSET + 1, OFFSET + 1 + len)) {
                    System.out.println(profile + (rtcp ? " RTCP" : " RTP") + " packet " + i
                            + ": unprotect gave " + len + ", not the plaintext");
                    ++failures;
                }
            }
        }
        return failures;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
