#!/usr/bin/env bash
# Runs ./fastpath load briefly on both paths with mode toggles and endpoint churn and checks
# the summary: packets flowed, no loss of any reason, every sampled client check passed,
# participants left and joined, resident size sampled, a report written.
set -euo pipefail
native=$1 jar=$2 load_jar=$3 load_lib=$(realpath "$4")
out=$(mktemp -d)
check() {
  local name=$1 log=$2
  grep -q "losses by reason: none" "$log" || { echo "$name: losses"; cat "$log"; exit 1; }
  grep -qE "unprotected [1-9][0-9]* sampled packets, 0 failed" "$log" ||
    { echo "$name: client checks"; cat "$log"; exit 1; }
  grep -qE "packets out +[1-9]" "$log" || { echo "$name: nothing sent"; cat "$log"; exit 1; }
  grep -qE "^resident set kB: first [1-9]" "$log" || { echo "$name: no RSS"; cat "$log"; exit 1; }
  echo "$name: ok"
}
churned() {
  local name=$1 log=$2
  grep -qE "endpoint churn: [1-9][0-9]* joins, [1-9][0-9]* leaves" "$log" ||
    { echo "$name: no churn"; cat "$log"; exit 1; }
}
"$native" --participants 6 --last-n 3 --duration 2 --toggle-every 0.3 --churn-every 0.1 --quiet \
  --report "$out/native" >"$out/native.log"
check native "$out/native.log"
churned native "$out/native.log"
test -s "$out/native/report.json" && test -s "$out/native/throughput.svg" && test -s "$out/native/rss.svg"
grep -qE '"joins":[1-9][0-9]*,' "$out/native/report.json"
grep -qE '"rss":\{"interval_s":1,"first_kb":[1-9]' "$out/native/report.json"
"$native" --participants 6 --last-n 3 --duration 1 --toggle-every 0.2 --e2ee sframe --quiet \
  >"$out/sframe.log"
check native-sframe "$out/sframe.log"
java -Djvbfastpath.load.library="$load_lib" -cp "$jar:$load_jar" org.jvbfastpath.load.LoadMain \
  --participants 6 --last-n 3 --duration 2 --toggle-every 0.3 --churn-every 0.1 --quiet \
  --report "$out/jni" >"$out/jni.log"
check jni "$out/jni.log"
churned jni "$out/jni.log"
grep -q '"path":"jni"' "$out/jni/report.json"
grep -q "packet natives through jni" "$out/jni.log"
# Again through the packet natives' critical twins (jni/packet_natives.txt), as
# JVBFASTPATH_CRITICAL_NATIVES=1 ./fastpath load runs it on JDK 17 (the opt-in; JDK 19 and
# later refuse the option: skipped there).
version=$(java -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java.specification.version = //p')
if ((${version%%.*} <= 17)); then
  java -XX:+CriticalJNINatives -Djvbfastpath.load.library="$load_lib" -cp "$jar:$load_jar" \
    org.jvbfastpath.load.LoadMain --participants 6 --last-n 3 --duration 2 --toggle-every 0.3 \
    --churn-every 0.1 --quiet >"$out/jni-critical.log" 2>"$out/jni-critical.err"
  check jni-critical "$out/jni-critical.log"
  churned jni-critical "$out/jni-critical.log"
  grep -q "packet natives through critical" "$out/jni-critical.log" ||
    { echo "jni-critical: twins not in use"; cat "$out/jni-critical.log"; exit 1; }
fi

# The other video shapes (docs/load.md), 1 s each, on both paths: with the E2EE a real client
# would use with them, mode toggles included where E2EE is on.
jni_run() {
  java -Djvbfastpath.load.library="$load_lib" -cp "$jar:$load_jar" org.jvbfastpath.load.LoadMain \
    --participants 6 --last-n 3 --duration 1 --quiet "$@"
}
for path in native jni; do
  run=("$native" --participants 6 --last-n 3 --duration 1 --quiet)
  [[ $path == jni ]] && run=(jni_run)
  "${run[@]}" --video vp9-svc --e2ee sframe --toggle-every 0.3 >"$out/$path-vp9.log"
  check "$path-vp9-svc-sframe" "$out/$path-vp9.log"
  "${run[@]}" --video av1-svc --e2ee off >"$out/$path-av1.log"
  check "$path-av1-svc" "$out/$path-av1.log"
  "${run[@]}" --video h264 --e2ee off >"$out/$path-h264.log"
  check "$path-h264" "$out/$path-h264.log"
done
# Without E2EE, the e2ee-required phase of the toggle drops the plaintext (its only loss);
# paced in real time, so no stream loses 2^15 packets in a row (see docs/load.md).
"$native" --participants 6 --last-n 3 --duration 1 --quiet --video av1-svc --e2ee off \
  --toggle-every 0.3 --realtime >"$out/av1-toggle.log"
grep -qE "losses by reason: plaintext_in_e2ee_required=[0-9]+$" "$out/av1-toggle.log" ||
  { echo "av1-toggle: losses"; cat "$out/av1-toggle.log"; exit 1; }
echo "native-av1-svc-toggle: ok"
# Combinations no real client sends are refused.
if "$native" --video h264 --e2ee jitsi --duration 0.1 --quiet 2>"$out/refused.log"; then
  echo "h264 with jitsi E2EE was not refused"; exit 1
fi
grep -q "not what a real client sends" "$out/refused.log"
echo "1 passed, 0 failed"
