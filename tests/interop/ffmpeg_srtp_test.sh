#!/usr/bin/env bash
# SRTP interop with ffmpeg (libavformat's own SRTP code, not libsrtp) over loopback UDP,
# with real media: VP8 (libvpx) and Opus (libopus).
#   ffmpeg_srtp_test.sh PROFILE      (AES_CM_128_HMAC_SHA1_80 or AES_CM_128_HMAC_SHA1_32)
# For each medium:
#  a. ffmpeg -> us: ffmpeg sends SRTP (-f rtp to srtp://) for 3 s; we capture RTP and RTCP
#     (udp_to_pcap) and inspect must unprotect every packet, the RTCP sender report too,
#     with no gap in the RTP sequence numbers.
#  b. us -> ffmpeg: the decrypted packets of (a) go back to an ffmpeg reading an SDP file:
#     first plain (reference), then protected by us (srtp_send) with an a=crypto line. Both
#     runs end on our RTCP BYE, so ffmpeg must authenticate our SRTCP to end at all; the
#     SRTP run must decode the same frames as the plain run (identical framemd5), with no
#     "HMAC mismatch", and as many frames as ffmpeg encoded in (a).
# Suite names: ffmpeg's "AES_CM_128_HMAC_SHA1_32" (RFC 4568) puts a 32-bit tag on SRTCP
# too; WebRTC's profile (DTLS-SRTP SRTP_AES128_CM_HMAC_SHA1_32, RFC 5764 4.1.2), which is
# ours, keeps 80 bits for SRTCP. ffmpeg knows that one as "SRTP_AES128_CM_HMAC_SHA1_32".
source tests/interop/lib.sh
need ffmpeg

profile=$1
case $profile in
  AES_CM_128_HMAC_SHA1_80) suite=AES_CM_128_HMAC_SHA1_80 ;;
  AES_CM_128_HMAC_SHA1_32) suite=SRTP_AES128_CM_HMAC_SHA1_32 ;;
  *) fail "ffmpeg has no SRTP profile $profile" ;;
esac
key=$(new_key "$profile")
FFMPEG=(ffmpeg -nostdin -hide_banner -loglevel warning -y)

# wait_for FILE SECONDS: until FILE exists.
wait_for() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [[ -s $1 ]] && return 0
    sleep 0.1
  done
  return 1
}

# ffmpeg_receive NAME SDP: ffmpeg decodes the SDP's stream into NAME.framemd5 while
# srtp_send replays $WORK/$medium.plain.pcap (further srtp_send arguments follow SDP).
ffmpeg_receive() {
  local name=$1 sdp=$2
  shift 2
  local port
  port=$("$UDP_TO_PCAP" --pick-free-pair) || fail "no free UDP port pair"
  sed -i -E "s/^m=(video|audio) [0-9]+ /m=\\1 $port /" "$sdp"
  timeout 90 "${FFMPEG[@]}" -protocol_whitelist file,udp,rtp,srtp,crypto -i "$sdp" \
    -f framemd5 "$WORK/$name.framemd5" 2>"$WORK/$name.ffmpeg.log" &
  local ff=$!
  PIDS+=("$ff")
  local i
  for ((i = 0; i < 300; i++)); do
    if port_bound "$port" && port_bound $((port + 1)); then break; fi
    kill -0 "$ff" 2>/dev/null || { cat "$WORK/$name.ffmpeg.log" >&2; fail "$name: ffmpeg exited before binding port $port"; }
    sleep 0.1
  done
  port_bound "$port" || fail "$name: ffmpeg did not bind 127.0.0.1:$port in 30 s"
  "$SRTP_SEND" --pcap "$WORK/$medium.plain.pcap" --port "$port" --bye "$@" ||
    fail "$name: srtp_send failed"
  local rc=0
  wait "$ff" || rc=$?
  cat "$WORK/$name.ffmpeg.log" >&2
  if [[ $rc -eq 124 ]]; then
    fail "$name: ffmpeg did not end within 90 s: it did not take our RTCP BYE (SRTCP rejected?)"
  fi
  [[ $rc -eq 0 ]] || fail "$name: ffmpeg failed (exit $rc)"
  if grep -iE "HMAC|decrypt|auth|crypto" "$WORK/$name.ffmpeg.log" >&2; then
    fail "$name: ffmpeg reported SRTP errors (above)"
  fi
}

