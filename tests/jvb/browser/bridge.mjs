// What call.mjs and measure.mjs share: the network namespace, the JVB process (given by
// JVB_HOME), its REST Colibri2 and debug API, and headless Chromium participants joining a
// conference with an SDP built from the Colibri2 answer (docs/integration.md, section 6).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The bridge's one address: ice4j never offers a loopback host candidate
// (HostCandidateHarvester refuses loopback addresses and interfaces before reading its
// allow-lists), so JVB and the browsers run in a network namespace with a veth pair.
export const BRIDGE_ADDRESS = '10.77.0.1';
const PRIVATE_PORT = 8080;  // the namespace is ours: no other listener
const MEDIA_PORT = 10000;
export const PROVIDER_CLASS = 'org.jvbfastpath.jvb.jmt.FastpathSrtpProvider';

/** The command line: `opt('--name', fallback)` for an option's value, `flag('--name')`. */
export function commandLine(args = process.argv.slice(2)) {
  return {
    args,
    opt: (name, fallback) => {
      const i = args.indexOf(name);
      return i >= 0 ? args[i + 1] : fallback;
    },
    flag: (name) => args.includes(name),
  };
}

/** Prints the SKIP line and the plain closing line, and exits 0. */
export function skip(why) {
  console.log(`SKIP: ${why}`);
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}

/** The JVB directory (jitsi-videobridge.jar and lib/), or a SKIP. */
export function jvbHomeOrSkip() {
  const home = process.env.JVB_HOME;
  if (!home || !fs.existsSync(path.join(home, 'jitsi-videobridge.jar'))) {
    skip('no JVB (set JVB_HOME to a JVB build with the JMT hook; docs/integration.md)');
  }
  return home;
}

/**
 * Outside the namespace: creates it, runs `script` again inside it with the same arguments,
 * removes it, and exits with the inner run's status. Inside (JVBFP_NETNS set): returns.
 * Without root or iproute2: a SKIP.
 */
export async function runInNamespace(script, args) {
  if (process.env.JVBFP_NETNS) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    skip('not root: the call runs in a network namespace of its own (ip netns)');
  }
  if (spawnSync('ip', ['-V']).status !== 0) skip('no iproute2 (ip): the call runs in a network namespace');
  const ns = `jvbfp-${process.pid}`;
  const ip = (...a) => spawnSync('ip', a, { encoding: 'utf8' });
  const cleanup = () => {
    // Whatever the inner run left behind (it stops the JVB and the browsers itself).
    for (const pid of (ip('netns', 'pids', ns).stdout || '').split(/\s+/).filter(Boolean)) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch (e) { /* gone already */ }
    }
    ip('netns', 'del', ns);
  };
  const steps = [['netns', 'add', ns], ['-n', ns, 'link', 'set', 'lo', 'up'],
    ['-n', ns, 'link', 'add', 'fp0', 'type', 'veth', 'peer', 'name', 'fp1'],
    ['-n', ns, 'addr', 'add', `${BRIDGE_ADDRESS}/24`, 'dev', 'fp0'],
    ['-n', ns, 'link', 'set', 'fp0', 'up'], ['-n', ns, 'link', 'set', 'fp1', 'up']];
  for (const step of steps) {
    const r = ip(...step);
    if (r.status !== 0) {
      cleanup();
      skip(`cannot create the network namespace (ip ${step.join(' ')}: ${(r.stderr || '').trim()})`);
    }
  }
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, script, ...args],
    { stdio: 'inherit', env: { ...process.env, JVBFP_NETNS: ns } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c === null ? 1 : c)));
  cleanup();
  process.exit(code);
}

// --- the bridge ---------------------------------------------------------------------------
export class Bridge {
  /** plugin: whether jmt.srtp.transformer-provider-class names our provider. */
  constructor({ home, jar, plugin, outDir, defaultMode, cryptex = false, name = 'jvb' }) {
    Object.assign(this, { home, jar, plugin, outDir, defaultMode, cryptex, name });
    this.child = null;
  }

  config() {
    return `videobridge {
  apis.rest.enabled = true
  rest.debug.enabled = true
  http-servers.private { host = 127.0.0.1, port = ${PRIVATE_PORT} }
  http-servers.public { port = -1 }
  sctp.enabled = false
  cc { trust-bwe = false, initial-max-height-px = 720 }
  ice { udp.port = ${MEDIA_PORT}, advertise-private-candidates = true }
  health.require-valid-address = false
  cryptex.endpoint = ${this.cryptex}
}
ice4j.harvest {
  use-ipv6 = false
  allowed-addresses = [ "${BRIDGE_ADDRESS}" ]
  mapping.stun.addresses = []
  mapping.aws.enabled = false
  mapping.static-mappings = []
}
${this.plugin ? `jmt.srtp.transformer-provider-class = "${PROVIDER_CLASS}"` : ''}
`;
  }

