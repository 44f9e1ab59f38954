#!/usr/bin/env bash
# Runs the differential JUnit tests: our jar, the tests, and jitsi-srtp with the jars it loads.
# usage: run_differential.sh JAR TEST_JAR CONSOLE_JAR RUNTIME_JAR...
set -euo pipefail
jar=$1 tests=$2 console=$3
shift 3
classpath="$jar:$tests"
for j in "$@"; do classpath="$classpath:$j"; done
exec java -jar "$console" --class-path "$classpath" --scan-class-path "$tests" \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests
