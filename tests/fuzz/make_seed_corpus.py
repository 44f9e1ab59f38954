#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz/corpus/ (run from anywhere).

Hand-made seeds, plus packets from the real-encoder captures in tests/data/codec/ (read
directly) and, with --srtp-plain DIR, from the SRTP captures of tests/data/srtp/ after
decryption by the inspector (DIR holds vp8_plain.pcap and opus_plain.pcap; the commands
are in tests/fuzz/README.md). Without --srtp-plain, those seeds are left as they are.
"""
import argparse
import os
import struct

ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--srtp-plain", metavar="DIR",
                  help="directory with vp8_plain.pcap and opus_plain.pcap (inspect --write-pcap)")
OPTIONS = ARGS.parse_args()

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(target, name, data):
    os.makedirs(os.path.join(BASE, target), exist_ok=True)
    with open(os.path.join(BASE, target, name), "wb") as f:
        f.write(data)


rtp = bytes([0x80, 0x60, 0x12, 0x34, 0, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF]) + bytes(range(40))
rtp_ext = bytes([0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 9, 0xBE, 0xDE, 0, 1, 0x10, 0x55, 0, 0]) + bytes(20)
rtcp = bytes([0x80, 200, 0, 6, 0, 0, 0, 9]) + bytes(20)
for mode in range(3):
    for profile in range(4):
        write("srtp_unprotect_fuzzer", f"rtp_m{mode}_p{profile}", bytes([profile | (mode << 3), 0x11]) + rtp)
        write("srtp_unprotect_fuzzer", f"rtcp_m{mode}_p{profile}", bytes([profile | 4 | (mode << 3), 0x22]) + rtcp)
    write("srtp_unprotect_fuzzer", f"ext_m{mode}", bytes([mode << 3, 3]) + rtp_ext)
# Cryptex sessions (bit 5): extensions, CSRCs only, both; and an RFC 9335 Appendix A packet.
rtp_csrc = bytes([0x82, 0x60, 0, 3, 0, 0, 0, 4, 0, 0, 0, 9]) + bytes(range(1, 9)) + bytes(20)
rtp_csrc_ext = bytes([0x92]) + rtp_ext[1:12] + bytes(range(1, 9)) + rtp_ext[12:]
for mode in range(3):
    for profile in range(4):
        for name, packet in (("ext", rtp_ext), ("csrc", rtp_csrc), ("csrc_ext", rtp_csrc_ext)):
            write("srtp_unprotect_fuzzer", f"cryptex_{name}_m{mode}_p{profile}",
                  bytes([0x20 | profile | (mode << 3), 5]) + packet)
write("srtp_unprotect_fuzzer", "cryptex_rfc9335_ctr", bytes([0x20, 0]) + bytes.fromhex(
    "920f1238decafbadcafebabe8bb6e12b5cff16ddc0de000192838c8c09e58393e1de3a9a74734d67"
    "45671338c3acf11da2df8423bee0"))

udp = struct.pack("!HHHH", 5000, 5004, 8 + len(rtp), 0) + rtp
ip4 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                  bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
ip6 = struct.pack("!IHBB16s16s", 0x60000000, len(udp), 17, 64, bytes(15) + b"\x01", bytes(15) + b"\x01") + udp
write("udp_frame_fuzzer", "eth_ipv4_rtp", bytes([1]) + bytes(12) + b"\x08\x00" + ip4)
write("udp_frame_fuzzer", "eth_vlan_ipv4_rtp", bytes([1]) + bytes(12) + b"\x81\x00\x00\x05\x08\x00" + ip4)
write("udp_frame_fuzzer", "raw_ipv6_rtp", bytes([2]) + ip6)
write("udp_frame_fuzzer", "sll_ipv4_rtp", bytes([4]) + bytes(14) + b"\x08\x00" + ip4)

# crypto_fuzzer: mode (op | AES-256 << 2 | 8-byte tag << 3), piece, length (LE), AAD or HMAC
# key length, bit to flip; the rest (key, IV, AAD, data) is filled from a pattern.
for name, mode, piece, length, extra, flip in [
        ("ctr128_160", 0, 0, 160, 0, 255), ("ctr256_2048_pieces7", 4, 7, 2048, 0, 255),
        ("gcm128_seal_60", 1, 0, 60, 12, 255), ("gcm256_seal_1200_pieces13", 5, 13, 1200, 20, 255),
        ("gcm128_open_160", 2, 0, 160, 12, 255), ("gcm128_open_flip", 2, 0, 160, 12, 77),
        ("gcm256_open_tag8_flip", 14, 0, 0, 8, 3), ("hmac_20_176", 3, 0, 176, 20, 255),
        ("hmac_80_1216_pieces64", 3, 64, 1216, 80, 255)]:
    write("crypto_fuzzer", name, bytes([mode, piece, length & 0xff, length >> 8, extra, flip]))

key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
write("key_spec_fuzzer", "default", key.encode())
write("key_spec_fuzzer", "ssrc", ("ssrc:0x1234=" + key).encode())
write("key_spec_fuzzer", "port", ("port:5004=" + key + "==").encode())

# --- parsers: seeds from the real-encoder captures (tests/data/codec) and hand-made ones ---
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "codec")


def udp_payloads(path):
    """UDP payloads of a classic pcap with Ethernet or Linux-cooked framing (IPv4)."""
    with open(path, "rb") as f:
        blob = f.read()
    magic = struct.unpack("<I", blob[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", blob[20:24])[0]
    pos = 24
    out = []
    while pos + 16 <= len(blob):
        _, _, caplen, _ = struct.unpack(endian + "IIII", blob[pos:pos + 16])
        frame = blob[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        l2 = {1: 14, 113: 16, 0: 4}.get(linktype)
        if l2 is None or len(frame) < l2 + 28:
            continue
        ip = frame[l2:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        out.append(ip[ihl + 8:])
    return out


for name in ("gst_vp8", "gst_vp9", "gst_h264", "gst_opus", "ffmpeg_vp8_temporal"):
    path = os.path.join(DATA, name + ".pcap")
    if not os.path.exists(path):
        continue
    payloads = udp_payloads(path)
    # PTs in the captures: 96 (VP8), 98 (VP9), 102 (H.264), 111 (Opus) match packet_fuzzer.
    for i, p in enumerate(payloads[:12]):
        write("packet_fuzzer", f"{name}_{i}", p)
    # ingress_fuzzer: a few packets behind length bytes (truncated to 255 bytes each).
    batch = b"".join(bytes([min(len(p), 255)]) + p[:255] for p in payloads[:6])
    write("ingress_fuzzer", name, batch)

av1_dd = bytes([0x90, 45, 0, 1, 0, 0, 0, 9, 0, 0, 0, 7, 0xBE, 0xDE, 0, 1,
                (5 << 4) | 2, 0xC1, 0x12, 0x34, 0x10, 0x30, 1, 2])
write("packet_fuzzer", "av1_dd", av1_dd)
write("packet_fuzzer", "audio_level", bytes([0x90, 111, 0, 2, 0, 0, 0, 9, 0, 0, 0, 8, 0xBE, 0xDE, 0, 1,
                                             (1 << 4), 0x9E, (3 << 4) | 1, 0, 7]) + bytes([0xF8]) + bytes(40))

sr = bytes([0x80, 200, 0, 6]) + bytes(24)
rr = bytes([0x81, 201, 0, 7]) + bytes(28)
sdes = bytes([0x81, 202, 0, 4, 0, 0, 0, 1, 1, 8]) + b"jvbfpath" + bytes(2)
bye = bytes([0x81, 203, 0, 1, 0, 0, 0, 1])
nack = bytes([0x81, 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 10, 0, 5])
pli = bytes([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2])
fir = bytes([0x84, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 7, 0, 0, 0])
remb = bytes([0x8F, 206, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0]) + b"REMB" + bytes([1, 0x0A, 0x12, 0x34, 0, 0, 0, 2])
tcc = bytes([0x8F, 205, 0, 10, 0, 0, 0, 1, 0, 0, 0, 2, 0, 100, 0, 20, 0, 0, 1, 0, 0x20, 20]) + bytes([4] * 20) + bytes(2)
for name, packet in [("sr_sdes", sr + sdes), ("rr_bye", rr + bye), ("nack", nack), ("pli", pli),
                     ("fir", fir), ("remb", remb), ("tcc", tcc), ("compound", sr + sdes + tcc + pli)]:
    write("rtcp_fuzzer", name, packet)

trailer = bytes(8) + bytes([0, 0, 0, 5]) + bytes([12, 3])
for name, seq in [("jframe_one", bytes([3, 40]) + bytes(26) + trailer),
                  ("jframe_split", bytes([1, 30]) + bytes(30) + bytes([2, 4]) + trailer[-4:]),
                  ("sframe_three", b"".join(bytes([3, 12, 0x19, c]) + bytes(10) for c in (8, 9, 10, 11)))]:
    write("envelope_fuzzer", name, seq)


# --- per-layer targets (rtp, codec, rewrite, e2ee) and the ingress batch format -------------


def be16(n):
    return struct.pack("!H", n)


def rtp_header(pt, seq, ts, ssrc, marker=False, csrcs=(), ext=None, padding=False):
    """An RTP header; `ext` is (profile, body bytes) with the body padded to 32 bits."""
    b0 = 0x80 | (0x20 if padding else 0) | (0x10 if ext else 0) | len(csrcs)
    h = bytes([b0, (0x80 if marker else 0) | pt]) + be16(seq) + struct.pack("!II", ts, ssrc)
    h += b"".join(struct.pack("!I", c) for c in csrcs)
    if ext:
        profile, body = ext
        body += bytes(-len(body) % 4)
        h += be16(profile) + be16(len(body) // 4) + body
    return h


def one_byte(*elements):
    return (0xBEDE, b"".join(bytes([(i << 4) | (len(d) - 1)]) + d for i, d in elements))


def two_byte(*elements):
    return (0x1000, b"".join(bytes([i, len(d)]) + d for i, d in elements))


def records(items, length_bytes=2):
    """[control byte, 2-byte length, bytes] records (rewrite_fuzzer, envelope_guard_fuzzer)."""
    return b"".join(bytes([c]) + be16(len(p)) + p for c, p in items)


def batch(mode, packets):
    """ingress_fuzzer: mode byte, then [2-byte length, bytes] per packet."""
    return bytes([mode]) + b"".join(be16(len(p)) + p for p in packets)


def captured(name):
    path = os.path.join(DATA, name + ".pcap")
    return udp_payloads(path) if os.path.exists(path) else []


def srtp_plain(name):
    if not OPTIONS.srtp_plain:
        return None
    return udp_payloads(os.path.join(OPTIONS.srtp_plain, name + ".pcap"))


# VP8 payload descriptor X=1 I=1 (15-bit picture id) L=1 T=1, start of partition 0, then a
# key frame header (tag, start code, 320x240) and some frame bytes.
vp8_desc = bytes([0x90, 0xE0, 0x81, 0x23, 0x45, 0x40])
vp8_key = bytes([0x50, 0x2A, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00]) + bytes(range(30))
vp8_delta = bytes([0x11, 0x02, 0x00]) + bytes(range(30))
ext_video = one_byte((3, be16(0x0102)), (2, bytes([1, 2, 3])))
ext_audio = one_byte((1, bytes([0x9E])), (3, be16(0x0203)))
vp8_pkt = rtp_header(96, 100, 9000, 0x1111, ext=ext_video) + vp8_desc + vp8_key
vp8_pkt_delta = rtp_header(96, 101, 12000, 0x1111, marker=True, ext=ext_video) + vp8_desc[:3] + bytes([0x80 | 0x23, 0x46, 0x40]) + vp8_delta
opus_pkt = rtp_header(111, 7, 960, 0x2222, marker=True, ext=ext_audio) + bytes([0xF8]) + bytes(40)
# VP9: I=1 (15-bit) L=1 (non-flexible: TL0PICIDX) B=1 V=1 with SS: 2 spatial layers,
# resolutions, 2 pictures in the group.
vp9_desc = bytes([0xAA, 0x80 | 0x01, 0x02, 0x00, 0x05]) + bytes([0x38]) + \
    be16(320) + be16(180) + be16(640) + be16(360) + bytes([2, 0x04, 1, 0x24, 1])
vp9_pkt = rtp_header(98, 5, 3000, 0x3333, ext=ext_video) + vp9_desc + bytes(range(20))
# H.264 STAP-A with SPS (640x480 baseline), PPS and an IDR slice start.
sps = bytes([0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xF6, 0x84, 0x00, 0x00, 0x03, 0x00, 0x04,
             0x00, 0x00, 0x03, 0x00, 0xF0, 0x3C, 0x58, 0xBA, 0x80])
pps = bytes([0x68, 0xCE, 0x38, 0x80])
idr = bytes([0x65, 0x88, 0x84, 0x00]) + bytes(10)
stap_a = bytes([0x18]) + b"".join(be16(len(n)) + n for n in (sps, pps, idr))
fu_a = bytes([0x7C, 0x85]) + bytes(20)
h264_pkt = rtp_header(102, 9, 90000, 0x4444, ext=ext_video) + stap_a
# AV1: aggregation header W=2 N=1, a sequence header OBU element, then the last element.
av1_payload = bytes([0x28, 0x03, 0x0A, 0x0B, 0x00]) + bytes([0x32]) + bytes(12)


class Bits:
    def __init__(self):
        self.out, self.n = bytearray(), 0

    def put(self, value, width):
        for i in range(width - 1, -1, -1):
            if self.n % 8 == 0:
                self.out.append(0)
            if (value >> i) & 1:
                self.out[-1] |= 0x80 >> (self.n % 8)
            self.n += 1

    def ns(self, value, n):
        w = n.bit_length()
        m = (1 << w) - n
        if value < m:
            self.put(value, w - 1)
        else:
            self.put((value + m) >> 1, w - 1)
            self.put((value + m) & 1, 1)


def av1_dd_l1t3(frame_number, with_structure=True, template_id=0, start=True, end=True):
    """An AV1 DD; the L1T3 structure of tests/native/codec/av1_dependency_descriptor_test."""
    b = Bits()
    b.put(start, 1), b.put(end, 1), b.put(template_id, 6), b.put(frame_number, 16)
    if not with_structure:
        return bytes(b.out)
    b.put(1, 1), b.put(0, 4)  # structure present; no active/custom fields
    b.put(0, 6), b.put(3 - 1, 5)
    for idc in (0, 1, 1, 0, 3):
        b.put(idc, 2)
    for row in ((2, 2, 2), (2, 2, 2), (0, 1, 3), (0, 0, 1), (0, 0, 1)):
        for dti in row:
            b.put(dti, 2)
    for row in ((), (4,), (2,), (1,), (1, 3)):
        for f in row:
            b.put(1, 1), b.put(f - 1, 4)
        b.put(0, 1)
    b.ns(1, 4)
    for _ in range(3):
        b.ns(0, 2)
    for row in ((0,), (4,), (2,), (1,), (3,)):
        for f in row:
            b.put(f, 4)
    b.put(1, 1), b.put(639, 16), b.put(359, 16)
    return bytes(b.out)


dd_key = av1_dd_l1t3(100)
dd_delta = av1_dd_l1t3(101, with_structure=False, template_id=2)
av1_pkt = rtp_header(45, 20, 9000, 0x5555, ext=two_byte((5, dd_key), (3, be16(9)))) + av1_payload
av1_pkt_delta = rtp_header(45, 21, 12000, 0x5555, marker=True,
                           ext=one_byte((5, dd_delta), (3, be16(10)))) + bytes([0x10]) + bytes(30)

vp8_cap = captured("gst_vp8")
vp9_cap = captured("gst_vp9")
h264_cap = captured("gst_h264")
opus_cap = captured("gst_opus")
temporal_cap = captured("ffmpeg_vp8_temporal")
srtp_vp8 = srtp_plain("vp8_plain")
srtp_opus = srtp_plain("opus_plain")

# rtp_fuzzer: header forms, extension forms, padding, CSRCs; captured packets.
for name, packet in [
        ("plain", rtp_header(96, 1, 2, 3) + bytes(20)),
        ("csrcs_padding", rtp_header(0, 1, 2, 3, csrcs=(7, 8), padding=True) + bytes(10) + bytes([0, 0, 3])),
        ("one_byte_all", rtp_header(111, 1, 2, 3, ext=one_byte((1, b"\x85"), (3, be16(77)), (2, b"\x01\x02\x03"),
                                                               (4, b"0"), (10, b"hi"), (11, b"lo"))) + bytes(8)),
        ("one_byte_pad_reserved", rtp_header(96, 1, 2, 3, ext=(0xBEDE, b"\x10\x80\x00\x00\x31\x00\x05\xF0\x12")) + bytes(4)),
        ("two_byte", rtp_header(96, 1, 2, 3, ext=two_byte((1, b"\x7F"), (3, be16(5)), (15, b""), (200, bytes(20))))),
        ("other_profile", rtp_header(96, 1, 2, 3, ext=(0x1234, bytes(8))) + bytes(4)),
        ("vp8", vp8_pkt), ("opus", opus_pkt), ("av1_dd", av1_pkt)]:
    write("rtp_fuzzer", name, packet)
for label, packets in (("srtp_vp8", srtp_vp8), ("srtp_opus", srtp_opus)):
    for i, p in enumerate((packets or [])[:3]):
        write("rtp_fuzzer", f"{label}_{i}", p)

# vp8_vp9_h264_av1_opus_fuzzer: selector byte + parser input.
codec_seeds = [
    ("vp8_key", 0, vp8_desc + vp8_key), ("vp8_short", 0, bytes([0x80, 0x80, 0x05, 0x10])),
    ("vp8_7bit", 0, bytes([0x90, 0xC0, 0x05, 0x07, 0x11, 0, 0])),
    ("vp9_ss", 1, vp9_desc + bytes(8)), ("vp9_flexible", 1, bytes([0xD8, 0x81, 0x02, 0x20, 0x05, 0x03]) + bytes(4)),
    ("h264_stap_a", 2, stap_a), ("h264_fu_a", 2, fu_a), ("h264_idr", 2, idr),
    ("h264_sps", 3, sps), ("av1", 4, av1_payload), ("av1_w0", 4, bytes([0x08, 0x02, 0x32, 0x00, 0x01, 0x12])),
    ("opus_code0", 5, bytes([0xF8, 1, 2])), ("opus_code3", 5, bytes([0x7B, 0x83, 1, 2, 3])),
    ("av1_dd_sequence", 6, b"".join(bytes([len(d)]) + d for d in (dd_key, dd_delta, av1_dd_l1t3(102, False, 3)))),
    ("packet_vp8", 7, vp8_pkt), ("packet_vp9", 7, vp9_pkt), ("packet_h264", 7, h264_pkt),
    ("packet_av1", 7, av1_pkt), ("packet_opus", 7, opus_pkt)]
for name, selector, body in codec_seeds:
    write("vp8_vp9_h264_av1_opus_fuzzer", name, bytes([selector]) + body)
for label, packets, sel in (("gst_vp8", vp8_cap, 0), ("gst_vp9", vp9_cap, 1), ("gst_h264", h264_cap, 2)):
    for i, p in enumerate(packets[:2]):
        write("vp8_vp9_h264_av1_opus_fuzzer", f"{label}_{i}", bytes([sel]) + p[12 + 4 * (p[0] & 15) + (4 + 4 * struct.unpack("!H", p[14 + 4 * (p[0] & 15):16 + 4 * (p[0] & 15)])[0] if p[0] & 0x10 else 0):])
if srtp_vp8:
    write("vp8_vp9_h264_av1_opus_fuzzer", "srtp_vp8_packet", bytes([7]) + srtp_vp8[0])

# rewrite_fuzzer: two simulcast sources into one rewriter with a switch and a drop; audio;
# the captured temporal-layer VP8 (TL0PICIDX) and AV1 with DD.
write("rewrite_fuzzer", "switch_vp8", records([
    (0x08, vp8_pkt), (0x08, vp8_pkt_delta),
    (0x0C, rtp_header(96, 102, 15000, 0x1111, ext=ext_video) + vp8_desc + vp8_delta),
    (0x08, rtp_header(96, 500, 70000, 0x9999, ext=ext_video) + vp8_desc + vp8_key),
    (0x10, rtp_header(96, 103, 18000, 0x1111, ext=ext_video) + vp8_desc + vp8_delta)]))
write("rewrite_fuzzer", "audio_and_av1", records([(0x09, opus_pkt), (0x09, opus_pkt), (0x08, av1_pkt),
                                                   (0x08, av1_pkt_delta), (0x0A, vp9_pkt), (0x0A, h264_pkt)]))
if temporal_cap:
    write("rewrite_fuzzer", "ffmpeg_vp8_temporal", records([(0x08, p) for p in temporal_cap[2:9]]))
if vp8_cap and vp9_cap:
    write("rewrite_fuzzer", "gst_vp8_vp9", records([(0x08, p) for p in vp8_cap[:3] + vp9_cap[:3]]))
if srtp_vp8:
    write("rewrite_fuzzer", "srtp_vp8", records([(0x08, p) for p in srtp_vp8[:3]]))

# envelope_guard_fuzzer: a JFrame-enveloped VP8 frame over two packets (trailer: IV, 0x0C, key 3), an
# SFrame stream (KID 1, CTR 8, 9, 10), plaintext audio, and RTX.
iv = struct.pack("!II", 0x1111, 9000) + bytes([0, 0, 0, 5])
jframe_a = rtp_header(96, 200, 9000, 0x1111, ext=ext_video) + vp8_desc + bytes(range(40))
jframe_b = rtp_header(96, 201, 9000, 0x1111, marker=True, ext=ext_video) + \
    bytes([0x80, 0x80, 0x81, 0x23]) + bytes(16) + iv + bytes([12, 3])
sframes = [rtp_header(96, 300 + i, 3000 * i, 0x6666, marker=True, ext=ext_video) + vp8_desc +
           bytes([0x19, ctr]) + bytes(30) for i, ctr in enumerate((8, 9, 10, 11))]
write("envelope_guard_fuzzer", "jframe_vp8", records([(0x01, jframe_a), (0x10, jframe_b)]))
write("envelope_guard_fuzzer", "sframe_vp8", records([(0x02 * i, p) for i, p in enumerate(sframes)]))
write("envelope_guard_fuzzer", "plain_mix", records([(0x01, opus_pkt), (0x04, vp9_pkt), (0x07, h264_pkt), (0x03, av1_pkt)]))
if srtp_opus:
    write("envelope_guard_fuzzer", "srtp_opus", records([(i, p) for i, p in enumerate(srtp_opus[:4])]))

# ingress_fuzzer: mode byte + length-prefixed packets (odd ones get protected by the client).
for name, packets in (("gst_vp8", vp8_cap), ("gst_vp9", vp9_cap), ("gst_h264", h264_cap), ("gst_opus", opus_cap),
                      ("ffmpeg_vp8_temporal", temporal_cap)):
    if packets:
        write("ingress_fuzzer", name, batch(len(name) % 3, [p for p in packets[:6]]))
write("ingress_fuzzer", "e2ee_required_sframe", batch(2, [q for p in sframes for q in (p, p)]))
write("ingress_fuzzer", "passthrough_jframe_rtcp", batch(1, [jframe_a, jframe_a, jframe_b, jframe_b, sr + sdes, sr + sdes]))
write("ingress_fuzzer", "av1_dd", batch(0, [av1_pkt, av1_pkt, av1_pkt_delta, av1_pkt_delta]))
if srtp_vp8:
    write("ingress_fuzzer", "srtp_vp8_1200", batch(0, [p for p in srtp_vp8[:4] for _ in (0, 1)]))

# rtcp_fuzzer: the ffmpeg sender reports, decrypted.
for label, packets in (("srtp_vp8", srtp_vp8), ("srtp_opus", srtp_opus)):
    for p in packets or []:
        if len(p) > 1 and 192 <= p[1] <= 223:
            write("rtcp_fuzzer", f"{label}_sr", p)

# jni_fuzzer: mode byte, then operations (tests/fuzz/jni_fuzzer.cc reads each op's arguments
# in this order; a 0 "selector" byte keeps Fuzz()'s valid value).
(J_RAW, J_RTP, J_RTCP, J_PAIR, J_ODD_SESSION, J_DESTROY_PAIR, J_TRANSFORM, J_ROUND_TRIP,
 J_TRANSFORM_BATCH, J_BATCH_ROUND_TRIP, J_SESSION_QUERY, J_CONFERENCE, J_CONFERENCE_QUERY,
 J_ENDPOINT, J_ENDPOINT_DESTROY, J_PROTECT_FOR_ENDPOINT, J_METADATA, J_METADATA_QUERY, J_INGRESS,
 J_EGRESS, J_REWRITER, J_FAIL_ALLOCATION) = range(22)
J_KEY_LENGTH = (30, 30, 28, 44)  # master key || salt per profile
# Batch operations: a misuse byte (0: all valid; else 0x80 | J_BAD_* bits), then per native
# call of 32 packets a `how` byte: the JNI entry, the critical twin, or (J_BOTH) the JNI
# entry then the twin when the call is to be refused; J_LIE (with J_TWIN, under
# J_BAD_ARRAYS) changes caps[i] for the twin, i from the byte after.
J_BAD_PACKETS, J_BAD_ARRAYS, J_BAD_WINDOWS, J_BAD_METADATA = 1, 2, 4, 8
J_JNI, J_TWIN, J_BOTH, J_LIE = 0, 1, 2, 4
J_NULL = bytes([0x10])  # ArrayLength() under J_BAD_ARRAYS: a null array
J_SAME = bytes([1, 0])  # ... an array of the valid length


def j_int(value):
    """A Fuzz() selector for exactly `value` (0xE0, then a 32-bit value)."""
    return bytes([0xE0]) + struct.pack("!i", value)


def j_near(delta):
    """A Fuzz() selector for the valid value + delta (-4..3)."""
    return bytes([0xA0 | (delta + 4)])


def j_misuse(bits):
    return bytes([0x80 | bits])


def j_rtp(pt_index, seq, ssrc_index, payload, ext=()):
    """Harness Rtp(): flags, seq, ts, (extensions), 2-byte payload length, payload."""
    flags = pt_index | 0x08 | (0x10 if ext else 0) | (ssrc_index << 5)
    out = bytes([flags]) + struct.pack("!HI", seq, seq * 3000)
    if ext:
        out += bytes([len(ext)]) + b"".join(bytes([eid, len(v) - 1]) + v for eid, v in ext)
    return out + struct.pack("!H", len(payload)) + payload


def j_rtcp(ssrc_index, tail_words=1):
    return bytes([ssrc_index, tail_words]) + bytes(range(20 + 4 * tail_words))


def j_pair(profile, dtls):
    key = bytes((profile * 17 + i) & 0xFF for i in range(J_KEY_LENGTH[profile] * (2 if dtls else 1)))
    return bytes([J_PAIR, profile, dtls, 0, 3, 1]) + key


def j_string(text):
    return bytes([1, len(text)]) + bytes(ord(c) - ord("a") for c in text)


def j_endpoint(name, profile, bridge_is_client):
    km = bytes((i * 7 + profile) & 0xFF for i in range(2 * J_KEY_LENGTH[profile]))
    uris = range(9)  # every extension URI, ids 1..9
    codecs = range(1, 6)  # vp8, vp9, h264, av1, opus on payload types 96..100
    return (bytes([J_ENDPOINT, 1]) + j_string(name) + bytes([profile, 0, bridge_is_client, 0]) + km +
            bytes([1, len(uris), 0]) + bytes(len(uris)) + bytes(uris) +
            bytes([len(codecs), 0]) + bytes(len(codecs)) + bytes(codecs) + bytes([0, 0, 1]))


def j_transform_batch(session, rtcp, pool, hows):
    """TransformBatch(), valid: session, rtcp, misuse 0, count, a pool buffer per packet."""
    return bytes([J_TRANSFORM_BATCH, session, rtcp, 0, len(pool)]) + bytes(pool) + bytes(hows)


def j_batch_round_trip(pair, rtcp, packets, hows_out, hows_in):
    """BatchRoundTrip(): pair, rtcp, count - 1, (packet, Store byte) each; protect, unprotect."""
    return (bytes([J_BATCH_ROUND_TRIP, pair, rtcp, len(packets) - 1]) +
            b"".join(p + bytes([0]) for p in packets) + bytes(hows_out + hows_in))


def j_ingress(endpoint, meta, pool, unprotect, meta_start, hows):
    """Ingress(), valid: the metadata start byte is taken modulo capacity - count + 1."""
    return (bytes([J_INGRESS, endpoint, meta, 0, len(pool)]) + bytes(pool) +
            bytes([1 if unprotect else 0, meta_start]) + bytes(hows))


def j_egress(endpoint, meta, pool, indexes, rewriters, flags, hows):
    """Egress(), valid: per packet a metadata index and a rewriter byte; flags or none."""
    return (bytes([J_EGRESS, endpoint, meta, 0, len(pool)]) + bytes(pool) +
            b"".join(bytes([i, r]) for i, r in zip(indexes, rewriters)) +
            (bytes([0]) + bytes(flags) if flags is not None else bytes([1])) + bytes(hows))


vp8_payload = vp8_desc + vp8_key
opus_payload = bytes([0xF8]) + bytes(40)
audio_level = (1, bytes([0x85]))


def j_drop_batch(slots):
    """RewriterOp 3, valid: rwDropBatch over metadata 1 of `slots` through rewriter 1."""
    out = bytes([J_REWRITER, 3, 1, len(slots), 0, 0, 0, 0])
    for slot in slots:
        out += bytes([slot, 0])
    return out + bytes([1, 1, 0]) + bytes([1] * len(slots))


def j_conference():
    """A conference; alice (endpoint byte 2) and bob (1); metadata of 64 (byte 1); a rewriter
    (byte 1); alice's client protects 4 VP8 packets and an RTCP report for the pool."""
    out = bytes([J_CONFERENCE, 1]) + j_string("conf") + bytes([2, 0, 1, 0])
    out += j_endpoint("alice", 2, 0) + j_endpoint("bob", 0, 1)
    out += bytes([J_METADATA, 1, 63, 0]) + bytes([J_REWRITER, 0, 1, 0]) + struct.pack("!I", 0xABCD) + bytes([1])
    for k in range(4):
        out += bytes([J_PROTECT_FOR_ENDPOINT, 0, 1]) + j_rtp(0, 300 + k, 0, vp8_payload, ext=(audio_level,)) + bytes([0])
    return out + bytes([J_PROTECT_FOR_ENDPOINT, 0, 0]) + j_rtcp(0) + bytes([0])


