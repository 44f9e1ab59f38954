#!/bin/bash
# A VP8 capture from a real encoder and payloader, packet by packet, against tshark's VP8
# dissector (RFC 7741 descriptor, frame tag, keyframe size) and the encoder's settings.
#   vp8_test.sh FILE PORT PT FRAMES KEY_INTERVAL WIDTH HEIGHT FIRST_PICTURE_ID|any [SDP]
# FIRST_PICTURE_ID: the payloader's first picture id, or "any" when it picks one at random.
# SDP: an SDP for the capture whose extmap names the transport-cc ID; tcc_seq is then
# checked against the extension's bytes.
source tests/inspect/lib.sh
file=$1 port=$2 pt=$3 frames=$4 key_interval=$5 width=$6 height=$7 first_pid=$8 sdp=${9:-}

ours "$file" --pt "$pt=vp8" > "$WORK/ours.json"
json=$WORK/ours.json
rtp_header_agrees "$file" "$port" "$json"
plain_and_parsed "$json" vp8
no_envelope "$json"

# tshark: S, PID, picture id, T, TID, L, TL0PICIDX, frame type (0 = key), width, height, marker.
theirs "$file" "$port" "rtp.pt==$pt,vp8" vp8.pld.s vp8.pld.partid vp8.pld.pictureid \
  vp8.pld.t vp8.pld.tid vp8.pld.l vp8.pld.tl0picidx vp8.hdr.frametype vp8.keyframe.width \
  vp8.keyframe.height rtp.marker > "$WORK/vp8.tshark"
awk -F'\t' -v OFS='\t' '{
  start = ($1 == 1 && $2 == 0) ? 1 : 0
  key = (start && $8 == 0) ? 1 : 0
  print start, ($11 == 1) ? 1 : 0, $3, ($4 == 1) ? $5 : "-", ($6 == 1) ? $7 : "-", key,
        key ? $9 : "-", key ? $10 : "-", "-"
}' "$WORK/vp8.tshark" > "$WORK/vp8.theirs"
fields '.frame_start, .frame_end, .picture_id, .tid, .tl0picidx, .keyframe, .width, .height, .sid' \
  < "$json" > "$WORK/vp8.ours"
same "vp8 descriptor and frame header vs tshark" "$WORK/vp8.ours" "$WORK/vp8.theirs"

# The encoder's settings: FRAMES frames, a keyframe every KEY_INTERVAL frames (on the
# frame's first packet) of WIDTHxHEIGHT, 15-bit picture ids +1 per frame.
frame_index "$json" > "$WORK/frame"
[[ $(tail -1 "$WORK/frame") -eq $((frames - 1)) ]] || fail "expected $frames frames, got $(($(tail -1 "$WORK/frame") + 1))"
p0=$(head -1 "$json" | jq '.picture_id')
[[ $first_pid == any || $p0 -eq $first_pid ]] || fail "first picture id $p0, expected $first_pid"
fields '.frame_start' < "$json" | paste "$WORK/frame" - | awk -F'\t' -v OFS='\t' \
  -v k="$key_interval" -v w="$width" -v h="$height" -v p0="$p0" '{
  key = ($2 == 1 && $1 % k == 0) ? 1 : 0
  print key, key ? w : "-", key ? h : "-", (p0 + $1) % 32768
}' > "$WORK/encoder.expected"
fields '.keyframe, .width, .height, .picture_id' < "$json" > "$WORK/encoder.ours"
same "vp8 keyframe interval $key_interval, ${width}x$height, picture id +1 per frame" \
  "$WORK/encoder.ours" "$WORK/encoder.expected"
[[ -z $(jq -c 'select(.tcc_seq != null or .audio_level != null or .voice != null)' < "$json") ]] \
  || fail "extension fields without an extension map"

if [[ -n $sdp ]]; then
  # The same capture read with the SDP: its rtpmap gives the codec, its extmap the
  # transport-cc ID, whose 2-byte value tshark shows as the element's data.
  ours "$file" --sdp "$sdp" > "$WORK/sdp.json"
  jq -c 'del(.tcc_seq)' < "$json" > "$WORK/pt.rest"
  jq -c 'del(.tcc_seq)' < "$WORK/sdp.json" > "$WORK/sdp.rest"
  same "--sdp gives the same fields as --pt" "$WORK/sdp.rest" "$WORK/pt.rest"
  tcc_id=$(sed -n 's/^a=extmap:\([0-9]*\)[^ ]* .*transport-wide-cc.*/\1/p' "$sdp")
  theirs "$file" "$port" "" rtp.ext.rfc5285.id rtp.ext.rfc5285.data | while IFS=$'\t' read -r id data; do
    [[ $id == "$tcc_id" ]] || fail "extension id $id, expected $tcc_id"
    echo $((16#$data))
  done > "$WORK/tcc.theirs"
  fields '.tcc_seq' < "$WORK/sdp.json" > "$WORK/tcc.ours"
  same "tcc_seq vs tshark's extension bytes" "$WORK/tcc.ours" "$WORK/tcc.theirs"
  awk 'NR > 1 && $1 != (last + 1) % 65536 { bad = 1 } { last = $1 } END { exit bad }' \
    "$WORK/tcc.ours" || fail "tcc_seq does not advance by one per packet"
fi
echo PASS
