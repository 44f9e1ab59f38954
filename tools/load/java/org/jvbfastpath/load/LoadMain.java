package org.jvbfastpath.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvbfastpath.ConferenceMode;
import org.jvbfastpath.ExpectedEnvelope;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.FastpathConference;
import org.jvbfastpath.FastpathEndpoint;
import org.jvbfastpath.PacketMetadata;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.StreamRewriter;

/**
 * ./fastpath load (--path jni, the default): simulated conferences whose bridge work goes
 * through the JVM and the jar, in batches, the way the bridge would call it: per sender an
 * ingress batch (unprotect, parse, E2EE policy), per receiver an egress batch of copies
 * (rewrite, passthrough check, protect). The clients and the forwarding plan come from the
 * load library (the same model as --path native). {@code --compare} then runs the same
 * options natively in this process and prints the ratio of per-core throughput.
 */
public final class LoadMain {
    private static final int ROOM_BEFORE = 10;
    private static final int ROOM_AFTER = 20;
    private static final int BUFFER = ROOM_BEFORE + 1300 + ROOM_AFTER;
    private static final int MAX_BATCH = 32;
    private static final ConferenceMode[] TOGGLE_CYCLE = {ConferenceMode.ACCELERATED,
            ConferenceMode.E2EE_PASSTHROUGH, ConferenceMode.E2EE_REQUIRED};

    private LoadMain() {}

    /** One simulated conference as the bridge holds it. */
    private static final class Conf {
        final int index;
        FastpathConference conference;
        FastpathEndpoint[] endpoints;
        StreamRewriter[] rewriters;
        PacketMetadata metadata;
        byte[][] in;
        int[] inLens;
        int[] senders;
        byte[] forwardable;
        int[] planReceivers;
        int[] planPackets;
        int[] planRewriters;
        byte[][] out;
        // Batch scratch.
        final byte[][] bBufs = new byte[MAX_BATCH][];
        final int[] bOffs = new int[MAX_BATCH];
        final int[] bLens = new int[MAX_BATCH];
        final int[] bMeta = new int[MAX_BATCH];
        final StreamRewriter[] bRw = new StreamRewriter[MAX_BATCH];
        final byte[] bDrops = new byte[MAX_BATCH];

        Conf(int index) {
            this.index = index;
            Arrays.fill(bOffs, ROOM_BEFORE);
        }
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean compare = args.remove("--compare");
        System.load(System.getProperty("jvbfastpath.load.library"));
        if (!Fastpath.isAvailable()) {
            System.err.println("JVB Fastpath is not available: " + Fastpath.unavailableReason());
            System.exit(1);
        }
        long h = LoadNative.create(args.toArray(new String[0]));
        int[] s = LoadNative.settings(h);
        int conferences = s[0];
        int participants = s[1];
        int threads = s[2];
        long durationNs = s[3] * 1_000_000L;
        long toggleMs = s[4];
        SrtpProfile profile = SrtpProfile.values()[s[5]];
        int e2eeKind = s[6];  // 0 off, 1 jitsi (JFrame), 2 sframe
        boolean e2ee = e2eeKind != 0;
        boolean progress = s[7] != 0 && System.console() != null;
        int maxPackets = s[8];
        int rewriterCount = s[9];
        System.out.println(Fastpath.version() + "; path jni");

