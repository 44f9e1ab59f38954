package org.jvbfastpath.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;

/**
 * ./fastpath bench jni: ns per packet of SRTP protect/unprotect called from Java through the
 * jar (single calls, batches of 8 and 32), against the same work done natively in the same
 * JVM and run (NativeBench), and against the JDK's own crypto (PureJavaSrtp). Rounds are
 * interleaved; the median of the rounds is printed. Buffers are laid out as the bridge's
 * pool lays them out: 10 bytes of room before the packet, 20 after.
 *
 * <p>Output: which JDK and which entry of the packet natives ran (Fastpath.nativeEntry:
 * ffm, critical or jni), then a table, or with --json one object per line with fields
 * profile, payload, op, batch, ns_java_jni, ns_native, ns_pure_java (single calls only);
 * last, the batch-of-32 ratios (Java / native) summed up. {@code --quick}: one round of few
 * packets, to check that it runs (CI), not to measure.
 */
public final class JniBench {
    private static final int ROOM_BEFORE = 10;
    private static final int ROOM_AFTER = 20;
    private static final int CHUNK = 4096;

    private JniBench() {}

    public static void main(String[] args) throws Exception {
        boolean json = Arrays.asList(args).contains("--json");
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = quick ? 1 : 7;
        int scale = quick ? 20 : 1;
        String benchLibrary = System.getProperty("jvbfastpath.bench.library");
        System.load(benchLibrary);
        String entry = org.jvbfastpath.Fastpath.nativeEntry();
        String jdk = "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
        if (json) {
            System.out.printf("{\"jdk\":\"%s\",\"entry\":\"%s\"}%n", Runtime.version(), entry);
        } else {
            System.out.printf("%s; packet natives through %s%n", jdk, entry);
        }
        SrtpProfile[] profiles = {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80};
        int[] payloads = {160, 1200};
        int[] batches = {1, 8, 32};
        List<Case> cases = new ArrayList<>();
        for (SrtpProfile p : profiles) {
            for (int payload : payloads) {
                for (boolean protect : new boolean[] {true, false}) {
                    for (int batch : batches) {
                        cases.add(new Case(p, payload, protect, batch));
                    }
                }
            }
        }
        // Warm up the JIT on every path, then measure in interleaved rounds.
        for (Case c : cases) {
            c.measure(20_000 / scale);
        }
        for (int round = 0; round < rounds; round++) {
            for (Case c : cases) {
                c.measure((c.payload > 500 ? 20_000 : 50_000) / scale);
            }
        }
        if (!json) {
            System.out.printf("%-24s %7s %-9s %5s %10s %10s %10s %8s %9s%n", "profile", "payload",
                    "op", "batch", "java_jni", "native", "pure_java", "jni/nat", "jni-nat");
        }
        for (Case c : cases) {
            double jni = median(c.javaNs);
            double nat = median(c.nativeNs);
            double pure = c.batch == 1 ? median(c.pureNs) : Double.NaN;
            if (json) {
                System.out.printf("{\"profile\":\"%s\",\"payload\":%d,\"op\":\"%s\",\"batch\":%d,"
                        + "\"ns_java_jni\":%.1f,\"ns_native\":%.1f,\"ns_pure_java\":%s}%n",
                        c.profile, c.payload, c.protect ? "protect" : "unprotect", c.batch, jni, nat,
                        Double.isNaN(pure) ? "null" : String.format("%.1f", pure));
            } else {
                System.out.printf("%-24s %7d %-9s %5d %10.0f %10.0f %10s %8.2f %9.0f%n", c.profile,
                        c.payload, c.protect ? "protect" : "unprotect", c.batch, jni, nat,
                        Double.isNaN(pure) ? "-" : String.format("%.0f", pure), jni / nat,
                        jni - nat);
            }
        }
        summary(cases, entry, json);
    }

    /** The batch-of-32 rows' Java / native ratios: the worst and the geometric mean. */
    private static void summary(List<Case> cases, String entry, boolean json) {
        double worst = 0;
        double logSum = 0;
        int n = 0;
        for (Case c : cases) {
            if (c.batch == 32) {
                double r = median(c.javaNs) / median(c.nativeNs);
                worst = Math.max(worst, r);
                logSum += Math.log(r);
                n++;
            }
        }
        double mean = Math.exp(logSum / n);
        if (json) {
            System.out.printf("{\"batch\":32,\"entry\":\"%s\",\"ratio_worst\":%.3f,"
                    + "\"ratio_mean\":%.3f}%n", entry, worst, mean);
        } else {
            System.out.printf("batch 32 through %s: java/native %.2f at worst, %.2f geometric mean"
                    + " over the %d cases%n", entry, worst, mean, n);
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    private static byte[] key(SrtpProfile p) {
        byte[] k = new byte[p.masterKeyLength() + p.masterSaltLength()];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 13 + 1);
        }
        return k;
    }

    /** A fresh packet: the template copied in, then its sequence number. */
    private static void fill(byte[] b, byte[] plain, int seq) {
        System.arraycopy(plain, 0, b, ROOM_BEFORE, plain.length);
        b[ROOM_BEFORE + 2] = (byte) (seq >> 8);
        b[ROOM_BEFORE + 3] = (byte) seq;
    }

