package org.jvbfastpath.standins;

/** Stand-in for the shape of the bridge's SRTP transformer, as its node uses it. */
public interface PacketTransformer {
    SrtpErrorStatus transform(PacketInfo packetInfo);

    void close();
}
