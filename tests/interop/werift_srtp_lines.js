#!/usr/bin/env node
// werift_srtp_lines: werift-rtp's SRTP/SRTCP (TypeScript, its own implementation on Node's
// crypto; not libsrtp) over packet files, for the interop tests.
//
//   node werift_srtp_lines.js protect|unprotect --profile P --key BASE64 --in F --out F
//        [--expect-fail]
//
// Same command line and packet files ("rtp HEX" / "rtcp HEX" lines) as srtp_lines.
// PROFILE: AEAD_AES_128_GCM (werift's ProtectionProfileAeadAes128Gcm, 0x0007) or
// AES_CM_128_HMAC_SHA1_80 (0x0001), the two werift implements. werift's session has a local
// (protect) and a remote (unprotect) context: we give both the same master key.
// werift re-serializes the RTP header it protects, so protect first checks that this gives
// back the input's header bytes: a difference is reported as such, not as an SRTP failure.
"use strict";

const fs = require("fs");
const werift = require("werift-rtp");

const PROFILES = {
  AES_CM_128_HMAC_SHA1_80: werift.ProtectionProfileAes128CmHmacSha1_80,
  AEAD_AES_128_GCM: werift.ProtectionProfileAeadAes128Gcm,
};

function flag(name) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : "";
}

function die(message) {
  process.stderr.write(`werift_srtp_lines: ${message}\n`);
  process.exit(1);
}

function readPackets(path) {
  const packets = [];
  fs.readFileSync(path, "utf8").split("\n").forEach((line, n) => {
    if (line === "" || line.startsWith("#")) return;
    const [kind, hex] = line.split(" ");
    if ((kind !== "rtp" && kind !== "rtcp") || !/^([0-9a-f]{2})*$/.test(hex || "")) {
      die(`${path}:${n + 1}: not "rtp|rtcp HEX"`);
    }
    packets.push({ kind, bytes: Buffer.from(hex, "hex") });
  });
  return packets;
}

function main() {
  const command = process.argv[2];
  if (command !== "protect" && command !== "unprotect") {
    die("usage: werift_srtp_lines.js protect|unprotect --profile P --key BASE64 --in F --out F [--expect-fail]");
  }
  const expectFail = process.argv.includes("--expect-fail");
  const profileName = flag("--profile");
  const profile = PROFILES[profileName];
  if (profile === undefined) die(`profile '${profileName}' not supported by werift-rtp`);
  const keyAndSalt = Buffer.from(flag("--key"), "base64");
  const keyLength = werift.keyLength(profile);
  const saltLength = werift.saltLength(profile);
  if (keyAndSalt.length !== keyLength + saltLength) {
    die(`--key must be ${keyLength + saltLength} bytes for ${profileName}`);
  }
  const key = keyAndSalt.subarray(0, keyLength);
  const salt = keyAndSalt.subarray(keyLength);
  const config = {
    keys: { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt },
    profile,
  };
  const srtp = new werift.SrtpSession(config);
  const srtcp = new werift.SrtcpSession(config);

  const packets = readPackets(flag("--in"));
  const out = [];
  const ok = { rtp: 0, rtcp: 0 };
  let failed = 0;
  packets.forEach((packet, i) => {
    let result;
    try {
      if (command === "protect" && packet.kind === "rtp") {
        const header = werift.RtpHeader.deSerialize(packet.bytes);
        const headerBytes = header.serialize(header.serializeSize);
        if (!headerBytes.equals(packet.bytes.subarray(0, header.payloadOffset))) {
          die(`packet ${i + 1}: werift does not re-serialize this RTP header as it was`);
        }
        result = srtp.encrypt(packet.bytes.subarray(header.payloadOffset), header);
      } else if (command === "protect") {
        result = srtcp.encrypt(packet.bytes);
      } else if (packet.kind === "rtp") {
        result = srtp.decrypt(packet.bytes);
      } else {
        result = srtcp.decrypt(packet.bytes);
      }
    } catch (e) {
      failed++;
      if (!expectFail) process.stderr.write(`werift_srtp_lines: packet ${i + 1} (${packet.kind}): ${e.message}\n`);
      return;
    }
    ok[packet.kind]++;
    if (expectFail) process.stderr.write(`werift_srtp_lines: packet ${i + 1} (${packet.kind}) accepted\n`);
    out.push(`${packet.kind} ${Buffer.from(result).toString("hex")}\n`);
  });
  process.stderr.write(
    `werift_srtp_lines: ${command} ${profileName}: ${ok.rtp} rtp ok, ${ok.rtcp} rtcp ok, ${failed} failed\n`);
  if (expectFail) process.exit(ok.rtp + ok.rtcp === 0 && failed > 0 ? 0 : 1);
  if (failed > 0 || packets.length === 0) process.exit(1);
  fs.writeFileSync(flag("--out"), out.join(""));
}

main();
