package org.jvbfastpath.jitsisrtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jvbfastpath.SrtpProfile;
import org.jvbfastpath.SrtpStatus;
import org.jvbfastpath.jmt.JmtSrtp;
import org.jvbfastpath.jmt.JvbPacket;
import org.jvbfastpath.jmt.JvbPacketAccess;
import org.jvbfastpath.jvb.FastpathSrtp;
import org.jvbfastpath.jvb.FastpathSrtpTransformer;
import org.jvbfastpath.jvb.FastpathSrtpTransformers;
import org.jvbfastpath.testdata.ReferenceSrtp;

/**
 * Our adapter and jitsi-srtp (called as JMT calls it, {@link JmtSrtp}) side by side, on the
 * same DTLS keying material: two senders with the same keys (the bridge as DTLS client) and
 * two receivers at the other end (DTLS server), so that each sender's packets can go to
 * either receiver.
 *
 * <p>Every packet travels in a {@link JvbPacket}: the bridge's buffer layout, 10 bytes before
 * and 20 after, filled with a canary. Each transform checks that neither side moved the
 * packet to a new array nor wrote outside the packet and its trailer.
 */
final class Sides implements AutoCloseable {
    private static final byte CANARY = (byte) 0xa5;
    private static final JvbPacketAccess ACCESS = JvbPacketAccess.INSTANCE;

    final SrtpProfile profile;
    private final boolean cryptex;
    private final byte[] keyingMaterial;
    private final FastpathSrtpTransformers ours;
    private final FastpathSrtpTransformers oursPeer;
    private final JmtSrtp theirs;
    private final JmtSrtp theirsPeer;

    Sides(SrtpProfile profile, long seed) {
        this(profile, seed, false);
    }

