package org.jvbfastpath;

/** What the loaded native library is and what it is built on. */
public final class FastpathVersion {
    private final String fastpath;
    private final String libsrtp;
    private final String cryptoBackend;

    FastpathVersion(String fastpath, String libsrtp, String cryptoBackend) {
        this.fastpath = fastpath;
        this.libsrtp = libsrtp;
        this.cryptoBackend = cryptoBackend;
    }

    /** "0.1.0" */
    public String fastpath() {
        return fastpath;
    }

    /** "libsrtp2 2.5.0" */
    public String libsrtp() {
        return libsrtp;
    }

    /** "OpenSSL 3.0.x ..." as reported by the libcrypto loaded at run time. */
    public String cryptoBackend() {
        return cryptoBackend;
    }

    @Override
    public String toString() {
        return "jvb-fastpath " + fastpath + "; " + libsrtp + "; " + cryptoBackend;
    }
}
