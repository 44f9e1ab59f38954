package org.jvbfastpath.testdata;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jvbfastpath.SrtpProfile;

/**
 * SRTP/SRTCP written from the RFCs on the JDK's own crypto (javax.crypto: AES-CTR, AES-GCM,
 * HmacSHA1): a third implementation, sharing nothing with libsrtp, native/srtp or the native
 * tests' OpenSSL reference. SrtpVectorsTest pins it with the RFCs' vectors and then compares
 * SrtpSession's bytes with it where the RFCs give no packet for a master key.
 *
 * <p>Lengths are the RFCs' (RFC 3711, RFC 5764 4.1.2, RFC 7714), written here again rather
 * than read from {@link SrtpProfile}. Key derivation rate 0, as WebRTC uses.
 */
public final class ReferenceSrtp {
    // RFC 3711 4.3.2 labels.
    public static final int LABEL_RTP_CIPHER = 0;
    public static final int LABEL_RTP_AUTH = 1;
    public static final int LABEL_RTP_SALT = 2;
    public static final int LABEL_RTCP_CIPHER = 3;
    public static final int LABEL_RTCP_AUTH = 4;
    public static final int LABEL_RTCP_SALT = 5;

    private ReferenceSrtp() {}

    /** Session keys of one direction and packet kind; {@code auth} is empty for AEAD. */
    public static final class SessionKeys {
        public final byte[] cipher;
        public final byte[] auth;
        public final byte[] salt;

        public SessionKeys(byte[] cipher, byte[] auth, byte[] salt) {
            this.cipher = cipher.clone();
            this.auth = auth.clone();
            this.salt = salt.clone();
        }
    }

    /** The RFC 7714 AEAD profiles (no HMAC, 12-byte salt, 16-byte tag). */
    public static boolean aead(SrtpProfile p) {
        return p == SrtpProfile.AEAD_AES_128_GCM || p == SrtpProfile.AEAD_AES_256_GCM;
    }

    /** RFC 3711 4.1.2 (HMAC-SHA1 80 or 32 bits), RFC 5764 4.1.2 (SRTCP always 80), GCM 128. */
    public static int tagLength(SrtpProfile p, boolean rtcp) {
        if (aead(p)) {
            return 16;
        }
        return p == SrtpProfile.AES_CM_128_HMAC_SHA1_32 && !rtcp ? 4 : 10;
    }

    /** AES (128 or 256 by key length) in counter mode from {@code iv}: RFC 3711 4.1.1. */
    public static byte[] aesCmKeystream(byte[] key, byte[] iv, int length) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 3711 4.3.1 with the AES-CM PRF (4.3.3; AES-256 for a 32-byte master key, RFC 6188 7):
     * IV = ((label || r) XOR master_salt) * 2^16, r = 0. A 96-bit salt (RFC 7714) is first
     * multiplied by 2^16 (RFC 7714 erratum 4938), which is how it sits in the first 12 bytes.
     */
    public static byte[] deriveKey(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length != 14 && masterSalt.length != 12) {
            throw new IllegalArgumentException("master salt must be 14 or 12 bytes");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;  // label || r right-aligned in 112 bits: byte 14 - 7
        return aesCmKeystream(masterKey, iv, length);
    }

    public static SessionKeys deriveSessionKeys(SrtpProfile p, byte[] masterKey, byte[] masterSalt,
            boolean rtcp) {
        int base = rtcp ? LABEL_RTCP_CIPHER : LABEL_RTP_CIPHER;
        if (aead(p)) {
            return new SessionKeys(deriveKey(masterKey, masterSalt, base, masterKey.length),
                    new byte[0], deriveKey(masterKey, masterSalt, base + 2, 12));
        }
        return new SessionKeys(deriveKey(masterKey, masterSalt, base, 16),
                deriveKey(masterKey, masterSalt, base + 1, 20),
                deriveKey(masterKey, masterSalt, base + 2, 14));
    }

    /** RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
    public static byte[] aesCmIv(byte[] salt, int ssrc, long index) {
        byte[] iv = Arrays.copyOf(salt, 16);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        return iv;
    }

    /** RFC 7714 8.1: (00 00 || SSRC || ROC || SEQ) XOR salt. */
    public static byte[] aeadRtpIv(byte[] salt, int ssrc, int roc, int seq) {
        byte[] iv = ByteBuffer.allocate(12).putShort((short) 0).putInt(ssrc).putInt(roc)
                .putShort((short) seq).array();
        return xor(iv, salt);
    }

