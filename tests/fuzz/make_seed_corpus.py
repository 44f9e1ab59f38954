#!/usr/bin/env python3
"""Writes the hand-made seed inputs of tests/fuzz/corpus/ (run from anywhere).

Seeds made from real captures (ffmpeg, GStreamer, Chromium) are added beside these by the
commands in tests/data/README.md.
"""
import os
import struct

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