# SRTP: round trips per profile, single and in batches (up to 40: two native calls, through
# the JNI entry, the twin or both), then batches over the pool (which holds the protected
# packets of the single round trips: pair k's RTP at 2k, RTCP at 2k + 1).
seed = bytes([0])
for profile in range(4):
    seed += j_pair(profile, profile & 1)
for pair in range(4):
    seed += bytes([J_ROUND_TRIP, pair, 0]) + j_rtp(0, 100 + pair, pair % 3, vp8_payload) + bytes([0x30, 1, 0])
    seed += bytes([J_ROUND_TRIP, pair, 1]) + j_rtcp(pair % 3) + bytes([0, 1, 0])
seed += j_batch_round_trip(0, 0, [j_rtp(4, 200 + k, 1, opus_payload) for k in range(4)], [J_JNI], [J_JNI])
seed += j_batch_round_trip(1, 0, [j_rtp(0, 400 + k, k % 3, vp8_payload) for k in range(40)],
                           [J_JNI, J_TWIN], [J_TWIN, J_JNI])
seed += j_batch_round_trip(2, 1, [j_rtcp(k % 3, k) for k in range(3)], [J_TWIN], [J_TWIN])
seed += j_batch_round_trip(3, 0, [j_rtp(4, 600 + k, 2, opus_payload) for k in range(33)],
                           [J_TWIN, J_TWIN], [J_JNI, J_TWIN])
