package org.jvbfastpath;

/** The four WebRTC SRTP profiles, in native/srtp/profile.h's order. */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14),
    AEAD_AES_128_GCM(0x0007, 16, 12),
    AEAD_AES_256_GCM(0x0008, 32, 12);

    private final int dtlsSrtpId;
    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpProfile(int dtlsSrtpId, int masterKeyLength, int masterSaltLength) {
        this.dtlsSrtpId = dtlsSrtpId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The DTLS-SRTP protection profile id (RFC 5764, RFC 7714). */
    public int dtlsSrtpId() {
        return dtlsSrtpId;
    }

    public int masterKeyLength() {
        return masterKeyLength;
    }

    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Length of the DTLS exporter output this profile needs: 2 * (key + salt). */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    public static SrtpProfile fromDtlsSrtpId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsSrtpId == id) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown DTLS-SRTP profile id " + id);
    }
}
