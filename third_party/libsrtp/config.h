/* libsrtp configuration for JVB Fastpath: Linux, OpenSSL 3 backend, AES-GCM enabled.
 * Written for this project in place of the file libsrtp's configure script generates. */
#ifndef JVBFASTPATH_LIBSRTP_CONFIG_H
#define JVBFASTPATH_LIBSRTP_CONFIG_H

#define PACKAGE_VERSION "2.5.0"
#define PACKAGE_STRING "libsrtp2 2.5.0"

/* Crypto backend: OpenSSL (libcrypto.so.3), with the AES-GCM profiles of RFC 7714. */
#define OPENSSL 1
#define GCM 1

/* No debug logging: nothing in libsrtp may print key material or packet contents. */
/* #undef ENABLE_DEBUG_LOGGING */

#if defined(__x86_64__) || defined(__i386__)
#define CPU_CISC 1
#define HAVE_X86 1
#else
#define CPU_RISC 1
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define WORDS_BIGENDIAN 1
#endif

#define HAVE_ARPA_INET_H 1
#define HAVE_BYTESWAP_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_UNISTD_H 1
#define HAVE_INET_ATON 1
#define HAVE_INET_PTON 1
#define HAVE_SIGACTION 1
#define HAVE_USLEEP 1
#define HAVE_UINT8_T 1
#define HAVE_UINT16_T 1
#define HAVE_UINT32_T 1
#define HAVE_UINT64_T 1
#define HAVE_INT32_T 1
#define SIZEOF_UNSIGNED_LONG 8
#define SIZEOF_UNSIGNED_LONG_LONG 8
#define HAVE_INLINE 1

#endif