# AnySession(): byte 2k is pair k's outbound session (8 for pair 0), 2k + 1 its inbound one.
seed += bytes([J_TRANSFORM, 2, 2, 0, 0, 0]) + bytes([J_TRANSFORM, 3, 2, 1, 0, 0])  # twins
seed += j_transform_batch(2, 0, [0, 2, 4, 6], [J_JNI])  # protected again by pair 1
seed += j_transform_batch(1, 1, [1, 3, 5, 7], [J_TWIN])  # pair 0 inbound: a replay, others' fail
seed += j_transform_batch(5, 0, [k % 8 for k in range(40)], [J_TWIN, J_JNI])
seed += bytes([J_SESSION_QUERY, 1, 0, 1, 6, 1, 0]) + bytes([J_SESSION_QUERY, 1, 0, 0, 7])
write("jni_fuzzer", "srtp_round_trips", seed)

# A conference: alice's packets in (endpoint 0), then out to bob (endpoint 1) with the
# rewriter; again through the twins (bob's with EGRESS_SET_MARKER); 36 plaintext packets
# parsed (no drops array) and sent, in two native calls each.
seed = bytes([1]) + j_conference()
seed += j_ingress(2, 1, range(5), True, 0, [J_JNI])
seed += j_egress(1, 1, range(4), range(4), [1] * 4, None, [J_JNI])
seed += bytes([J_METADATA_QUERY, 1, 1, 1, 0, 2, 0]) + bytes([J_CONFERENCE_QUERY, 1, 2, 1])
for k in range(4):
    seed += bytes([J_PROTECT_FOR_ENDPOINT, 0, 1]) + j_rtp(0, 304 + k, 0, vp8_payload, ext=(audio_level,)) + bytes([0])
