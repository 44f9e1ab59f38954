#!/usr/bin/env bash
# Set-up for the linux-aarch64 build and its emulated tests (see docs/building.md, "arm64"):
# - Debian's cross toolchain and the arm64 multiarch packages the build links against
#   (the arm64 architecture is added to dpkg if it is not there yet);
# - qemu-user, which runs the arm64 test binaries (tools/toolchains/aarch64/qemu_run.sh);
# - an arm64 JVM for the cross-architecture jar test: Debian's openjdk-17-jre-headless:arm64,
#   downloaded with apt (signed archive) and unpacked into the cache, not installed (it cannot
#   be installed beside the amd64 JDK). Prints nothing when all is there already.
# usage: tools/setup/arm64.sh [--print-java-home]
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

JRE_PACKAGE=openjdk-17-jre-headless:arm64
JRE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/jvbfastpath/arm64-jre"
JAVA_HOME_ARM64="$JRE_ROOT/usr/lib/jvm/java-17-openjdk-arm64"

if [[ ${1:-} == --print-java-home ]]; then
  echo "$JAVA_HOME_ARM64"
  exit 0
fi

PACKAGES=(
  crossbuild-essential-arm64           # aarch64-linux-gnu-gcc/g++ 12, binutils, libc6-dev-arm64-cross
  qemu-user                            # qemu-aarch64: runs the arm64 tests
  libc6:arm64 libstdc++6:arm64         # the runtime qemu_run.sh loads (prefix /)
  libssl-dev:arm64                     # OpenSSL 3 for arm64: libsrtp's crypto backend
  libgtest-dev:arm64 libgmock-dev:arm64
  libpcap-dev:arm64 systemtap-sdt-dev:arm64
  zlib1g:arm64                         # the arm64 JVM's one library the runtime lacks
)

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  say "adding the arm64 architecture to dpkg (multiarch, for the cross build)"
  "${SUDO[@]}" dpkg --add-architecture arm64
  "${SUDO[@]}" apt-get update -qq
  APT_UPDATED=1
fi
ensure_packages "${PACKAGES[@]}"

if [[ ! -x $JAVA_HOME_ARM64/bin/java ]]; then
  say "unpacking $JRE_PACKAGE into $JRE_ROOT"
  apt_update_once
  download=$(mktemp -d)
  chmod 777 "$download"  # apt-get download runs as _apt where it can
  (cd "$download" && apt-get download -qq "$JRE_PACKAGE" 2>/dev/null)
  rm -rf "$JRE_ROOT"
  mkdir -p "$JRE_ROOT"
  dpkg-deb -x "$download"/openjdk-17-jre-headless_*_arm64.deb "$JRE_ROOT"
  rm -rf "$download"
fi
