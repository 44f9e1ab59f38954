package org.jvbfastpath;

/** The native library could not be loaded; the bridge should keep its own path. */
public final class FastpathUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FastpathUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
