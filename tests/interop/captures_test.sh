#!/usr/bin/env bash
# The committed ffmpeg captures (tests/data/srtp, made as README.md there says) decrypt with
# our SRTP, every packet, and the plaintext agrees with checks that do not use our code:
#  - tshark's RTP dissection of the decrypted pcap (--write-pcap) gives the same sequence
#    numbers, SSRCs and payload types as inspect's JSON, packet for packet;
#  - VP8: the first packet starts a key frame (RFC 7741 descriptor, then the VP8 start
#    code 9d 01 2a) of 320x240, the size ffmpeg was told to encode;
#  - Opus: every packet's TOC byte (RFC 6716 3.1) says one mono frame of 20 ms, as ffmpeg
#    was told (-ac 1 -frame_duration 20).
source tests/interop/lib.sh
need tshark jq

DATA=tests/data/srtp

# check_capture FILE PROFILE KEY: decrypts FILE into $WORK/NAME.pcap, checks tshark agrees.
check_capture() {
  local file=$1 profile=$2 key=$3 name
  name=$(basename "$file" .pcap)
  step "$name"
  "$INSPECT" --pcap "$DATA/$file" --srtp-profile "$profile" --srtp-key "$key" \
    --write-pcap "$WORK/$name.pcap" >"$WORK/$name.json" || fail "$name: inspect failed"
  local total ok rtcp
  total=$(wc -l <"$WORK/$name.json")
  ok=$(count_lines "$WORK/$name.json" '"status":"ok"')
  rtcp=$(count_lines "$WORK/$name.json" '"kind":"rtcp","status":"ok"')
  [[ $total -gt 0 && $ok -eq $total ]] ||
    { grep -v '"status":"ok"' "$WORK/$name.json" | head >&2; fail "$name: $((total - ok)) of $total packets did not unprotect"; }
  [[ $rtcp -ge 1 ]] || fail "$name: no RTCP packet unprotected"

  local port
  port=$(jq -r 'select(.kind=="rtp") | .dst' "$WORK/$name.json" | head -1 | cut -d: -f2)
  jq -r 'select(.kind=="rtp") | "\(.seq),\(.ssrc),\(.pt)"' "$WORK/$name.json" >"$WORK/$name.ours"
  tshark -r "$WORK/$name.pcap" -d "udp.port==$port,rtp" -Y rtp -T fields \
    -e rtp.seq -e rtp.ssrc -e rtp.p_type -e rtp.payload 2>/dev/null >"$WORK/$name.tshark" ||
    fail "$name: tshark could not read the decrypted capture"
  local seq ssrc pt payload
  while IFS=$'\t' read -r seq ssrc pt payload; do
    printf '%d,%d,%d\n' "$seq" "$ssrc" "$pt"
  done <"$WORK/$name.tshark" >"$WORK/$name.theirs"
  [[ -s $WORK/$name.theirs ]] || fail "$name: tshark found no RTP in the decrypted capture"
  diff "$WORK/$name.ours" "$WORK/$name.theirs" >&2 ||
    fail "$name: tshark's seq,ssrc,pt differ from inspect's (above)"
  printf '%s: %s packets ok (%s RTCP); tshark agrees on %s RTP packets\n' \
    "$name" "$total" "$rtcp" "$(wc -l <"$WORK/$name.theirs")" >&2
}

# byte HEX N: the Nth byte (from 0) of a hex string, as a number.
byte() { echo $((16#${1:$((2 * $2)):2})); }

check_capture ffmpeg_vp8_aes_cm_128_hmac_sha1_80.pcap AES_CM_128_HMAC_SHA1_80 \
  dy6xEuTTeRkfyk6Za+Jhns3SLTB4yw6fZSgZ3HLg
payload=$(head -1 "$WORK/ffmpeg_vp8_aes_cm_128_hmac_sha1_80.tshark" | cut -f4)
# RFC 7741 4.2: X|R|N|S|R|PID, then (X) I|L|T|K, (I) PictureID of 7 or 15 bits (M), (L)
# TL0PICIDX, (T or K) TID|Y|KEYIDX.
b0=$(byte "$payload" 0)
(((b0 & 0x10) != 0 && (b0 & 0x07) == 0)) || fail "VP8: the first packet does not start a partition 0"
at=1
if ((b0 & 0x80)); then
  x=$(byte "$payload" 1)
  at=2
  if ((x & 0x80)); then
    if (($(byte "$payload" 2) & 0x80)); then at=$((at + 2)); else at=$((at + 1)); fi
  fi
  if ((x & 0x40)); then at=$((at + 1)); fi
  if ((x & 0x30)); then at=$((at + 1)); fi
fi
# RFC 6386 9.1: 3-byte frame tag (bit 0 clear: key frame), start code, 14-bit sizes (LE).
(($(byte "$payload" "$at") & 1)) && fail "VP8: the first frame is not a key frame"
code=${payload:$((2 * (at + 3))):6}
[[ $code == 9d012a ]] || fail "VP8: key frame start code is '$code', not 9d012a"
width=$((($(byte "$payload" $((at + 6))) | $(byte "$payload" $((at + 7))) << 8) & 0x3FFF))
height=$((($(byte "$payload" $((at + 8))) | $(byte "$payload" $((at + 9))) << 8) & 0x3FFF))
[[ ${width}x$height == 320x240 ]] || fail "VP8: key frame is ${width}x$height, ffmpeg encoded 320x240"
echo "VP8: key frame start code 9d 01 2a, ${width}x$height" >&2

check_capture ffmpeg_opus_aes_cm_128_hmac_sha1_32.pcap AES_CM_128_HMAC_SHA1_32 \
  tGrIBK9JuZKyRzdYSGxPinvTRGbu91FT2sQ3ExfI
# RFC 6716 3.1: config (5 bits) | s (stereo) | c (frame count code). Configs of 20 ms frames:
# SILK 1, 5, 9; hybrid 13, 15; CELT 19, 23, 27, 31.
bad=0 n=0
while IFS=$'\t' read -r _ _ _ payload; do
  toc=$(byte "$payload" 0)
  n=$((n + 1))
  case $((toc >> 3)) in 1 | 5 | 9 | 13 | 15 | 19 | 23 | 27 | 31) ;; *) bad=$((bad + 1)) ;; esac
  (((toc & 0x07) == 0)) || bad=$((bad + 1))
done <"$WORK/ffmpeg_opus_aes_cm_128_hmac_sha1_32.tshark"
[[ $bad -eq 0 ]] || fail "Opus: $bad TOC bytes are not one mono 20 ms frame"
echo "Opus: $n TOC bytes say one mono 20 ms frame" >&2

echo "PASS: committed ffmpeg captures decrypt; tshark, VP8 and Opus checks agree"
