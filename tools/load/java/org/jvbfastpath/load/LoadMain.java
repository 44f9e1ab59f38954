package org.jvbfastpath.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jvbfastpath.ConferenceMode;
import org.jvbfastpath.ExpectedEnvelope;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.FastpathConference;
import org.jvbfastpath.FastpathEndpoint;
import org.jvbfastpath.PacketMetadata;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.StreamRewriter;
import org.jvbfastpath.load.LoadNative.Setting;

/**
 * ./fastpath load (--path jni, the default): simulated conferences whose bridge work goes
 * through the JVM and the jar, in batches, the way the bridge would call it: per sender an
 * ingress batch (unprotect, parse, E2EE policy), per receiver an egress batch of copies
 * (rewrite, passthrough check, protect). The clients and the forwarding plan come from the
 * load library (the same model as --path native). {@code --compare} gives every conference
 * a native twin (the same seed, so the same packets) and runs each tick on both, in turn
 * (which one first alternates), then prints the ratio of per-core throughput over the ticks
 * after a warm-up (the JIT's first second): drift and noise of the machine hit both alike.
 *
 * <p>With {@code --churn-every S}, one participant per conference leaves every S seconds
 * while packets flow, and a new one joins in its place, as a bridge does it: after a tick's
 * ingress the leaver's {@link FastpathEndpoint} is closed (what it already sent is still
 * forwarded; nothing more goes to it), and after egress its rewriters are closed and the
 * newcomer gets a new endpoint from fresh DTLS keying material and fresh rewriters.
 */
public final class LoadMain {
    private static final int ROOM_BEFORE = 10;
    private static final int ROOM_AFTER = 20;
    private static final int BUFFER = ROOM_BEFORE + 1300 + ROOM_AFTER;
    private static final int MAX_BATCH = 32;
    private static final FastpathEndpoint[] NO_ENDPOINTS = new FastpathEndpoint[0];
    private static final byte HELD = (byte) org.jvbfastpath.DropReason.HELD.ordinal();
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
        byte[] drops;  // ingress verdicts: DropReason ordinals, 0 forwardable
        final int[] holdSlots = new int[256];  // FastpathEndpoint.takeHoldEvents
        final int[] holdBefore = new int[256];
        final byte[] holdVerdicts = new byte[256];
        long heldMaxPackets;
        long heldMaxBytes;
        long holdSamples;
        int[] planReceivers;
        int[] planPackets;
        int[] planRewriters;
        byte[] planFlags;
        // The receiving clients' checks of the tick (run after it, untimed).
        byte[][] checkBufs;
        int[] checkLens;
        int[] checkReceivers;
        int checks;
        byte[][] out;
        // Batch scratch.
        final byte[][] bBufs = new byte[MAX_BATCH][];
        final int[] bOffs = new int[MAX_BATCH];
        final int[] bLens = new int[MAX_BATCH];
        final int[] bMeta = new int[MAX_BATCH];
        final StreamRewriter[] bRw = new StreamRewriter[MAX_BATCH];
        final byte[] bDrops = new byte[MAX_BATCH];
        final byte[] bFlags = new byte[MAX_BATCH];
        // The packets of an egress batch the receiver does not get (SVC layers above its own).
        final int[] skipMeta = new int[FastpathEndpoint.MAX_EGRESS_BATCH];
        final StreamRewriter[] skipRw = new StreamRewriter[FastpathEndpoint.MAX_EGRESS_BATCH];
        // Churn: participants per slot so far, leaves, the slot that left this tick.
        int[] generation;
        long leaves;
        int leaving = -1;
        long ticks;
        // Batch calls into the library, and their packets.
        long ingressCalls;
        long ingressPackets;
        long egressCalls;
        long egressPackets;

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
        LoadNative.Settings s = LoadNative.settings(h);
        int conferences = s.get(Setting.CONFERENCES);
        int participants = s.get(Setting.PARTICIPANTS);
        int threads = s.get(Setting.THREADS);
        long durationNs = s.get(Setting.DURATION_MS) * 1_000_000L;
        long toggleMs = s.get(Setting.TOGGLE_MS);
        SrtpProfile profile = SrtpProfile.values()[s.get(Setting.PROFILE)];
        int e2eeKind = s.get(Setting.E2EE_KIND);  // 0 off, 1 jitsi (JFrame), 2 sframe
        boolean e2ee = e2eeKind != 0;
        boolean progress = s.get(Setting.PROGRESS) != 0 && System.console() != null;
        int maxPackets = s.get(Setting.MAX_PACKETS_PER_TICK);
        int rewriterCount = s.get(Setting.REWRITERS_PER_CONFERENCE);
        long churnNs = s.get(Setting.CHURN_MS) * 1_000_000L;
        System.out.println(Fastpath.version() + "; path jni");
        if (compare) {
            LoadNative.compareStart(h);
        }
        long warmupNs = Math.min(1_000_000_000L, durationNs / 10);
        AtomicLong comparedJniNs = new AtomicLong();
        AtomicLong comparedJniOut = new AtomicLong();

