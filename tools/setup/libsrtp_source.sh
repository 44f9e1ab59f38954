#!/usr/bin/env bash
# libsrtp's source: Debian's own source package, its orig tarball checked against the
# SHA-256 committed in third_party/libsrtp/orig-tarball.sha256, into
# third_party/libsrtp/download/ (docs/building.md, "libsrtp"). Quick when it is there.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PACKAGE="libsrtp2=2.5.0-3"
DIR="$ROOT/third_party/libsrtp"
SUM="$DIR/orig-tarball.sha256"
SRC_LIST=/etc/apt/sources.list.d/jvbfastpath-deb-src.list

# deb_lines: the machine's deb entries as one-line entries, from both the one-line format
# and deb822 (.sources) stanzas.
deb_lines() {
  grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && uris != "") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
            printf "deb %s%s %s %s\n", opts, u[i], s[j], comps
        }
        types = uris = suites = comps = opts = ""
      }
      /^[[:space:]]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
      /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
      /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0 }
      /^Signed-By:/ { sub(/^Signed-By:[[:space:]]*/, ""); opts = "[signed-by=" $0 "] " }
      END { flush() }
    ' "$f"
  done
}

# Adds deb-src lines mirroring the machine's own deb lines (same archive, same suites), in a
# sources file of our own, unless the machine already has deb-src entries.
ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  say "adding deb-src entries ($SRC_LIST) to fetch libsrtp's Debian source package"
  local lines
  lines=$(deb_lines | sed -E 's/^deb /deb-src /' | sort -u)
  if [[ -z $lines ]]; then
    say "no deb entries found in /etc/apt to mirror as deb-src"
    exit 1
  fi
  printf '# Added by JVB Fastpath (tools/setup/libsrtp_source.sh): source packages for building libsrtp.\n%s\n' \
    "$lines" | "${SUDO[@]}" tee "$SRC_LIST" >/dev/null
}

verified() { (cd "$DIR/download" && sha256sum --quiet -c "$SUM") 2>/dev/null; }

tarball=$(awk '{print $2; exit}' "$SUM")
if [[ -f $DIR/download/$tarball ]] && verified; then exit 0; fi
ensure_packages dpkg-dev
ensure_deb_src
"${SUDO[@]}" apt-get update -qq
mkdir -p "$DIR/download"
say "fetching Debian source package $PACKAGE"
(cd "$DIR/download" && apt-get source -qq --download-only "$PACKAGE" >/dev/null 2>&1) || {
  say "apt-get source $PACKAGE failed"
  exit 1
}
if ! verified; then
  say "$tarball does not match the SHA-256 in ${SUM#"$ROOT"/}: refusing to build it"
  rm -f "$DIR/download/$tarball"
  exit 1
fi