    /** {@code cryptex}: RFC 9335 negotiated, on all four sides (as JMT passes the flag). */
    Sides(SrtpProfile profile, long seed, boolean cryptex) {
        this.profile = profile;
        this.cryptex = cryptex;
        byte[] km = Wire.keyingMaterial(profile, seed);
        keyingMaterial = km;
        ours = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(), km, true, cryptex);
        oursPeer = FastpathSrtp.initializeTransformers(profile.dtlsSrtpId(), km, false, cryptex);
        assertNotNull(ours, "JVB Fastpath is not available");
        assertNotNull(oursPeer);
        theirs = JmtSrtp.initialize(profile.dtlsSrtpId(), km, true, cryptex);
        theirsPeer = JmtSrtp.initialize(profile.dtlsSrtpId(), km, false, cryptex);
    }

    /** What one side did with one packet: the bridge's outcome name and the bytes after. */
    static final class Result {
        final String outcome;
        final String detail;
        final byte[] bytes;

        Result(String outcome, String detail, byte[] bytes) {
            this.outcome = outcome;
            this.detail = detail;
            this.bytes = bytes;
        }

        boolean ok() {
            return outcome.equals("OK");
        }

        @Override
        public String toString() {
            return detail;
        }
    }

    /** Both sides' results for one packet. */
    static final class Pair {
        final Result ours;
        final Result theirs;

        Pair(Result ours, Result theirs) {
            this.ours = ours;
            this.theirs = theirs;
        }

        /** Same outcome and, on success, the same bytes. */
        Pair assertSame(String what) {
            assertEquals(theirs.outcome, ours.outcome,
                    what + ": jitsi-srtp " + theirs + ", ours " + ours);
            if (theirs.ok()) {
                assertArrayEquals(theirs.bytes, ours.bytes, what + ": bytes differ");
            }
            return this;
        }
    }

    /** Protects with both senders; the pair of protected packets (or failures). */
    Pair protect(boolean rtcp, byte[] plain) {
        return new Pair(ours(ours, rtcp, true, plain), theirs(theirs, rtcp, true, plain));
    }

    /** Our sender only. */
    Result protectOurs(boolean rtcp, byte[] plain) {
        return ours(ours, rtcp, true, plain);
    }

    /** jitsi-srtp's sender only. */
    Result protectTheirs(boolean rtcp, byte[] plain) {
        return theirs(theirs, rtcp, true, plain);
    }

    /**
     * Unprotects across: {@code fromTheirs} (what jitsi-srtp sent) at our receiver and
     * {@code fromOurs} at jitsi-srtp's receiver. Outcomes and plain bytes are then compared
     * by {@link Pair#assertSame}.
     */
    Pair unprotect(boolean rtcp, byte[] fromTheirs, byte[] fromOurs) {
        return new Pair(ours(oursPeer, rtcp, false, fromTheirs),
                theirs(theirsPeer, rtcp, false, fromOurs));
    }

    /** The same bytes to both receivers. */
    Pair unprotect(boolean rtcp, byte[] wire) {
        return unprotect(rtcp, wire, wire);
    }

    Result unprotectOurs(boolean rtcp, byte[] wire) {
        return ours(oursPeer, rtcp, false, wire);
    }

    Result unprotectTheirs(boolean rtcp, byte[] wire) {
        return theirs(theirsPeer, rtcp, false, wire);
    }

    /** Contexts/streams kept by the receivers: ours (RTP and RTCP share one), theirs RTP. */
    int theirReceiverRtpContexts() {
        return theirsPeer.srtpDecrypt().cachedContexts();
    }

    /**
     * Our transformer's batch call (protect: our sender, else our receiver) over {@code in},
     * each packet laid out as the bridge's; one result per packet.
     */
    List<Result> oursBatch(boolean rtcp, boolean protect, List<byte[]> in) {
        FastpathSrtpTransformers side = protect ? ours : oursPeer;
        FastpathSrtpTransformer t = rtcp ? (protect ? side.srtcpEncrypt() : side.srtcpDecrypt())
                : (protect ? side.srtpEncrypt() : side.srtpDecrypt());
        List<JvbPacket> packets = new ArrayList<>();
        for (byte[] b : in) {
            packets.add(laidOut(b));
        }
        byte[] statuses = new byte[in.size()];
        t.transformBatch(packets, ACCESS, statuses);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            JvbPacket p = packets.get(i);
            checkLayout("ours (batch)", p, in.get(i).length);
            SrtpStatus status = SrtpStatus.values()[statuses[i]];
            String outcome = status.outcome().name();
            results.add(new Result(outcome, outcome + " (" + status + ")",
                    status == SrtpStatus.OK ? p.bytes() : null));
        }
        return results;
    }

    private static JvbPacket laidOut(byte[] bytes) {
        byte[] b = new byte[JvbPacket.ROOM_BEFORE + bytes.length + JvbPacket.ROOM_AFTER];
        Arrays.fill(b, CANARY);
        System.arraycopy(bytes, 0, b, JvbPacket.ROOM_BEFORE, bytes.length);
        return new JvbPacket(b, JvbPacket.ROOM_BEFORE, bytes.length);
    }

    /** No new array, nothing written before the packet or after the longer of in and out. */
    private static void checkLayout(String who, JvbPacket p, int lengthIn) {
        checkLayout(who, p, lengthIn, 0);
    }

    /**
     * As above, the packet allowed to start up to {@code earlier} bytes before where it was:
     * jitsi-srtp with Cryptex makes room for the empty block a CSRC-only packet gains by moving
     * the fixed header and CSRCs 4 bytes into the room before the packet (ours moves the
     * payload 4 bytes into the room after it). Either fits the bridge's buffers.
     */
    private static void checkLayout(String who, JvbPacket p, int lengthIn, int earlier) {
        assertEquals(0, p.reallocations(), who + " moved the packet to a larger array");
        int moved = JvbPacket.ROOM_BEFORE - p.getOffset();
        assertTrue(moved == 0 || moved == earlier, who + " moved the packet by " + moved);
        byte[] b = p.getBuffer();
        for (int i = 0; i < p.getOffset(); i++) {
            assertEquals(CANARY, b[i], who + " wrote before the packet");
        }
        int end = Math.max(JvbPacket.ROOM_BEFORE + lengthIn, p.getOffset() + p.getLength());
        for (int i = end; i < b.length; i++) {
            assertEquals(CANARY, b[i], who + " wrote past the packet's end at " + i);
        }
    }

    private static Result ours(FastpathSrtpTransformers side, boolean rtcp, boolean protect,
            byte[] in) {
        FastpathSrtpTransformer t = rtcp ? (protect ? side.srtcpEncrypt() : side.srtcpDecrypt())
                : (protect ? side.srtpEncrypt() : side.srtpDecrypt());
        JvbPacket p = laidOut(in);
        int result = t.transform(p, ACCESS);
        checkLayout("ours", p, in.length);
        String outcome = FastpathSrtp.outcome(result).name();
        return new Result(outcome, outcome + " (" + FastpathSrtp.status(result) + ")",
                result >= 0 ? p.bytes() : null);
    }

    private Result theirs(JmtSrtp side, boolean rtcp, boolean protect, byte[] in) {
        JmtSrtp.Transformer t = rtcp ? (protect ? side.srtcpEncrypt() : side.srtcpDecrypt())
                : (protect ? side.srtpEncrypt() : side.srtpDecrypt());
        JvbPacket p = laidOut(in);
        SrtpErrorStatus status;
        try {
            status = t.transform(p);
        } catch (Exception e) {
            return new Result("EXCEPTION", "exception " + e, null);
        }
        checkLayout("jitsi-srtp", p, in.length, cryptex && protect && !rtcp ? 4 : 0);
        return new Result(status.name(), status.name(),
                status == SrtpErrorStatus.OK ? p.bytes() : null);
    }

    /**
     * The senders' session keys (the DTLS client's write key and salt), for building packets
     * with the RFC reference ({@link ReferenceSrtp}) that neither sender would send.
     */
    ReferenceSrtp.SessionKeys senderKeys(boolean rtcp) {
        int k = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        return ReferenceSrtp.deriveSessionKeys(profile, Arrays.copyOf(keyingMaterial, k),
                Arrays.copyOfRange(keyingMaterial, 2 * k, 2 * k + salt), rtcp);
    }

    /** The SRTCP index (E flag cleared) of a protected packet. */
    int srtcpIndex(byte[] srtcp) {
        boolean gcm = profile == SrtpProfile.AEAD_AES_128_GCM
                || profile == SrtpProfile.AEAD_AES_256_GCM;
        int at = srtcp.length - (gcm ? 4 : 14);
        return Wire.readInt(srtcp, at) & 0x7fffffff;
    }

    static void assertOk(Result r, String what) {
        assertTrue(r.ok(), what + ": " + r);
    }

    @Override
    public void close() {
        ours.close();
        oursPeer.close();
        theirs.close();
        theirsPeer.close();
    }
}