        Conf[] confs = new Conf[conferences];
        for (int c = 0; c < conferences; c++) {
            Conf conf = new Conf(c);
            conf.conference = FastpathConference.create("conference-" + c,
                    ConferenceMode.values()[s.get(Setting.CONFERENCE_MODE)],
                    e2eeKind == 1 ? ExpectedEnvelope.JFRAME
                            : e2eeKind == 2 ? ExpectedEnvelope.SFRAME : ExpectedEnvelope.ANY);
            conf.endpoints = new FastpathEndpoint[participants];
            conf.generation = new int[participants];
            for (int p = 0; p < participants; p++) {
                conf.endpoints[p] = endpoint(h, conf, p, profile);
            }
            conf.rewriters = new StreamRewriter[rewriterCount];
            for (int r = 0; r < rewriterCount; r++) {
                conf.rewriters[r] = rewriter(h, conf, r);
            }
            conf.metadata = new PacketMetadata(maxPackets);
            conf.in = new byte[maxPackets][BUFFER];
            conf.inLens = new int[maxPackets];
            conf.senders = new int[maxPackets];
            conf.drops = new byte[maxPackets];
            int planCapacity = maxPackets * participants;
            conf.planReceivers = new int[planCapacity];
            conf.planPackets = new int[planCapacity];
            conf.planRewriters = new int[planCapacity];
            conf.planFlags = new byte[planCapacity];
            conf.out = new byte[planCapacity][];
            conf.checkBufs = new byte[planCapacity][];
            conf.checkLens = new int[planCapacity];
            conf.checkReceivers = new int[planCapacity];
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
                        long now = System.nanoTime();
                        // Churn: a participant leaves mid-tick each period, a new one joins
                        // after it (set-up, not timed as packet work).
                        boolean leave = churnNs > 0 && now - start >= churnNs * (conf.leaves + 1);
                        boolean counted = now - start >= warmupNs;
                        boolean nativeFirst = compare && (conf.ticks++ & 1) == 1;
                        if (nativeFirst) {
                            LoadNative.compareTick(h, c, leave, counted);
                        }
                        long b0 = System.nanoTime();
                        int out = bridgeTick(h, conf, n, leave);
                        long b1 = System.nanoTime();
                        clientChecks(h, conf, checked, checkFailed);
                        if (leave) {
                            join(h, conf, participants, profile);
                        }
                        if (compare && !nativeFirst) {
                            LoadNative.compareTick(h, c, leave, counted);
                        }
                        if (compare && counted) {
                            comparedJniNs.addAndGet(b1 - b0);
                            comparedJniOut.addAndGet(out);
                        }
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
                    if (compare) {
                        LoadNative.compareToggle(h, step);
                    }
                }
            }, "toggler");
            toggler.setDaemon(true);
            toggler.start();
        }
        // Resident size: after set-up, once a second (with the progress line), and at the end.
        LoadNative.sampleRss(h);
        for (long second = 1; start + second * 1_000_000_000L < end; second++) {
            long waitMs = (start + second * 1_000_000_000L - System.nanoTime()) / 1_000_000L;
            if (waitMs > 0) {
                Thread.sleep(waitMs);
            }
            long rss = LoadNative.sampleRss(h);
            if (progress) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("\r%5.0f s  in %10d  out %11d  (%.0f out/s)  rss %d kB   ",
                        elapsed, packetsIn.get(), packetsOut.get(), packetsOut.get() / elapsed,
                        rss);
            }
        }
        long toEndMs = (end - System.nanoTime()) / 1_000_000L;
        if (toEndMs > 0) {
            Thread.sleep(toEndMs);
        }
        LoadNative.sampleRss(h);  // at the end, packets still flowing
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
        // One histogram per stage, then the frame hold's.
        long[][] stages = new long[FastpathConference.Stage.values().length + 1][];
        long[] drops = new long[org.jvbfastpath.DropReason.values().length];
        for (FastpathConference.Stage stage : FastpathConference.Stage.values()) {
            for (Conf conf : confs) {
                long[] v = conf.conference.stageLatency(stage);
                if (stages[stage.ordinal()] == null) {
                    stages[stage.ordinal()] = new long[v.length];
                }
                add(stages[stage.ordinal()], v, 1);
            }
        }
        long heldMaxPackets = 0;
        long heldMaxBytes = 0;
        for (Conf conf : confs) {
            add(drops, conf.conference.drops(), 1);
            long[] hold = conf.conference.holdLatency();
            if (stages[stages.length - 1] == null) {
                stages[stages.length - 1] = new long[hold.length];
            }
            add(stages[stages.length - 1], hold, 1);
            heldMaxPackets = Math.max(heldMaxPackets, conf.heldMaxPackets);
            heldMaxBytes = Math.max(heldMaxBytes, conf.heldMaxBytes);
        }
        long[] perSecond = new long[seconds];
        for (int i = 0; i < seconds; i++) {
            perSecond[i] = outPerSecond.get(i);
        }
        LoadNative.finish(h, new long[] {wall, busyNs.get(), packetsIn.get(),
                packetsOut.get(), switches, checked.get(), checkFailed.get(), heldMaxPackets,
                heldMaxBytes}, perSecond, stages,
                drops);
        long[] calls = new long[4];  // ingress calls, their packets, egress calls, theirs
        for (Conf conf : confs) {
            calls[0] += conf.ingressCalls;
            calls[1] += conf.ingressPackets;
            calls[2] += conf.egressCalls;
            calls[3] += conf.egressPackets;
        }
        System.out.printf("jni: batches of at most %d packets, %.1f per ingress call and %.1f per"
                + " egress call on average; packet natives through %s%n", MAX_BATCH,
                calls[1] / (double) Math.max(1, calls[0]), calls[3] / (double) Math.max(1, calls[2]),
                Fastpath.nativeEntry());
        for (Conf conf : confs) {
            conf.conference.close();
            conf.metadata.close();
            for (StreamRewriter r : conf.rewriters) {
                r.close();
            }
        }
        if (compare) {
            System.out.printf("%n== compare ==%n");
            long[] nat = LoadNative.compareResult(h);
            double jniRate = comparedJniOut.get() / (comparedJniNs.get() / 1e9);
            double natRate = nat[1] / (nat[0] / 1e9);
            System.out.printf("same ticks on both paths, interleaved, after a %.1f s warm-up:"
                    + " jni %.0f packets out per core-second, native %.0f: jni at %.1f%% of"
                    + " native%n", warmupNs / 1e9, jniRate, natRate, 100 * jniRate / natRate);
        }
        LoadNative.destroy(h);
    }

    /** into[i] += sign * v[i] (v null: nothing). */
    private static void add(long[] into, long[] v, int sign) {
        for (int i = 0; v != null && i < v.length; i++) {
            into[i] += sign * v[i];
        }
    }

    private static FastpathEndpoint endpoint(long h, Conf conf, int p, SrtpProfile profile) {
        return FastpathEndpoint.create(conf.conference,
                new FastpathEndpoint.Spec("endpoint-" + p + "." + conf.generation[p])
                        .srtp(profile, LoadNative.keyingMaterial(h, conf.index, p), false)
                        .extension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
                        .extension(5, "http://www.ietf.org/id/"
                                + "draft-holmer-rmcat-transport-wide-cc-extensions-01")
                        .payloadType(111, "opus")
                        .extension(11, "https://aomediacodec.github.io/av1-rtp-spec/"
                                + "#dependency-descriptor-rtp-header-extension")
                        .payloadType(100, "VP8")
                        .payloadType(101, "VP9")
                        .payloadType(107, "H264")
                        .payloadType(41, "AV1"));
    }

    private static StreamRewriter rewriter(long h, Conf conf, int index) {
        int[] rc = LoadNative.rewriterConfig(h, conf.index, index);
        return new StreamRewriter(rc[0], rc[1]);
    }

    /**
     * Churn, after a tick's ingress: the bridge expires the next participant's endpoint (its
     * drops and stage latencies stay in the conference's totals).
     */
    private static void leave(long h, Conf conf) {
        int k = LoadNative.leave(h, conf.index);
        conf.endpoints[k].close();
        conf.endpoints[k] = null;
        conf.leaving = k;
        conf.leaves++;
    }

    /**
     * Churn, after the tick's egress: the leaver's rewriters on every receiver (and its own)
     * are closed; a new participant joins in its slot with a new endpoint (fresh keying
     * material) and fresh rewriters both ways.
     */
    private static void join(long h, Conf conf, int participants, SrtpProfile profile) {
        int k = conf.leaving;
        for (int other = 0; other < participants; other++) {
            if (other == k) {
                continue;
            }
            // The leaver's streams leave each receiver's outbound SRTP session.
            for (int ssrc : LoadNative.departedSsrcs(h, conf.index, other)) {
                conf.endpoints[other].removeOutboundStream(ssrc);
            }
        }
        for (int other = 0; other < participants; other++) {
            for (int kind = 0; other != k && kind < 2; kind++) {
                conf.rewriters[(other * participants + k) * 2 + kind].close();
                conf.rewriters[(k * participants + other) * 2 + kind].close();
            }
        }
        LoadNative.join(h, conf.index);
        conf.generation[k]++;
        conf.endpoints[k] = endpoint(h, conf, k, profile);
        for (int other = 0; other < participants; other++) {
            for (int kind = 0; other != k && kind < 2; kind++) {
                int toOther = (other * participants + k) * 2 + kind;
                int toNew = (k * participants + other) * 2 + kind;
                conf.rewriters[toOther] = rewriter(h, conf, toOther);
                conf.rewriters[toNew] = rewriter(h, conf, toNew);
            }
        }
        conf.leaving = -1;
    }

    /** One tick of bridge work for a conference; returns packets sent to receivers. */
    private static int bridgeTick(long h, Conf conf, int n, boolean leave) {
        // Ingress: one batch per sender (packets arrive grouped by sender), 32 at most.
        for (int i = 0; i < n;) {
            int sender = conf.senders[i];
            int count = 0;
            while (i + count < n && conf.senders[i + count] == sender && count < MAX_BATCH) {
                conf.bBufs[count] = conf.in[i + count];
                conf.bLens[count] = conf.inLens[i + count];
                count++;
            }
            conf.ingressCalls++;
            conf.ingressPackets += count;
            conf.endpoints[sender].ingress(conf.bBufs, conf.bOffs, conf.bLens, count,
                    conf.metadata, i, conf.bDrops);
            System.arraycopy(conf.bLens, 0, conf.inLens, i, count);
            System.arraycopy(conf.bDrops, 0, conf.drops, i, count);
            // The frame hold: a held packet (HELD) whose frame this call proved is released
            // right before the proving packet, which comes later in the tick's order, so it
            // becomes forwardable in place. (The driver keeps no packet past its tick.)
            boolean held = false;
            for (int j = 0; j < count; j++) {
                held |= conf.bDrops[j] == HELD;
            }
            if (held) {
                int events;
                do {
                    events = conf.endpoints[sender].takeHoldEvents(conf.metadata,
                            conf.holdSlots, conf.holdBefore, conf.holdVerdicts);
                    for (int e = 0; e < events; e++) {
                        int slot = conf.holdSlots[e];
                        if (conf.holdVerdicts[e] == 0 && slot >= 0 && slot < n) {
                            conf.drops[slot] = 0;
                        }
                    }
                } while (events == conf.holdSlots.length);
            }
            i += count;
        }
        for (FastpathEndpoint e : (++conf.holdSamples & 15) == 0 ? conf.endpoints
                : NO_ENDPOINTS) {  // sampled: one tick in 16
            if (e != null && !e.isClosed()) {
                conf.heldMaxPackets = Math.max(conf.heldMaxPackets, e.heldPeakPackets());
                conf.heldMaxBytes = Math.max(conf.heldMaxBytes, e.heldPeakBytes());
            }
        }
        if (leave) {
            leave(h, conf);
        }
        int planned = LoadNative.plan(h, conf.index, conf.drops, n, conf.planReceivers,
                conf.planPackets, conf.planRewriters, conf.planFlags);
        // Egress: per receiver, copies (the bridge clones per receiver), 32 at a time; the
        // SVC layers the receiver does not get go to its rewriters after the batch
        // (FastpathEndpoint.skip, one call), so its sequence numbers stay continuous.
        int sent = 0;
        for (int k = 0; k < planned;) {
            int receiver = conf.planReceivers[k];
            int count = 0;
            int skipped = 0;
            int j = k;
            for (; j < planned && conf.planReceivers[j] == receiver && count < MAX_BATCH
                    && skipped < conf.skipMeta.length; j++) {
                int packet = conf.planPackets[j];
                if (packet < 0) {
                    conf.skipMeta[skipped] = ~packet;
                    conf.skipRw[skipped++] = conf.rewriters[conf.planRewriters[j]];
                    continue;
                }
                if (conf.out[j] == null) {
                    conf.out[j] = new byte[BUFFER];
                }
                System.arraycopy(conf.in[packet], ROOM_BEFORE, conf.out[j], ROOM_BEFORE,
                        conf.inLens[packet]);
                conf.bBufs[count] = conf.out[j];
                conf.bLens[count] = conf.inLens[packet];
                conf.bMeta[count] = packet;
                conf.bFlags[count] = conf.planFlags[j];
                conf.bRw[count] = conf.planRewriters[j] < 0 ? null
                        : conf.rewriters[conf.planRewriters[j]];
                count++;
            }
            conf.egressCalls++;
            conf.egressPackets += count;
            sent += conf.endpoints[receiver].egress(conf.bBufs, conf.bOffs, conf.bLens, count,
                    conf.metadata, conf.bMeta, conf.bRw, conf.bFlags, conf.bDrops);
            if (skipped > 0) {  // after the egress of the packets before them
                conf.endpoints[receiver].skip(conf.metadata, conf.skipMeta, conf.skipRw, skipped);
            }
            if (receiver % 10 == 0) {
                // Receivers 0, 10, ... check everything they get (as in --path native),
                // after the tick: clientChecks.
                for (int b = 0; b < count; b++) {
                    if (conf.bDrops[b] == 0) {
                        conf.checkBufs[conf.checks] = conf.bBufs[b];
                        conf.checkLens[conf.checks] = conf.bLens[b];
                        conf.checkReceivers[conf.checks++] = receiver;
                    }
                }
            }
            k = j;
        }
        return sent;
    }

    /** The receiving clients' side of the tick just run (not bridge work, not timed). */
    private static void clientChecks(long h, Conf conf, AtomicLong checked,
            AtomicLong checkFailed) {
        for (int c = 0; c < conf.checks; c++) {
            byte[] buf = conf.checkBufs[c];
            checked.incrementAndGet();
            boolean rtcp = (buf[ROOM_BEFORE + 1] & 0x7f) >= 64
                    && (buf[ROOM_BEFORE + 1] & 0x7f) <= 95;
            if (!LoadNative.clientCheck(h, conf.index, conf.checkReceivers[c], buf, ROOM_BEFORE,
                    conf.checkLens[c], rtcp)) {
                checkFailed.incrementAndGet();
            }
            conf.checkBufs[c] = null;
        }
        conf.checks = 0;
    }
}
