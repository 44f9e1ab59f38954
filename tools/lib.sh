# shellcheck shell=bash
# Sourced by ./fastpath and the scripts it runs (tools/setup/, tools/test/, ...): where the
# workspace is, how to report, how to install Debian packages, how to call Bazel.
# After sourcing, the working directory is the workspace root; CALLER_DIR is where the user
# ran ./fastpath (file arguments are relative to it).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034  # for the scripts that source this
CALLER_DIR=${JVBFASTPATH_CALLER_DIR:-$PWD}
cd "$ROOT" || exit 1

SUDO=()
if [[ $(id -u) -ne 0 ]]; then SUDO=(sudo); fi

say() { printf 'fastpath: %s\n' "$*" >&2; }

# Bazel's progress display only on a terminal.
BAZEL_FLAGS=()
if [[ ! -t 1 ]]; then BAZEL_FLAGS+=(--curses=no --color=no --noshow_progress); fi

# set-up is skipped when the caller says it is done (.ci/run, after ./fastpath setup).
setup_done() { [[ ${JVBFASTPATH_SETUP_DONE:-0} == 1 ]]; }

APT_UPDATED=0
apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    "${SUDO[@]}" apt-get update -qq
    APT_UPDATED=1
  fi
}

# installed PKG: true if dpkg has PKG installed. A name without an architecture is looked up
# for the machine's own first: with arm64 added (tools/setup/arm64.sh) a plain name matches
# both architectures' packages. A package dpkg has never heard of (a fresh machine) is
# simply not installed.
installed() {
  local name=$1 status
  [[ $name == *:* ]] || name="$name:$(dpkg --print-architecture)"
  status=$(dpkg-query -W -f='${Status}\n' "$name" 2>/dev/null ||
    dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null || true)
  [[ $status == "install ok installed" ]]
}

# ensure_packages PKG...: installs those not installed yet.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  say "installing Debian packages: ${missing[*]}"
  apt_update_once
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# npm_ci DIR: the npm packages pinned in DIR/package-lock.json into DIR/node_modules
# (Debian's nodejs and npm unless node and npm are on the PATH already).
npm_ci() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_packages nodejs npm
  fi
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
