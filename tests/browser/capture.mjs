// Drives headless Chromium (Debian's /usr/bin/chromium through playwright-core) to make
// real WebRTC traffic between two peer connections of one page, relayed through a lossy UDP
// relay on 127.0.0.1 so that the receiver NACKs and the sender retransmits over RTX.
//
//   node capture.mjs OUT_DIR [jframe|h264|all]
//
// jframe: VP8 + Opus with lib-jitsi-meet-style JFrame E2EE (jframe_worker.js) in three
//   phases (encrypted, encryption switched off, encrypted again), then a second session
//   (the sender restarts: new SSRCs, sequence numbers and timestamps);
// h264: H.264 packetization-mode 1 without E2EE.
// What the relay forwards from the sender to the receiver is what a bridge would receive;
// the driver prints the relay's source ports and writes each session's offer SDP
// (OUT_DIR/<name>-<session>.sdp). capture.sh records those ports with dumpcap.
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const [outDir, which = 'all'] = process.argv.slice(2);
// The page's key material (32 bytes, as lib-jitsi-meet's olm-distributed keys), key index 3.
export const MATERIAL = '4a56422d46617374706174682062726f777365722d746573742d6b6579212121';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function serve() {
  const server = http.createServer((req, res) => {
    const file = path.join(here, path.basename(new URL(req.url, 'http://x').pathname));
    const type = file.endsWith('.js') ? 'text/javascript' : 'text/html';
    fs.readFile(file, (err, body) => {
      res.writeHead(err ? 404 : 200, {'content-type': type});
      res.end(err ? '' : body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// A UDP relay between the two peer connections. `toSender` is advertised to pc2 as pc1's
// address, `toReceiver` to pc1 as pc2's. From pc1 to pc2 it drops RTP packets of `dropPt`
// (one in `dropEvery`) while `lossy` is set: pc2 NACKs them, pc1 resends them over RTX.
class Relay {
  constructor(basePort) {
    this.basePort = basePort;
    this.lossy = false;
    this.dropPt = -1;
    this.dropEvery = 20;
    this.seen = 0;
    this.dropped = 0;
  }
  async open() {
    const bind = (s, port) => new Promise((r) => s.bind(port, '127.0.0.1', r));
    this.toReceiver = dgram.createSocket('udp4');
    this.toSender = dgram.createSocket('udp4');
    await bind(this.toReceiver, this.basePort + 1);
    await bind(this.toSender, this.basePort + 2);
    this.toReceiver.on('message', (m, from) => {
      this.pc1 = from;
      if (this.pc2Port && !this.drop(m)) this.toSender.send(m, this.pc2Port, '127.0.0.1');
    });
    this.toSender.on('message', (m, from) => {
      if (this.pc1) this.toReceiver.send(m, this.pc1.port, this.pc1.address);
    });
  }
  drop(m) {
    // RTP (RFC 5761 demux: not RTCP, not STUN) of the chosen payload type.
    if (!this.lossy || m.length < 12 || (m[0] >> 6) !== 2) return false;
    const pt = m[1] & 0x7f;
    if (m[1] >= 192 && m[1] <= 223) return false;
    if (pt !== this.dropPt) return false;
    if (++this.seen % this.dropEvery !== 0) return false;
    this.dropped++;
    return true;
  }
  close() {
    this.toReceiver.close();
    this.toSender.close();
  }
}

// Keeps only 127.0.0.1 UDP host candidates and points them at `port`.
function munge(sdp, port) {
  const lines = sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:') ||
      (/ udp /i.test(l) && / 127\.0\.0\.1 /.test(l)));
  let kept = false;
  return lines.map((l) => {
    if (!l.startsWith('a=candidate:')) return l;
    if (kept) return null;
    kept = true;
    return l.replace(/ 127\.0\.0\.1 \d+ /, ` 127.0.0.1 ${port} `);
  }).filter((l) => l !== null).join('\r\n');
}

function candidatePort(sdp) {
  const m = sdp.match(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/i);
  if (!m) throw new Error('no 127.0.0.1 UDP candidate:\n' + sdp);
  return Number(m[1]);
}

function payloadType(sdp, name) {
  const m = sdp.match(new RegExp(`a=rtpmap:(\\d+) ${name}/`, 'i'));
  return m ? Number(m[1]) : -1;
}

async function session(page, relay, options, name) {
  await relay.open();
  const offer = await page.evaluate((o) => window.jvb.start(o), options);
  fs.writeFileSync(path.join(outDir, `${name}.sdp`), offer);
  const answer = await page.evaluate((sdp) => window.jvb.answer(sdp), munge(offer, relay.toSender.address().port));
  relay.pc2Port = candidatePort(answer);
  relay.dropPt = payloadType(offer, options.codec);
  await page.evaluate((sdp) => window.jvb.finish(sdp), munge(answer, relay.toReceiver.address().port));
  console.log(`${name}: relay source port ${relay.toSender.address().port}, ${options.codec} PT ${relay.dropPt}`);
}

// Prints the browsers' stats and the relay's losses, and closes the session.
async function end(page, relay, name) {
  console.log(`${name} stats`, JSON.stringify(await page.evaluate(() => window.jvb.stats())));
  console.log(`${name}: relay dropped ${relay.dropped} of ${relay.seen} ${relay.dropPt} packets`);
  await page.evaluate(() => window.jvb.stop());
  relay.close();
  await page.close();
}

async function main() {
  fs.mkdirSync(outDir, {recursive: true});
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-webrtc-encryption', '--allow-loopback-in-peer-connection',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  const context = await browser.newContext();
  const url = `http://127.0.0.1:${server.address().port}/page.html`;
  const log = [];
  const open = async () => {
    const page = await context.newPage();
    page.on('console', (m) => log.push(m.text()));
    page.on('pageerror', (e) => log.push('page error: ' + e));
    await page.goto(url);
    return page;
  };
  const common = {materialHex: MATERIAL, width: 640, height: 360, maxBitrate: 1000000};
  try {
    if (which === 'jframe' || which === 'all') {
      // Session 1: encrypted, then encryption off (the plaintext frames and their
      // retransmissions must not leave a bridge), then on again.
      let page = await open();
      let relay = new Relay(41000);
      await session(page, relay, {...common, codec: 'VP8', e2ee: true}, 'jframe-1');
      relay.lossy = true;
      await sleep(2000);
      await page.evaluate(() => window.jvb.encrypt(false));
      await sleep(1000);
      await page.evaluate(() => window.jvb.encrypt(true));
      await sleep(1500);
      await end(page, relay, 'jframe-1');
      // Session 2: the sender restarts (new peer connections: new SSRCs).
      page = await open();
      relay = new Relay(41010);
      await session(page, relay, {...common, codec: 'VP8', e2ee: true}, 'jframe-2');
      relay.lossy = true;
      await sleep(1500);
      await end(page, relay, 'jframe-2');
    }
    if (which === 'h264' || which === 'all') {
      const page = await open();
      const relay = new Relay(41020);
      await session(page, relay, {...common, codec: 'H264', e2ee: false, width: 640, height: 360,
        maxBitrate: 600000}, 'h264');
      await sleep(2000);
      await end(page, relay, 'h264');
    }
  } finally {
    if (log.length) console.log('page log:\n  ' + log.join('\n  '));
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
