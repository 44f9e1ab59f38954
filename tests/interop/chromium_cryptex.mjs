// A real browser's Cryptex traffic: headless Chromium (fake camera and microphone) calls our
// pion peer (pion/cryptex_peer) over 127.0.0.1 with RFC 9335 negotiated, and the peer records
// what the browser sent, with the keys (see pion/cryptex_peer/main.go for the files).
//
//   node chromium_cryptex.mjs --peer BIN --profile P --out PREFIX [--packets N]
//                             [--policy require|negotiate] [--two-byte]
//
// Chromium 156 offers a=cryptex only with the Blink feature RtcRtpHeaderEncryptionPolicy
// (RTCConfiguration.rtpHeaderEncryptionPolicy; without the feature the key is ignored and
// the offer has no a=cryptex), and gathers a loopback candidate only with
// --allow-loopback-in-peer-connection. As root the call runs in a network namespace of its
// own that has nothing but lo (unshare --net): no packet can go anywhere else. (Elsewhere it
// runs as is, the peer bound to 127.0.0.1 and taking only loopback candidates; the tests
// skip the live call then.)
// Needs playwright-core (NODE_PATH, npm ci here) and CHROMIUM (default /usr/bin/chromium).
// Prints the peer's summary as JSON; exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const peer = opt('--peer');
const profile = opt('--profile', 'AEAD_AES_128_GCM');
const out = opt('--out');
const packets = opt('--packets', '300');
const policy = opt('--policy', 'require');
const twoByte = args.includes('--two-byte');
if (!peer || !out) {
  console.error('usage: chromium_cryptex.mjs --peer BIN --profile P --out PREFIX [--packets N] [--policy P]');
  process.exit(2);
}

// Into a namespace of our own with only lo (root only; elsewhere the call stays on 127.0.0.1).
if (!process.env.JVBFASTPATH_CRYPTEX_NETNS && process.getuid && process.getuid() === 0 &&
    spawnSync('unshare', ['--version']).status === 0) {
  const r = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"',
    process.execPath, ...process.argv.slice(1)],
  { stdio: 'inherit', env: { ...process.env, JVBFASTPATH_CRYPTEX_NETNS: '1' } });
  process.exit(r.status === null ? 1 : r.status);
}

// CommonJS resolution, so that NODE_PATH (the interop node_modules) is honoured.
const { chromium } = createRequire(import.meta.url)('playwright-core');
const fail = (why) => {
  console.error(`chromium_cryptex: ${why}`);
  process.exit(1);
};

// The peer: offer in, answer out, then its summary.
const child = spawn(peer, ['--profile', profile, '--out', out, '--packets', packets],
  { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = readline.createInterface({ input: child.stdout });
const next = () => new Promise((resolve, reject) => {
  lines.once('line', (l) => resolve(JSON.parse(l)));
  child.once('exit', (c) => reject(new Error(`cryptex_peer exited (${c})`)));
});

// getUserMedia needs a secure context: a page from http://127.0.0.1.
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<!doctype html><title>cryptex</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cryptex-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--enable-blink-features=RtcRtpHeaderEncryptionPolicy',
    '--force-fieldtrials=WebRTC-DependencyDescriptorAdvertised/Enabled/'],
});
let summary;
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => console.error(`page: ${m.text()}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const offer = await page.evaluate(async ({ encryptionPolicy, twoByte }) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtpHeaderEncryptionPolicy: encryptionPolicy });
    window.pc = pc;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true, video: { width: 160, height: 120, frameRate: 15 },
    });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    const created = await pc.createOffer();
    // --two-byte: the dependency descriptor's extmap ID moved past 14, where only RFC 8285's
    // two-byte form can carry it (extmap-allow-mixed): video packets then carry two-byte
    // blocks (0xC2DE under Cryptex), audio packets one-byte ones.
    const sdp = twoByte ? created.sdp.replace(/a=extmap:\d+ (https:\/\/aomediacodec[^\r]*dependency-descriptor[^\r]*)/g, 'a=extmap:20 $1') : created.sdp;
    await pc.setLocalDescription({ type: 'offer', sdp });
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    });
    return pc.localDescription.sdp;
  }, { encryptionPolicy: policy, twoByte });
  if (!/\r\na=cryptex\r\n/.test(offer)) fail('the browser offered no a=cryptex');
  child.stdin.write(JSON.stringify({ offer }) + '\n');
  const answer = await next();
  if (!answer.answer) fail(`peer: ${answer.error || JSON.stringify(answer)}`);
  if (!/\r\na=cryptex\r\n/.test(answer.answer)) fail('the peer answered without a=cryptex');
  await page.evaluate((sdp) => window.pc.setRemoteDescription({ type: 'answer', sdp }), answer.answer);
  const done = await next();
  if (!done.done) fail(`peer: ${done.error || JSON.stringify(done)}`);
  const stats = await page.evaluate(async () => {
    const s = { connection: window.pc.connectionState, outbound: {} };
    (await window.pc.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp') s.outbound[r.kind] = r.packetsSent;
      if (r.type === 'transport') s.srtpCipher = r.srtpCipher;
    });
    return s;
  });
  summary = { ...done.done, browser: stats };
} finally {
  await context.close();
  server.close();
  child.kill();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(summary));
