package org.jvbfastpath.bench.jvb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.jmt.JmtSrtp;
import org.jvbfastpath.jmt.JvbPacket;
import org.jvbfastpath.jmt.JvbPacketAccess;
import org.jvbfastpath.jvb.FastpathSrtp;
import org.jvbfastpath.jvb.FastpathSrtpTransformer;
import org.jvbfastpath.jvb.FastpathSrtpTransformers;

/**
 * ./fastpath bench jvb: SRTP as the bridge runs it today against our adapter, in one JVM.
 *
 * <ul>
 *   <li>(a) jitsi: jitsi-srtp called as JMT calls it ({@link JmtSrtp}: the context lookup in
 *       the 1024-entry LRU under its lock, then transformPacket / reverseTransformPacket), one
 *       packet at a time, with its OpenSSL provider (JVB's factory-class "OpenSSL");
 *   <li>(b) single: our adapter, {@code FastpathSrtpTransformer.transform(packet, access)},
 *       one packet at a time;
 *   <li>(c) batch32: our adapter, {@code transformBatch(packets, access, statuses)}, 32
 *       packets per call.
 * </ul>
 * RTP of 12 + 60, 160 and 1200 bytes, AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM, protect
 * and unprotect, in the bridge's buffers (10 bytes before, 20 after). Each contender has its
 * own sessions; each round fills {@value #CHUNK} packets for each (outside the timed region),
 * then times the three in turn over slices of {@value #SLICE} packets, so that all three pay
 * the same for the loop, nothing for the filling, and alike for a busy machine. A JIT
 * warm-up, then {@value #ROUNDS} rounds over every case; the median slice, per packet, is
 * printed with the ratios a/b and a/c (how many times slower the bridge's SRTP is).
 */
public final class JvbBench {
    private static final int CHUNK = 2048;
    private static final int SLICE = 256;
    private static final int BATCH = 32;
    private static final int ROUNDS = 15;
    private static final int WARMUP_ROUNDS = 4;
    private static final int SSRC = 0x2b1d3c4e;

    private static final JvbPacketAccess ACCESS = JvbPacketAccess.INSTANCE;

    private JvbBench() {}

