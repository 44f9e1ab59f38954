#!/usr/bin/env bash
# The live browser capture (tests/browser/README.md): Debian's chromium and tshark, and
# playwright-core from npm (pinned in tests/browser/package-lock.json).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

"$ROOT/tools/setup/packages.sh" browser
npm_ci "$ROOT/tests/browser"
