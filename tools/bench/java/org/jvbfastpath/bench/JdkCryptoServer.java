package org.jvbfastpath.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The JDK line of {@code ./fastpath bench srtp}: the same work as the native contenders (copy
 * a fresh packet into the work buffer, then protect or unprotect it), with the JDK's own
 * crypto (PureJavaSrtp), timed here and driven by the native benchmark over stdin/stdout so
 * that it runs interleaved with the native contenders in one run.
 *
 * <p>Requests, one per line: {@code PROFILE RTCP PAYLOAD OP COUNT} (RTCP 0 or 1, OP protect or
 * unprotect); the answer is one line, the nanoseconds COUNT packets took, or {@code error
 * MESSAGE}. The profile names are the SDP names; GCM tags are 16 bytes, AES-CM's 10 (4 for
 * AES_CM_128_HMAC_SHA1_32 over RTP). Stops at end of input.
 */
public final class JdkCryptoServer {
    private static final int POOL = 4096;  // protected packets ready for unprotect runs

    private JdkCryptoServer() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, Work> works = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split(" ");
            try {
                String id = f[0] + " " + f[1] + " " + f[2];
                Work w = works.get(id);
                if (w == null) {
                    w = new Work(f[0], f[1].equals("1"), Integer.parseInt(f[2]));
                    works.put(id, w);
                }
                out.println(w.run(f[3].equals("protect"), Integer.parseInt(f[4])));
            } catch (Exception e) {
                out.println("error " + e);
            }
        }
    }

    private static final class Work {
        private final PureJavaSrtp sender;
        private final PureJavaSrtp receiver;
        private final int header;
        private final byte[] plain;
        private final byte[] work;
        private final byte[][] ready = new byte[POOL][];
        private final int[] readyLength = new int[POOL];
        private int next = POOL;
        private int seq;

        Work(String profile, boolean rtcp, int payload) throws Exception {
            boolean gcm = profile.startsWith("AEAD");
            int keyLength = profile.equals("AEAD_AES_256_GCM") ? 32 : 16;
            int tag = gcm ? 16 : (!rtcp && profile.endsWith("_32") ? 4 : 10);
            sender = new PureJavaSrtp(gcm, keyLength, tag, rtcp);
            receiver = new PureJavaSrtp(gcm, keyLength, tag, rtcp);
            header = rtcp ? 8 : 12;
            plain = new byte[header + payload];
            plain[0] = (byte) 0x80;
            plain[1] = (byte) (rtcp ? 200 : 96);
            for (int i = 4; i < header; i++) {
                plain[i] = (byte) (0x11 * (i - 3));
            }
            for (int i = header; i < plain.length; i++) {
                plain[i] = (byte) i;
            }
            work = new byte[plain.length + 32];
            for (int i = 0; i < POOL; i++) {
                ready[i] = new byte[work.length];
            }
        }

        private void fresh(byte[] buf) {
            System.arraycopy(plain, 0, buf, 0, plain.length);
            buf[2] = (byte) (seq >> 8);
            buf[3] = (byte) seq;
            seq++;
        }

        long run(boolean protect, int count) throws Exception {
            if (protect) {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    fresh(work);
                    sender.protect(work, 0, plain.length);
                }
                return System.nanoTime() - start;
            }
            long elapsed = 0;
            for (int done = 0; done < count; ) {
                if (next == POOL) {
                    for (int i = 0; i < POOL; i++) {
                        fresh(ready[i]);
                        readyLength[i] = sender.protect(ready[i], 0, plain.length);
                    }
                    next = 0;
                }
                int n = Math.min(count - done, POOL - next);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++, next++) {
                    System.arraycopy(ready[next], 0, work, 0, readyLength[next]);
                    receiver.unprotect(work, 0, readyLength[next]);
                }
                elapsed += System.nanoTime() - start;
                done += n;
            }
            return elapsed;
        }
    }
}
