#!/usr/bin/env bash
# Runs ./fastpath load briefly on both paths with mode toggles and checks the summary:
# packets flowed, no loss of any reason, every sampled client check passed, a report written.
set -euo pipefail
native=$1 jar=$2 load_jar=$3 load_lib=$(realpath "$4")
out=$(mktemp -d)
check() {
  local name=$1 log=$2
  grep -q "losses by reason: none" "$log" || { echo "$name: losses"; cat "$log"; exit 1; }
  grep -qE "unprotected [1-9][0-9]* sampled packets, 0 failed" "$log" ||
    { echo "$name: client checks"; cat "$log"; exit 1; }
  grep -qE "packets out +[1-9]" "$log" || { echo "$name: nothing sent"; cat "$log"; exit 1; }
  echo "$name: ok"
}
"$native" --participants 6 --last-n 3 --duration 2 --toggle-every 0.3 --quiet \
  --report "$out/native" >"$out/native.log"
check native "$out/native.log"
test -s "$out/native/report.json" && test -s "$out/native/throughput.svg"
"$native" --participants 6 --last-n 3 --duration 1 --toggle-every 0.2 --e2ee sframe --quiet \
  >"$out/sframe.log"
check native-sframe "$out/sframe.log"
java -Djvbfastpath.load.library="$load_lib" -cp "$jar:$load_jar" org.jvbfastpath.load.LoadMain \
  --participants 6 --last-n 3 --duration 2 --toggle-every 0.3 --quiet --report "$out/jni" \
  >"$out/jni.log"
check jni "$out/jni.log"
grep -q '"path":"jni"' "$out/jni/report.json"
echo "1 passed, 0 failed"
