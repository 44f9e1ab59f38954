package org.jvbfastpath.tools;

import java.util.Random;
import org.jvbfastpath.Fastpath;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpSession;
import org.jvbfastpath.SrtpStatus;

/**
 * ./fastpath demo (until the load generator exists): loads the library through the jar,
 * prints the versions, and protects then unprotects bursts of 1200-byte RTP packets in
 * batches of 32, printing packets per second for each profile.
 */
public final class Demo {
    private static final int PAYLOAD = 1200;
    private static final int BATCH = 32;

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        if (!Fastpath.isAvailable()) {
            System.err.println("JVB Fastpath is not available: " + Fastpath.unavailableReason());
            System.exit(1);
        }
        System.out.println(Fastpath.version());
        System.out.println("library: " + Fastpath.loadedFrom());
        for (SrtpProfile profile
                : new SrtpProfile[] {SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80}) {
            run(profile, seconds);
        }
    }

    private static void run(SrtpProfile profile, double seconds) {
        Random random = new Random(42);
        byte[] material = new byte[profile.keyingMaterialLength()];
        random.nextBytes(material);
        try (SrtpSession sender = SrtpSession.fromDtls(profile, material, SrtpSession.DtlsRole.CLIENT,
                     SrtpSession.Direction.OUTBOUND);
             SrtpSession receiver = SrtpSession.fromDtls(profile, material,
                     SrtpSession.DtlsRole.SERVER, SrtpSession.Direction.INBOUND)) {
            int room = sender.protectRoom(false);
            byte[][] bufs = new byte[BATCH][12 + PAYLOAD + room];
            int[] offs = new int[BATCH];
            int[] lens = new int[BATCH];
            byte[] statuses = new byte[BATCH];
            int seq = 0;
            long packets = 0;
            long failures = 0;
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < BATCH; i++) {
                    byte[] b = bufs[i];
                    b[0] = (byte) 0x80;
                    b[1] = 96;
                    b[2] = (byte) (seq >> 8);
                    b[3] = (byte) seq;
                    b[8] = 0x12;
                    b[9] = 0x34;
                    b[10] = 0x56;
                    b[11] = 0x78;
                    seq = (seq + 1) & 0xffff;
                    lens[i] = 12 + PAYLOAD;
                }
                sender.transformRtpBatch(bufs, offs, lens, BATCH, statuses);
                int ok = receiver.transformRtpBatch(bufs, offs, lens, BATCH, statuses);
                failures += BATCH - ok;
                packets += BATCH;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-24s %d-byte payload, batches of %d: %.0f packets/s protected+unprotected"
                    + " (%.0f ns per packet for both), %d failures%n", profile, PAYLOAD, BATCH,
                    packets / elapsed, elapsed * 1e9 / packets, failures);
            if (failures != 0) {
                System.exit(2);
            }
        }
    }
}
