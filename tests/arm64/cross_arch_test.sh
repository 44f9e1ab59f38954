#!/usr/bin/env bash
# The jar on two architectures: its linux-aarch64 library, loaded by an arm64 JVM under
# qemu-user, protects packets that its linux-x86-64 library (this machine's JVM) unprotects,
# and the other way round, for every profile, RTP, RTCP and RTP with Cryptex
# (CrossArchSrtp.java).
# usage: cross_arch_test.sh JAR CLASSES_JAR QEMU_RUN
# The arm64 JVM: Debian's openjdk-17-jre-headless:arm64, unpacked by tools/setup/arm64.sh into
# $JVBFASTPATH_ARM64_JAVA_HOME (./fastpath test passes it).
set -euo pipefail
jar=$1 classes=$2 qemu_run=$3
arm_java_home=${JVBFASTPATH_ARM64_JAVA_HOME:-}
if [[ -z $arm_java_home || ! -x $arm_java_home/bin/java ]]; then
  echo "no arm64 JVM at JVBFASTPATH_ARM64_JAVA_HOME='$arm_java_home': run ./fastpath setup" \
    "(tools/setup/arm64.sh) and the tests through ./fastpath test" >&2
  exit 1
fi
cp="$jar:$classes"
main=org.jvbfastpath.crossarch.CrossArchSrtp
arm() { "$qemu_run" "$arm_java_home/bin/java" -Xshare:off -cp "$cp" "$main" "$@"; }
x86() { java -cp "$cp" "$main" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/from-arm64" "$work/from-x86-64"

echo "== arm64 protects"
arm protect "$work/from-arm64" | tee "$work/arm.log"
grep -q '^os.arch=aarch64 library=bundled /linux-aarch64/libjvbfastpath.so' "$work/arm.log" || {
  echo "the arm64 JVM did not load the jar's linux-aarch64 library" >&2
  exit 1
}
echo "== x86-64 unprotects"
x86 unprotect "$work/from-arm64"
echo "== x86-64 protects"
x86 protect "$work/from-x86-64" | tee "$work/x86.log"
grep -q '^os.arch=amd64 library=bundled /linux-x86-64/libjvbfastpath.so' "$work/x86.log"
echo "== arm64 unprotects"
arm unprotect "$work/from-x86-64"
