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
 * and packets at odd offsets in their buffers; and an RTP stream with Cryptex (RFC 9335)
 * negotiated on both sides, whose packets carry an RFC 8285 block and sometimes a CSRC: sent
 * as 0xC0DE, which the receiving side checks before it unprotects. Exit status 0 only if every
 * packet matched.
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
            for (String kind : new String[] {"rtp", "rtcp", "cryptex"}) {
                Path file = dir.resolve(profile.name() + "-" + kind + ".bin");
                failures += protect ? protectAll(profile, kind, file)
                                    : unprotectAll(profile, kind, file);
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

    /** Packet i of a stream: RTP (v2, PT 96, seq from 65520 so that the ROC rolls over), an
     * RTCP sender report with a payload of its own, or (cryptex) RTP with a one-byte RFC 8285
     * block (one 4-byte element) after one CSRC on odd packets. */
    static byte[] plaintext(SrtpProfile profile, String kind, int i) {
        boolean rtcp = kind.equals("rtcp");
        Random r = new Random(((long) profile.ordinal() << 32) ^ (rtcp ? 0x100 : 0)
                ^ (kind.equals("cryptex") ? 0x200 : 0) ^ i);
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
        if (!kind.equals("cryptex")) {
            return p;
        }
        int csrcs = i % 2;
        byte[] c = new byte[p.length + 4 * csrcs + 12];
        r.nextBytes(c);  // CSRC, element and payload bytes
        System.arraycopy(p, 0, c, 0, 12);
        c[0] = (byte) (0x90 | csrcs);
        int at = 12 + 4 * csrcs;
        byte[] block = {(byte) 0xBE, (byte) 0xDE, 0, 2, 0x13};  // id 1, 4 bytes, 3 of padding
        System.arraycopy(block, 0, c, at, block.length);
        c[at + 9] = c[at + 10] = c[at + 11] = 0;
        return c;
    }

    private static SrtpSession session(SrtpProfile profile, String kind,
            SrtpSession.Direction direction) {
        return SrtpSession.fromMasterKey(profile, key(profile), direction, kind.equals("cryptex"));
    }

    private static int protectAll(SrtpProfile profile, String kind, Path file) throws IOException {
        boolean rtcp = kind.equals("rtcp");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int failures = 0;
        try (SrtpSession s = session(profile, kind, SrtpSession.Direction.OUTBOUND);
             DataOutputStream out = new DataOutputStream(bytes)) {
            for (int i = 0; i < PACKETS; ++i) {
                byte[] p = plaintext(profile, kind, i);
                byte[] buf = new byte[OFFSET + p.length + ROOM];
                System.arraycopy(p, 0, buf, OFFSET, p.length);
                int len = rtcp ? s.transformRtcp(buf, OFFSET, p.length)
                               : s.transformRtp(buf, OFFSET, p.length);
                if (len <= 0) {
                    System.out.println(profile + " " + kind + " packet " + i
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

    private static int unprotectAll(SrtpProfile profile, String kind, Path file)
            throws IOException {
        boolean rtcp = kind.equals("rtcp");
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
        try (SrtpSession s = session(profile, kind, SrtpSession.Direction.INBOUND)) {
            for (int i = 0; i < packets.size(); ++i) {
                byte[] p = packets.get(i);
                int block = 12 + 4 * (p[0] & 0x0f);
                if (kind.equals("cryptex") && ((p[block] & 0xff) != 0xC0 || (p[block + 1] & 0xff)
                        != 0xDE)) {
                    System.out.println(profile + " cryptex packet " + i + ": not sent as 0xC0DE");
                    ++failures;
                }
                byte[] buf = new byte[OFFSET + 1 + p.length];  // an odd offset this time
                System.arraycopy(p, 0, buf, OFFSET + 1, p.length);
                int len = rtcp ? s.transformRtcp(buf, OFFSET + 1, p.length)
                               : s.transformRtp(buf, OFFSET + 1, p.length);
                byte[] expected = plaintext(profile, kind, i);
                if (len != expected.length || !Arrays.equals(expected, 0, expected.length, buf,
                        OFFSET + 1, OFFSET + 1 + len)) {
                    System.out.println(profile + " " + kind + " packet " + i
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
