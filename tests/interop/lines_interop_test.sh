#!/usr/bin/env bash
# Interop over packet files between our SRTP (srtp_lines) and another implementation's tool
# with the same command line: werift-rtp (node) or libre (C).
#   lines_interop_test.sh werift|libre PROFILE
# Proves, on a synthetic corpus (two SSRCs, a sequence-number wrap so the ROC becomes 1,
# CSRCs, one- and two-byte header extensions, padding, compound SR+SDES, RR+PLI, BYE):
#  1. theirs -> ours: every packet they protect, we authenticate and decrypt back to the
#     plain corpus, byte for byte;
#  2. ours -> theirs: the same the other way;
#  3. both sides produce the same protected bytes (SRTP is deterministic given key, SSRC,
#     index; both start the SRTCP index at 1);
#  4. each side rejects every packet of the other's output with one bit flipped.
source tests/interop/lib.sh

impl=$1 profile=$2
case $impl in
  werift)
    need node
    [[ -n ${JVBFASTPATH_INTEROP_NODE_MODULES:-} ]] ||
      fail "JVBFASTPATH_INTEROP_NODE_MODULES is not set: run through ./fastpath test, or run" \
        "'npm ci' in tests/interop and pass --test_env=JVBFASTPATH_INTEROP_NODE_MODULES=\$PWD/tests/interop/node_modules"
    [[ -d $JVBFASTPATH_INTEROP_NODE_MODULES/werift-rtp ]] ||
      fail "no werift-rtp in $JVBFASTPATH_INTEROP_NODE_MODULES: run 'npm ci' in tests/interop"
    theirs() { NODE_PATH=$JVBFASTPATH_INTEROP_NODE_MODULES node "$INTEROP/werift_srtp_lines.js" "$@"; }
    ;;
  libre) theirs() { "$LIBRE_SRTP_LINES" "$@"; } ;;
  *) fail "unknown implementation $impl" ;;
esac

key=$(new_key "$profile")
plain=$WORK/plain.lines
"$SRTP_LINES" generate --out "$plain"
packets=$(wc -l <"$plain")
step "$packets plain packets; $impl vs ours, $profile"

step "$impl protects, we unprotect"
theirs protect --profile "$profile" --key "$key" --in "$plain" --out "$WORK/theirs.srtp" ||
  fail "$impl could not protect the corpus"
"$SRTP_LINES" unprotect --profile "$profile" --key "$key" --in "$WORK/theirs.srtp" \
  --out "$WORK/theirs.plain" || fail "we rejected packets that $impl protected ($profile)"
cmp "$WORK/theirs.plain" "$plain" || fail "what we decrypted from $impl differs from the plain corpus"

step "we protect, $impl unprotects"
"$SRTP_LINES" protect --profile "$profile" --key "$key" --in "$plain" --out "$WORK/ours.srtp" ||
  fail "we could not protect the corpus"
theirs unprotect --profile "$profile" --key "$key" --in "$WORK/ours.srtp" \
  --out "$WORK/ours.plain" || fail "$impl rejected packets that we protected ($profile)"
cmp "$WORK/ours.plain" "$plain" || fail "what $impl decrypted from us differs from the plain corpus"

step "same protected bytes on both sides"
if ! cmp "$WORK/ours.srtp" "$WORK/theirs.srtp"; then
  diff <(cut -c1-80 "$WORK/ours.srtp") <(cut -c1-80 "$WORK/theirs.srtp") | head -20 >&2
  fail "our protected packets differ from $impl's for the same key and plaintext"
fi

step "tampered packets are rejected"
"$SRTP_LINES" tamper --in "$WORK/theirs.srtp" --out "$WORK/theirs.tampered"
"$SRTP_LINES" unprotect --expect-fail --profile "$profile" --key "$key" \
  --in "$WORK/theirs.tampered" || fail "we accepted a tampered packet"
"$SRTP_LINES" tamper --in "$WORK/ours.srtp" --out "$WORK/ours.tampered"
theirs unprotect --expect-fail --profile "$profile" --key "$key" \
  --in "$WORK/ours.tampered" --out /dev/null || fail "$impl accepted a tampered packet"

echo "PASS: $impl <-> ours, $profile, $packets packets each way"