  async start() {
    const conf = path.join(this.outDir, `${this.name}.conf`);
    fs.writeFileSync(conf, this.config());
    const cp = [path.join(this.home, 'jitsi-videobridge.jar'), path.join(this.home, 'lib', '*')];
    if (this.plugin) cp.push(this.jar);
    const jvmArgs = ['-Xmx2g', `-Dconfig.file=${conf}`];
    if (this.plugin && this.defaultMode) jvmArgs.push(`-Djvbfastpath.default-mode=${this.defaultMode}`);
    const log = fs.openSync(path.join(this.outDir, `${this.name}.log`), 'w');
    // JVB_JAVA: another JDK's java (JVB a29d97d13 targets 17; its images run 21).
    this.child = spawn(process.env.JVB_JAVA || 'java', [...jvmArgs, '-cp', cp.join(':'),
      'org.jitsi.videobridge.MainKt'],
      { stdio: ['ignore', log, log] });
    for (let i = 0; i < 120; i++) {
      if (this.child.exitCode !== null) throw new Error(`JVB exited: see ${this.outDir}/${this.name}.log`);
      try {
        await this.rest('GET', '/about/version');
        return;
      } catch (e) { await sleep(500); }
    }
    throw new Error(`JVB did not answer on ${PRIVATE_PORT}`);
  }

  get pid() { return this.child.pid; }