seed += j_ingress(2, 1, range(5, 9), True, 8, [J_TWIN])
seed += j_egress(1, 1, range(5, 9), range(8, 12), [1] * 4, [0, 2, 0, 2], [J_TWIN])
for k in range(4):
    seed += bytes([J_RTP]) + j_rtp(k, 500 + k, 1, vp8_payload if k < 3 else opus_payload) + bytes([0])
seed += j_ingress(2, 1, [9 + k % 4 for k in range(36)], False, 20, [J_JNI, J_TWIN])
seed += j_egress(1, 1, [9 + k % 4 for k in range(36)], range(20, 56), [k % 2 for k in range(36)], None,
                 [J_TWIN, J_JNI])
seed += bytes([J_CONFERENCE_QUERY, 1, 0, 3, 0]) + j_ingress(2, 1, range(5), True, 0, [J_JNI])
seed += j_drop_batch([20, 21, 22])  # FastpathEndpoint.skip's native
write("jni_fuzzer", "pipeline", seed)

# Misuse: wrong key lengths, null keys, 0 handles, bad offsets, an injected allocation failure.
# OddSession(): dtls, profile byte and selector, key (null selector, length selector, bytes),
# window and stream selectors, outbound (and for DTLS, weAreClient).
seed = bytes([0]) + j_pair(2, 0) + bytes([J_RTP]) + j_rtp(1, 5, 0, bytes(10)) + bytes([0])
seed += bytes([J_ODD_SESSION, 1, 2, 0, 1]) + j_near(-3) + bytes(53) + bytes([0, 0, 0, 1])  # 53 of 56
seed += bytes([J_ODD_SESSION, 0, 9, 0, 0, 0, 0, 0])  # null key
seed += bytes([J_ODD_SESSION, 0, 1, 0xC1, 1, 0]) + bytes(30) + bytes([0, 0, 0])  # profile INT_MIN
seed += bytes([J_TRANSFORM, 0, 0, 1, 0xC2, 0]) + bytes([J_TRANSFORM, 1, 0, 1, 0, 0xA9])
# The same through srtpTransform's critical twin (bit 1 of the op's first byte), then a
# valid one.
seed += bytes([J_TRANSFORM, 0, 2, 1, 0xC2, 0]) + bytes([J_TRANSFORM, 1, 2, 1, 0, 0xA9])
seed += bytes([J_TRANSFORM, 0, 2, 1, 0, 0]) + bytes([J_TRANSFORM, 1, 3, 1, 0, 0])
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(J_BAD_PACKETS | J_BAD_WINDOWS) +
         bytes([2, 0, 0xC1, 0, 0, 0, 0, J_BOTH, 0, 0]))  # offset INT_MIN, JNI entry and twin
