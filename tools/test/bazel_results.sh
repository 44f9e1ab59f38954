#!/usr/bin/env bash
# Prints one "<label><suffix> <status>" line per test target of a Bazel run, from the run's
# build event file (--build_event_json_file): Bazel's own test summaries (PASSED, FAILED,
# FLAKY, TIMEOUT, ...; cached results included), and NO_STATUS for a test target that did
# not build or was abandoned (no summary, its target not completed).
# usage: tools/test/bazel_results.sh BUILD_EVENTS_JSON [SUFFIX]
set -euo pipefail
jq -rs --arg suffix "${2:-}" '
  ([.[] | select(.id.testSummary) | {key: .id.testSummary.label, value: .testSummary.overallStatus}]
    | from_entries) as $summaries
  | ([.[] | select(.id.targetConfigured and .configured.testSize) | .id.targetConfigured.label]
    | unique) as $tests
  | ([.[] | select(.id.targetCompleted and (.aborted or (.completed and .completed.success != true)))
      | .id.targetCompleted.label | select(. as $l | $tests | index($l))]) as $unbuilt
  | (($summaries | keys) + $unbuilt | unique)[]
  | "\(.)\($suffix) \($summaries[.] // "NO_STATUS")"
' "$1"
