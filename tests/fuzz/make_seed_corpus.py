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

udp = struct.pack("!HHHH", 5000, 5004, 8 + len(rtp), 0) + rtp
ip4 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                  bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
ip6 = struct.pack("!IHBB16s16s", 0x60000000, len(udp), 17, 64, bytes(15) + b"\x01", bytes(15) + b"\x01") + udp
write("udp_frame_fuzzer", "eth_ipv4_rtp", bytes([1]) + bytes(12) + b"\x08\x00" + ip4)
write("udp_frame_fuzzer", "eth_vlan_ipv4_rtp", bytes([1]) + bytes(12) + b"\x81\x00\x00\x05\x08\x00" + ip4)
write("udp_frame_fuzzer", "raw_ipv6_rtp", bytes([2]) + ip6)
write("udp_frame_fuzzer", "sll_ipv4_rtp", bytes([4]) + bytes(14) + b"\x08\x00" + ip4)

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
    """[control byte, 2-byte length, bytes] records (rewrite_fuzzer, e2ee_fuzzer)."""
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

# codec_fuzzer: selector byte + parser input.
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
    write("codec_fuzzer", name, bytes([selector]) + body)
for label, packets, sel in (("gst_vp8", vp8_cap, 0), ("gst_vp9", vp9_cap, 1), ("gst_h264", h264_cap, 2)):
    for i, p in enumerate(packets[:2]):
        write("codec_fuzzer", f"{label}_{i}", bytes([sel]) + p[12 + 4 * (p[0] & 15) + (4 + 4 * struct.unpack("!H", p[14 + 4 * (p[0] & 15):16 + 4 * (p[0] & 15)])[0] if p[0] & 0x10 else 0):])
if srtp_vp8:
    write("codec_fuzzer", "srtp_vp8_packet", bytes([7]) + srtp_vp8[0])

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

# e2ee_fuzzer: a JFrame-enveloped VP8 frame over two packets (trailer: IV, 0x0C, key 3), an
# SFrame stream (KID 1, CTR 8, 9, 10), plaintext audio, and RTX.
iv = struct.pack("!II", 0x1111, 9000) + bytes([0, 0, 0, 5])
jframe_a = rtp_header(96, 200, 9000, 0x1111, ext=ext_video) + vp8_desc + bytes(range(40))
jframe_b = rtp_header(96, 201, 9000, 0x1111, marker=True, ext=ext_video) + \
    bytes([0x80, 0x80, 0x81, 0x23]) + bytes(16) + iv + bytes([12, 3])
sframes = [rtp_header(96, 300 + i, 3000 * i, 0x6666, marker=True, ext=ext_video) + vp8_desc +
           bytes([0x19, ctr]) + bytes(30) for i, ctr in enumerate((8, 9, 10, 11))]
write("e2ee_fuzzer", "jframe_vp8", records([(0x01, jframe_a), (0x10, jframe_b)]))
write("e2ee_fuzzer", "sframe_vp8", records([(0x02 * i, p) for i, p in enumerate(sframes)]))
write("e2ee_fuzzer", "plain_mix", records([(0x01, opus_pkt), (0x04, vp9_pkt), (0x07, h264_pkt), (0x03, av1_pkt)]))
if srtp_opus:
    write("e2ee_fuzzer", "srtp_opus", records([(i, p) for i, p in enumerate(srtp_opus[:4])]))

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
(J_RAW, J_RTP, J_RTCP, J_PAIR, J_ODD_SESSION, J_DESTROY_PAIR, J_TRANSFORM, J_ROUND_TRIP, J_GROUP,
 J_GROUP_ROUND_TRIP, J_SESSION_QUERY, J_CONFERENCE, J_CONFERENCE_QUERY, J_ENDPOINT,
 J_ENDPOINT_DESTROY, J_PROTECT_FOR_ENDPOINT, J_METADATA, J_METADATA_QUERY, J_INGRESS, J_EGRESS,
 J_REWRITER, J_FAIL_ALLOCATION) = range(22)
J_KEY_LENGTH = (30, 30, 28, 44)  # master key || salt per profile


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