seed += bytes([J_FAIL_ALLOCATION, 2]) + bytes([J_CONFERENCE, 1]) + j_string("x") + bytes([0, 0, 0, 0])
seed += j_endpoint("carol", 3, 1) + bytes([J_FAIL_ALLOCATION, 0]) + bytes([J_SESSION_QUERY, 1, 0, 0, 8])
write("jni_fuzzer", "misuse", seed)

# Batch misuse, each refused through the JNI entry, the twin, or both on the same arguments
# (what they refuse for in the comments): SRTP (pair 0: session byte 2 outbound, 1 inbound;
# plaintext packets at pool 0..2), then endpoints (alice's protected packets at pool 3..7).
W, A, P, M = J_BAD_WINDOWS, J_BAD_ARRAYS, J_BAD_PACKETS, J_BAD_METADATA
seed = bytes([0]) + j_pair(0, 0)
for k in range(3):
    seed += bytes([J_RTP]) + j_rtp(k, 700 + k, k, vp8_payload) + bytes([0])
seed += bytes([J_TRANSFORM_BATCH, 0, 0, 0, 2, 0, 1, J_JNI])  # closed (0 handle)
seed += bytes([J_TRANSFORM_BATCH, 0, 0, 0, 2, 0, 1, J_TWIN])
seed += bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(W) + bytes([1, 0, J_BOTH]) + j_int(33) + bytes([0])  # count
for how in (J_JNI, J_TWIN):  # count 2 of 1 packet (arrays of 4): b1 null
    seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(W | A) + bytes([1, 0]) + (bytes([1]) + j_near(3)) * 3 +
             bytes([how]) + j_near(1) + bytes([0]) + J_SAME)
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(W) + bytes([40]) + bytes(k % 3 for k in range(40)) +
         bytes([J_BOTH, 0, 0xC7]))  # start 9: [9, 41) past the 40-long arrays
