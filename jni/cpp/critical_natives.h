// The packet natives' critical twins (critical_batch.h), declared once with the C types the
// JVM calls them with, so that their definitions (srtp_jni.cc, pipeline_jni.cc) and every
// direct caller (tests/fuzz/jni_fuzzer.cc) are checked against the same declaration. Each
// array parameter is (jint length, T* body); the batch parameters are
// JVBFASTPATH_CRITICAL_BATCH_PARAMS. Java's declarations: org.jvbfastpath.NativeCalls.
#pragma once

#include <jni.h>

#include "jni/cpp/critical_batch.h"

// srtpTransform(long, boolean, byte[], int, int)
JVBFASTPATH_CRITICAL(srtpTransform)(jlong handle, jboolean rtcp, jint buf_n, jbyte* buf,
                                    jint off, jint len);
// srtpTransformBatch(long, boolean, <batch>, byte[] statuses)
JVBFASTPATH_CRITICAL(srtpTransformBatch)(jlong handle, jboolean rtcp,
                                         JVBFASTPATH_CRITICAL_BATCH_PARAMS, jint statuses_n,
                                         jbyte* statuses);
// epIngressBatch(long, <batch>, long metadata, int metadataStart, boolean unprotect,
// byte[] drops)
JVBFASTPATH_CRITICAL(epIngressBatch)(jlong handle, JVBFASTPATH_CRITICAL_BATCH_PARAMS,
                                     jlong meta_handle, jint meta_start, jboolean unprotect,
                                     jint drops_n, jbyte* drops);
// epEgressBatch(long, <batch>, long metadata, int[] metadataIndexes, long[] rewriters,
// byte[] flags, byte[] drops)
JVBFASTPATH_CRITICAL(epEgressBatch)(jlong handle, JVBFASTPATH_CRITICAL_BATCH_PARAMS,
                                    jlong meta_handle, jint meta_indexes_n, jint* meta_indexes,
                                    jint rewriters_n, jlong* rewriters, jint flags_n,
                                    jbyte* flags, jint drops_n, jbyte* drops);
