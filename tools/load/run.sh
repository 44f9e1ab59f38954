#!/usr/bin/env bash
# ./fastpath load [--path jni|native] [load options]: builds the load generator of that path
# and runs it where the user ran ./fastpath (docs/load.md). --path jni (the default) runs
# LoadMain over the jar in a JVM with the packet path's options (tools/java/packet_jvm.sh).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

path=jni args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --path) path=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
bin="$ROOT/bazel-bin"
case $path in
  jni)
    bazel build "${BAZEL_FLAGS[@]}" //:jvbfastpath_jar //tools/load:load_jar \
      //tools/load:libjvbfastpath_load.so >&2
    exec "$ROOT/tools/java/packet_jvm.sh" \
      -Djvbfastpath.load.library="$bin/tools/load/libjvbfastpath_load.so" \
      -cp "$bin/jvb-fastpath.jar:$bin/tools/load/jvb-fastpath-load.jar" \
      org.jvbfastpath.load.LoadMain "${args[@]}"
    ;;
  native)
    bazel build "${BAZEL_FLAGS[@]}" //tools/load:load_native >&2
    cd "$CALLER_DIR"
    exec "$bin/tools/load/load_native" "${args[@]}"
    ;;
  *) say "--path is jni or native"; exit 2 ;;
esac
