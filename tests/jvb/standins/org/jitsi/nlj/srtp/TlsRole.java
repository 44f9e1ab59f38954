package org.jitsi.nlj.srtp;

/** Stand-in for JMT's {@code org.jitsi.nlj.srtp.TlsRole} (jitsi-videobridge a29d97d13). */
public enum TlsRole {
    CLIENT,
    SERVER
}
