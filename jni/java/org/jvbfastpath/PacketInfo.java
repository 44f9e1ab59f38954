package org.jvbfastpath;

/**
 * One packet's ingress result, flat, for the bridge to read in one go (native/codec's
 * PacketInfo plus the pipeline's verdict). Reusable: an ingress with infos fills it in the
 * same call ({@link FastpathEndpoint#ingress}); {@link PacketMetadata#read} refills it later.
 * Absent values are -1 (0 for width and height).
 */
public final class PacketInfo {
    /** The codecs, in native/codec/codec.h's order. */
    public enum Codec { UNKNOWN, VP8, VP9, H264, AV1, OPUS }

    /** E2EE envelope kinds, in native/e2ee/envelope.h's order. */
    public enum Envelope { UNKNOWN, NONE, JFRAME, SFRAME }

    /**
     * The flat record's fields in their order (jni/cpp/packet_info_fields.h, checked when the
     * library loads): {@link #unpack} reads them in this order.
     */
    static final String[] FIELD_NAMES = {"drop", "srtp", "rtcp", "parseError", "mode", "ssrc",
        "sequenceNumber", "timestamp", "payloadType", "marker", "codec", "keyframe",
        "frameStart", "frameEnd", "spatialId", "temporalId", "pictureId", "tl0PicIdx", "width",
        "height", "audioLevel", "voice", "transportCcSeq", "envelope", "keyId",
        "streamEnvelope"};
    static final int FIELDS = FIELD_NAMES.length;
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
        unpack(flat, 0);
    }

    /** Fills this from {@code flat[at .. at + FIELDS)}. */
    void unpack(int[] flat, int at) {
        int i = at;
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
