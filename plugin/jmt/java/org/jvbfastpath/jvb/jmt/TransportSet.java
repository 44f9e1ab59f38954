package org.jvbfastpath.jvb.jmt;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.nlj.PacketInfo;
import org.jitsi.nlj.srtp.SrtpPacketTransformer;
import org.jitsi.nlj.srtp.SrtpTransformers;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * A transport's four transformers as JMT's {@link SrtpTransformers}; {@code onClosed} runs
 * once, when the last of the four is closed (JMT closes the set in {@code Transceiver.stop()},
 * a relay's shared set once in {@code Relay.expire()}; its nodes never close one).
 */
final class TransportSet {
    private TransportSet() {}

    static SrtpTransformers of(SrtpPacketTransformer srtpDecrypt,
            SrtpPacketTransformer srtpEncrypt, SrtpPacketTransformer srtcpDecrypt,
            SrtpPacketTransformer srtcpEncrypt, Runnable onClosed) {
        AtomicInteger open = new AtomicInteger(4);
        return new SrtpTransformers(new Closing(srtpDecrypt, open, onClosed),
                new Closing(srtpEncrypt, open, onClosed), new Closing(srtcpDecrypt, open, onClosed),
                new Closing(srtcpEncrypt, open, onClosed));
    }

    private static final class Closing implements SrtpPacketTransformer {
        private final SrtpPacketTransformer inner;
        private final AtomicInteger open;
        private final Runnable onClosed;
        private boolean closed;  // guarded by this

        Closing(SrtpPacketTransformer inner, AtomicInteger open, Runnable onClosed) {
            this.inner = inner;
            this.open = open;
            this.onClosed = onClosed;
        }

        @Override
        public SrtpErrorStatus transform(PacketInfo packetInfo) {
            return inner.transform(packetInfo);
        }

        @Override
        public SrtpErrorStatus transformMany(PacketInfo packetInfo, List<PacketInfo> out,
                List<PacketInfo> discarded) {
            return inner.transformMany(packetInfo, out, discarded);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            inner.close();
            if (open.decrementAndGet() == 0) {
                onClosed.run();
            }
        }

        @Override
        public int getNumCachedContexts() {
            return inner.getNumCachedContexts();
        }
    }
}
