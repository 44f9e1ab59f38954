#!/usr/bin/env bash
# Runs the JUnit 5 tests in a JVM with the jar on the class path.
# usage: run_junit.sh bundled|library-path|critical JAR TEST_JAR CONSOLE_JAR [LIBRARY]
# critical: the bundled library, with the batch natives' critical twins called from the
# first call on (-XX:+CriticalJNINatives, and -Xcomp so that every caller is compiled).
set -euo pipefail
mode=$1 jar=$2 tests=$3 console=$4
props=(-Djvbfastpath.test.expectLoad="$mode" -Djvbfastpath.test.expectCritical=false)
if [[ $mode == critical ]]; then
  # JDK 18 ignores the option and JDK 19 and later refuse to start with it.
  version=$(java -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p')
  if ((${version%%.*} > 17)); then
    echo "JDK $version has no critical natives: nothing to test here"
    exit 0
  fi
  props=(-Djvbfastpath.test.expectLoad=bundled -Djvbfastpath.test.expectCritical=true
    -XX:+CriticalJNINatives -Xcomp -XX:TieredStopAtLevel=1)
fi
if [[ $mode == library-path ]]; then
  libdir=$(mktemp -d)
  cp "$5" "$libdir/libjvbfastpath.so"
  props+=(-Djava.library.path="$libdir")
fi
exec java "${props[@]}" -Xcheck:jni -jar "$console" \
  --class-path "$jar:$tests" --scan-class-path "$tests" \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests
