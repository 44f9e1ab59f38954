package org.jvbfastpath.bench;

/** The native half of the JNI benchmark (tools/bench/jni/native_bench_jni.cc). */
final class NativeBench {
    private NativeBench() {}

    /** Nanoseconds for {@code packets} packets done natively, in batches; -1 on failure. */
    static native long run(int profileOrdinal, int payload, int batch, boolean protect,
            int packets);
}
