package org.jvbfastpath;

/** What a conference's E2EE clients send (docs/e2ee.md), in native/e2ee/envelope.h's order. */
public enum ExpectedEnvelope {
    /** lib-jitsi-meet's trailer format. */
    JFRAME,
    /** RFC 9605. */
    SFRAME,
    /** Recognise either. */
    ANY
}
