#!/usr/bin/env bash
# Runs a JVM with the options of the packet path as a bridge would run it
# (docs/integration.md, the JDK matrix): tools/java/packet_jvm.sh JAVA_ARGS...
#
# The launcher: JVBFASTPATH_JAVA (a path such as /usr/lib/jvm/temurin-25-jdk-amd64/bin/java,
# or jdk21 for the pinned JDK 21 runtime, tools/setup/jdk21.sh); default: java on the PATH.
# The options: --enable-native-access=ALL-UNNAMED, which every supported JDK accepts (JDK 22+
# then make the foreign-function downcalls without a warning). JDK 17's critical twins are
# an opt-in: JVBFASTPATH_CRITICAL_NATIVES=1 adds -XX:+CriticalJNINatives, on JDK 17 only
# (JDK 19 and later refuse to start with it). JVBFASTPATH_JVM_OPTS, when set, replaces the
# options. The JVM runs where the user ran ./fastpath (file arguments are theirs).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

java=${JVBFASTPATH_JAVA:-java}
if [[ $java == jdk21 ]]; then
  "$ROOT/tools/setup/jdk21.sh"
  java=$("$ROOT/tools/setup/jdk21.sh" --print-java)
fi
if [[ -n ${JVBFASTPATH_JVM_OPTS+set} ]]; then
  read -r -a options <<<"$JVBFASTPATH_JVM_OPTS"
else
  options=(--enable-native-access=ALL-UNNAMED)
  if [[ ${JVBFASTPATH_CRITICAL_NATIVES:-0} == 1 ]]; then
    version=$("$java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = //p')
    if [[ ${version%%.*} != 17 ]]; then
      say "JVBFASTPATH_CRITICAL_NATIVES=1 is for JDK 17 (this is JDK $version: it has no critical natives)"
      exit 2
    fi
    options+=(-XX:+CriticalJNINatives)
  fi
fi
cd "$CALLER_DIR"
exec "$java" "${options[@]}" "$@"
