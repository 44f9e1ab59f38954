#!/usr/bin/env bash
# ./fastpath soak [--seconds N]: the native load generator under ASan+UBSan+LSan for N
# seconds (default 600): 20 participants, the conference's mode switched every second, one
# participant replaced every 50 ms. The verdict is its exit status: LSan's leak check and
# ASan/UBSan at exit, and the load generator's own (--verdict: no loss, client checks, churn,
# resident size). ASan's quarantine is 4 MB so that freed memory does not read as growth.
# Why these settings and this limit: docs/reliability.md, "Soak".
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# Resident size may grow at most this much from the end of the first 10% of the run to its end.
MAX_GROWTH_KB=1024

seconds=600
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift ;;
    *) say "usage: ./fastpath soak [--seconds N]"; exit 2 ;;
  esac
  shift
done

# Built in an output directory of its own (--platform_suffix): the regular build stays.
flags=(--config=asan --platform_suffix=asan --symlink_prefix=/)
bazel build "${BAZEL_FLAGS[@]}" "${flags[@]}" //tools/load:load_native >&2
load_native=$(bazel info "${flags[@]}" bazel-bin 2>/dev/null)/tools/load/load_native
dir="${XDG_CACHE_HOME:-$HOME/.cache}/jvbfastpath-soak"
mkdir -p "$dir"
status=0
ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=4:strict_string_checks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$load_native" --duration "$seconds" --toggle-every 1 --churn-every 0.05 --quiet \
  --verdict "$MAX_GROWTH_KB" --report "$dir/report" >"$dir/soak.log" 2>&1 || status=$?
if [[ $status -eq 0 ]]; then
  sed -n '/^== load summary/,$p' "$dir/soak.log"
  echo "soak $seconds s PASSED"
else
  tail -60 "$dir/soak.log"
  echo "soak $seconds s FAILED (exit status $status; log: $dir/soak.log)"
  exit 1
fi
