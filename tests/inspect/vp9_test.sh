#!/bin/bash
# A VP9 capture from GStreamer's vp9enc/rtpvp9pay, packet by packet. tshark 4.0 has no VP9
# dissector: the expected values come from the RFC 9628 descriptor bits read here from
# tshark's rtp.payload bytes (first byte I|P|L|F|B|E|V|Z, then the 15-bit picture id, then
# the scalability structure with the resolution when V is set) and from the encoder's
# settings.
#   vp9_test.sh FILE PORT PT FRAMES KEY_INTERVAL WIDTH HEIGHT
source tests/inspect/lib.sh
file=$1 port=$2 pt=$3 frames=$4 key_interval=$5 width=$6 height=$7

ours "$file" --pt "$pt=vp9" > "$WORK/ours.json"
json=$WORK/ours.json
rtp_header_agrees "$file" "$port" "$json"
plain_and_parsed "$json" vp9
no_envelope "$json"

# Non-flexible mode, one spatial layer, no L byte: the payloader's descriptor is
# [I P L F B E V Z] [M PID(7)] [PID(8)] [SS when V]; checked below (L = F = 0, M = 1).
theirs "$file" "$port" "" rtp.payload | while read -r hex; do
  b0=$((16#${hex:0:2})) b1=$((16#${hex:2:2})) b2=$((16#${hex:4:2}))
  (( (b0 & 0x80) && !(b0 & 0x30) && (b1 & 0x80) )) || fail "descriptor not I=1 L=0 F=0 M=1: ${hex:0:8}"
  p=$(( (b0 >> 6) & 1 )) b=$(( (b0 >> 3) & 1 )) e=$(( (b0 >> 2) & 1 )) v=$(( (b0 >> 1) & 1 ))
  w=- h=-
  if (( v )); then  # SS: N_S|Y|G|..., then WIDTH and HEIGHT of the one layer (Y = 1)
    w=$((16#${hex:8:4})) h=$((16#${hex:12:4}))
  fi
  printf '%d\t%d\t%d\t%d\t%s\t%s\n' "$b" "$e" $(( b && !p )) $(( ((b1 & 0x7f) << 8) | b2 )) "$w" "$h"
done > "$WORK/vp9.theirs"
fields '.frame_start, .frame_end, .keyframe, .picture_id, .width, .height' < "$json" > "$WORK/vp9.ours"
same "vp9 descriptor vs its bytes" "$WORK/vp9.ours" "$WORK/vp9.theirs"
[[ -z $(jq -c 'select(.sid != null or .tid != null or .tl0picidx != null)' < "$json") ]] \
  || fail "layer indices without an L byte"

frame_index "$json" > "$WORK/frame"
[[ $(tail -1 "$WORK/frame") -eq $((frames - 1)) ]] || fail "expected $frames frames"
p0=$(head -1 "$json" | jq '.picture_id')
fields '.frame_start' < "$json" | paste "$WORK/frame" - | awk -F'\t' -v OFS='\t' \
  -v k="$key_interval" -v w="$width" -v h="$height" -v p0="$p0" '{
  key = ($2 == 1 && $1 % k == 0) ? 1 : 0
  print key, key ? w : "-", key ? h : "-", (p0 + $1) % 32768
}' > "$WORK/encoder.expected"
fields '.keyframe, .width, .height, .picture_id' < "$json" > "$WORK/encoder.ours"
same "vp9 keyframe interval $key_interval, ${width}x$height, picture id +1 per frame" \
  "$WORK/encoder.ours" "$WORK/encoder.expected"
echo PASS
