package org.jvbfastpath.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UDP datagrams of a classic pcap file (not pcapng), written for the tests and sharing
 * nothing with native/capture: link types Ethernet (with 802.1Q tags), raw IP, BSD loopback
 * and Linux cooked v1/v2; IPv4 (unfragmented) and IPv6 (UDP as the first next header).
 */
public final class PcapReader {
    /** One UDP datagram and the 1-based number of the capture frame it came in. */
    public static final class Datagram {
        public final int frame;
        public final int srcPort;
        public final int dstPort;
        private final byte[] payload;

        Datagram(int frame, int srcPort, int dstPort, byte[] payload) {
            this.frame = frame;
            this.srcPort = srcPort;
            this.dstPort = dstPort;
            this.payload = payload;
        }

        /** The UDP payload (a copy). */
        public byte[] payload() {
            return payload.clone();
        }

        public int length() {
            return payload.length;
        }
    }

    private static final int LINK_NULL = 0;
    private static final int LINK_ETHERNET = 1;
    private static final int LINK_RAW = 101;
    private static final int LINK_LINUX_SLL = 113;
    private static final int LINK_LINUX_SLL2 = 276;

    private PcapReader() {}

    public static List<Datagram> udpDatagrams(String path) {
        byte[] file;
        try {
            file = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IllegalArgumentException(path + ": not a classic pcap file");
        }
        int linkType = b.getInt(20) & 0x0fffffff;
        List<Datagram> out = new ArrayList<>();
        int at = 24;
        int frame = 0;
        while (at + 16 <= file.length) {
            int caplen = b.getInt(at + 8);
            at += 16;
            if (caplen < 0 || at + caplen > file.length) {
                throw new IllegalArgumentException(
                        path + ": frame " + (frame + 1) + " is cut short");
            }
            frame++;
            Datagram d = udp(frame, linkType, Arrays.copyOfRange(file, at, at + caplen));
            if (d != null) {
                out.add(d);
            }
            at += caplen;
        }
        return out;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    /** The frame's UDP datagram, or null for anything else. */
    private static Datagram udp(int frame, int linkType, byte[] f) {
        int ip;
        switch (linkType) {
            case LINK_ETHERNET: {
                ip = 14;
                int type = f.length >= 14 ? u16(f, 12) : 0;
                while ((type == 0x8100 || type == 0x88a8) && f.length >= ip + 4) {
                    type = u16(f, ip + 2);
                    ip += 4;
                }
                if (type != 0x0800 && type != 0x86dd) {
                    return null;
                }
                break;
            }
            case LINK_LINUX_SLL:
                ip = 16;
                break;
            case LINK_LINUX_SLL2:
                ip = 20;
                break;
            case LINK_NULL:
                ip = 4;
                break;
            case LINK_RAW:
                ip = 0;
                break;
            default:
                throw new IllegalArgumentException("link type " + linkType + " not read here");
        }
        if (f.length < ip + 1) {
            return null;
        }
        int udp;
        int version = (f[ip] & 0xff) >> 4;
        if (version == 4) {
            int ihl = (f[ip] & 0x0f) * 4;
            boolean fragment = f.length >= ip + 8 && (u16(f, ip + 6) & 0x3fff) != 0;
            if (f.length < ip + 20 || f[ip + 9] != 17 || fragment) {
                return null;
            }
            udp = ip + ihl;
        } else if (version == 6) {
            if (f.length < ip + 40 || f[ip + 6] != 17) {
                return null;
            }
            udp = ip + 40;
        } else {
            return null;
        }
        if (f.length < udp + 8) {
            return null;
        }
        int length = u16(f, udp + 4);
        if (length < 8 || udp + length > f.length) {
            return null;
        }
        return new Datagram(frame, u16(f, udp), u16(f, udp + 2),
                Arrays.copyOfRange(f, udp + 8, udp + length));
    }
}
