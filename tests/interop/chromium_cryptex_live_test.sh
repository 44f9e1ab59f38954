#!/usr/bin/env bash
# A live call: headless Chromium (fake camera and microphone, Cryptex negotiated) sends audio
# and video to our pion peer over loopback (chromium_cryptex.mjs, pion/cryptex_peer), and
# what it sent is checked as the committed captures are (cryptex_capture.sh).
#   chromium_cryptex_live_test.sh PROFILE [--two-byte]
# Needs Chromium (CHROMIUM, default /usr/bin/chromium), node with playwright-core
# (JVBFASTPATH_INTEROP_NODE_MODULES) and the pion programs (JVBFASTPATH_INTEROP_PION), which
# ./fastpath test provides.
source tests/interop/lib.sh
source tests/interop/cryptex_capture.sh
need jq node

profile=$1
shift
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || fail "no Chromium at $chromium (./fastpath installs Debian's chromium)"
[[ -d ${JVBFASTPATH_INTEROP_NODE_MODULES:-}/playwright-core ]] ||
  fail "JVBFASTPATH_INTEROP_NODE_MODULES has no playwright-core: run through ./fastpath test (npm ci in tests/interop)"
[[ -x ${JVBFASTPATH_INTEROP_PION:-}/cryptex_peer ]] ||
  fail "JVBFASTPATH_INTEROP_PION has no cryptex_peer: run through ./fastpath test"

# The call must not reach any address but loopback: it runs in a network namespace of its own
# (chromium_cryptex.mjs, as root). Where none can be made, the live call is skipped (the
# committed captures still run: chromium_cryptex_captures_test).
if [[ $(id -u) -ne 0 ]] || ! unshare --net true 2>/dev/null; then
  echo "SKIP: cannot create a network namespace (root and unshare --net are needed) for the live call"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache
mkdir -p "$HOME"
name=chromium_$(tr 'A-Z' 'a-z' <<<"$profile")
step "Chromium -> pion, $profile $*"
NODE_PATH=$JVBFASTPATH_INTEROP_NODE_MODULES CHROMIUM=$chromium timeout 120 \
  node tests/interop/chromium_cryptex.mjs --peer "$JVBFASTPATH_INTEROP_PION/cryptex_peer" \
  --profile "$profile" --out "$WORK/$name" --packets 200 "$@" >"$WORK/call.json" ||
  fail "the call did not complete"
cat "$WORK/call.json" >&2
check_cryptex_capture "$WORK/$name"
echo "PASS: live Chromium Cryptex call, $CAPTURE_SUMMARY"
