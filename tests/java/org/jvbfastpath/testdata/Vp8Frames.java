package org.jvbfastpath.testdata;

import java.util.Arrays;

/**
 * VP8 RTP packets as a browser sends them, written at {@link #ROOM_BEFORE} into the caller's
 * buffer (which needs 400 bytes and {@link #ROOM_AFTER} more): SSRC 0x11223344, payload type
 * {@link #VP8}, a transport-cc extension ({@link #TCC_ID}), the RFC 7741 descriptor (15-bit
 * picture id, TL0PICIDX), 300 bytes of frame, and on a frame's last packet either a JFrame
 * trailer whose IV names the packet's SSRC and timestamp (docs/e2ee.md) or plaintext.
 * Shared by the pipeline's tests and the JMT plugin's (tests/jvb).
 */
public final class Vp8Frames {
    public static final int ROOM_BEFORE = 10;
    public static final int ROOM_AFTER = 20;
    public static final int VP8 = 100;
    public static final int TCC_ID = 5;
    public static final String TCC_URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final int SSRC = 0x11223344;

    private Vp8Frames() {}

    /**
     * A one-packet VP8 delta frame at RTP timestamp {@code seq & 0xff}, marker set. Returns
     * the packet's length.
     */
    public static int packet(byte[] buf, int seq, int pictureId, boolean jframe) {
        return framePacket(buf, seq, seq & 0xff, pictureId, 0, 1, jframe, false);
    }

    /**
     * Packet {@code k} of a 3-packet VP8 delta frame at RTP time {@code ts}, picture id 2000:
     * S on the first, the marker and (if {@code jframe}) the JFrame trailer on the last.
     */
    public static int framePacket(byte[] buf, int seq, int ts, int k, boolean jframe) {
        return framePacket(buf, seq, ts, 2000, k, 3, jframe, false);
    }

    /**
     * Packet {@code k} of a {@code count}-packet VP8 frame at RTP time {@code ts}: S (and for
     * a {@code keyframe} the frame header of a 320x240 keyframe) on the first, the marker and
     * (if {@code jframe}) the JFrame trailer on the last. Returns the packet's length.
     */
    public static int framePacket(byte[] buf, int seq, int ts, int pictureId, int k, int count,
            boolean jframe, boolean keyframe) {
        boolean last = k == count - 1;
        int p = ROOM_BEFORE;
        Arrays.fill(buf, p, p + 400, (byte) 0);
        buf[p] = (byte) 0x90;
        buf[p + 1] = (byte) ((last ? 0x80 : 0) | VP8);
        buf[p + 2] = (byte) (seq >> 8);
        buf[p + 3] = (byte) seq;
        writeInt(buf, p + 4, ts);
        writeInt(buf, p + 8, SSRC);
        buf[p + 12] = (byte) 0xBE;
        buf[p + 13] = (byte) 0xDE;
        buf[p + 15] = 1;  // one word of extensions
        buf[p + 16] = (byte) ((TCC_ID << 4) | 1);
        buf[p + 17] = 0;
        buf[p + 18] = (byte) seq;
        buf[p + 19] = 0;
        int d = p + 20;
        buf[d] = (byte) (k == 0 ? 0x90 : 0x80);  // X, and S on the frame's first packet
        buf[d + 1] = (byte) 0xC0;  // I, L
        buf[d + 2] = (byte) (0x80 | (pictureId >> 8));
        buf[d + 3] = (byte) pictureId;
        buf[d + 4] = (byte) seq;  // TL0PICIDX
        int payload = d + 5;
        // VP8 frame tag of a delta frame (P=1), then the frame's bytes.
        buf[payload] = 0x01;
        for (int i = 1; i < 300; i++) {
            buf[payload + i] = (byte) (i * 13 + seq);
        }
        if (keyframe && k == 0) {
            // RFC 6386 9.1: P=0, show_frame; start code; 320x240.
            buf[payload] = 0x10;
            buf[payload + 3] = (byte) 0x9d;
            buf[payload + 4] = 0x01;
            buf[payload + 5] = 0x2a;
            buf[payload + 6] = (byte) (320 & 0xff);
            buf[payload + 7] = (byte) (320 >> 8);
            buf[payload + 8] = (byte) 240;
            buf[payload + 9] = 0;
        }
        int end = payload + 300;
        if (last && jframe) {
            // IV: the SSRC and the RTP timestamp (lib-jitsi-meet's _makeIV), count < 0xFFFF.
            System.arraycopy(buf, p + 8, buf, end - 14, 4);
            System.arraycopy(buf, p + 4, buf, end - 10, 4);
            Arrays.fill(buf, end - 6, end - 4, (byte) 0);  // IV bytes 8-9
            buf[end - 2] = 12;  // IV length
            buf[end - 1] = 2;  // key index
        } else {
            buf[end - 2] = 99;
        }
        return end - ROOM_BEFORE;
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
