#!/usr/bin/env bash
# ./fastpath bench srtp|jni|jvb|parse|e2ee [options]: builds that benchmark and runs it
# (what each measures: ./fastpath help; figures: docs/performance.md).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

TEMURIN_25=/usr/lib/jvm/temurin-25-jdk-amd64
bin="$ROOT/bazel-bin"
jar="$bin/jvb-fastpath.jar"

# bench_jvb [--jdk JAVA_HOME]... [--json]: the bridge's SRTP (jitsi-srtp, as JMT calls it)
# against our adapter, one JVM per JDK, each with the packet path's options.
# Without --jdk: the default java, then Temurin 25 where it is installed.
bench_jvb() {
  local jdks=() args=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --jdk) jdks+=("$2"); shift ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  if [[ ${#jdks[@]} -eq 0 ]]; then
    jdks=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    if [[ -x $TEMURIN_25/bin/java ]]; then jdks+=("$TEMURIN_25"); else say "no JDK at $TEMURIN_25"; fi
  fi
  local cp jdk
  cp="$jar:$bin/tools/bench/jvb-fastpath-jvb-bench.jar:$bin/tools/jmt/jvb-fastpath-jmt-srtp.jar"
  cp+=":$("$ROOT/tools/setup/maven_deps.sh" --classpath)"
  for jdk in "${jdks[@]}"; do
    JVBFASTPATH_JAVA="$jdk/bin/java" "$ROOT/tools/java/packet_jvm.sh" -cp "$cp" \
      org.jvbfastpath.bench.jvb.JvbBench "${args[@]}"
  done
}

what=${1:-}
shift || true
case $what in
  srtp)
    bazel build "${BAZEL_FLAGS[@]}" //tools/bench:srtp_bench //tools/bench:jni_bench_jar
    # The JDK line: the bench starts a JVM on the bench jar (JdkCryptoServer).
    "$bin/tools/bench/srtp_bench" --jdk-classpath "$bin/tools/bench/jvb-fastpath-bench.jar" "$@"
    ;;
  jni)
    bazel build "${BAZEL_FLAGS[@]}" //:jvbfastpath_jar //tools/bench:jni_bench_jar \
      //tools/bench:libjvbfastpath_bench.so
    "$ROOT/tools/java/packet_jvm.sh" \
      -Djvbfastpath.bench.library="$bin/tools/bench/libjvbfastpath_bench.so" \
      -cp "$jar:$bin/tools/bench/jvb-fastpath-bench.jar" org.jvbfastpath.bench.JniBench "$@"
    ;;
  jvb)
    bazel build "${BAZEL_FLAGS[@]}" //:jvbfastpath_jar //tools/bench:jvb_bench_jar //tools/jmt:jmt_srtp
    bench_jvb "$@"
    ;;
  parse | e2ee)
    bazel build "${BAZEL_FLAGS[@]}" //tools/bench:stage_bench
    "$bin/tools/bench/stage_bench" "$what" "$@"
    ;;
  *) say "usage: ./fastpath bench srtp|jni|jvb|parse|e2ee [--json]"; exit 2 ;;
esac
