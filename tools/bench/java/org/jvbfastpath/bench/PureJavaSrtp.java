package org.jvbfastpath.bench;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * For comparison only: the per-packet crypto of SRTP done with the JDK's own AES-GCM, AES-CTR
 * and HMAC-SHA1 (what a pure-Java bridge pays at least). Not an SRTP implementation: no key
 * derivation, no replay window, fixed session keys; its output is never used as SRTP.
 */
final class PureJavaSrtp {
    private static final int HEADER = 12;
    private final boolean gcm;
    private final int tagLength;
    private final Cipher cipher;
    private final Mac mac;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] tag = new byte[20];

    PureJavaSrtp(boolean gcm, int tagLength) throws GeneralSecurityException {
        this.gcm = gcm;
        this.tagLength = tagLength;
        byte[] k = new byte[16];
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

    private void setIv(byte[] buf, int off) {
        // SSRC and sequence number vary the IV, as in SRTP.
        System.arraycopy(buf, off + 8, iv, 2, 4);
        iv[8] = buf[off + 2];
        iv[9] = buf[off + 3];
    }

    /** Returns the protected length. */
    int protect(byte[] buf, int off, int len) throws GeneralSecurityException {
        setIv(buf, off);
        if (gcm) {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, off, HEADER);
            return HEADER + cipher.doFinal(buf, off + HEADER, len - HEADER, buf, off + HEADER);
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.doFinal(buf, off + HEADER, len - HEADER, buf, off + HEADER);
        mac.update(buf, off, len);
        mac.update(new byte[4]);
        mac.doFinal(tag, 0);
        System.arraycopy(tag, 0, buf, off + len, tagLength);
        return len + tagLength;
    }

    /** Returns the plaintext length. */
    int unprotect(byte[] buf, int off, int len) throws GeneralSecurityException {
        setIv(buf, off);
        if (gcm) {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, off, HEADER);
            return HEADER + cipher.doFinal(buf, off + HEADER, len - HEADER, buf, off + HEADER);
        }
        int plain = len - tagLength;
        mac.update(buf, off, plain);
        mac.update(new byte[4]);
        mac.doFinal(tag, 0);
        for (int i = 0; i < tagLength; i++) {
            if (tag[i] != buf[off + plain + i]) {
                throw new GeneralSecurityException("tag mismatch");
            }
        }
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        cipher.doFinal(buf, off + HEADER, plain - HEADER, buf, off + HEADER);
        return plain;
    }
}