    public static void main(String[] args) throws Exception {
        boolean json = Arrays.asList(args).contains("--json");
        Fastpath.load();
        List<Case> cases = new ArrayList<>();
        for (SrtpProfile p : new SrtpProfile[] {SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                SrtpProfile.AEAD_AES_128_GCM}) {
            for (int payload : new int[] {60, 160, 1200}) {
                for (boolean protect : new boolean[] {true, false}) {
                    cases.add(new Case(p, payload, protect));
                }
            }
        }
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            for (Case c : cases) {
                c.round(false);
            }
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Case c : cases) {
                c.round(true);
            }
        }
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
        String setup = "jitsi-srtp OpenSSL provider: "
                + (JmtSrtp.openSslProviderLoaded() ? "loaded" : "NOT loaded")
                + "; our packet natives: " + (Fastpath.criticalNatives() ? "critical twins"
                        : "JNI entries");
        if (json) {
            for (Case c : cases) {
                System.out.printf("{\"jdk\":\"%s\",\"profile\":\"%s\",\"payload\":%d,\"op\":\"%s\","
                        + "\"ns_jitsi\":%.1f,\"ns_single\":%.1f,\"ns_batch32\":%.1f,"
                        + "\"a_over_b\":%.2f,\"a_over_c\":%.2f}%n",
                        System.getProperty("java.version"), c.profile, c.payload,
                        c.protect ? "protect" : "unprotect", c.median(0), c.median(1),
                        c.median(2), c.median(0) / c.median(1), c.median(0) / c.median(2));
            }
            return;
        }
        System.out.println(jdk + " (" + setup + ")");
        System.out.printf("%-24s %7s %-9s %9s %9s %9s %7s %7s%n", "profile", "payload", "op",
                "jitsi(a)", "single(b)", "batch(c)", "a/b", "a/c");
        for (Case c : cases) {
            System.out.printf("%-24s %7d %-9s %9.0f %9.0f %9.0f %7.2f %7.2f%n", c.profile,
                    c.payload, c.protect ? "protect" : "unprotect", c.median(0), c.median(1),
                    c.median(2), c.median(0) / c.median(1), c.median(0) / c.median(2));
        }
    }

    /** One profile, size and direction; its three contenders, each with its own sessions. */
    private static final class Case {
        final SrtpProfile profile;
        final int payload;
        final boolean protect;
        final byte[] template;
        final JmtSrtp.Transformer jitsi;
        final JmtSrtp.Transformer peer;  // unprotect: makes the packets all three receive
        final FastpathSrtpTransformer single;
        final FastpathSrtpTransformer batch;
        final JvbPacket[][] work = new JvbPacket[3][CHUNK];
        final List<List<JvbPacket>> batches = new ArrayList<>();
        final byte[] statuses = new byte[BATCH];
        final byte[][] wire = new byte[CHUNK][];
        final List<List<Double>> ns = List.of(new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        int seq;

        Case(SrtpProfile profile, int payload, boolean protect) {
            this.profile = profile;
            this.payload = payload;
            this.protect = protect;
            byte[] km = new byte[profile.keyingMaterialLength()];
            new Random(profile.ordinal() * 1000 + payload).nextBytes(km);
            // The bridge as DTLS server; protect uses its write key, unprotect the peer's.
            JmtSrtp bridge = JmtSrtp.initialize(profile.dtlsSrtpId(), km, false);
            jitsi = protect ? bridge.srtpEncrypt() : bridge.srtpDecrypt();
            peer = JmtSrtp.initialize(profile.dtlsSrtpId(), km, true).srtpEncrypt();
            FastpathSrtpTransformers b = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(),
                    km, false, false);
            FastpathSrtpTransformers c = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(),
                    km, false, false);
            if (b == null || c == null) {
                throw new IllegalStateException("JVB Fastpath is not available");
            }
            single = protect ? b.srtpEncrypt() : b.srtpDecrypt();
            batch = protect ? c.srtpEncrypt() : c.srtpDecrypt();
            template = new byte[12 + payload];
            template[0] = (byte) 0x80;
            template[1] = 111;
            for (int i = 8; i < 12; i++) {
                template[i] = (byte) (SSRC >>> (8 * (11 - i)));
            }
            for (int i = 12; i < template.length; i++) {
                template[i] = (byte) (i * 13);
            }
            for (JvbPacket[] row : work) {
                for (int i = 0; i < CHUNK; i++) {
                    int size = JvbPacket.ROOM_BEFORE + template.length + JvbPacket.ROOM_AFTER;
                    row[i] = new JvbPacket(new byte[size], JvbPacket.ROOM_BEFORE, 0);
                }
            }
            for (int i = 0; i < CHUNK; i += BATCH) {
                batches.add(Arrays.asList(work[2]).subList(i, i + BATCH));
            }
        }

        double median(int contender) {
            double[] v = ns.get(contender).stream().mapToDouble(Double::doubleValue).sorted()
                    .toArray();
            return v[v.length / 2];
        }

        /** A plain packet with the next sequence number (and a timestamp that follows it). */
        byte[] next() {
            byte[] b = template.clone();
            int s = seq++ & 0xffff;
            b[2] = (byte) (s >> 8);
            b[3] = (byte) s;
            b[6] = (byte) (seq >> 8);
            b[7] = (byte) seq;
            return b;
        }

        void round(boolean record) throws Exception {
            // The packets of this round: plain for protect, protected by the peer otherwise.
            for (int i = 0; i < CHUNK; i++) {
                byte[] plain = next();
                if (protect) {
                    wire[i] = plain;
                } else {
                    JvbPacket p = JvbPacket.of(plain);
                    if (peer.transform(p) != SrtpErrorStatus.OK) {
                        throw new IllegalStateException("peer protect failed");
                    }
                    wire[i] = p.bytes();
                }
            }
            for (JvbPacket[] packets : work) {
                for (int i = 0; i < CHUNK; i++) {
                    System.arraycopy(wire[i], 0, packets[i].getBuffer(), JvbPacket.ROOM_BEFORE,
                            wire[i].length);
                    packets[i].setLength(wire[i].length);
                }
            }
            for (int from = 0; from < CHUNK; from += SLICE) {
                for (int contender = 0; contender < 3; contender++) {
                    long start = System.nanoTime();
                    int failed = run(contender, from);
                    long elapsed = System.nanoTime() - start;
                    if (failed != 0) {
                        throw new IllegalStateException(failed + " packets failed (contender "
                                + contender + ", " + profile + " " + payload + ")");
                    }
                    if (record) {
                        ns.get(contender).add((double) elapsed / SLICE);
                    }
                }
            }
        }

        /** Packets from..from+SLICE of the contender's work; returns how many failed. */
        int run(int contender, int from) throws Exception {
            int failed = 0;
            JvbPacket[] packets = work[contender];
            switch (contender) {
                case 0:
                    for (int i = from; i < from + SLICE; i++) {
                        failed += jitsi.transform(packets[i]) == SrtpErrorStatus.OK ? 0 : 1;
                    }
                    break;
                case 1:
                    for (int i = from; i < from + SLICE; i++) {
                        failed += single.transform(packets[i], ACCESS) >= 0 ? 0 : 1;
                    }
                    break;
                default:
                    for (int b = from / BATCH; b < (from + SLICE) / BATCH; b++) {
                        failed += BATCH - batch.transformBatch(batches.get(b), ACCESS, statuses);
                    }
                    break;
            }
            return failed;
        }
    }
}
