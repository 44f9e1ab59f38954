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
