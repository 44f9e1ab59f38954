#!/usr/bin/env bash
# The committed captures of Chromium's Cryptex traffic (tests/data/cryptex, made by
# make_cryptex_captures.sh): every packet unprotects with our Cryptex, the extensions parse as
# the SDP's extmap says, and agree with what pion read from the same call
# (cryptex_capture.sh says what exactly is checked).
source tests/interop/lib.sh
source tests/interop/cryptex_capture.sh
need jq

n=0
for pcap in tests/data/cryptex/*.pcap; do
  check_cryptex_capture "${pcap%.pcap}"
  n=$((n + 1))
done
[[ $n -ge 3 ]] || fail "only $n captures in tests/data/cryptex"
echo "PASS: $n Chromium Cryptex captures"
