#!/usr/bin/env bash
# Fetches the jars pinned in third_party/maven/pinned_jars.txt (group artifact version
# SHA-256) from Maven Central into third_party/maven/download/, and checks each against its
# SHA-256. Idempotent: a jar already there with the right checksum is not fetched again, so
# a run with everything present only hashes the files. A jar that does not match is deleted
# and the run fails. JVBFASTPATH_MAVEN_REPO replaces the repository URL (a mirror).
#
# usage: tools/setup/maven_deps.sh               (./fastpath's set-up calls it)
#        tools/setup/maven_deps.sh --classpath   then prints the jars as a class path
set -euo pipefail

# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
LIST="$ROOT/third_party/maven/pinned_jars.txt"
DEST="$ROOT/third_party/maven/download"
REPO=${JVBFASTPATH_MAVEN_REPO:-https://repo1.maven.org/maven2}

# matches FILE SHA256: true if FILE exists and hashes to SHA256.
matches() {
  [[ -f $1 ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$2" ]]
}

mkdir -p "$DEST"
fetched=0
classpath=()
while read -r group artifact version sha256 rest; do
  [[ -z ${group:-} || $group == \#* ]] && continue
  if [[ -z ${sha256:-} || -n ${rest:-} ]]; then
    say "malformed line in ${LIST#"$ROOT"/}: $group $artifact $version $sha256 $rest"
    exit 1
  fi
  jar="$artifact-$version.jar"
  classpath+=("$DEST/$jar")
  matches "$DEST/$jar" "$sha256" && continue
  ensure_packages curl ca-certificates
  url="$REPO/${group//.//}/$artifact/$version/$jar"
  say "fetching $url"
  if ! curl -fsSL --retry 3 -o "$DEST/$jar.part" "$url"; then
    rm -f "$DEST/$jar.part"
    say "could not fetch $url"
    exit 1
  fi
  if ! matches "$DEST/$jar.part" "$sha256"; then
    rm -f "$DEST/$jar.part"
    say "$jar does not match the SHA-256 in ${LIST#"$ROOT"/}: refusing to use it"
    exit 1
  fi
  mv "$DEST/$jar.part" "$DEST/$jar"
  fetched=$((fetched + 1))
done <"$LIST"
if [[ $fetched -gt 0 ]]; then say "fetched $fetched jar(s) into ${DEST#"$ROOT"/}"; fi
if [[ ${1:-} == --classpath ]]; then (IFS=:; echo "${classpath[*]}"); fi
