#!/bin/sh
# Runs an aarch64 program under qemu-user (Debian's qemu-user): `--run_under` for the arm64
# test run (`./fastpath test` runs //tests/native/... with --config=arm64).
#
# The guest's dynamic loader, libc and libstdc++ are Debian's arm64 multiarch packages
# (libc6:arm64, libstdc++6:arm64, beside libssl3:arm64 in /usr/lib/aarch64-linux-gnu), so the
# prefix is /. Not /usr/aarch64-linux-gnu: that is the cross toolchain's own libc (another
# build of glibc), and a loader from one with the libc.so.6 of the other hangs at the first
# thread a program starts (seen with qemu 7.2 and 10.0).
set -e
QEMU_LD_PREFIX=/
export QEMU_LD_PREFIX
exec qemu-aarch64 "$@"