    /** RFC 7714 9.1: (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. */
    public static byte[] aeadRtcpIv(byte[] salt, int ssrc, int index) {
        byte[] iv = ByteBuffer.allocate(12).putShort((short) 0).putInt(ssrc).putShort((short) 0)
                .putInt(index & 0x7fffffff).array();
        return xor(iv, salt);
    }

    public static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-GCM with a 16-byte tag: ciphertext || tag. */
    public static byte[] gcmSeal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext) {
        try {
            return gcm(Cipher.ENCRYPT_MODE, key, iv, aad, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plaintext of ciphertext || tag, or null when the tag does not verify. */
    public static byte[] gcmOpen(byte[] key, byte[] iv, byte[] aad, byte[] sealed) {
        try {
            return gcm(Cipher.DECRYPT_MODE, key, iv, aad, sealed);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(input);
    }

    /** Fixed header, CSRCs and header extension (RFC 3550 5.1, 5.3.1). */
    public static int rtpHeaderLength(byte[] rtp) {
        int length = 12 + 4 * (rtp[0] & 0x0f);
        if ((rtp[0] & 0x10) != 0) {
            length += 4 + 4 * (((rtp[length + 2] & 0xff) << 8) | (rtp[length + 3] & 0xff));
        }
        return length;
    }

    /** RFC 3711 3.1 and 4 (AES-CM, HMAC-SHA1) or RFC 7714 8 (AEAD), rollover counter roc. */
    public static byte[] protectRtp(SrtpProfile p, SessionKeys keys, byte[] rtp, int roc) {
        int h = rtpHeaderLength(rtp);
        byte[] header = Arrays.copyOf(rtp, h);
        byte[] payload = Arrays.copyOfRange(rtp, h, rtp.length);
        int ssrc = ByteBuffer.wrap(rtp).getInt(8);
        int seq = ((rtp[2] & 0xff) << 8) | (rtp[3] & 0xff);
        if (aead(p)) {
            return concat(header,
                    gcmSeal(keys.cipher, aeadRtpIv(keys.salt, ssrc, roc, seq), header, payload));
        }
        long index = ((roc & 0xffffffffL) << 16) | seq;
        byte[] encrypted = concat(header,
                xor(payload, aesCmKeystream(keys.cipher, aesCmIv(keys.salt, ssrc, index),
                        payload.length)));
        byte[] rocBytes = ByteBuffer.allocate(4).putInt(roc).array();
        byte[] mac = hmacSha1(keys.auth, concat(encrypted, rocBytes));
        return concat(encrypted, Arrays.copyOf(mac, tagLength(p, false)));
    }

    /**
     * RFC 3711 3.4 (AES-CM: header || encrypted rest || E || index || tag) or RFC 7714 9
     * (AEAD: header || ciphertext || tag || E || index). {@code encrypt = false}: the E = 0
     * form, authenticated only.
     */
    public static byte[] protectRtcp(SrtpProfile p, SessionKeys keys, byte[] rtcp, int index,
            boolean encrypt) {
        byte[] eIndex = ByteBuffer.allocate(4).putInt((encrypt ? 0x80000000 : 0) | index).array();
        int ssrc = ByteBuffer.wrap(rtcp).getInt(4);
        if (aead(p)) {
            byte[] iv = aeadRtcpIv(keys.salt, ssrc, index);
            if (!encrypt) {
                return concat(concat(rtcp, gcmSeal(keys.cipher, iv, concat(rtcp, eIndex),
                        new byte[0])), eIndex);
            }
            byte[] header = Arrays.copyOf(rtcp, 8);
            byte[] sealed = gcmSeal(keys.cipher, iv, concat(header, eIndex),
                    Arrays.copyOfRange(rtcp, 8, rtcp.length));
            return concat(concat(header, sealed), eIndex);
        }
        byte[] body = rtcp;
        if (encrypt) {
            byte[] rest = Arrays.copyOfRange(rtcp, 8, rtcp.length);
            body = concat(Arrays.copyOf(rtcp, 8), xor(rest,
                    aesCmKeystream(keys.cipher, aesCmIv(keys.salt, ssrc, index), rest.length)));
        }
        byte[] authenticated = concat(body, eIndex);
        byte[] mac = hmacSha1(keys.auth, authenticated);
        return concat(authenticated, Arrays.copyOf(mac, tagLength(p, true)));
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** a XOR b over a's length (b at least as long). */
    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