        Conf[] confs = new Conf[conferences];
        for (int c = 0; c < conferences; c++) {
            Conf conf = new Conf(c);
            conf.conference = FastpathConference.create("conference-" + c,
                    e2ee ? ConferenceMode.E2EE_PASSTHROUGH : ConferenceMode.ACCELERATED,
                    e2eeKind == 1 ? ExpectedEnvelope.JFRAME
                            : e2eeKind == 2 ? ExpectedEnvelope.SFRAME : ExpectedEnvelope.ANY);
            conf.endpoints = new FastpathEndpoint[participants];
            for (int p = 0; p < participants; p++) {
                conf.endpoints[p] = FastpathEndpoint.create(conf.conference,
                        new FastpathEndpoint.Spec("endpoint-" + p)
                                .srtp(profile, LoadNative.keyingMaterial(h, c, p), false)
                                .extension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
                                .extension(5, "http://www.ietf.org/id/"
                                        + "draft-holmer-rmcat-transport-wide-cc-extensions-01")
                                .payloadType(111, "opus")
                                .payloadType(100, "VP8"));
            }
            conf.rewriters = new StreamRewriter[rewriterCount];
            for (int r = 0; r < rewriterCount; r++) {
                int[] rc = LoadNative.rewriterConfig(h, c, r);
                conf.rewriters[r] = new StreamRewriter(rc[0], rc[1]);
            }
            conf.metadata = new PacketMetadata(maxPackets);
            conf.in = new byte[maxPackets][BUFFER];
            conf.inLens = new int[maxPackets];
            conf.senders = new int[maxPackets];
            conf.forwardable = new byte[maxPackets];
            int planCapacity = maxPackets * participants;
            conf.planReceivers = new int[planCapacity];
            conf.planPackets = new int[planCapacity];
            conf.planRewriters = new int[planCapacity];
            conf.out = new byte[planCapacity][];
            confs[c] = conf;
        }

