// cryptex_peer: a WebRTC peer (pion/webrtc v4, Go) that answers a browser's offer with Cryptex
// (RFC 9335, a=cryptex), receives its audio and video, and records what the browser sent so
// that our SRTP can be checked against it:
//
//   - PREFIX.pcap: every RTP/RTCP datagram the browser sent (RFC 7983: first byte 128-191), as
//     it arrived on the ICE transport, before any decryption (Ethernet/IPv4/UDP frames, the
//     real loopback addresses and ports);
//   - PREFIX.keys: the SRTP profile, the DTLS-SRTP keying material (RFC 5764 4.2, exported
//     from pion's DTLS connection), pion's DTLS role, and the browser's master key || salt;
//   - PREFIX.sdp: the browser's offer and pion's answer (the negotiated extmap IDs);
//   - PREFIX.pion.jsonl: pion's own view of each captured RTP packet that it decrypted (its
//     SRTP and Cryptex, its RTP parser): SSRC, sequence number, payload type, the block's form,
//     every extension element's bytes by ID, and audio level, voice and transport-cc sequence
//     decoded from them as the answer's extmap says.
//
// Signalling on stdin/stdout, one JSON object per line: {"offer": SDP} in, {"answer": SDP} out,
// then {"done": summary} once --packets RTP packets were recorded (or {"error": text}).
// Only loopback: the ICE socket is bound to 127.0.0.1, and candidates elsewhere are ignored.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/pion/dtls/v3"
	"github.com/pion/ice/v4"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
)

const (
	uriAudioLevel  = "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
	uriAbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
	uriTransportCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
	uriMid         = "urn:ietf:params:rtp-hdrext:sdes:mid"
	uriPlayoutDly  = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"
	uriContentType = "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type"
	uriVideoTiming = "http://www.webrtc.org/experiments/rtp-hdrext/video-timing"
	uriOrientation = "urn:3gpp:video-orientation"
	uriDependency  = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension"
)

var profiles = map[string]dtls.SRTPProtectionProfile{
	"AES_CM_128_HMAC_SHA1_80": dtls.SRTP_AES128_CM_HMAC_SHA1_80,
	"AES_CM_128_HMAC_SHA1_32": dtls.SRTP_AES128_CM_HMAC_SHA1_32,
	"AEAD_AES_128_GCM":        dtls.SRTP_AEAD_AES_128_GCM,
	"AEAD_AES_256_GCM":        dtls.SRTP_AEAD_AES_256_GCM,
}

// Master key and salt lengths (RFC 5764 4.1.2, RFC 7714 12).
var keySaltLengths = map[string][2]int{
	"AES_CM_128_HMAC_SHA1_80": {16, 14},
	"AES_CM_128_HMAC_SHA1_32": {16, 14},
	"AEAD_AES_128_GCM":        {16, 12},
	"AEAD_AES_256_GCM":        {32, 12},
}

// --- the recording socket ---------------------------------------------------------------

type datagram struct {
	at       time.Time
	src, dst *net.UDPAddr
	bytes    []byte
}

// recorder is the ICE socket: it keeps each RTP/RTCP datagram read from it until `limit` RTP
// packets were kept, then closes `full`. Embedding the interface (not *net.UDPConn) keeps
// every read on ReadFrom.
type recorder struct {
	net.PacketConn
	mu        sync.Mutex
	datagrams []datagram
	rtp       int
	limit     int
	full      chan struct{}
}

func (r *recorder) ReadFrom(b []byte) (int, net.Addr, error) {
	n, addr, err := r.PacketConn.ReadFrom(b)
	if err == nil && n >= 12 && b[0] >= 128 && b[0] <= 191 {
		src, _ := addr.(*net.UDPAddr)
		r.mu.Lock()
		if r.rtp < r.limit && src != nil {
			r.datagrams = append(r.datagrams, datagram{time.Now(), src,
				r.PacketConn.LocalAddr().(*net.UDPAddr), append([]byte(nil), b[:n]...)})
			if b[1] < 192 || b[1] > 223 { // RTCP packet types 192-223 (RFC 5761)
				r.rtp++
				if r.rtp == r.limit {
					close(r.full)
				}
			}
		}
		r.mu.Unlock()
	}
	return n, addr, err
}

func (r *recorder) snapshot() []datagram {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]datagram(nil), r.datagrams...)
}