    private static byte[] plainPacket(int payload) {
        byte[] b = new byte[ROOM_BEFORE + 12 + payload];
        b[ROOM_BEFORE] = (byte) 0x80;
        b[ROOM_BEFORE + 1] = 96;
        b[ROOM_BEFORE + 8] = 0x11;
        b[ROOM_BEFORE + 9] = 0x22;
        b[ROOM_BEFORE + 10] = 0x33;
        b[ROOM_BEFORE + 11] = 0x44;
        for (int i = 0; i < payload; i++) {
            b[ROOM_BEFORE + 12 + i] = (byte) i;
        }
        return Arrays.copyOfRange(b, ROOM_BEFORE, b.length);
    }

    private static final class Case {
        final SrtpProfile profile;
        final int payload;
        final boolean protect;
        final int batch;
        final List<Double> javaNs = new ArrayList<>();
        final List<Double> nativeNs = new ArrayList<>();
        final List<Double> pureNs = new ArrayList<>();

        Case(SrtpProfile profile, int payload, boolean protect, int batch) {
            this.profile = profile;
            this.payload = payload;
            this.protect = protect;
            this.batch = batch;
        }

        void measure(int packets) throws Exception {
            javaNs.add(measureJava(packets));
            long ns = NativeBench.run(profile.ordinal(), payload, batch, protect, packets);
            if (ns < 0) {
                throw new IllegalStateException("native run failed");
            }
            nativeNs.add((double) ns / roundUp(packets));
            if (batch == 1) {
                pureNs.add(measurePure(packets));
            }
        }

        int roundUp(int packets) {
            return (packets + batch - 1) / batch * batch;
        }

        double measureJava(int packets) {
            int length = 12 + payload;
            int size = ROOM_BEFORE + length + ROOM_AFTER;
            byte[] plain = plainPacket(payload);
            try (SrtpSession sender = SrtpSession.fromMasterKey(profile, key(profile),
                         SrtpSession.Direction.OUTBOUND);
                 SrtpSession receiver = SrtpSession.fromMasterKey(profile, key(profile),
                         SrtpSession.Direction.INBOUND)) {
                byte[][] work = new byte[batch][size];
                int[] offs = new int[batch];
                Arrays.fill(offs, ROOM_BEFORE);
                int[] lens = new int[batch];
                byte[] statuses = new byte[batch];
                byte[][] ready = new byte[CHUNK][size];
                int[] readyLength = new int[CHUNK];
                int next = CHUNK;
                int seq = 0;
                long elapsed = 0;
                int rounds = (packets + batch - 1) / batch;
                for (int r = 0; r < rounds; r++) {
                    if (!protect && next + batch > CHUNK) {
                        for (int i = 0; i < CHUNK; i++) {
                            fill(ready[i], plain, seq++ & 0xffff);
                            readyLength[i] = sender.transformRtp(ready[i], ROOM_BEFORE, length);
                        }
                        next = 0;
                    }
                    for (int i = 0; i < batch; i++) {
                        if (protect) {
                            fill(work[i], plain, seq++ & 0xffff);
                            lens[i] = length;
                        } else {
                            System.arraycopy(ready[next], 0, work[i], 0, ROOM_BEFORE + readyLength[next]);
                            lens[i] = readyLength[next++];
                        }
                    }
                    SrtpSession s = protect ? sender : receiver;
                    long start = System.nanoTime();  // the SRTP call alone, as natively
                    int result;
                    if (batch == 1) {
                        result = s.transformRtp(work[0], ROOM_BEFORE, lens[0]);
                    } else {
                        result = s.transformRtpBatch(work, offs, lens, batch, statuses) == batch ? 0 : -1;
                    }
                    elapsed += System.nanoTime() - start;
                    if (result < 0) {
                        throw new IllegalStateException("java path failed: " + SrtpStatus.ofResult(result));
                    }
                }
                return (double) elapsed / roundUp(packets);
            }
        }

        double measurePure(int packets) throws Exception {
            boolean gcm = profile == SrtpProfile.AEAD_AES_128_GCM;
            PureJavaSrtp java = new PureJavaSrtp(gcm, gcm ? 16 : 10);
            int length = 12 + payload;
            byte[] plain = plainPacket(payload);
            byte[] work = new byte[ROOM_BEFORE + length + ROOM_AFTER];
            byte[][] ready = new byte[CHUNK][work.length];
            int[] readyLength = new int[CHUNK];
            int next = CHUNK;
            int seq = 0;
            long elapsed = 0;
            for (int p = 0; p < packets; p++) {
                if (!protect && next == CHUNK) {
                    for (int i = 0; i < CHUNK; i++) {
                        fill(ready[i], plain, seq++ & 0xffff);
                        readyLength[i] = java.protect(ready[i], ROOM_BEFORE, length);
                    }
                    next = 0;
                }
                int len = length;
                if (protect) {
                    fill(work, plain, seq++ & 0xffff);
                } else {
                    System.arraycopy(ready[next], 0, work, 0, ROOM_BEFORE + readyLength[next]);
                    len = readyLength[next++];
                }
                long start = System.nanoTime();
                if (protect) {
                    java.protect(work, ROOM_BEFORE, len);
                } else {
                    java.unprotect(work, ROOM_BEFORE, len);
                }
                elapsed += System.nanoTime() - start;
            }
            return (double) elapsed / packets;
        }
    }
}