def j_batch(indexes):
    """MakeBatch(): n, then (buffer, offset selector, length selector) each."""
    return bytes([len(indexes)]) + b"".join(bytes([i, 0, 0]) for i in indexes)


J_GROUP_AS_GIVEN = bytes([0, 1, 0])  # MakeGroup(): count selector, results array of 8


vp8_payload = vp8_desc + vp8_key
opus_payload = bytes([0xF8]) + bytes(40)
seed = bytes([0])
for profile in range(4):
    seed += j_pair(profile, profile & 1)
for pair in range(4):
    seed += bytes([J_ROUND_TRIP, pair, 0]) + j_rtp(0, 100 + pair, pair % 3, vp8_payload) + bytes([0x30, 1, 0])
    seed += bytes([J_ROUND_TRIP, pair, 1]) + j_rtcp(pair % 3) + bytes([0, 1, 0])
    seed += bytes([J_GROUP_ROUND_TRIP, pair, 0, 3]) + b"".join(
        j_rtp(4, 200 + k, 1, opus_payload) + bytes([0]) for k in range(4))
seed += bytes([J_SESSION_QUERY, 1, 0, 1, 6, 0]) + bytes([J_SESSION_QUERY, 1, 0, 0, 7])
write("jni_fuzzer", "srtp_round_trips", seed)

seed = bytes([1]) + bytes([J_CONFERENCE, 1]) + j_string("conf") + bytes([2, 0, 1, 0])
seed += j_endpoint("alice", 2, 0) + j_endpoint("bob", 0, 1)
seed += bytes([J_METADATA, 1, 31, 0]) + bytes([J_REWRITER, 0, 1, 0]) + struct.pack("!I", 0xABCD) + bytes([1])
audio_level = (1, bytes([0x85]))
for k in range(4):
    seed += bytes([J_PROTECT_FOR_ENDPOINT, 0, 1]) + j_rtp(0, 300 + k, 0, vp8_payload, ext=(audio_level,)) + bytes([0])
seed += bytes([J_PROTECT_FOR_ENDPOINT, 0, 0]) + j_rtcp(0) + bytes([0])
ingress = bytes([J_INGRESS, 2, 1]) + j_batch(range(5)) + bytes([0, 0, 1]) + J_GROUP_AS_GIVEN
seed += ingress  # alice's packets (endpoint 0), then out to bob (endpoint 1) with the rewriter
seed += bytes([J_EGRESS, 1, 1]) + j_batch(range(4)) + J_GROUP_AS_GIVEN
seed += b"".join(bytes([k, 0, 1]) for k in range(8)) + bytes([1])  # metadata index, rewriter
seed += bytes([J_METADATA_QUERY, 1, 1, 0, 2, 0, 0]) + bytes([J_CONFERENCE_QUERY, 1, 2, 1])
seed += bytes([J_CONFERENCE_QUERY, 1, 0, 3, 0]) + ingress
write("jni_fuzzer", "pipeline", seed)

# Misuse: wrong key lengths, null keys, 0 handles, bad offsets, an injected allocation failure.
seed = bytes([0]) + j_pair(2, 0) + bytes([J_RTP]) + j_rtp(1, 5, 0, bytes(10)) + bytes([0])
seed += bytes([J_ODD_SESSION, 1, 2, 0, 0xA1]) + bytes(40) + bytes([0, 0, 0, 1])
seed += bytes([J_ODD_SESSION, 0, 9, 0, 0, 0]) + bytes([J_ODD_SESSION, 0, 1, 0xC1, 1]) + bytes(40)
seed += bytes([J_TRANSFORM, 0, 0, 1, 0xC2, 0]) + bytes([J_TRANSFORM, 1, 0, 1, 0, 0xA9])
seed += bytes([J_GROUP, 1, 0, 2, 0, 0, 0, 31, 0, 0, 0xC0, 1, 0])
seed += bytes([J_FAIL_ALLOCATION, 2]) + bytes([J_CONFERENCE, 1]) + j_string("x") + bytes([0, 0, 0, 0])
seed += j_endpoint("carol", 3, 1) + bytes([J_FAIL_ALLOCATION, 0]) + bytes([J_SESSION_QUERY, 1, 0, 0, 8])
write("jni_fuzzer", "misuse", seed)
