#!/usr/bin/env bash
# What the interop tests (tests/interop/) run against: ffmpeg, tshark, libre and chromium
# from Debian; werift-rtp and playwright-core from npm (pinned in
# tests/interop/package-lock.json); pion/srtp and pion/webrtc from the Go module proxy
# (pinned by tests/interop/pion/go.sum), built into tests/interop/pion/bin.
# usage: tools/setup/interop.sh [--print-pion-bin]   (then prints where the pion programs are)
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PION_BIN="$ROOT/tests/interop/pion/bin"
if [[ ${1:-} == --print-pion-bin ]]; then
  echo "$PION_BIN"
  exit 0
fi
"$ROOT/tools/setup/packages.sh" interop
npm_ci "$ROOT/tests/interop"
go=$(command -v go || echo /usr/local/go/bin/go)
if [[ ! -x $go ]]; then
  say "no Go toolchain (go on the PATH or /usr/local/go/bin/go): the pion interop tests need Go 1.24 or later"
  exit 1
fi
# -mod=readonly: go.mod and go.sum are the pins; a module whose hash differs is refused.
GOFLAGS="-mod=readonly -buildvcs=false" GOTOOLCHAIN=local \
  "$go" -C "$ROOT/tests/interop/pion" build -trimpath -o "$PION_BIN/" ./... ||
  { say "building tests/interop/pion (pion/srtp, pion/webrtc) failed"; exit 1; }
