#!/usr/bin/env bash
# The live browser test: headless Chromium makes fresh JFrame traffic
# (tests/browser/capture.sh; dumpcap on lo needs root) and the replay test
# (//tests/browser:chromium_jframe_test, built by the suite) runs on it. Exit status 0 when
# it passed or was skipped (not root), 1 when it failed.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

if [[ $(id -u) -ne 0 ]]; then
  say "live browser test skipped: dumpcap on lo needs root"
  exit 0
fi
dir=$(mktemp -d)
say "live browser test: headless Chromium, JFrame E2EE, capture in $dir"
if timeout 180 "$ROOT/tests/browser/capture.sh" "$dir" >"$dir/capture.out" 2>&1 &&
  JVBFASTPATH_BROWSER_CAPTURES="$dir" "$ROOT/bazel-bin/tests/browser/chromium_jframe_test" \
    >"$dir/test.out" 2>&1; then
  grep -h "chromium JFrame" "$dir/test.out" >&2 || true
  rm -rf "$dir"
else
  say "live browser test FAILED; see $dir (capture.out, test.out)"
  tail -n 20 "$dir/capture.out" "$dir/test.out" >&2 || true
  exit 1
fi
