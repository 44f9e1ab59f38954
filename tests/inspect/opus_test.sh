#!/bin/bash
# An Opus capture from GStreamer's opusenc/rtpopuspay against tshark's Opus dissector (the
# TOC byte, RFC 6716 section 3.1) and the encoder's 20 ms frames.
#   opus_test.sh FILE PORT PT PACKETS
source tests/inspect/lib.sh
file=$1 port=$2 pt=$3 packets=$4

ours "$file" --pt "$pt=opus" > "$WORK/ours.json"
json=$WORK/ours.json
rtp_header_agrees "$file" "$port" "$json"
plain_and_parsed "$json" opus
no_envelope "$json"
[[ $(wc -l < "$json") -eq $packets ]] || fail "expected $packets packets"

# Every TOC that tshark reads says 20 ms frames (configs 1, 5, 9, 13, 15, 19, 23, 27, 31),
# one frame per packet (code 0), as frame-size=20 asks; and the RTP clock advances by 960
# (20 ms at 48 kHz) per packet after the first (opusenc's first buffer is shortened by its
# 312-sample lookahead: 648 ticks, and its flush adds one packet: 25 buffers, 26 packets).
theirs "$file" "$port" "rtp.pt==$pt,opus" opus.TOC.config opus.TOC.c | awk -F'\t' '
  $1 !~ /^(1|5|9|13|15|19|23|27|31)$/ || $2 != 0 { print "TOC " $1 "/" $2; bad = 1 }
  END { exit bad }' || fail "TOC not 20 ms, code 0"
jq -r '.rtp_ts' < "$json" | awk 'NR > 2 && $1 - last != 960 { bad = 1 } { last = $1 } END { exit bad }' \
  || fail "timestamps not 960 apart"
# No video or extension field on audio without an extension map.
[[ -z $(jq -c 'select([.keyframe, .frame_start, .frame_end, .sid, .tid, .picture_id, .tl0picidx,
  .width, .height, .audio_level, .voice, .tcc_seq] | any(. != null))' < "$json") ]] \
  || fail "video or extension fields on Opus"
echo "ok: 20 ms code-0 TOC on every packet (tshark), 960 ticks apart, no video fields"
echo PASS
