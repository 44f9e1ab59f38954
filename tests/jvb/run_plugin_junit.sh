#!/usr/bin/env bash
# Runs the plugin's JUnit tests with the jar and the JMT stand-ins on the class path.
# usage: run_plugin_junit.sh JAR TEST_JAR STANDINS_JAR CONSOLE_JAR
set -euo pipefail
jar=$1 tests=$2 standins=$3 console=$4
exec java -Xcheck:jni -jar "$console" --class-path "$jar:$tests:$standins" \
  --select-package org.jvbfastpath.jvb.jmt --disable-banner --disable-ansi-colors \
  --details=tree --fail-if-no-tests
