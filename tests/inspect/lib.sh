# Shared by the corpus tests: run our inspector and tshark on one capture and turn both
# into one tab-separated line per RTP packet, in capture order, so they can be joined
# packet by packet.
set -euo pipefail

export HOME="${TEST_TMPDIR:-$(mktemp -d)}"  # tshark keeps its profile under $HOME
INSPECT="${INSPECT:-tools/inspect/inspect}"
CODEC_DATA="${CODEC_DATA:-tests/data/codec}"
WORK="$HOME/work"
mkdir -p "$WORK"

fail() { echo "FAIL: $*" >&2; exit 1; }

# ours FILE ARGS... : our JSON lines for the RTP packets of FILE (inspect's other
# arguments follow), one per line.
ours() {
  local file=$1; shift
  "$INSPECT" --pcap "$file" "$@" 2>/dev/null | jq -c 'select(.kind == "rtp")'
}

# fields JQ_FIELDS < json : the listed fields as TSV; null -> "-", booleans -> 1/0.
fields() {
  jq -r "[$1] | map(if . == null then \"-\" elif . == true then 1 elif . == false then 0 else . end | tostring) | @tsv"
}

# theirs FILE PORT DECODE_AS FIELDS... : tshark's fields for every RTP packet, first
# occurrence of each, empty -> "-".
theirs() {
  local file=$1 port=$2 decode=$3; shift 3
  local args=()
  for f in "$@"; do args+=(-e "$f"); done
  local decode_args=(-d "udp.port==$port,rtp")
  [[ -n $decode ]] && decode_args+=(-d "$decode")
  tshark -r "$file" "${decode_args[@]}" -Y rtp -T fields -E occurrence=f "${args[@]}" \
    2>/dev/null | awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; ++i) if ($i == "") $i = "-"; print }'
}

# same NAME A B : the two files must be identical, line for line; prints the first lines
# that differ otherwise.
same() {
  local name=$1 a=$2 b=$3
  if ! diff -u "$a" "$b" > "$WORK/$name.diff"; then
    head -20 "$WORK/$name.diff" >&2
    fail "$name: inspect and the expected values differ ($(grep -c '^[-+][^-+]' "$WORK/$name.diff") lines)"
  fi
  echo "ok: $name ($(wc -l < "$a") packets)"
}

# rtp_header_agrees FILE PORT JSON : seq, ssrc, timestamp, marker and payload type of every
# packet as tshark's RTP dissector reads them.
rtp_header_agrees() {
  local file=$1 port=$2 json=$3
  fields '.seq, .ssrc, .rtp_ts, .marker, .pt' < "$json" > "$WORK/rtp.ours"
  # tshark prints the SSRC in hex.
  theirs "$file" "$port" "" rtp.seq rtp.ssrc rtp.timestamp rtp.marker rtp.p_type \
    | while IFS=$'\t' read -r seq ssrc ts marker pt; do
        printf '%s\t%d\t%s\t%s\t%s\n' "$seq" "$ssrc" "$ts" "$marker" "$pt"
      done > "$WORK/rtp.theirs"
  [[ -s $WORK/rtp.ours ]] || fail "no RTP packets in $file"
  same "rtp header" "$WORK/rtp.ours" "$WORK/rtp.theirs"
}

# plain_and_parsed JSON CODEC : every packet was plain RTP, mapped to CODEC and parsed.
plain_and_parsed() {
  local json=$1 codec=$2 bad
  bad=$(jq -c "select(.status != \"ok\" or .codec != \"$codec\" or .codec_error != null)" < "$json" | head -3)
  [[ -z $bad ]] || fail "packets not ok/$codec/parsed: $bad"
  echo "ok: every packet is plain $codec and parses"
}

# no_envelope JSON : plain encoder output: "none" on each frame's last packet (marker or
# frame_end, or every packet for audio), null before it; never a key id.
no_envelope() {
  local json=$1
  jq -r 'if .codec == "opus" then "1" elif (.frame_end // .marker) then "1" else "0" end' \
    < "$json" | awk '{ print ($1 == "1") ? "none" : "-" }' > "$WORK/e2ee.expected"
  fields '.e2ee' < "$json" > "$WORK/e2ee.ours"
  same "e2ee verdicts" "$WORK/e2ee.ours" "$WORK/e2ee.expected"
  [[ -z $(jq -c 'select(.e2ee_key_id != null)' < "$json") ]] || fail "an e2ee_key_id on plain media"
}

# frame_index JSON : for each packet, the index of its frame (0-based, a new frame on each
# new RTP timestamp), one per line.
frame_index() {
  jq -r '.rtp_ts' < "$1" | awk 'NR == 1 || $1 != last { if (NR > 1) ++f; last = $1 } { print f + 0 }'
}