for medium in video audio; do
  case $medium in
    video)
      input=(-f lavfi -i testsrc=size=320x240:rate=15 -t 3)
      codec=(-c:v libvpx -deadline realtime -cpu-used 8 -b:v 200k -g 15 -threads 1 -payload_type 96)
      ;;
    audio)
      input=(-f lavfi -i sine=frequency=440:sample_rate=48000 -t 3)
      codec=(-ac 1 -c:a libopus -b:a 48k -frame_duration 20 -application audio -payload_type 111)
      ;;
  esac

  step "$medium (a): ffmpeg sends SRTP ($suite), we unprotect"
  rm -f "$WORK/$medium.port"
  "$UDP_TO_PCAP" --out "$WORK/$medium.srtp.pcap" --port-file "$WORK/$medium.port" \
    --max-seconds 120 &
  rx=$!
  PIDS+=("$rx")
  wait_for "$WORK/$medium.port" 30 || fail "udp_to_pcap did not start"
  port=$(<"$WORK/$medium.port")
  timeout 90 "${FFMPEG[@]}" -re "${input[@]}" "${codec[@]}" -progress "$WORK/$medium.progress" \
    -f rtp -srtp_out_suite "$suite" -srtp_out_params "$key" -sdp_file "$WORK/$medium.sdp" \
    "srtp://127.0.0.1:$port" 2>"$WORK/$medium.send.log" ||
    { cat "$WORK/$medium.send.log" >&2; fail "$medium: ffmpeg could not send"; }
  sleep 0.5  # loopback delivery is immediate; let the receiver drain its sockets
  kill -TERM "$rx"
  wait "$rx" || fail "udp_to_pcap failed"

  "$INSPECT" --pcap "$WORK/$medium.srtp.pcap" --srtp-profile "$profile" --srtp-key "$key" \
    --write-pcap "$WORK/$medium.plain.pcap" >"$WORK/$medium.json" ||
    fail "inspect could not read the capture"
  rtp=$(count_lines "$WORK/$medium.json" '"kind":"rtp"')
  rtcp=$(count_lines "$WORK/$medium.json" '"kind":"rtcp"')
  not_ok=$(count_lines "$WORK/$medium.json" '"kind":"rtc?p".*"status":"[^o]')
  printf '%s: %s RTP, %s RTCP from ffmpeg\n' "$medium" "$rtp" "$rtcp" >&2
  [[ $not_ok -eq 0 ]] || { grep -v '"status":"ok"' "$WORK/$medium.json" | head >&2; fail "$medium: $not_ok packets from ffmpeg did not unprotect"; }
  [[ $rtp -ge 20 ]] || fail "$medium: only $rtp RTP packets captured"
  [[ $rtcp -ge 1 ]] || fail "$medium: ffmpeg sent no RTCP: SRTCP not exercised"
  # No gap: every packet ffmpeg sent was captured and authenticated.
  gaps=$(jq -r 'select(.kind=="rtp") | .seq' "$WORK/$medium.json" |
    awk 'NR > 1 && $1 != (prev + 1) % 65536 { n++ } { prev = $1 } END { print n + 0 }')
  [[ $gaps -eq 0 ]] || fail "$medium: $gaps gaps in the RTP sequence numbers"

  step "$medium (b): the same packets back to ffmpeg, plain then protected by us"
  grep -v '^a=crypto:' "$WORK/$medium.sdp" >"$WORK/$medium.plain.sdp"
  ffmpeg_receive "$medium.plain" "$WORK/$medium.plain.sdp"
  cp "$WORK/$medium.plain.sdp" "$WORK/$medium.srtp.sdp"
  printf 'a=crypto:1 %s inline:%s\n' "$suite" "$key" >>"$WORK/$medium.srtp.sdp"
  ffmpeg_receive "$medium.srtp" "$WORK/$medium.srtp.sdp" --profile "$profile" --key "$key"

  frames=$(count_lines "$WORK/$medium.plain.framemd5" '^[0-9]')
  srtp_frames=$(count_lines "$WORK/$medium.srtp.framemd5" '^[0-9]')
  printf '%s: ffmpeg decoded %s frames plain, %s from our SRTP\n' "$medium" "$frames" "$srtp_frames" >&2
  case $medium in
    video) encoded=$(grep -E '^frame=' "$WORK/$medium.progress" | tail -1 | cut -d= -f2) ;;
    audio) encoded=$rtp ;;  # one Opus frame per RTP packet
  esac
  [[ $frames -eq $encoded ]] ||
    fail "$medium: ffmpeg decoded $frames frames from the decrypted packets; it encoded $encoded"
  cmp "$WORK/$medium.plain.framemd5" "$WORK/$medium.srtp.framemd5" ||
    fail "$medium: decoded frames differ between the plain and the SRTP run"
done
echo "PASS: ffmpeg <-> ours, $profile ($suite), VP8 and Opus, RTP and RTCP, both directions"
