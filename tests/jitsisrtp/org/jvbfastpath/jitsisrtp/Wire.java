package org.jvbfastpath.jitsisrtp;

import java.util.Random;
import org.jvbfastpath.SrtpProfile;

/** Plain RTP and RTCP packets for the differential tests, and the keying material. */
final class Wire {
    private Wire() {}

    static byte[] keyingMaterial(SrtpProfile profile, long seed) {
        byte[] m = new byte[profile.keyingMaterialLength()];
        new Random(seed).nextBytes(m);
        return m;
    }

    /** RTP: V=2, PT 96, the sequence number, a timestamp, the SSRC, a payload pattern. */
    static byte[] rtp(int ssrc, int seq, int payloadLength) {
        return rtp(ssrc, seq, payloadLength, 0, 0, false);
    }

    /**
     * RTP with {@code csrcs} CSRCs, a one-byte header extension of {@code extensionWords} 32-bit
     * words (none when 0) and, with {@code padding}, 4 bytes of padding (P bit, count 4).
     */
    static byte[] rtp(int ssrc, int seq, int payloadLength, int csrcs, int extensionWords,
            boolean padding) {
        int header = 12 + 4 * csrcs + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        int length = header + payloadLength + (padding ? 4 : 0);
        byte[] b = new byte[length];
        b[0] = (byte) (0x80 | (padding ? 0x20 : 0) | (extensionWords > 0 ? 0x10 : 0) | csrcs);
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        writeInt(b, 4, seq * 3000);
        writeInt(b, 8, ssrc);
        int at = 12;
        for (int i = 0; i < csrcs; i++, at += 4) {
            writeInt(b, at, 0x0c000000 + i);
        }
        if (extensionWords > 0) {
            b[at] = (byte) 0xbe;
            b[at + 1] = (byte) 0xde;
            b[at + 3] = (byte) extensionWords;
            for (int i = 4; i < 4 + 4 * extensionWords; i++) {
                b[at + i] = (byte) (i == 4 ? 0x10 : i * 7);  // id 1, length 1, then data
            }
            at += 4 + 4 * extensionWords;
        }
        for (int i = 0; i < payloadLength; i++) {
            b[at + i] = (byte) (i * 31 + seq * 7 + ssrc);
        }
        if (padding) {
            b[length - 1] = 4;
        }
        return b;
    }

    /** An RTCP sender report (no report blocks) followed by an SDES with one CNAME chunk. */
    static byte[] rtcpCompound(int ssrc, int n) {
        byte[] b = new byte[28 + 20];
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        b[3] = 6;
        writeInt(b, 4, ssrc);
        writeInt(b, 8, 0x83aa7e80 + n);
        writeInt(b, 16, n * 960);
        writeInt(b, 20, n);
        writeInt(b, 24, n * 100);
        b[28] = (byte) 0x81;
        b[29] = (byte) 202;
        b[31] = 4;
        writeInt(b, 32, ssrc);
        b[36] = 1;  // CNAME
        b[37] = 8;
        for (int i = 0; i < 8; i++) {
            b[38 + i] = (byte) ('a' + (n + i) % 26);
        }
        return b;
    }

    /** An RTCP receiver report with one report block. */
    static byte[] rtcpRr(int ssrc, int media, int n) {
        byte[] b = new byte[32];
        b[0] = (byte) 0x81;
        b[1] = (byte) 201;
        b[3] = 7;
        writeInt(b, 4, ssrc);
        writeInt(b, 8, media);
        writeInt(b, 16, n);
        return b;
    }

    static int seq(byte[] rtp) {
        return ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }
}
