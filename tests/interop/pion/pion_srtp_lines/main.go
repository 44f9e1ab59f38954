// pion_srtp_lines: pion/srtp (Go, an SRTP with Cryptex written independently of ours and of
// libsrtp) over the interop tests' packet files, with the command line of our srtp_lines:
//
//	pion_srtp_lines protect   --profile P --key BASE64 --in PLAIN --out PROTECTED [--cryptex]
//	pion_srtp_lines unprotect --profile P --key BASE64 --in PROTECTED --out PLAIN [--cryptex]
//	                          [--expect-fail]
//
// Packet files: one packet per line, "rtp HEX" or "rtcp HEX" (tests/interop/packet_lines.h).
// KEY is the master key || master salt. --cryptex: RFC 9335 negotiated (pion's
// CryptexModeEnabled: protect encrypts CSRCs and RFC 8285 blocks, unprotect accepts Cryptex
// and plain packets); without it pion refuses a Cryptex packet. unprotect exits 1 unless
// every packet is ok; with --expect-fail, unless every packet is refused.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pion/srtp/v3"
)

type packet struct {
	kind  string // "rtp" or "rtcp"
	bytes []byte
}

var profiles = map[string]srtp.ProtectionProfile{
	"AES_CM_128_HMAC_SHA1_80": srtp.ProtectionProfileAes128CmHmacSha1_80,
	"AES_CM_128_HMAC_SHA1_32": srtp.ProtectionProfileAes128CmHmacSha1_32,
	"AEAD_AES_128_GCM":        srtp.ProtectionProfileAeadAes128Gcm,
	"AEAD_AES_256_GCM":        srtp.ProtectionProfileAeadAes256Gcm,
}

func readPackets(path string) ([]packet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var packets []packet
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; scanner.Scan(); line++ {
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		kind, hexBytes, ok := strings.Cut(text, " ")
		if !ok || (kind != "rtp" && kind != "rtcp") {
			return nil, fmt.Errorf("%s:%d: not 'rtp HEX' or 'rtcp HEX'", path, line)
		}
		b, err := hex.DecodeString(hexBytes)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		packets = append(packets, packet{kind, b})
	}
	return packets, scanner.Err()
}

func writePackets(path string, packets []packet) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, p := range packets {
		fmt.Fprintf(w, "%s %s\n", p.kind, hex.EncodeToString(p.bytes))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pion_srtp_lines: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "protect" && os.Args[1] != "unprotect") {
		fmt.Fprintln(os.Stderr, "usage: pion_srtp_lines protect|unprotect --profile P --key BASE64 "+
			"--in F --out F [--cryptex] [--expect-fail]")
		os.Exit(2)
	}
	protect := os.Args[1] == "protect"
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	profileName := flags.String("profile", "", "SRTP profile")
	keyText := flags.String("key", "", "master key || master salt, base64")
	in := flags.String("in", "", "packet file to read")
	out := flags.String("out", "", "packet file to write")
	cryptex := flags.Bool("cryptex", false, "RFC 9335 negotiated")
	expectFail := flags.Bool("expect-fail", false, "every packet must be refused")
	flags.Parse(os.Args[2:])

	profile, ok := profiles[*profileName]
	if !ok {
		fail("unknown --profile '%s'", *profileName)
	}
	key, err := base64.StdEncoding.DecodeString(*keyText)
	if err != nil {
		fail("--key is not base64")
	}
	keyLen, _ := profile.KeyLen()
	saltLen, _ := profile.SaltLen()
	if len(key) != keyLen+saltLen {
		fail("--key has %d bytes, %s takes %d", len(key), *profileName, keyLen+saltLen)
	}
	mode := srtp.CryptexModeDisabled
	if *cryptex {
		mode = srtp.CryptexModeEnabled
	}
	ctx, err := srtp.CreateContext(key[:keyLen], key[keyLen:], profile, srtp.Cryptex(mode))
	if err != nil {
		fail("CreateContext: %v", err)
	}
	packets, err := readPackets(*in)
	if err != nil {
		fail("%v", err)
	}
	okCount := map[string]int{}
	failed := 0
	for i := range packets {
		p := &packets[i]
		var result []byte
		switch {
		case protect && p.kind == "rtp":
			result, err = ctx.EncryptRTP(nil, p.bytes, nil)
		case protect:
			result, err = ctx.EncryptRTCP(nil, p.bytes, nil)
		case p.kind == "rtp":
			result, err = ctx.DecryptRTP(nil, p.bytes, nil)
		default:
			result, err = ctx.DecryptRTCP(nil, p.bytes, nil)
		}
		if err != nil {
			failed++
			if !*expectFail {
				fmt.Fprintf(os.Stderr, "pion_srtp_lines: packet %d (%s): %v\n", i+1, p.kind, err)
			}
			continue
		}
		okCount[p.kind]++
		if *expectFail {
			fmt.Fprintf(os.Stderr, "pion_srtp_lines: packet %d (%s) was accepted after tampering\n",
				i+1, p.kind)
		}
		p.bytes = append([]byte(nil), result...)
	}
	fmt.Fprintf(os.Stderr, "pion_srtp_lines: %s %s (cryptex %v): %d rtp ok, %d rtcp ok, %d failed\n",
		os.Args[1], *profileName, *cryptex, okCount["rtp"], okCount["rtcp"], failed)
	if *expectFail {
		if okCount["rtp"]+okCount["rtcp"] == 0 && failed > 0 {
			os.Exit(0)
		}
		os.Exit(1)
	}
	if failed > 0 || len(packets) == 0 {
		os.Exit(1)
	}
	if *out != "" {
		if err := writePackets(*out, packets); err != nil {
			fail("%v", err)
		}
	}
}
