#!/bin/bash
# An H.264 capture from GStreamer's x264enc/rtph264pay, packet by packet, against tshark's
# H.264 dissector (RFC 6184 packetisation, NAL types, SPS size, first_mb_in_slice) and the
# encoder's settings.
#   h264_test.sh FILE PORT PT FRAMES KEY_INTERVAL WIDTH HEIGHT
source tests/inspect/lib.sh
file=$1 port=$2 pt=$3 frames=$4 key_interval=$5 width=$6 height=$7

ours "$file" --pt "$pt=h264" > "$WORK/ours.json"
json=$WORK/ours.json
rtp_header_agrees "$file" "$port" "$json"
plain_and_parsed "$json" h264
no_envelope "$json"

# tshark: packet NAL type (28 = FU-A), FU inner type, FU start bit, first_mb_in_slice, SPS
# size in macroblocks, frame_mbs_only, cropping, marker, RTP timestamp.
theirs "$file" "$port" "rtp.pt==$pt,h264" h264.nal_unit_hdr h264.nal_unit_type h264.start.bit \
  h264.first_mb_in_slice h264.pic_width_in_mbs_minus1 h264.pic_height_in_map_units_minus1 \
  h264.frame_mbs_only_flag h264.frame_crop_right_offset h264.frame_crop_bottom_offset \
  rtp.marker rtp.timestamp > "$WORK/h264.tshark"
# Access units (one RTP timestamp each; native/codec/h264_access_unit.h): keyframe on every
# packet of a unit from its first packet with an IDR slice, SPS or PPS (5, 7, 8) on, with the
# unit's SPS size (4:2:0 cropping units). frame_start: the unit's first packet when its first
# NAL is an AUD, SEI, SPS or PPS (9, 6, 7, 8) or a slice's first fragment with
# first_mb_in_slice 0; and the first SPS packet of a unit whose packets before it were
# neither keyframe nor slices (x264's lone AUD).
# Every NAL unit header of each packet (a STAP-A's aggregated units after its own).
tshark -r "$file" -d "udp.port==$port,rtp" -d "rtp.pt==$pt,h264" -Y rtp -T fields \
  -E occurrence=a -E aggregator=, -e h264.nal_unit_hdr 2>/dev/null > "$WORK/h264.nals"
paste "$WORK/h264.tshark" "$WORK/h264.nals" | awk -F'\t' -v OFS='\t' '{
  fu = ($1 == 28); n = split($12, hdr, ",")
  # The NAL types the packet carries: the inner type of a fragment, the units of a STAP-A, or one.
  k = 0
  if (fu) { types[++k] = $2 } else if ($1 == 24) { for (i = 2; i <= n; ++i) types[++k] = hdr[i] } else { types[++k] = $1 }
  first = !fu || $3 == 1
  if (NR == 1 || $11 != ts) { ts = $11; unit_key = 0; slices = 0; uw = "-"; uh = "-"; head = 1 } else head = 0
  t1 = types[1]
  starts = (first && (t1 == 9 || t1 == 6 || t1 == 7 || t1 == 8 ||
            ((t1 == 1 || t1 == 5) && $4 == 0))) ? 1 : 0
  sps = 0; key = 0; slice = 0
  for (i = 1; i <= k; ++i) {
    if (types[i] == 7) sps = 1
    if (types[i] == 5 || types[i] == 7 || types[i] == 8) key = 1
    if (types[i] >= 1 && types[i] <= 5) slice = 1
  }
  start = head ? starts : ((sps && !unit_key && !slices) ? 1 : 0)
  if (sps) {
    cr = ($8 == "-") ? 0 : $8; cb = ($9 == "-") ? 0 : $9
    uw = ($5 + 1) * 16 - 2 * cr; uh = ($6 + 1) * 16 * (2 - $7) - 2 * cb * (2 - $7)
  }
  if (key) unit_key = 1
  if (slice) slices = 1
  w = unit_key ? uw : "-"; h = unit_key ? uh : "-"
  print unit_key, start, ($10 == 1) ? 1 : 0, w, h
}' > "$WORK/h264.theirs"
fields '.keyframe, .frame_start, .frame_end, .width, .height' < "$json" > "$WORK/h264.ours"
same "h264 NAL units vs tshark" "$WORK/h264.ours" "$WORK/h264.theirs"
[[ -z $(jq -c 'select(.sid != null or .tid != null or .picture_id != null or .tl0picidx != null)' \
  < "$json") ]] || fail "VP8/VP9 fields on H.264"

# The encoder's settings: FRAMES access units (one RTP timestamp each), IDR exactly every
# KEY_INTERVAL, each IDR preceded by an SPS of WIDTHxHEIGHT (config-interval=-1), and the
# first packet of every access unit starts a frame.
frame_index "$json" > "$WORK/frame"
[[ $(tail -1 "$WORK/frame") -eq $((frames - 1)) ]] || fail "expected $frames access units"
fields '.keyframe, .width, .height, .frame_start' < "$json" | paste "$WORK/frame" - \
  | awk -F'\t' -v k="$key_interval" -v w="$width" -v h="$height" '
  $2 == 1 { idr[$1] = 1 }
  $3 != "-" && ($3 != w || $4 != h) { print "SPS size " $3 "x" $4; bad = 1 }
  $3 != "-" { sps[$1] = 1 }
  $1 != last || NR == 1 { if ($5 != 1) { print "access unit " $1 " does not start a frame"; bad = 1 } }
  { last = $1; n = $1 }
  END {
    for (f = 0; f <= n; ++f) {
      want = (f % k == 0)
      if ((f in idr) != want || (f in sps) != want) { print "frame " f ": idr/sps " (f in idr) (f in sps); bad = 1 }
    }
    exit bad
  }' || fail "encoder settings"
# A bridge that switches a receiver at the first packet with keyframe and frame_start must
# forward the SPS, the PPS and the IDR slice from there on (tshark's NAL types per packet).
paste <(fields '.keyframe, .frame_start' < "$json") <(cut -f1,2,11 "$WORK/h264.tshark") \
    "$WORK/h264.nals" | awk -F'\t' '
  $5 != ts { if (NR > 1 && open) { print "unit at " ts ": no switch point"; bad = 1 }
             ts = $5; switched = 0; open = 0; need_sps = need_pps = need_idr = 0 }
  !switched && $1 == 1 && $2 == 1 { switched = 1; need_sps = need_pps = need_idr = 1 }
  {
    k = 0
    if ($3 == 28) { types[++k] = $4 } else if ($3 == 24) { n = split($6, hdr, ","); for (i = 2; i <= n; ++i) types[++k] = hdr[i] } else { types[++k] = $3 }
    for (i = 1; i <= k; ++i) {
      type = types[i]
      if (type == 7 || type == 8 || type == 5) open = !switched
      if (switched && type == 7) need_sps = 0
      if (switched && type == 8) { if (need_sps) { print "PPS before SPS at " ts; bad = 1 } need_pps = 0 }
      if (switched && type == 5) { if (need_sps || need_pps) { print "IDR without SPS/PPS at " ts; bad = 1 } need_idr = 0 }
    }
  }
  END { exit bad }' || fail "switching at keyframe && frame_start"
echo "ok: IDR + SPS ${width}x$height every $key_interval access units, each unit starts a frame, switchable"
echo PASS