  async rest(method, p, body) {
    const res = await fetch(`http://127.0.0.1:${PRIVATE_PORT}${p}`, {
      method, headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** The plugin's state of a conference (GET /debug/features/conference/...). */
  state(confId) {
    return this.rest('GET', `/debug/features/conference/${confId}/srtp-provider-mode`);
  }

  setMode(confId, mode) {
    return this.rest('POST', `/debug/features/conference/${confId}/srtp-provider-mode/${mode}`);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    for (let i = 0; i < 20 && this.child.exitCode === null; i++) await sleep(250);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

// --- SDP, built from the Colibri2 answer as lib-jitsi-meet builds it from Jingle ------------
const OPUS = { id: 111, name: 'opus', clockrate: 48000, channels: 2 };
const VP8 = { id: 100, name: 'VP8', clockrate: 90000 };
const RTX = { id: 96, name: 'rtx', clockrate: 90000, apt: 100 };
const EXT_AUDIO_LEVEL = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
const EXT_TCC = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';

function colibriMedias() {
  const fbs = [{ type: 'ccm', subtype: 'fir' }, { type: 'nack' }, { type: 'nack', subtype: 'pli' },
    { type: 'transport-cc' }];
  return [
    { type: 'audio',
      'payload-types': [{ name: 'opus', id: String(OPUS.id), clockrate: '48000', channels: '2',
        parameters: { minptime: '10', useinbandfec: '1' }, 'rtcp-fbs': [{ type: 'transport-cc' }] }],
      'rtp-hdrexts': [{ uri: EXT_AUDIO_LEVEL, id: 1 }, { uri: EXT_TCC, id: 5 }] },
    { type: 'video',
      'payload-types': [
        { name: 'VP8', id: String(VP8.id), clockrate: '90000', 'rtcp-fbs': fbs },
        { name: 'rtx', id: String(RTX.id), clockrate: '90000', parameters: { apt: String(RTX.apt) },
          'rtcp-fbs': fbs.slice(0, 3) }],
      'rtp-hdrexts': [{ uri: EXT_TCC, id: 5 }] },
  ];
}

function mediaSection(kind, mid, direction, transport, first, sources) {
  const pts = kind === 'audio' ? [OPUS.id] : [VP8.id, RTX.id];
  const l = [`m=${kind} 9 UDP/TLS/RTP/SAVPF ${pts.join(' ')}`, 'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0', `a=ice-ufrag:${transport.ufrag}`, `a=ice-pwd:${transport.pwd}`];
  for (const f of transport.fingerprints) l.push(`a=fingerprint:${f.hash} ${f.fingerprint}`);
  l.push('a=setup:actpass', `a=mid:${mid}`);
  // RFC 9335: JVB offers Cryptex as the fingerprint's cryptex attribute
  // (videobridge.cryptex.endpoint); in SDP that is a=cryptex, on every section (Chromium
  // refuses a BUNDLE whose sections disagree).
  if (transport.fingerprints.some((f) => f.cryptex)) l.push('a=cryptex');
  if (kind === 'audio') l.push(`a=extmap:1 ${EXT_AUDIO_LEVEL}`);
  l.push(`a=extmap:5 ${EXT_TCC}`, `a=${direction}`, 'a=rtcp-mux');
  if (kind === 'audio') {
    l.push(`a=rtpmap:${OPUS.id} opus/48000/2`, `a=rtcp-fb:${OPUS.id} transport-cc`,
      `a=fmtp:${OPUS.id} minptime=10;useinbandfec=1`);
  } else {
    l.push(`a=rtpmap:${VP8.id} VP8/90000`);
    for (const fb of ['ccm fir', 'nack', 'nack pli', 'transport-cc']) l.push(`a=rtcp-fb:${VP8.id} ${fb}`);
    l.push(`a=rtpmap:${RTX.id} rtx/90000`, `a=fmtp:${RTX.id} apt=${RTX.apt}`);
  }
  if (sources) {
    const msid = `${sources.owner} ${sources.owner}-${kind}`;
    l.push(`a=msid:${msid}`);
    if (sources.group) l.push(`a=ssrc-group:FID ${sources.group.join(' ')}`);
    for (const s of sources.ssrcs) l.push(`a=ssrc:${s} cname:${sources.owner}`, `a=ssrc:${s} msid:${msid}`);
  }
  if (first) {
    for (const c of transport.candidates || []) {
      l.push(`a=candidate:${c.foundation} ${c.component} ${c.protocol} ${c.priority} ${c.ip} ${c.port} typ ${c.type} generation ${c.generation || 0}`);
    }
  }
  return l;
}

/** The bridge's offer: our send sections (mids 0, 1), then one pair per remote participant. */
function offerSdp(transport, remotes) {
  const sections = [['audio', '0', 'recvonly', null], ['video', '1', 'recvonly', null]];
  for (const r of remotes) {
    sections.push(['audio', `a-${r.id}`, 'sendonly', { owner: r.id, ssrcs: [r.audio] }]);
    sections.push(['video', `v-${r.id}`, 'sendonly', { owner: r.id, ssrcs: r.video, group: r.video.length > 1 ? r.video : null }]);
  }
  const lines = ['v=0', 'o=- 1923518516 2 IN IP4 0.0.0.0', 's=-', 't=0 0',
    `a=group:BUNDLE ${sections.map((s) => s[1]).join(' ')}`, 'a=msid-semantic: WMS *'];
  sections.forEach(([kind, mid, dir, src], i) => lines.push(...mediaSection(kind, mid, dir, transport, i === 0, src)));
  return lines.join('\r\n') + '\r\n';
}

function parseAnswer(sdp) {
  const get = (re) => (sdp.match(re) || [])[1];
  const fp = sdp.match(/a=fingerprint:(\S+) (\S+)/);
  const sectionOf = (mid) => {
    const parts = sdp.split(/\r\nm=/);
    return parts.find((p) => p.includes(`\r\na=mid:${mid}\r\n`)) || '';
  };
  const ssrcs = (sec) => [...new Set([...sec.matchAll(/a=ssrc:(\d+) /g)].map((m) => Number(m[1])))];
  const video = sectionOf('1');
  const fid = video.match(/a=ssrc-group:FID (\d+) (\d+)/);
  return {
    ufrag: get(/a=ice-ufrag:(\S+)/), pwd: get(/a=ice-pwd:(\S+)/),
    fingerprint: { hash: fp[1], fingerprint: fp[2], setup: get(/a=setup:(\S+)/) },
    cryptex: /\r\na=cryptex\r\n/.test(sdp),
    audio: ssrcs(sectionOf('0'))[0],
    video: fid ? [Number(fid[1]), Number(fid[2])] : ssrcs(video),
  };
}

// --- the browsers ---------------------------------------------------------------------------
/** Serves page.html, page.js and jframe-worker.js on 127.0.0.1 (inside the namespace). */
export function servePage() {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'page.html';
    const file = path.join(here, name);
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** cryptex: Chromium 156 offers and accepts a=cryptex only with the Blink feature
 * RtcRtpHeaderEncryptionPolicy (RTCConfiguration.rtpHeaderEncryptionPolicy). */
export async function launchChromium({ cryptex = false } = {}) {
  const { chromium } = await import('playwright-core');
  const extra = cryptex ? ['--enable-blink-features=RtcRtpHeaderEncryptionPolicy'] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required', ...extra],
  });
}

const KEY_MATERIAL = 'a1'.repeat(32);  // one shared key (lib-jitsi-meet's externally managed key)

/**
 * Creates a conference (Colibri2 POST, with "srtp-provider-mode" when `mode` is given) and
 * joins `participants` pages, each in its own browser context: endpoint created, the
 * bridge's offer answered, the browser's transport and sources sent back (PATCH), then every
 * page re-offered the others' sources (Jingle's source-add).
 */
export async function joinCall(bridge, browser, pageUrl, { participants, mode, outDir, tag = '' }) {
  const meetingId = `fastpath-${Date.now()}${tag}`;
  const eps = [];
  let providerState = null;
  let scriptTransform = null;
  for (let i = 0; i < participants; i++) {
    const id = `ep${i}`;
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => fs.appendFileSync(path.join(outDir, `${meetingId}-${id}.console.log`), m.text() + '\n'));
    await page.goto(pageUrl);
    const st = await page.evaluate((m) => window.fp.start(m), KEY_MATERIAL);
    if (i === 0) scriptTransform = st;
    const body = { 'meeting-id': meetingId,
      endpoints: [{ id, create: true, medias: colibriMedias(), transport: { 'ice-controlling': true },
        capabilities: ['source-names'] }] };
    if (i === 0) {
      Object.assign(body, { create: true, name: `${meetingId}@conference.example` });
      if (mode) body['srtp-provider-mode'] = mode;
    }
    const answer = i === 0 ? await bridge.rest('POST', '/colibri/v2/conferences', body)
      : await bridge.rest('PATCH', `/colibri/v2/conferences/${meetingId}`, body);
    if (i === 0) providerState = answer['srtp-provider-mode'] || null;
    const transport = answer.endpoints[0].transport.transport;
    const sdp = await page.evaluate((s) => window.fp.answer(s), offerSdp(transport, []));
    const a = parseAnswer(sdp);
    await bridge.rest('PATCH', `/colibri/v2/conferences/${meetingId}`, { endpoints: [{ id,
      transport: { transport: { xmlns: 'urn:xmpp:jingle:transports:ice-udp:1', ufrag: a.ufrag, pwd: a.pwd,
        fingerprints: [{ ...a.fingerprint, setup: 'active', ...(a.cryptex ? { cryptex: true } : {}) }],
        'rtcp-mux': true } },
      sources: [{ type: 'audio', id: `${id}-a0`, sources: [{ ssrc: a.audio, name: `${id}-a0` }] },
        { type: 'video', id: `${id}-v0`, sources: a.video.map((s) => ({ ssrc: s, name: `${id}-v0` })),
          'ssrc-groups': a.video.length > 1 ? [{ semantics: 'FID', sources: a.video }] : [] }] }] });
    eps.push({ id, context, page, transport, ...a });
  }
  for (const ep of eps) {
    const remotes = eps.filter((o) => o !== ep).map((o) => ({ id: o.id, audio: o.audio, video: o.video }));
    await ep.page.evaluate((s) => window.fp.answer(s), offerSdp(ep.transport, remotes));
  }
  // JVB's own conference id (the /debug key), found by meeting id.
  const debug = await bridge.rest('GET', '/debug');
  const confId = Object.values(debug.conferences || {}).find((c) => c.meeting_id === meetingId)?.id
    || providerState?.conference;
  return { meetingId, confId, eps, providerState, scriptTransform };
}

/** Expires the call's endpoints (Colibri2) and closes its pages. */
export async function leaveCall(bridge, call) {
  await bridge.rest('PATCH', `/colibri/v2/conferences/${call.meetingId}`,
    { endpoints: call.eps.map((ep) => ({ id: ep.id, expire: true })) }).catch(() => {});
  for (const ep of call.eps) await ep.context.close();
}

/** Each participant's worker counts and, per received track, what its browser decoded. */
export function snapshot(call) {
  return Promise.all(call.eps.map((ep) => ep.page.evaluate(() => window.fp.counts())));
}

/** [name, ok, detail] for: every participant decodes every other's video and audio, and
 * decrypts their JFrame frames. */
export function mediaChecks(snap, eps) {
  const out = [];
  eps.forEach((ep, i) => {
    const s = snap[i];
    for (const o of eps.filter((x) => x !== ep)) {
      const v = s.inbound.find((x) => x.kind === 'video' && o.video.includes(x.ssrc));
      const au = s.inbound.find((x) => x.kind === 'audio' && x.ssrc === o.audio);
      const dec = (s.worker && s.worker.decrypted) || {};
      out.push([`${ep.id} decodes ${o.id}'s video`, v && v.framesDecoded > 10, v]);
      out.push([`${ep.id} receives ${o.id}'s audio`, au && au.samples > 48000, au]);
      out.push([`${ep.id} decrypts ${o.id}'s JFrame frames`,
        (dec[o.video[0]] || 0) > 10 && (dec[o.audio] || 0) > 10,
        { video: dec[o.video[0]] || 0, audio: dec[o.audio] || 0, worker: s.worker }]);
    }
  });
  return out;
}

/** Polls until every media check passes (ICE, DTLS and the first key frames take a few
 * seconds, the last joiner's longest), at most `seconds`; returns the last snapshot. */
export async function waitForMedia(call, seconds) {
  let snap = await snapshot(call);
  for (let waited = 0; waited < seconds; waited++) {
    if (mediaChecks(snap, call.eps).every(([, ok]) => ok)) break;
    await sleep(1000);
    snap = await snapshot(call);
  }
  return snap;
}
