#!/usr/bin/env bash
# ./fastpath fuzz [--seconds N] [--results FILE]: builds every libFuzzer target with clang-14
# (its own Bazel output base, so the GCC build stays) and runs each for N seconds (default
# 60), seeded with tests/fuzz/corpus/<target>; new inputs go to ~/.cache/jvbfastpath-fuzz.
# One line per target; exits 1 if any failed. --results appends "fuzz:<target> PASSED|FAILED"
# lines to FILE (./fastpath test counts them).
#
# The targets: every fuzz_target (tools/fuzz/fuzz.bzl) in the workspace, found by its tag;
# they are declared in tests/fuzz/BUILD.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

seconds=60 results=/dev/null
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift ;;
    --results) results=$2; shift ;;
    *) say "usage: ./fastpath fuzz [--seconds N]"; exit 2 ;;
  esac
  shift
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/jvbfastpath-fuzz"
# One output base per checkout (as Bazel's own default is): a shared one keeps the external
# repositories of the checkout that used it last, and breaks once that checkout is gone.
fuzz_bazel() { bazel --output_base="$cache/bazel-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)" "$@"; }

mapfile -t targets < <(bazel query "${BAZEL_FLAGS[@]}" 'attr(tags, "fuzz_target", //...)' 2>/dev/null)
fuzz_bazel build "${BAZEL_FLAGS[@]}" --config=fuzz "${targets[@]}"
bin=$(fuzz_bazel info --config=fuzz bazel-bin 2>/dev/null)
mkdir -p "$cache/logs" "$cache/crashes"
passed=0 failed=0
for target in "${targets[@]}"; do
  path=${target#//}
  path=${path/://}
  name=${path##*/}
  log="$cache/logs/$name.log"
  mkdir -p "$cache/corpus/$name"
  if "$bin/$path" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$cache/crashes/$name-" "$cache/corpus/$name" "$ROOT/tests/fuzz/corpus/$name" \
    >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "fuzz:$name PASSED" >>"$results"
    printf 'fuzz %-28s PASSED  %s runs, coverage %s\n' "$name" \
      "$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -1)" \
      "$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  else
    failed=$((failed + 1))
    echo "fuzz:$name FAILED" >>"$results"
    printf 'fuzz %-28s FAILED  (log: %s)\n' "$name" "$log"
    tail -30 "$log"
  fi
done
printf 'fuzzers: %s passed, %s failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
