#!/usr/bin/env bash
# Interop over packet files between our SRTP (srtp_lines) and another implementation's tool
# with the same command line: werift-rtp (node), libre (C) or pion/srtp (Go).
#   lines_interop_test.sh werift|libre|pion PROFILE [cryptex]
# Proves, on a synthetic corpus (two SSRCs, a sequence-number wrap so the ROC becomes 1,
# CSRCs, one- and two-byte header extensions, padding, compound SR+SDES, RR+PLI, BYE):
#  1. theirs -> ours: every packet they protect, we authenticate and decrypt back to the
#     plain corpus, byte for byte;
#  2. ours -> theirs: the same the other way;
#  3. both sides produce the same protected SRTP bytes (deterministic given key, SSRC,
#     index). SRTCP differs by its index: ours starts each stream at 0 (RFC 3711 3.4, as
#     jitsi-srtp does; native/srtp/srtcp_index_zero.h), libsrtp, werift, libre and pion at 1,
#     so SRTCP is proven by 1, 2 and 4 here and byte for byte against jitsi-srtp
#     (tests/jitsisrtp);
#  4. each side rejects every packet of the other's output with one bit flipped.
# With `cryptex` (RFC 9335 negotiated on both sides; pion only) the corpus is srtp_lines'
# Cryptex corpus (every header shape, see GenerateCryptex) and, besides 1-4 (against what a
# Cryptex receiver returns: a CSRC-only packet keeps the empty block its sender added):
#  5. the protected packets are Cryptex (0xC0DE/0xC2DE) exactly where the plain ones carry
#     CSRCs or an RFC 8285 block, and a receiver of either side that did not negotiate
#     Cryptex refuses each of those and nothing else;
#  6. a Cryptex receiver on either side takes the other's plain SRTP (a sender that sends
#     its extensions in the clear) as well.
source tests/interop/lib.sh

impl=$1 profile=$2 mode=${3:-plain}
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
  pion)
    [[ -n ${JVBFASTPATH_INTEROP_PION:-} ]] ||
      fail "JVBFASTPATH_INTEROP_PION is not set: run through ./fastpath test, or build" \
        "tests/interop/pion (see tests/interop/README.md) and pass --test_env=JVBFASTPATH_INTEROP_PION=DIR"
    [[ -x $JVBFASTPATH_INTEROP_PION/pion_srtp_lines ]] ||
      fail "no pion_srtp_lines in $JVBFASTPATH_INTEROP_PION: run ./fastpath setup"
    theirs() { "$JVBFASTPATH_INTEROP_PION/pion_srtp_lines" "$@"; }
    ;;
  *) fail "unknown implementation $impl" ;;
esac

key=$(new_key "$profile")
plain=$WORK/plain.lines
expected=$plain
cryptex=()
if [[ $mode == cryptex ]]; then
  [[ $impl == pion ]] || fail "only pion implements Cryptex here"
  cryptex=(--cryptex)
  expected=$WORK/expected.lines
  "$SRTP_LINES" generate --cryptex --out "$plain" --expect "$expected"
else
  "$SRTP_LINES" generate --out "$plain"
fi
packets=$(wc -l <"$plain")
step "$packets plain packets; $impl vs ours, $profile, $mode"

step "$impl protects, we unprotect"
theirs protect "${cryptex[@]}" --profile "$profile" --key "$key" --in "$plain" --out "$WORK/theirs.srtp" ||
  fail "$impl could not protect the corpus"
"$SRTP_LINES" unprotect "${cryptex[@]}" --profile "$profile" --key "$key" \
  --in "$WORK/theirs.srtp" --out "$WORK/theirs.plain" || fail "we rejected packets that $impl protected ($profile)"
cmp "$WORK/theirs.plain" "$expected" || fail "what we decrypted from $impl differs from the plain corpus"

step "we protect, $impl unprotects"
"$SRTP_LINES" protect "${cryptex[@]}" --profile "$profile" --key "$key" --in "$plain" --out "$WORK/ours.srtp" ||
  fail "we could not protect the corpus"
theirs unprotect "${cryptex[@]}" --profile "$profile" --key "$key" \
  --in "$WORK/ours.srtp" --out "$WORK/ours.plain" || fail "$impl rejected packets that we protected ($profile)"
cmp "$WORK/ours.plain" "$expected" || fail "what $impl decrypted from us differs from the plain corpus"

step "same protected SRTP bytes on both sides"
if ! cmp <(grep -v '^rtcp ' "$WORK/ours.srtp") <(grep -v '^rtcp ' "$WORK/theirs.srtp"); then
  diff <(grep -v '^rtcp ' "$WORK/ours.srtp" | cut -c1-80) \
    <(grep -v '^rtcp ' "$WORK/theirs.srtp" | cut -c1-80) | head -20 >&2
  fail "our protected packets differ from $impl's for the same key and plaintext"
