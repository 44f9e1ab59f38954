package org.jvbfastpath;

/**
 * One packet's ingress result, flat, for the bridge to read in one go (native/codec's
 * PacketInfo plus the pipeline's verdict). Reusable: {@link PacketMetadata#read} refills it.
 * Absent values are -1 (0 for width and height).
 */
public final class PacketInfo {
    /** The codecs, in native/codec/codec.h's order. */
    public enum Codec { UNKNOWN, VP8, VP9, H264, AV1, OPUS }

    /** E2EE envelope kinds, in native/e2ee/envelope.h's order. */
    public enum Envelope { UNKNOWN, NONE, JFRAME, SFRAME }

    static final int FIELDS = 26;
    final int[] flat = new int[FIELDS];

    public DropReason drop;
    public SrtpStatus srtp;
    public boolean rtcp;
    public int parseError;
    public ConferenceMode mode;
    public int ssrc;
    public int sequenceNumber;
    public int timestamp;
    public int payloadType;
    public boolean marker;
    public Codec codec;
    public int keyframe;
    public int frameStart;
    public int frameEnd;
    public int spatialId;
    public int temporalId;
    public int pictureId;
    public int tl0PicIdx;
    public int width;
    public int height;
    public int audioLevel;
    public int voice;
    public int transportCcSeq;
    /** The envelope of the frame this packet ends (UNKNOWN before a frame's last packet). */
    public Envelope envelope;
    public int keyId;
    /** The stream's envelope so far (its last finished frame's). */
    public Envelope streamEnvelope;

    void unpack() {
        int i = 0;
        drop = DropReason.ofOrdinal(flat[i++]);
        srtp = SrtpStatus.ofOrdinal(flat[i++]);
        rtcp = flat[i++] != 0;
        parseError = flat[i++];
        mode = ConferenceMode.values()[flat[i++]];
        ssrc = flat[i++];
        sequenceNumber = flat[i++];
        timestamp = flat[i++];
        payloadType = flat[i++];
        marker = flat[i++] != 0;
        codec = Codec.values()[flat[i++]];
        keyframe = flat[i++];
        frameStart = flat[i++];
        frameEnd = flat[i++];
        spatialId = flat[i++];
        temporalId = flat[i++];
        pictureId = flat[i++];
        tl0PicIdx = flat[i++];
        width = flat[i++];
        height = flat[i++];
        audioLevel = flat[i++];
        voice = flat[i++];
        transportCcSeq = flat[i++];
        envelope = Envelope.values()[flat[i++]];
        keyId = flat[i++];
        streamEnvelope = Envelope.values()[flat[i++]];
    }
}