// writePcap writes the datagrams as Ethernet/IPv4/UDP frames (UDP checksum 0: none).
func writePcap(path string, datagrams []datagram) error {
	var out []byte
	header := make([]byte, 24)
	binary.LittleEndian.PutUint32(header[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(header[4:], 2)
	binary.LittleEndian.PutUint16(header[6:], 4)
	binary.LittleEndian.PutUint32(header[16:], 65535)
	binary.LittleEndian.PutUint32(header[20:], 1) // LINKTYPE_ETHERNET
	out = append(out, header...)
	for _, d := range datagrams {
		frame := make([]byte, 14+20+8, 14+20+8+len(d.bytes))
		binary.BigEndian.PutUint16(frame[12:], 0x0800)
		ip := frame[14:34]
		ip[0] = 0x45
		binary.BigEndian.PutUint16(ip[2:], uint16(20+8+len(d.bytes)))
		ip[8] = 64
		ip[9] = 17
		copy(ip[12:16], d.src.IP.To4())
		copy(ip[16:20], d.dst.IP.To4())
		var sum uint32
		for i := 0; i < 20; i += 2 {
			sum += uint32(binary.BigEndian.Uint16(ip[i:]))
		}
		for sum > 0xffff {
			sum = (sum & 0xffff) + (sum >> 16)
		}
		binary.BigEndian.PutUint16(ip[10:], ^uint16(sum))
		udp := frame[34:42]
		binary.BigEndian.PutUint16(udp[0:], uint16(d.src.Port))
		binary.BigEndian.PutUint16(udp[2:], uint16(d.dst.Port))
		binary.BigEndian.PutUint16(udp[4:], uint16(8+len(d.bytes)))
		frame = append(frame, d.bytes...)
		record := make([]byte, 16)
		binary.LittleEndian.PutUint32(record[0:], uint32(d.at.Unix()))
		binary.LittleEndian.PutUint32(record[4:], uint32(d.at.Nanosecond()/1000))
		binary.LittleEndian.PutUint32(record[8:], uint32(len(frame)))
		binary.LittleEndian.PutUint32(record[12:], uint32(len(frame)))
		out = append(out, record...)
		out = append(out, frame...)
	}
	return os.WriteFile(path, out, 0o644)
}

// --- keys -------------------------------------------------------------------------------

// exportKeyingMaterial runs the RFC 5705 exporter ("EXTRACTOR-dtls_srtp", RFC 5764 4.2) on
// the transport's DTLS connection. pion/webrtc keeps that connection private, so it is read
// with reflection (pion/webrtc v4.2.27's DTLSTransport.conn, pinned by go.sum).
func exportKeyingMaterial(t *webrtc.DTLSTransport, length int) ([]byte, error) {
	field := reflect.ValueOf(t).Elem().FieldByName("conn")
	if !field.IsValid() {
		return nil, errors.New("pion's DTLSTransport has no conn field (another pion version?)")
	}
	conn, ok := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface().(*dtls.Conn)
	if !ok || conn == nil {
		return nil, errors.New("no DTLS connection")
	}
	state, ok := conn.ConnectionState()
	if !ok {
		return nil, errors.New("DTLS connection has no state")
	}
	return state.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", nil, length)
}

// --- pion's view of each packet ---------------------------------------------------------

type packetView struct {
	SSRC       uint32            `json:"ssrc"`
	Seq        uint16            `json:"seq"`
	PT         uint8             `json:"pt"`
	Block      string            `json:"block"` // "one-byte", "two-byte" or "none"
	AudioLevel *int              `json:"audio_level"`
	Voice      *bool             `json:"voice"`
	TCCSeq     *int              `json:"tcc_seq"`
	Mid        *string           `json:"mid"`
	Extensions map[string]string `json:"ext"` // extmap ID -> the element's bytes, hex
}

// view is pion's RTP parse of a packet pion decrypted; the values of the three extensions
// our inspect reports are decoded here (RFC 6464; transport-wide-cc: a 16-bit sequence).
func view(p *rtp.Packet, ids map[uint8]string) packetView {
	v := packetView{SSRC: p.SSRC, Seq: p.SequenceNumber, PT: p.PayloadType,
		Extensions: map[string]string{}, Block: "none"}
	if p.Extension {
		switch p.ExtensionProfile {
		case rtp.ExtensionProfileOneByte:
			v.Block = "one-byte"
		case rtp.ExtensionProfileTwoByte:
			v.Block = "two-byte"
		default:
			v.Block = fmt.Sprintf("0x%04x", p.ExtensionProfile)
		}
	}
	for _, id := range p.GetExtensionIDs() {
		value := p.GetExtension(id)
		v.Extensions[strconv.Itoa(int(id))] = hex.EncodeToString(value)
		switch uri := ids[id]; {
		case uri == uriAudioLevel && len(value) >= 1:
			level, voice := int(value[0]&0x7f), value[0]&0x80 != 0
			v.AudioLevel, v.Voice = &level, &voice
		case uri == uriTransportCC && len(value) >= 2:
			seq := int(binary.BigEndian.Uint16(value))
			v.TCCSeq = &seq
		case uri == uriMid:
			mid := string(value)
			v.Mid = &mid
		}
	}
	return v
}

var extmapLine = regexp.MustCompile(`(?m)^a=extmap:(\d+)(?:/\w+)? (\S+)`)

func extmapIDs(sdp string) map[uint8]string {
	ids := map[uint8]string{}
	for _, m := range extmapLine.FindAllStringSubmatch(sdp, -1) {
		id, _ := strconv.Atoi(m[1])
		ids[uint8(id)] = m[2]
	}
	return ids
}

// --- main -------------------------------------------------------------------------------

func emit(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func fail(format string, args ...any) {
	emit(map[string]string{"error": fmt.Sprintf(format, args...)})
	os.Exit(1)
}

func main() {
	profileName := flag.String("profile", "AEAD_AES_128_GCM", "the one DTLS-SRTP profile offered")
	packets := flag.Int("packets", 300, "RTP packets from the browser to record")
	seconds := flag.Int("seconds", 30, "give up after this long")
	out := flag.String("out", "", "path prefix of the files written")
	flag.Parse()
	profile, ok := profiles[*profileName]
	if !ok || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: cryptex_peer --profile P --out PREFIX [--packets N] [--seconds S]")
		os.Exit(2)
	}

	udp, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		fail("listen: %v", err)
	}
	rec := &recorder{PacketConn: udp, limit: *packets, full: make(chan struct{})}

	var settings webrtc.SettingEngine
	settings.SetICEUDPMux(ice.NewUDPMuxDefault(ice.UDPMuxParams{UDPConn: rec}))
	settings.SetIncludeLoopbackCandidate(true)
	settings.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	settings.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	settings.SetRemoteIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	settings.SetSRTPProtectionProfiles(profile)

	media := &webrtc.MediaEngine{}
	if err := media.RegisterDefaultCodecs(); err != nil {
		fail("codecs: %v", err)
	}
	for _, ext := range []struct {
		uri   string
		kinds []webrtc.RTPCodecType
	}{
		{uriAudioLevel, []webrtc.RTPCodecType{webrtc.RTPCodecTypeAudio}},
		{uriMid, []webrtc.RTPCodecType{webrtc.RTPCodecTypeAudio, webrtc.RTPCodecTypeVideo}},
		{uriAbsSendTime, []webrtc.RTPCodecType{webrtc.RTPCodecTypeAudio, webrtc.RTPCodecTypeVideo}},
		{uriTransportCC, []webrtc.RTPCodecType{webrtc.RTPCodecTypeAudio, webrtc.RTPCodecTypeVideo}},
		{uriPlayoutDly, []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo}},
		{uriContentType, []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo}},
		{uriVideoTiming, []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo}},
		{uriOrientation, []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo}},
		{uriDependency, []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo}},
	} {
		for _, kind := range ext.kinds {
			if err := media.RegisterHeaderExtension(webrtc.RTPHeaderExtensionCapability{URI: ext.uri}, kind); err != nil {
				fail("extension %s: %v", ext.uri, err)
			}
		}
	}
	api := webrtc.NewAPI(webrtc.WithMediaEngine(media), webrtc.WithSettingEngine(settings))
	pc, err := api.NewPeerConnection(webrtc.Configuration{
		RTPHeaderEncryptionPolicy: webrtc.RTPHeaderEncryptionPolicyRequire,
	})
	if err != nil {
		fail("peer connection: %v", err)
	}
	defer pc.Close()

	var viewsMu sync.Mutex
	var views []packetView
	var ids map[uint8]string
	tracks := make(chan *webrtc.TrackRemote, 4)
	pc.OnTrack(func(track *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		tracks <- track
		buf := make([]byte, 1600)
		for {
			n, _, err := track.Read(buf)
			if err != nil {
				return
			}
			var p rtp.Packet
			if p.Unmarshal(buf[:n]) != nil {
				continue
			}
			viewsMu.Lock()
			views = append(views, view(&p, ids))
			viewsMu.Unlock()
		}
	})

	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	if !in.Scan() {
		fail("no offer on stdin")
	}
	var offer struct {
		Offer string `json:"offer"`
	}
	if err := json.Unmarshal(in.Bytes(), &offer); err != nil || offer.Offer == "" {
		fail("stdin: not {\"offer\": SDP}")
	}
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer.Offer}); err != nil {
		fail("offer: %v", err)
	}
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		fail("answer: %v", err)
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(answer); err != nil {
		fail("local description: %v", err)
	}
	<-gathered
	local := pc.LocalDescription().SDP
	ids = extmapIDs(local)
	emit(map[string]string{"answer": local})

	select {
	case <-rec.full:
	case <-time.After(time.Duration(*seconds) * time.Second):
		fail("only %d RTP packets from the browser in %d s", len(rec.snapshot()), *seconds)
	}
	time.Sleep(200 * time.Millisecond) // the last packets reach OnTrack's readers

	var transport *webrtc.DTLSTransport
	for _, r := range pc.GetReceivers() {
		if r.Transport() != nil {
			transport = r.Transport()
			break
		}
	}
	if transport == nil {
		fail("no DTLS transport")
	}
	lengths := keySaltLengths[*profileName]
	unit := lengths[0] + lengths[1]
	material, err := exportKeyingMaterial(transport, 2*unit)
	if err != nil {
		fail("keying material: %v", err)
	}
	// RFC 5764 4.2: client key | server key | client salt | server salt.
	pionRole := "client"
	if strings.Contains(local, "a=setup:passive") {
		pionRole = "server"
	}
	key, salt := lengths[0], lengths[1]
	browserKey := append([]byte(nil), material[0:key]...)
	browserSalt := append([]byte(nil), material[2*key:2*key+salt]...)
	if pionRole == "client" { // the browser is the server
		browserKey = append([]byte(nil), material[key:2*key]...)
		browserSalt = append([]byte(nil), material[2*key+salt:2*key+2*salt]...)
	}

	datagrams := rec.snapshot()
	viewsMu.Lock()
	recorded := append([]packetView(nil), views...)
	viewsMu.Unlock()
	// Only the packets the capture holds (their SSRC and sequence number are in the clear).
	captured := map[[2]uint32]bool{}
	for _, d := range datagrams {
		if d.bytes[1] < 192 || d.bytes[1] > 223 {
			captured[[2]uint32{binary.BigEndian.Uint32(d.bytes[8:]), uint32(binary.BigEndian.Uint16(d.bytes[2:]))}] = true
		}
	}
	kept := recorded[:0]
	for _, v := range recorded {
		if captured[[2]uint32{v.SSRC, uint32(v.Seq)}] {
			kept = append(kept, v)
		}
	}
	recorded = kept
	sort.SliceStable(recorded, func(i, j int) bool { return recorded[i].SSRC < recorded[j].SSRC })

	keys := fmt.Sprintf("# cryptex_peer: DTLS-SRTP keys of one test call (test keys only)\n"+
		"profile %s\nkeying_material %s\npion_dtls_role %s\nbrowser_master_key_salt %s\n",
		*profileName, hex.EncodeToString(material), pionRole,
		base64.StdEncoding.EncodeToString(append(browserKey, browserSalt...)))
	var jsonl strings.Builder
	for _, v := range recorded {
		b, _ := json.Marshal(v)
		jsonl.Write(b)
		jsonl.WriteByte('\n')
	}
	for path, content := range map[string]string{
		*out + ".keys":       keys,
		*out + ".sdp":        "# the browser's offer\n" + offer.Offer + "# pion's answer\n" + local,
		*out + ".pion.jsonl": jsonl.String(),
	} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			fail("%v", err)
		}
	}
	if err := writePcap(*out+".pcap", datagrams); err != nil {
		fail("%v", err)
	}
	emit(map[string]any{"done": map[string]any{
		"datagrams": len(datagrams), "pion_decrypted": len(recorded), "pion_role": pionRole,
		"cryptex_in_answer": strings.Contains(local, "a=cryptex"),
	}})
}