fi
[[ $(grep -c '^rtcp ' "$WORK/ours.srtp") == $(grep -c '^rtcp ' "$WORK/theirs.srtp") ]] ||
  fail "not as many SRTCP packets on both sides"
[[ $(grep -c '^rtcp ' "$WORK/ours.srtp") -gt 0 ]] || fail "no SRTCP in the corpus"

step "tampered packets are rejected"
"$SRTP_LINES" tamper --in "$WORK/theirs.srtp" --out "$WORK/theirs.tampered"
"$SRTP_LINES" unprotect "${cryptex[@]}" --expect-fail --profile "$profile" --key "$key" \
  --in "$WORK/theirs.tampered" || fail "we accepted a tampered packet"
"$SRTP_LINES" tamper --in "$WORK/ours.srtp" --out "$WORK/ours.tampered"
theirs unprotect "${cryptex[@]}" --expect-fail --profile "$profile" --key "$key" \
  --in "$WORK/ours.tampered" --out /dev/null || fail "$impl accepted a tampered packet"

if [[ $mode == cryptex ]]; then
  step "Cryptex exactly where there is something to hide; refused where not negotiated"
  read -r _ plain_cryptex _ plain_8285 _ plain_nothing _ _ _ _ _ _ < <("$SRTP_LINES" forms --in "$plain")
  read -r _ sent_cryptex _ sent_8285 _ sent_nothing _ _ _ _ _ _ < <("$SRTP_LINES" forms --in "$WORK/ours.srtp")
  printf '   plain: %s with CSRCs or a block, %s with nothing to hide; sent: %s Cryptex, %s plain RFC 8285\n' \
    "$plain_8285" "$plain_nothing" "$sent_cryptex" "$sent_8285" >&2
  [[ $plain_cryptex -eq 0 && $plain_8285 -gt 0 && $sent_cryptex -eq $plain_8285 && $sent_8285 -eq 0 &&
    $sent_nothing -eq $plain_nothing ]] || fail "the protected packets are not Cryptex exactly where expected"
  if "$SRTP_LINES" unprotect --profile "$profile" --key "$key" --in "$WORK/theirs.srtp" \
    2>"$WORK/ours.refusals"; then
    fail "our receiver without Cryptex accepted $impl's Cryptex packets"
  fi
  refused=$(count_lines "$WORK/ours.refusals" 'cryptex_not_negotiated$')
  others=$(count_lines "$WORK/ours.refusals" '^srtp_lines: packet')
  [[ $refused -eq $sent_cryptex && $others -eq $refused ]] ||
    fail "our receiver without Cryptex refused $others packets ($refused as cryptex_not_negotiated), expected $sent_cryptex"
  if theirs unprotect --profile "$profile" --key "$key" --in "$WORK/ours.srtp" --out /dev/null \
    2>"$WORK/theirs.refusals"; then
    fail "$impl without Cryptex accepted our Cryptex packets"
  fi
  refused=$(count_lines "$WORK/theirs.refusals" '^pion_srtp_lines: packet')
  [[ $refused -eq $sent_cryptex ]] ||
    fail "$impl without Cryptex refused $refused packets, expected $sent_cryptex"

  step "a Cryptex receiver takes plain SRTP (extensions in the clear) too"
  theirs protect --profile "$profile" --key "$key" --in "$plain" --out "$WORK/theirs.plain.srtp" ||
    fail "$impl could not protect the corpus without Cryptex"
  "$SRTP_LINES" unprotect --cryptex --profile "$profile" --key "$key" \
    --in "$WORK/theirs.plain.srtp" --out "$WORK/theirs.plain.plain" ||
    fail "our Cryptex receiver rejected $impl's plain SRTP"
  cmp "$WORK/theirs.plain.plain" "$plain" || fail "our Cryptex receiver changed $impl's plain SRTP"
  "$SRTP_LINES" protect --profile "$profile" --key "$key" --in "$plain" --out "$WORK/ours.plain.srtp" ||
    fail "we could not protect the corpus without Cryptex"
  theirs unprotect --cryptex --profile "$profile" --key "$key" --in "$WORK/ours.plain.srtp" \
    --out "$WORK/ours.plain.plain" || fail "$impl's Cryptex receiver rejected our plain SRTP"
  cmp "$WORK/ours.plain.plain" "$plain" || fail "$impl's Cryptex receiver changed our plain SRTP"
fi

echo "PASS: $impl <-> ours, $profile, $mode, $packets packets each way"
