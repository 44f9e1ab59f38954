# Shared by the interop tests (sourced). Runs in the test's runfiles directory, where data
# dependencies sit at their workspace paths.
set -euo pipefail

INTEROP=tests/interop
SRTP_LINES=$INTEROP/srtp_lines
SRTP_SEND=$INTEROP/srtp_send
UDP_TO_PCAP=$INTEROP/udp_to_pcap
LIBRE_SRTP_LINES=$INTEROP/libre_srtp_lines
INSPECT=tools/inspect/inspect
WORK=${TEST_TMPDIR:-$(mktemp -d)}

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

step() { printf '== %s\n' "$*" >&2; }

need() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null || fail "'$cmd' is not installed (./fastpath installs it)"
  done
}

# key_length PROFILE: master key + salt bytes.
key_length() {
  case $1 in
    AES_CM_128_HMAC_SHA1_80 | AES_CM_128_HMAC_SHA1_32) echo 30 ;;
    AEAD_AES_128_GCM) echo 28 ;;
    AEAD_AES_256_GCM) echo 44 ;;
    *) fail "unknown profile $1" ;;
  esac
}

# new_key PROFILE: a fresh random master key || salt, base64. Test keys only: printed so
# that a failure can be replayed.
new_key() {
  local key
  key=$(head -c "$(key_length "$1")" /dev/urandom | base64 -w0)
  printf 'key for %s: %s\n' "$1" "$key" >&2
  printf '%s' "$key"
}

# count_lines FILE PATTERN: lines of FILE matching the extended regex (0 if none).
count_lines() { grep -cE "$2" "$1" || true; }

# port_bound PORT: whether some process has a UDP socket bound to PORT (IPv4).
port_bound() {
  local hex
  hex=$(printf ':%04X ' "$1")
  grep -q "$hex" /proc/net/udp
}

# Background processes this test started, killed on exit.
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
