package org.jvbfastpath.bench;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * For comparison only: the per-packet crypto of SRTP (or SRTCP) done with the JDK's own
 * AES-GCM, AES-CTR and HMAC-SHA1 (what a pure-Java bridge pays at least). Not an SRTP
 * implementation: no key derivation, no replay window, fixed session keys; its output is never
 * used as SRTP. SRTCP adds the 4-byte E flag and index after the payload, authenticated (and
 * GCM's AAD), as RFC 3711 section 3.4 and RFC 7714 section 9 lay it out.
 */
final class PureJavaSrtp {
    private final boolean gcm;
    private final boolean rtcp;
    private final int header;
    private final int tagLength;
    private final Cipher cipher;
    private final Mac mac;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] tag = new byte[20];

    /** RTP, AES-128. */
    PureJavaSrtp(boolean gcm, int tagLength) throws GeneralSecurityException {
        this(gcm, 16, tagLength, false);
    }

    PureJavaSrtp(boolean gcm, int keyLength, int tagLength, boolean rtcp)
            throws GeneralSecurityException {
        this.gcm = gcm;
        this.rtcp = rtcp;
        this.header = rtcp ? 8 : 12;
        this.tagLength = tagLength;
        byte[] k = new byte[keyLength];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        key = new SecretKeySpec(k, "AES");
        iv = new byte[gcm ? 12 : 16];
        cipher = Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "AES/CTR/NoPadding");
        if (gcm) {
            mac = null;
        } else {
            mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(new byte[20], "HmacSHA1"));
        }
    }

    /** Bytes protect appends: the tag, and for SRTCP the E flag and index before it. */
    int trailer() {
        return tagLength + (rtcp ? 4 : 0);
    }

    private void setIv(byte[] buf, int off) {
        // SSRC and sequence number (RTCP: SSRC and a byte of the index) vary the IV.
        System.arraycopy(buf, off + (rtcp ? 4 : 8), iv, 2, 4);
        iv[8] = buf[off + (rtcp ? 1 : 2)];
        iv[9] = buf[off + 3];
    }

    /** Returns the protected length. */
    int protect(byte[] buf, int off, int len) throws GeneralSecurityException {
        setIv(buf, off);
        int end = len;
        if (rtcp) {  // E flag and index, authenticated (GCM: as AAD after the header)
            buf[off + len] = (byte) 0x80;
            buf[off + len + 1] = 0;
            buf[off + len + 2] = buf[off + 2];
            buf[off + len + 3] = buf[off + 3];
            end = len + 4;
        }
        if (gcm) {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, off, header);
            if (rtcp) {
                cipher.updateAAD(buf, off + len, 4);
                byte[] trailer = java.util.Arrays.copyOfRange(buf, off + len, off + end);
                int n = cipher.doFinal(buf, off + header, len - header, buf, off + header);
                System.arraycopy(trailer, 0, buf, off + header + n, 4);
                return header + n + 4;
            }
            return header + cipher.doFinal(buf, off + header, len - header, buf, off + header);
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.doFinal(buf, off + header, len - header, buf, off + header);
        mac.update(buf, off, end);
        if (!rtcp) {
            mac.update(new byte[4]);  // ROC
        }
        mac.doFinal(tag, 0);
        System.arraycopy(tag, 0, buf, off + end, tagLength);
        return end + tagLength;
    }

    /** Returns the plaintext length. */
    int unprotect(byte[] buf, int off, int len) throws GeneralSecurityException {
        setIv(buf, off);
        if (gcm) {
            int sealed = len - (rtcp ? 4 : 0);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, off, header);
            if (rtcp) {
                cipher.updateAAD(buf, off + sealed, 4);
            }
            return header + cipher.doFinal(buf, off + header, sealed - header, buf, off + header);
        }
        int authenticated = len - tagLength;
        mac.update(buf, off, authenticated);
        if (!rtcp) {
            mac.update(new byte[4]);
        }
        mac.doFinal(tag, 0);
        for (int i = 0; i < tagLength; i++) {
            if (tag[i] != buf[off + authenticated + i]) {
                throw new GeneralSecurityException("tag mismatch");
            }
        }
        int plain = authenticated - (rtcp ? 4 : 0);
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.doFinal(buf, off + header, plain - header, buf, off + header);
        return plain;
    }
}
