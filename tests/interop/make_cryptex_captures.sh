#!/usr/bin/env bash
# Makes tests/data/cryptex/: three calls of headless Chromium to our pion peer with Cryptex
# negotiated, one per SRTP profile Chromium 156 offers (it has no AES_CM_128_HMAC_SHA1_32),
# 200 RTP packets each. Run from anywhere, as root (the call gets a network namespace of its
# own), after `./fastpath test` or its set-up (Debian chromium, npm ci here, the pion build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/tests/data/cryptex
mkdir -p "$out"
GOFLAGS=-mod=readonly go -C "$root/tests/interop/pion" build -trimpath -o bin/ ./...
for call in "AEAD_AES_128_GCM --two-byte" "AES_CM_128_HMAC_SHA1_80" "AEAD_AES_256_GCM --two-byte"; do
  read -r profile options <<<"$call"
  name=chromium_$(tr 'A-Z' 'a-z' <<<"$profile")
  # shellcheck disable=SC2086
  NODE_PATH=$root/tests/interop/node_modules node "$root/tests/interop/chromium_cryptex.mjs" \
    --peer "$root/tests/interop/pion/bin/cryptex_peer" --profile "$profile" \
    --out "$out/$name" --packets 200 $options
done