        int seconds = (int) ((durationNs + 999_999_999L) / 1_000_000_000L);
        AtomicLongArray outPerSecond = new AtomicLongArray(seconds + 1);
        AtomicLong packetsIn = new AtomicLong();
        AtomicLong packetsOut = new AtomicLong();
        AtomicLong busyNs = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        AtomicLong checkFailed = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        long start = System.nanoTime();
        long end = start + durationNs;

        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            workers[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    for (int c = thread; c < confs.length; c += threads) {
                        Conf conf = confs[c];
                        int n = LoadNative.nextTick(h, c, conf.in, ROOM_BEFORE, conf.inLens,
                                conf.senders);
                        long b0 = System.nanoTime();
                        int out = bridgeTick(h, conf, n, participants, checked, checkFailed);
                        long b1 = System.nanoTime();
                        busyNs.addAndGet(b1 - b0);
                        packetsIn.addAndGet(n);
                        packetsOut.addAndGet(out);
                        int second = (int) ((b1 - start) / 1_000_000_000L);
                        if (second < seconds) {
                            outPerSecond.addAndGet(second, out);
                        }
                    }
                }
            }, "load-" + t);
            workers[t].start();
        }
        Thread toggler = null;
        if (toggleMs > 0) {
            toggler = new Thread(() -> {
                for (int step = 1; !stop.get(); step++) {
                    try {
                        Thread.sleep(toggleMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (Conf conf : confs) {
                        conf.conference.setMode(TOGGLE_CYCLE[step % TOGGLE_CYCLE.length]);
                    }
                }
            }, "toggler");
            toggler.setDaemon(true);
            toggler.start();
        }
        while (progress && System.nanoTime() < end) {
            Thread.sleep(500);
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("\r%5.1f s  in %10d  out %11d  (%.0f out/s)   ", elapsed,
                    packetsIn.get(), packetsOut.get(), packetsOut.get() / elapsed);
        }
        for (Thread w : workers) {
            w.join();
        }
        stop.set(true);
        if (toggler != null) {
            toggler.interrupt();
        }
        if (progress) {
            System.out.println();
        }
        long wall = System.nanoTime() - start;

        long switches = toggleMs > 0 ? (wall / 1_000_000L / toggleMs) * conferences : 0;
        long[][] stages = new long[FastpathConference.Stage.values().length][];
        long[] drops = new long[org.jvbfastpath.DropReason.values().length];
        for (FastpathConference.Stage stage : FastpathConference.Stage.values()) {
            for (Conf conf : confs) {
                long[] v = conf.conference.stageLatency(stage);
                if (stages[stage.ordinal()] == null) {
                    stages[stage.ordinal()] = v;
                } else {
                    for (int i = 0; i < v.length; i++) {
                        stages[stage.ordinal()][i] += v[i];
                    }
                }
            }
        }
        for (Conf conf : confs) {
            long[] d = conf.conference.drops();
            for (int i = 0; i < d.length; i++) {
                drops[i] += d[i];
            }
        }
        long[] perSecond = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            perSecond[i] = outPerSecond.get(i);
        }
        String jni = LoadNative.finish(h, new long[] {wall, busyNs.get(), packetsIn.get(),
                packetsOut.get(), switches, checked.get(), checkFailed.get()}, perSecond, stages,
                drops);
        for (Conf conf : confs) {
            conf.conference.close();
            conf.metadata.close();
            for (StreamRewriter r : conf.rewriters) {
                r.close();
            }
        }
        if (compare) {
            String nat = LoadNative.runNative(h);
            double jniRate = number(jni, "packets_out_per_core_s");
            double natRate = number(nat, "packets_out_per_core_s");
            System.out.printf("%n== compare ==%njni %.0f packets out per core-second, native %.0f:"
                    + " jni at %.1f%% of native%n", jniRate, natRate, 100 * jniRate / natRate);
        }
        LoadNative.destroy(h);
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** One tick of bridge work for a conference; returns packets sent to receivers. */
    private static int bridgeTick(long h, Conf conf, int n, int participants, AtomicLong checked,
            AtomicLong checkFailed) {
        // Ingress: one batch per sender (packets arrive grouped by sender), 32 at most.
        for (int i = 0; i < n;) {
            int sender = conf.senders[i];
            int count = 0;
            while (i + count < n && conf.senders[i + count] == sender && count < MAX_BATCH) {
                conf.bBufs[count] = conf.in[i + count];
                conf.bLens[count] = conf.inLens[i + count];
                count++;
            }
            conf.endpoints[sender].ingress(conf.bBufs, conf.bOffs, conf.bLens, count,
                    conf.metadata, i);
            System.arraycopy(conf.bLens, 0, conf.inLens, i, count);
            conf.metadata.drops(i, count, conf.bDrops);
            for (int k = 0; k < count; k++) {
                conf.forwardable[i + k] = (byte) (conf.bDrops[k] == 0 ? 1 : 0);
            }
            i += count;
        }
        byte[] flags = conf.forwardable.length == n ? conf.forwardable
                : Arrays.copyOf(conf.forwardable, n);
        int planned = LoadNative.plan(h, conf.index, flags, conf.planReceivers, conf.planPackets,
                conf.planRewriters);
        // Egress: per receiver, copies (the bridge clones per receiver), 32 at a time.
        int sent = 0;
        for (int k = 0; k < planned;) {
            int receiver = conf.planReceivers[k];
            int count = 0;
            while (k + count < planned && conf.planReceivers[k + count] == receiver
                    && count < MAX_BATCH) {
                int j = k + count;
                int packet = conf.planPackets[j];
                if (conf.out[j] == null) {
                    conf.out[j] = new byte[BUFFER];
                }
                System.arraycopy(conf.in[packet], ROOM_BEFORE, conf.out[j], ROOM_BEFORE,
                        conf.inLens[packet]);
                conf.bBufs[count] = conf.out[j];
                conf.bLens[count] = conf.inLens[packet];
                conf.bMeta[count] = packet;
                conf.bRw[count] = conf.planRewriters[j] < 0 ? null
                        : conf.rewriters[conf.planRewriters[j]];
                count++;
            }
            sent += conf.endpoints[receiver].egress(conf.bBufs, conf.bOffs, conf.bLens, count,
                    conf.metadata, conf.bMeta, conf.bRw, conf.bDrops);
            if (receiver % 10 == 0) {
                // Receivers 0, 10, ... check everything they get (as in --path native).
                for (int b = 0; b < count; b++) {
                    if (conf.bDrops[b] != 0) {
                        continue;
                    }
                    checked.incrementAndGet();
                    boolean rtcp = (conf.bBufs[b][ROOM_BEFORE + 1] & 0x7f) >= 64
                            && (conf.bBufs[b][ROOM_BEFORE + 1] & 0x7f) <= 95;
                    if (!LoadNative.clientCheck(h, conf.index, receiver, conf.bBufs[b],
                            ROOM_BEFORE, conf.bLens[b], rtcp)) {
                        checkFailed.incrementAndGet();
                    }
                }
            }
            k += count;
        }
        return sent;
    }
}