seed += bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(W) + bytes([2, 0, 1, J_TWIN, 0, 0xC0])  # start -1
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(W) + bytes([40]) + bytes(k % 3 for k in range(40)) +
         bytes([J_TWIN, 0, 0, J_JNI]) + j_near(-1) + bytes([0]))  # accepted; then 7 of 8 at 32
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(A) + bytes([3, 0, 1, 2]) + J_SAME + bytes([1]) +
         j_near(-2) + J_SAME + bytes([J_BOTH]) + J_SAME)  # lens of 1
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(A) + bytes([2, 0, 1]) + J_SAME + J_SAME + J_NULL +
         bytes([J_TWIN]) + J_SAME)  # null statuses
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(A) + bytes([2, 0, 1]) + J_SAME * 3 + bytes([J_JNI]) +
         J_NULL)  # null caps
seed += (bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(A) + bytes([3, 0, 1, 2]) + J_SAME * 3 +
         bytes([J_TWIN | J_LIE | (3 << 5), 1]) + J_SAME)  # caps[1] ^= 4: the twin's buffer range
seed += bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(P) + bytes([2, 0, 0xC2, 0, 1, 0, 0, J_BOTH])  # offset
seed += bytes([J_TRANSFORM_BATCH, 2, 0]) + j_misuse(P) + bytes([2, 0, 0, 0, 31, 0, 0, J_TWIN])  # null b1
seed += bytes([J_FAIL_ALLOCATION, 2]) + j_transform_batch(2, 0, [0, 1, 2, 0], [J_JNI])  # 3rd pin fails
seed += j_conference()
seed += bytes([J_INGRESS, 2, 1]) + j_misuse(M) + bytes([4, 3, 4, 5, 6, 1, 0, 0xC2, J_BOTH])  # metadata
seed += bytes([J_INGRESS, 2, 1]) + j_misuse(M) + bytes([4, 3, 4, 5, 6, 1, 0]) + j_int(62) + bytes([J_TWIN])
seed += bytes([J_INGRESS, 2, 0, 0, 1, 3, 1, 0, J_TWIN])  # closed metadata
seed += (bytes([J_INGRESS, 2, 1]) + j_misuse(A) + bytes([4, 3, 4, 5, 6]) + J_SAME * 2 + bytes([1, 1]) +
         j_near(-3) + bytes([0, J_BOTH]) + J_SAME)  # drops of 1
