#!/bin/bash
# Makes the browser captures in tests/data/browser (run as root, for dumpcap on lo):
#   tests/browser/capture.sh [OUT_DIR]
# Records, with dumpcap (Debian's wireshark-common), only what the relay of capture.mjs
# forwards from the sending peer connection (UDP source ports 41002, 41012, 41022): what a
# bridge in its place receives. Needs Debian's chromium and `npm ci` here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../data/browser}
mkdir -p "$out"
record() {  # record FILE FILTER: dumpcap in the background, its pid in $pid
  dumpcap -q -P -i lo -f "$2" -w "$1" 2>/dev/null &
  pid=$!
}
record "$out/chromium_jframe_vp8.pcap" "udp src port 41002 or udp src port 41012"
jframe_pid=$pid
record "$out/chromium_h264.pcap" "udp src port 41022"
h264_pid=$pid
sleep 1
node "$here/capture.mjs" "$out" all | tee "$out/capture.log"
sleep 1
kill "$jframe_pid" "$h264_pid"
wait "$jframe_pid" "$h264_pid" || true
# The H.264 capture keeps the H.264 RTP packets only (no STUN, RTCP, audio, RTX probes), as
# the encoder corpora of tests/data/codec.
pt=$(sed -n 's#^a=rtpmap:\([0-9]*\) H264/.*#\1#p' "$out/h264.sdp" | head -1)
tshark -r "$out/chromium_h264.pcap" -d udp.port==41022,rtp -Y "rtp.p_type == $pt" -F pcap \
  -w "$out/chromium_h264.only.pcap"
mv "$out/chromium_h264.only.pcap" "$out/chromium_h264.pcap"
ls -l "$out"
