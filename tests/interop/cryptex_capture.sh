# check_cryptex_capture PREFIX: what a browser sent with Cryptex (PREFIX.pcap, .keys, .sdp,
# .pion.jsonl, written by pion/cryptex_peer) against our SRTP and parser. Sourced after lib.sh.
#  1. every RTP packet in the capture is Cryptex (0xC0DE/0xC2DE): the browser sends
#     transport-cc and abs-send-time on every packet;
#  2. with Cryptex negotiated, inspect (our SrtpSession, inbound, the browser's key) unprotects
#     every RTP and RTCP packet; without it, every RTP packet is cryptex_not_negotiated and
#     every RTCP packet still ok (SRTCP is the same either way);
#  3. our parser, with the SDP's extmap IDs, finds the transport-cc sequence on every RTP
#     packet and the audio level on every audio packet;
#  4. pion decrypted the same packets on its own (its SRTP, Cryptex and RTP parser): for every
#     packet both have, audio level, voice flag and transport-cc sequence agree, and the block
#     forms pion saw add up with those sent (0xC0DE one-byte, 0xC2DE two-byte).
#     pion also hands up the media packets that the browser resent inside RTX (same SSRC and
#     sequence number, a new transport-cc sequence): a packet agrees when one of pion's
#     packets with its SSRC and sequence number does.
# Sets CAPTURE_SUMMARY.
check_cryptex_capture() {
  local prefix=$1 name profile key
  name=$(basename "$prefix")
  profile=$(sed -n 's/^profile //p' "$prefix.keys")
  key=$(sed -n 's/^browser_master_key_salt //p' "$prefix.keys")
  [[ -n $profile && -n $key ]] || fail "$name: no profile or key in $prefix.keys"

  local lines=$WORK/$name.lines rtp rtcp cryptex plain nothing other c0de c2de
  "$SRTP_LINES" from-pcap --in "$prefix.pcap" --out "$lines" || fail "$name: no RTP/RTCP in the capture"
  rtp=$(count_lines "$lines" '^rtp ')
  rtcp=$(count_lines "$lines" '^rtcp ')
  read -r _ cryptex _ plain _ nothing _ other _ c0de _ c2de < <("$SRTP_LINES" forms --in "$lines")
  step "$name: $profile, $rtp RTP ($c0de 0xC0DE, $c2de 0xC2DE), $rtcp RTCP from the browser"
  [[ $rtp -gt 0 && $cryptex -eq $rtp ]] ||
    fail "$name: $cryptex of $rtp RTP packets are Cryptex ($plain plain RFC 8285, $nothing with nothing to hide, $other other)"

  local ours=$WORK/$name.inspect.jsonl
  "$INSPECT" --pcap "$prefix.pcap" --sdp "$prefix.sdp" --srtp-profile "$profile" --srtp-key "$key" \
    --cryptex >"$ours" 2>/dev/null || fail "$name: inspect failed"
  local bad
  bad=$(jq -c 'select(.status != "ok") | {frame, kind, status}' "$ours" | head -5)
  [[ -z $bad ]] || fail "$name: with Cryptex, packets did not unprotect: $bad"
  [[ $(jq -s 'map(select(.kind == "rtp")) | length' "$ours") -eq $rtp ]] || fail "$name: RTP count differs"
  local plain_run
  plain_run=$("$INSPECT" --pcap "$prefix.pcap" --srtp-profile "$profile" --srtp-key "$key" 2>/dev/null |
    jq -s -c '[(map(select(.kind == "rtp" and .status == "cryptex_not_negotiated")) | length),
              (map(select(.kind == "rtcp" and .status == "ok")) | length)]')
  [[ $plain_run == "[$rtp,$rtcp]" ]] ||
    fail "$name: without Cryptex, [refused RTP, ok RTCP] = $plain_run, expected [$rtp,$rtcp]"

  local audio_pts missing
  audio_pts=$(grep -oE '^m=audio [0-9]+ [A-Z/]+ [0-9 ]+' "$prefix.sdp" | head -1 | cut -d' ' -f4- | tr ' ' ',')
  missing=$(jq -c --argjson audio "[$audio_pts]" 'select(.kind == "rtp") |
      select(.tcc_seq == null or ((.pt as $pt | $audio | index($pt)) != null and .audio_level == null)) |
      {seq, ssrc, pt, tcc_seq, audio_level}' "$ours" | head -5)
  [[ -z $missing ]] || fail "$name: extensions the SDP names were not found: $missing"

  local compared
  compared=$(jq -n -c --slurpfile ours "$ours" --slurpfile pion "$prefix.pion.jsonl" '
    ($pion | group_by("\(.ssrc):\(.seq)") | map({key: "\(.[0].ssrc):\(.[0].seq)", value: .})
     | from_entries) as $p
    | [$ours[] | select(.kind == "rtp") | . as $o | $p["\(.ssrc):\(.seq)"] as $q | select($q != null)
       | ($q | map(select(.audio_level == $o.audio_level and .voice == $o.voice and
                          .tcc_seq == $o.tcc_seq))) as $same
       | {seq, ssrc, same: ($same | length > 0), block: ($same[0].block // $q[0].block)}]
    | {both: length, differ: map(select(.same | not)) | length,
       one_byte: map(select(.block == "one-byte")) | length,
       two_byte: map(select(.block == "two-byte")) | length,
       first_difference: (map(select(.same | not)) | first)}')
  local both differ one two
  both=$(jq .both <<<"$compared")
  differ=$(jq .differ <<<"$compared")
  one=$(jq .one_byte <<<"$compared")
  two=$(jq .two_byte <<<"$compared")
  [[ $differ -eq 0 ]] || fail "$name: our parse differs from pion's: $compared"
  # pion hands up what its tracks read (not the RTX padding a browser probes with).
  [[ $((both * 10)) -ge $((rtp * 9)) ]] || fail "$name: pion decrypted only $both of the $rtp RTP packets"
  [[ $((one + two)) -eq $both && $one -le $c0de && $two -le $c2de && ($c2de -eq 0 || $two -gt 0) ]] ||
    fail "$name: pion saw $one one-byte and $two two-byte blocks, sent as $c0de 0xC0DE and $c2de 0xC2DE"
  CAPTURE_SUMMARY="$name: $rtp RTP ($c0de 0xC0DE, $c2de 0xC2DE) + $rtcp RTCP unprotected, $both agree with pion"
  step "$CAPTURE_SUMMARY"
}
