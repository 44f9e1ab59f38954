#!/bin/bash
# ffmpeg's SRTP VP8 capture (tests/data/srtp/README.md: -g 15, 320x240) decrypted and parsed:
# every RTP packet authenticates, is VP8 and parses, with a 320x240 keyframe on frames 0, 15,
# 30 and ffmpeg's picture ids (0, +1 per frame); RTCP lines keep their RTCP fields.
source tests/inspect/lib.sh
file=tests/data/srtp/ffmpeg_vp8_aes_cm_128_hmac_sha1_80.pcap
ours "$file" --pt 96=vp8 --srtp-profile AES_CM_128_HMAC_SHA1_80 \
  --srtp-key dy6xEuTTeRkfyk6Za+Jhns3SLTB4yw6fZSgZ3HLg > "$WORK/ours.json"
json=$WORK/ours.json
plain_and_parsed "$json" vp8
no_envelope "$json"
frame_index "$json" > "$WORK/frame"
fields '.frame_start' < "$json" | paste "$WORK/frame" - | awk -F'\t' -v OFS='\t' '{
  key = ($2 == 1 && $1 % 15 == 0) ? 1 : 0
  print key, key ? 320 : "-", key ? 240 : "-", $1
}' > "$WORK/expected"
fields '.keyframe, .width, .height, .picture_id' < "$json" > "$WORK/got"
same "srtp vp8: keyframe every 15, 320x240, picture id = frame" "$WORK/got" "$WORK/expected"
[[ $("$INSPECT" --pcap "$file" --pt 96=vp8 --srtp-profile AES_CM_128_HMAC_SHA1_80 \
  --srtp-key dy6xEuTTeRkfyk6Za+Jhns3SLTB4yw6fZSgZ3HLg 2>/dev/null \
  | jq -c 'select(.kind == "rtcp" and .status == "ok")' | wc -l) -ge 1 ]] || fail "no RTCP"
echo PASS
