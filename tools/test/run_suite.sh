#!/usr/bin/env bash
# ./fastpath test [--asan|--tsan]: every test, then one line with how many passed and failed.
# - bazel test //... (every test target in the workspace: a new one needs no list);
#   --asan: under ASan+UBSan without the JVM tests; --tsan: the concurrency tests under TSan;
# - without a sanitizer: the native suite again, built for linux-aarch64, under qemu-user
#   (results listed as //target@aarch64), each libFuzzer target for
#   FASTPATH_TEST_FUZZ_SECONDS (default 5; tools/fuzz/run.sh) and the live browser test
#   (tools/test/browser_live.sh; FASTPATH_TEST_BROWSER=0 leaves it out);
# - --asan: then a soak of FASTPATH_TEST_SOAK_SECONDS (default 25; tools/soak/run.sh).
# The counts come from Bazel's build event files (tools/test/bazel_results.sh) and the exit
# status of each other step, gathered as "<name> <status>" lines in one results file.
# Expects the set-up done (./fastpath test does it first).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

config=() filters=() fuzz_seconds=${FASTPATH_TEST_FUZZ_SECONDS:-5} soak_seconds=0 plain=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --asan)
      config=(--config=asan --build_tests_only) filters=("--test_tag_filters=-jvm,-no_asan")
      fuzz_seconds=0 soak_seconds=${FASTPATH_TEST_SOAK_SECONDS:-25} plain=0 ;;
    --tsan)
      config=(--config=tsan --build_tests_only) filters=(--test_tag_filters=concurrency)
      fuzz_seconds=0 plain=0 ;;
    *) say "unknown option for test: $1"; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results"
touch "$results"
rc=0

# step NAME COMMAND...: runs a step that is one test; its exit status is its result.
step() {
  local name=$1
  shift
  if "$@"; then echo "$name PASSED" >>"$results"; else echo "$name FAILED" >>"$results"; rc=1; fi
}

bazel test "${BAZEL_FLAGS[@]}" "${config[@]}" "${filters[@]}" --test_summary=short \
  --build_event_json_file="$work/events.json" \
  --test_env=JVBFASTPATH_INTEROP_NODE_MODULES="$ROOT/tests/interop/node_modules" \
  --test_env=JVBFASTPATH_INTEROP_PION="$("$ROOT/tools/setup/interop.sh" --print-pion-bin)" \
  --test_env=JVBFASTPATH_ARM64_JAVA_HOME="$("$ROOT/tools/setup/arm64.sh" --print-java-home)" \
  --test_env=JVBFASTPATH_JDK21_JAVA="$("$ROOT/tools/setup/jdk21.sh" --print-java)" \
  //... || rc=1
"$ROOT/tools/test/bazel_results.sh" "$work/events.json" >>"$results" || rc=1

if [[ $plain -eq 1 ]]; then
  say "the native suite on linux-aarch64 (cross-built, run under qemu-user)"
  bazel test "${BAZEL_FLAGS[@]}" --config=arm64 --test_summary=short \
    --build_event_json_file="$work/events_aarch64.json" \
    --run_under=//tools/toolchains/aarch64:qemu_run //tests/native/... || rc=1
  "$ROOT/tools/test/bazel_results.sh" "$work/events_aarch64.json" @aarch64 >>"$results" || rc=1
fi
if [[ $fuzz_seconds -gt 0 ]]; then
  "$ROOT/tools/fuzz/run.sh" --seconds "$fuzz_seconds" --results "$results" || rc=1
fi
if [[ $plain -eq 1 && ${FASTPATH_TEST_BROWSER:-1} -eq 1 ]]; then
  step browser:chromium_jframe_live "$ROOT/tools/test/browser_live.sh"
fi
if [[ $soak_seconds -gt 0 ]]; then
  step soak "$ROOT/tools/soak/run.sh" --seconds "$soak_seconds"
fi

grep -v ' PASSED$' "$results" || true
awk '$2 == "PASSED" { p++ } $2 != "PASSED" { f++ }
     END { printf "bazel tests and fuzzers: %d passed, %d failed\n", p, f }' "$results"
exit "$rc"
