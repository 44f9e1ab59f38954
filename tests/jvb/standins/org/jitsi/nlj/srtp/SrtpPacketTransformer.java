package org.jitsi.nlj.srtp;

import org.jitsi.nlj.PacketInfo;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Stand-in for the hook's {@code org.jitsi.nlj.srtp.SrtpPacketTransformer}, the Kotlin
 * interface docs/integration.md adds to JMT (jitsi-videobridge a29d97d13 plus the hook):
 * what the SRTP nodes call. Kotlin's {@code val numCachedContexts: Int} is
 * {@code getNumCachedContexts()} for Java.
 */
public interface SrtpPacketTransformer {
    SrtpErrorStatus transform(PacketInfo packetInfo);

    void close();

    int getNumCachedContexts();
}
