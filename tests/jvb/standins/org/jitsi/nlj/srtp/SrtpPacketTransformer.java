package org.jitsi.nlj.srtp;

import java.util.List;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Stand-in for the hook's {@code org.jitsi.nlj.srtp.SrtpPacketTransformer}, the Kotlin
 * interface docs/integration.md adds to JMT (jitsi-videobridge a29d97d13 plus the hook,
 * {@code transformMany} included): what the SRTP nodes call. Kotlin's
 * {@code val numCachedContexts: Int} is {@code getNumCachedContexts()} for Java.
 *
 * <p>{@link #transformMany} is a Java default method here; JMT compiles its Kotlin interfaces
 * without {@code -Xjvm-default=all}, so there a Java class implementing the interface must
 * implement it (the plugin's classes all do, and a test checks it).
 */
public interface SrtpPacketTransformer {
    SrtpErrorStatus transform(PacketInfo packetInfo);

    /**
     * For transformers that can hold a packet and let it go later (the E2EE frame hold):
     * transforms {@code packetInfo}, appends to {@code out}, in order, every packet that
     * leaves now (held packets released by this one, then this one if it passes) and to
     * {@code discarded} every packet given up now (this one if refused; held ones whose frame
     * was refused or expired). A held packet is in neither list. Returns this packet's status
     * (OK when held).
     */
    default SrtpErrorStatus transformMany(PacketInfo packetInfo, List<PacketInfo> out,
            List<PacketInfo> discarded) {
        SrtpErrorStatus err = transform(packetInfo);
        if (err == SrtpErrorStatus.OK) {
            out.add(packetInfo);
        } else {
            discarded.add(packetInfo);
        }
        return err;
    }

    void close();

    int getNumCachedContexts();
}
