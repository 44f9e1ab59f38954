package org.jvbfastpath.jvb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.jvbfastpath.SrtpOutcome;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpStatus;
import org.jvbfastpath.standins.FastpathPacketAccess;
import org.jvbfastpath.standins.Packet;

/** The adapter under the bridge's threading: many endpoints, shared senders, close mid-flight. */
class FastpathSrtpConcurrencyTest {
    private static final FastpathPacketAccess ACCESS = FastpathPacketAccess.INSTANCE;

    private static FastpathSrtpTransformers transformers(SrtpProfile profile, long seed,
            boolean client) {
        FastpathSrtpTransformers t = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(),
                TestPackets.keyingMaterial(profile, seed), client, false);
        assertNotNull(t);
        return t;
    }

    @Test
    void manyThreadsOnDistinctEndpoints() throws Exception {
        int threads = 8;
        int packets = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int e = 0; e < threads; e++) {
                final int endpoint = e;
                results.add(pool.submit(() -> {
                    SrtpProfile profile = SrtpProfile.values()[endpoint % 4];
                    try (FastpathSrtpTransformers peer = transformers(profile, endpoint, true);
                         FastpathSrtpTransformers bridge = transformers(profile, endpoint, false)) {
                        for (int i = 0; i < packets; i++) {
                            Packet p = TestPackets.rtp(endpoint, i, 20 + i % 1100);
                            byte[] plain = p.copyOfData();
                            assertTrue(peer.srtpEncrypt().transform(p, ACCESS) > 0);
                            assertEquals(plain.length, bridge.srtpDecrypt().transform(p, ACCESS));
                            assertArrayEquals(plain, p.copyOfData());
                            if (i % 50 == 0) {
                                Packet sr = TestPackets.rtcpSr(endpoint, i);
                                assertTrue(bridge.srtcpEncrypt().transform(sr, ACCESS) > 0);
                                assertEquals(28, peer.srtcpDecrypt().transform(sr, ACCESS));
                            }
                        }
                        return bridge.srtpDecrypt().outcomeCounts();
                    }
                }));
            }
            for (Future<long[]> f : results) {
                assertEquals(packets, f.get(60, TimeUnit.SECONDS)[SrtpOutcome.OK.ordinal()]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The bridge encrypts for one endpoint from several threads (sender queue, probing, NACK
     * retransmissions); the adapter serializes them. Every packet must decrypt afterwards.
     */
    @Test
    void oneEncryptTransformerFromSeveralThreads() throws Exception {
        SrtpProfile profile = SrtpProfile.AEAD_AES_128_GCM;
        int threads = 4;
        int packets = 2000;
        try (FastpathSrtpTransformers bridge = transformers(profile, 99, false);
             FastpathSrtpTransformers peer = transformers(profile, 99, true)) {
            ConcurrentLinkedQueue<Packet> out = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int ssrc = 1000 + t;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < packets; i++) {
                        Packet p = TestPackets.rtp(ssrc, i, 200);
                        assertTrue(bridge.srtpEncrypt().transform(p, ACCESS) > 0);
                        out.add(p);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            int ok = 0;
            for (Packet p : out) {
                if (peer.srtpDecrypt().transform(p, ACCESS) == 212) {
                    ok++;
                }
            }
            assertEquals(threads * packets, ok);
        }
    }

    /** close() from another thread while packets flow: results or CLOSED, never a crash. */
    @Test
    void closeWhileAnotherThreadTransforms() throws Exception {
        for (int round = 0; round < 20; round++) {
            SrtpProfile profile = SrtpProfile.values()[round % 4];
            FastpathSrtpTransformers bridge = transformers(profile, round, false);
            AtomicBoolean sawClosed = new AtomicBoolean();
            AtomicLong transformed = new AtomicLong();
            List<Throwable> unexpected = new ArrayList<>();
            CountDownLatch running = new CountDownLatch(2);
            Thread single = new Thread(() -> {
                running.countDown();
                for (int i = 0; !sawClosed.get() || i < 10; i++) {
                    try {
                        Packet p = TestPackets.rtp(1, i, 1000);
                        int r = bridge.srtpEncrypt().transform(p, ACCESS);
                        if (r >= 0) {
                            transformed.incrementAndGet();
                        } else {
                            assertEquals(SrtpStatus.CLOSED, FastpathSrtp.status(r));
                            sawClosed.set(true);
                        }
                    } catch (IllegalStateException e) {
                        sawClosed.set(true);  // allowed by the contract; not expected here
                    } catch (Throwable t) {
                        synchronized (unexpected) {
                            unexpected.add(t);
                        }
                        return;
                    }
                }
            });
            Thread batch = new Thread(() -> {
                running.countDown();
                byte[] st = new byte[32];
                List<Packet> ps = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    ps.add(TestPackets.rtcpSr(2, i));
                }
                try {
                    while (true) {
                        // Already protected packets re-protect fine or fail; only CLOSED ends it.
                        bridge.srtcpEncrypt().transformBatch(ps, ACCESS, st);
                        if (st[0] == SrtpStatus.CLOSED.ordinal()) {
                            return;
                        }
                        for (int i = 0; i < 32; i++) {
                            ps.set(i, TestPackets.rtcpSr(2, i));
                        }
                    }
                } catch (Throwable t) {
                    synchronized (unexpected) {
                        unexpected.add(t);
                    }
                }
            });
            single.start();
            batch.start();
            running.await();
            Thread.sleep(2 + round % 5);
            bridge.close();
            single.join(10_000);
            batch.join(10_000);
            assertTrue(!single.isAlive() && !batch.isAlive());
            assertTrue(unexpected.isEmpty(), () -> unexpected.toString());
            assertTrue(bridge.isClosed());
            long[] counts = bridge.srtpEncrypt().statusCounts();
            assertEquals(transformed.get(), counts[SrtpStatus.OK.ordinal()]);
            assertTrue(counts[SrtpStatus.CLOSED.ordinal()] >= 1);
        }
    }
}
