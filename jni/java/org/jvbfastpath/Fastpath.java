package org.jvbfastpath;

/**
 * Entry point: loads the native library once and says whether it is usable.
 *
 * <p>{@link #isAvailable()} never throws: a bridge asks it and keeps its own path when the
 * library cannot load (another architecture, no OpenSSL 3). {@link #load()} throws one clear
 * {@link FastpathUnavailableException} instead.
 */
public final class Fastpath {
    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static FastpathUnavailableException failure;
    private static String loadedFrom;

    private Fastpath() {}

    /** Loads the library if needed; throws FastpathUnavailableException if it cannot. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                loadedFrom = NativeLoader.load();
                NativeLists.verify();
                loaded = true;
            } catch (FastpathUnavailableException e) {
                failure = e;
                throw e;
            } catch (LinkageError | IllegalStateException e) {
                failure = new FastpathUnavailableException(
                        "the native library does not match this jar: " + e, e);
                throw failure;
            }
        }
    }

    /** True if the library is loaded or can be; never throws. */
    public static boolean isAvailable() {
        try {
            load();
            return true;
        } catch (FastpathUnavailableException e) {
            return false;
        }
    }

    /** Why the library is unavailable, or null if it is available. */
    public static String unavailableReason() {
        return isAvailable() ? null : failure.getMessage();
    }

    /** Where the library was loaded from (a path, or "bundled /linux-x86-64/..."). */
    public static String loadedFrom() {
        load();
        return loadedFrom;
    }

    /**
     * Which entries of the packet natives run (docs/integration.md, the JDK matrix):
     * "ffm" (JDK 22+: foreign-function downcalls over the heap arrays), "critical" (JDK 17
     * with {@code -XX:+CriticalJNINatives}: the JNI entries' critical twins, called from
     * compiled code) or "jni" (the JNI entries). Same results on each.
     */
    public static String nativeEntry() {
        load();
        return PacketNatives.entry().equals("ffm") ? "ffm" : criticalNatives() ? "critical" : "jni";
    }

    /**
     * JDK 22+: whether the packet natives go through java.lang.foreign: when the system
     * property {@code jvbfastpath.entry} is "ffm" and native access is enabled for this code
     * ({@code --enable-native-access=ALL-UNNAMED}, the default on JDK 24+ being to warn and
     * allow). Not by default: on the bridge-shaped load (load --compare) the JNI entries
     * measured faster on JDK 25 (docs/performance.md, the JDK matrix).
     */
    static boolean useDowncalls(boolean nativeAccessEnabled) {
        return System.getProperty("jvbfastpath.entry", "").equals("ffm") && nativeAccessEnabled;
    }

    /**
     * Whether this JVM calls the packet natives' critical twins (jni/packet_natives.txt):
     * true on JDK 17 and earlier with {@code -XX:+CriticalJNINatives} (an opt-in: JDK 19 and
     * later refuse to start with the option; docs/integration.md), false elsewhere. Never
     * throws: false if the option cannot be read.
     */
    public static boolean criticalNatives() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm =
                    java.lang.management.ManagementFactory.getPlatformMXBean(
                            com.sun.management.HotSpotDiagnosticMXBean.class);
            return vm != null
                    && Boolean.parseBoolean(vm.getVMOption("CriticalJNINatives").getValue());
        } catch (RuntimeException | LinkageError e) {  // no such option (JDK 18+), no module
            return false;
        }
    }

    /** Our version, libsrtp's and the crypto backend's (it says OpenSSL and its version). */
    public static FastpathVersion version() {
        load();
        String[] v = NativeCalls.version();
        return new FastpathVersion(v[0], v[1], v[2]);
    }
}