seed += (bytes([J_INGRESS, 2, 1]) + j_misuse(A) + bytes([4, 3, 4, 5, 6]) + J_SAME * 2 + bytes([1]) +
         J_SAME + bytes([0, J_TWIN | J_LIE, 2]) + J_SAME)  # caps[2] ^= 1
seed += j_ingress(2, 1, range(3, 8), True, 0, [J_TWIN])
seed += bytes([J_EGRESS, 1, 1]) + j_misuse(M) + bytes([2, 3, 4, 0, 0xC0, 1, 1, 0, 0, 1, J_BOTH])  # index -1
seed += (bytes([J_EGRESS, 1, 1]) + j_misuse(A) + bytes([2, 3, 4]) + J_SAME * 2 + bytes([0, 1, 1, 0]) +
         J_SAME + J_NULL + bytes([0]) + J_SAME + bytes([1, 2]) + J_SAME +
         bytes([J_TWIN | J_BOTH]) + J_SAME)  # null rewriters
seed += (bytes([J_EGRESS, 1, 1]) + j_misuse(W) + bytes([2, 3, 4, 0, 1, 1, 0, 1, J_TWIN]) + j_int(0) +
         j_int(2))  # accepted: count 0 at start 2
seed += bytes([J_EGRESS, 0, 1, 0, 1, 3, 0, 0, 1, J_TWIN])  # closed endpoint
seed += j_egress(1, 1, range(3, 7), range(4), [1] * 4, [1, 1, 3, 0], [J_TWIN])
write("jni_fuzzer", "batch_misuse", seed)
