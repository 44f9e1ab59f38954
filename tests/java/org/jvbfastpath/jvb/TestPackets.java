package org.jvbfastpath.jvb;

import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.standins.Packet;
import org.jvbfastpath.testdata.Keys;

/** RTP/RTCP packets laid out as the bridge's: 10 bytes before, exactly 20 after. */
final class TestPackets {
    static final int BEFORE = Packet.BYTES_TO_LEAVE_AT_START_OF_PACKET;
    static final int AFTER = Packet.BYTES_TO_LEAVE_AT_END_OF_PACKET;

    private TestPackets() {}

    static byte[] keyingMaterial(SrtpProfile profile, long seed) {
        return Keys.keyingMaterial(profile, seed);
    }

    /** RTP: V=2, PT 111 (or 96 for video), seq, timestamp, SSRC, then a payload pattern. */
    static Packet rtp(int ssrc, int seq, int payloadLength) {
        int len = 12 + payloadLength;
        byte[] b = new byte[BEFORE + len + AFTER];
        int o = BEFORE;
        b[o] = (byte) 0x80;
        b[o + 1] = 111;
        b[o + 2] = (byte) (seq >> 8);
        b[o + 3] = (byte) seq;
        int ts = seq * 960;
        writeInt(b, o + 4, ts);
        writeInt(b, o + 8, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            b[o + 12 + i] = (byte) (i * 31 + seq + ssrc);
        }
        return new Packet(b, BEFORE, len);
    }

    /** RTCP sender report without report blocks (28 bytes). */
    static Packet rtcpSr(int ssrc, int packetCount) {
        int len = 28;
        byte[] b = new byte[BEFORE + len + AFTER];
        int o = BEFORE;
        b[o] = (byte) 0x80;
        b[o + 1] = (byte) 200;
        b[o + 3] = 6;
        writeInt(b, o + 4, ssrc);
        writeInt(b, o + 8, 0x83aa7e80);
        writeInt(b, o + 16, packetCount * 960);
        writeInt(b, o + 20, packetCount);
        writeInt(b, o + 24, packetCount * 100);
        return new Packet(b, BEFORE, len);
    }

    static Packet copy(Packet p) {
        return new Packet(p.buffer.clone(), p.offset, p.length);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
