// A real JVB, two or three headless Chromium participants on 127.0.0.1, JFrame E2EE through
// RTCRtpScriptTransform, the conference's mode switched mid-call (docs/integration.md,
// section 6). The JVB is given by path: JVB_HOME holds jitsi-videobridge.jar and lib/ (a
// build with the JMT hook of docs/integration.md); without it the test skips.
//
// usage: node call.mjs [--participants N] [--seconds S] [--mode M] [--no-plugin]
//                      [--jar JVB_FASTPATH_JAR] [--measure] [--out DIR]
// Prints one JSON summary line, and "N passed, N failed" (or a SKIP line) last.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(name);

const jvbHome = process.env.JVB_HOME;
if (!jvbHome || !fs.existsSync(path.join(jvbHome, 'jitsi-videobridge.jar'))) {
  console.log('SKIP: no JVB (set JVB_HOME to a JVB build with the JMT hook; docs/integration.md)');
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(0);
}
const participants = Number(opt('--participants', '3'));
const seconds = Number(opt('--seconds', '20'));
const plugin = !flag('--no-plugin');
const startMode = opt('--mode', 'e2ee-passthrough');
const jar = opt('--jar', process.env.JVBFASTPATH_JAR || '');
const outDir = opt('--out', fs.mkdtempSync(path.join(os.tmpdir(), 'jvb-call-')));
fs.mkdirSync(outDir, { recursive: true });
const privatePort = 18080 + Math.floor(Math.random() * 500);
const mediaPort = 20000 + Math.floor(Math.random() * 500);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const results = [];
const check = (name, ok, detail) => {
  results.push({ name, ok: !!ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail === undefined ? '' : ': ' + JSON.stringify(detail)}`);
};

// --- the bridge ---------------------------------------------------------------------------
function jvbConfig() {
  return `videobridge {
  apis.rest.enabled = true
  rest.debug.enabled = true
  http-servers.private { host = 127.0.0.1, port = ${privatePort} }
  http-servers.public { port = -1 }
  sctp.enabled = false
  cc { trust-bwe = false, initial-max-height-px = 720 }
  ice { udp.port = ${mediaPort}, advertise-private-candidates = true }
  health.require-valid-address = false
}
ice4j.harvest {
  use-ipv6 = false
  allowed-addresses = [ "127.0.0.1" ]
  mapping.stun.addresses = []
  mapping.aws.enabled = false
  mapping.static-mappings = []
}
${plugin ? 'jmt.srtp.transformer-provider-class = "org.jvbfastpath.jvb.jmt.FastpathSrtpProvider"' : ''}
`;
}

function startJvb() {
  const conf = path.join(outDir, 'jvb.conf');
  fs.writeFileSync(conf, jvbConfig());
  const cp = [path.join(jvbHome, 'jitsi-videobridge.jar'), path.join(jvbHome, 'lib', '*')];
  if (plugin) cp.push(jar);
  const jvmArgs = ['-Xmx2g', `-Dconfig.file=${conf}`, `-Djvbfastpath.default-mode=${startMode}`];
  if (flag('--measure')) {
    jvmArgs.push(`-XX:StartFlightRecording=filename=${path.join(outDir, 'jvb.jfr')},settings=profile,delay=${Math.max(5, Math.floor(seconds / 3))}s`);
  }
  const log = fs.openSync(path.join(outDir, 'jvb.log'), 'w');
  const child = spawn('java', [...jvmArgs, '-cp', cp.join(':'), 'org.jitsi.videobridge.MainKt'],
    { stdio: ['ignore', log, log] });
  return child;
}

async function rest(method, p, body) {
  const res = await fetch(`http://127.0.0.1:${privatePort}${p}`, {
    method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function waitForJvb(child) {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error('JVB exited: see ' + path.join(outDir, 'jvb.log'));
    try {
      await rest('GET', '/about/version');
      return;
    } catch (e) { await sleep(500); }
  }
  throw new Error('JVB did not answer on ' + privatePort);
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
    audio: ssrcs(sectionOf('0'))[0],
    video: fid ? [Number(fid[1]), Number(fid[2])] : ssrcs(video),
  };
}

// --- the run ------------------------------------------------------------------------------
function serve() {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'page.html';
    const file = path.join(here, name);
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': name.endsWith('.js') ? 'text/javascript' : 'text/html' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const { chromium: pw } = await import('playwright-core');
  const jvb = startJvb();
  let browser;
  let server;
  try {
    await waitForJvb(jvb);
    server = await serve();
    browser = await pw.launch({
      executablePath: chromium, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
    const material = 'a1'.repeat(32);  // one shared key (lib-jitsi-meet's externally managed key)
    const meetingId = `fastpath-${Date.now()}`;
    const eps = [];
    for (let i = 0; i < participants; i++) {
      const id = `ep${i}`;
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('console', (m) => fs.appendFileSync(path.join(outDir, `${id}.console.log`), m.text() + '\n'));
      await page.goto(`http://127.0.0.1:${server.address().port}/page.html`);
      const st = await page.evaluate((m) => window.fp.start(m), material);
      if (i === 0) check('RTCRtpScriptTransform available', st === 'function', st);
      const body = { 'meeting-id': meetingId,
        endpoints: [{ id, create: true, medias: colibriMedias(), transport: { 'ice-controlling': true },
          capabilities: ['source-names'] }] };
      if (i === 0) Object.assign(body, { create: true, name: `${meetingId}@conference.example`, 'srtp-provider-mode': startMode });
      const answer = i === 0 ? await rest('POST', '/colibri/v2/conferences', body)
        : await rest('PATCH', `/colibri/v2/conferences/${meetingId}`, body);
      if (i === 0) eps.conferenceState = answer['srtp-provider-mode'];
      const transport = answer.endpoints[0].transport.transport;
      const sdp = await page.evaluate((s) => window.fp.answer(s), offerSdp(transport, []));
      const a = parseAnswer(sdp);
      await rest('PATCH', `/colibri/v2/conferences/${meetingId}`, { endpoints: [{ id,
        transport: { transport: { xmlns: 'urn:xmpp:jingle:transports:ice-udp:1', ufrag: a.ufrag, pwd: a.pwd,
          fingerprints: [{ ...a.fingerprint, setup: 'active' }], 'rtcp-mux': true } },
        sources: [{ type: 'audio', id: `${id}-a0`, sources: [{ ssrc: a.audio, name: `${id}-a0` }] },
          { type: 'video', id: `${id}-v0`, sources: a.video.map((s) => ({ ssrc: s, name: `${id}-v0` })),
            'ssrc-groups': a.video.length > 1 ? [{ semantics: 'FID', sources: a.video }] : [] }] }] });
      eps.push({ id, page, transport, ...a });
    }
    // Every participant now learns the others' sources (a re-offer, as Jingle source-add).
    for (const ep of eps) {
      const remotes = eps.filter((o) => o !== ep).map((o) => ({ id: o.id, audio: o.audio, video: o.video }));
      await ep.page.evaluate((s) => window.fp.answer(s), offerSdp(ep.transport, remotes));
    }
    const confId = (eps.conferenceState || {}).conference;
    console.log(JSON.stringify({ meetingId, confId, outDir, plugin, startMode }));

    const snapshot = async () => Promise.all(eps.map((ep) => ep.page.evaluate(() => window.fp.counts())));
    const state = async () => (plugin && confId
      ? rest('GET', `/debug/features/conference/${confId}/srtp-provider-mode`) : null);
    const phase = Math.max(4, Math.floor(seconds / 4));

    await sleep(phase * 1000);
    const s1 = await snapshot();
    checkMedia('start', s1, eps);
    if (flag('--measure')) await measure(jvb, seconds, confId, eps);
    if (plugin && confId) {
      for (const mode of ['e2ee-required', 'accelerated', 'e2ee-passthrough']) {
        const before = await snapshot();
        const st = await rest('POST', `/debug/features/conference/${confId}/srtp-provider-mode/${mode}`);
        check(`switched to ${mode}`, st.native_mode === mode, { mode: st.mode, native: st.native_mode });
        await sleep(phase * 1000);
        checkGrowth(mode, before, await snapshot(), eps);
      }
      // e2ee-required refuses plaintext: ep0 stops encrypting, the others stop decoding it.
      await rest('POST', `/debug/features/conference/${confId}/srtp-provider-mode/e2ee-required`);
      await eps[0].page.evaluate(() => window.fp.setPlaintext(true));
      await sleep(2000);
      const b = await snapshot();
      await sleep(phase * 1000);
      const a = await snapshot();
      const st = await state();
      const drops = ((st.native || {}).conference || st.native || {});
      checkPlaintextRefused(b, a, eps, st);
      await eps[0].page.evaluate(() => window.fp.setPlaintext(false));
      let refused = false;
      try {
        await rest('POST', `/debug/features/conference/${confId}/srtp-provider-mode/off`);
      } catch (e) { refused = /409/.test(e.message); }
      check('off refused while fast-path transports are open (SRTP state cannot go back to jitsi-srtp)', refused);
      const final = await state();
      fs.writeFileSync(path.join(outDir, 'state.json'), JSON.stringify(final, null, 1));
      const p = final.packets;
      check('fast path decrypted and encrypted the call',
        p.srtp_decrypt.ok > 1000 && p.srtp_encrypt.ok > 1000 && p.srtcp_decrypt.ok > 0 && p.srtcp_encrypt.ok > 0, p);
      check(`every transport on the fast path (${participants})`,
        final.fastpath_transports === participants && final.bridge_srtp_transports === 0,
        { fastpath: final.fastpath_transports, bridge: final.bridge_srtp_transports });
      console.log(JSON.stringify({ state: final }));
      void drops;
    }
    const debug = confId ? await rest('GET', `/debug/${confId}`) : null;
    if (debug) fs.writeFileSync(path.join(outDir, 'conference-debug.json'), JSON.stringify(debug, null, 1));
  } finally {
    if (browser) await browser.close();
    if (server) server.close();
    jvb.kill('SIGTERM');
    await sleep(1000);
    if (jvb.exitCode === null) jvb.kill('SIGKILL');
  }
}

// Every participant decodes every other's video and audio, and decrypts their JFrame frames.
function checkMedia(when, snap, eps) {
  eps.forEach((ep, i) => {
    const s = snap[i];
    const others = eps.filter((o) => o !== ep);
    for (const o of others) {
      const v = s.inbound.find((x) => x.kind === 'video' && o.video.includes(x.ssrc));
      const au = s.inbound.find((x) => x.kind === 'audio' && x.ssrc === o.audio);
      check(`${when}: ${ep.id} decodes ${o.id}'s video`, v && v.framesDecoded > 10, v);
      check(`${when}: ${ep.id} receives ${o.id}'s audio`, au && au.samples > 48000, au);
      const dec = (s.worker && s.worker.decrypted) || {};
      check(`${when}: ${ep.id} decrypts ${o.id}'s JFrame frames`,
        (dec[o.video[0]] || 0) > 10 && (dec[o.audio] || 0) > 10,
        { video: dec[o.video[0]] || 0, audio: dec[o.audio] || 0, failed: s.worker && s.worker.failed });
    }
  });
}

function framesFrom(snap, ep, o) {
  const v = snap.inbound.find((x) => x.kind === 'video' && o.video.includes(x.ssrc));
  const dec = (snap.worker && snap.worker.decrypted) || {};
  return { frames: v ? v.framesDecoded : 0, decryptedVideo: dec[o.video[0]] || 0, decryptedAudio: dec[o.audio] || 0 };
}

function checkGrowth(mode, before, after, eps) {
  eps.forEach((ep, i) => {
    for (const o of eps.filter((x) => x !== ep)) {
      const b = framesFrom(before[i], ep, o);
      const a = framesFrom(after[i], ep, o);
      check(`${mode}: ${ep.id} still decodes and decrypts ${o.id}`,
        a.frames > b.frames + 10 && a.decryptedVideo > b.decryptedVideo + 10 && a.decryptedAudio > b.decryptedAudio + 10,
        { before: b, after: a });
    }
  });
}

function checkPlaintextRefused(before, after, eps, st) {
  const src = eps[0];
  eps.slice(1).forEach((ep, k) => {
    const i = k + 1;
    const b = framesFrom(before[i], ep, src);
    const a = framesFrom(after[i], ep, src);
    check(`e2ee-required: ${ep.id} gets no plaintext from ${src.id}`,
      a.frames - b.frames <= 2 && after[i].worker.passedPlain - before[i].worker.passedPlain <= 2,
      { before: b, after: a, passedPlain: after[i].worker.passedPlain });
    const other = eps.find((x) => x !== ep && x !== src);
    if (other) {
      const bo = framesFrom(before[i], ep, other);
      const ao = framesFrom(after[i], ep, other);
      check(`e2ee-required: ${ep.id} still decodes ${other.id} (E2EE)`, ao.frames > bo.frames + 10, { before: bo, after: ao });
    }
  });
  const native = st.native || {};
  check('e2ee-required: the bridge counted the refused plaintext', JSON.stringify(native).includes('plaintext'), null);
}

// JVB's CPU over a window of the call (perf stat on the JVB process) and the packets it
// forwarded in that window (the SRTP encrypt nodes' counts), for docs/performance.md.
async function measure(jvb, secs, confId, eps) {
  const packets = async () => {
    const d = await rest('GET', `/debug/${confId}?full=true`);
    let sent = 0;
    const walk = (o) => {
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (k === 'SRTP Encrypt Node' && v && typeof v === 'object') sent += Number(v.num_srtp_processed || 0);
        else walk(v);
      }
    };
    walk(d);
    return sent;
  };
  const p0 = await packets();
  const perf = spawn('perf', ['stat', '-x', ',', '-e', 'task-clock', '-p', String(jvb.pid), '--', 'sleep', String(secs)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  perf.stderr.on('data', (d) => { err += d; });
  await new Promise((r) => perf.on('exit', r));
  const p1 = await packets();
  const ms = Number((err.split('\n').find((l) => l.includes('task-clock')) || '0').split(',')[0]);
  const forwarded = p1 - p0;
  const m = { seconds: secs, cpuMs: ms, forwarded, nsPerPacket: forwarded ? (ms * 1e6) / forwarded : null };
  fs.writeFileSync(path.join(outDir, 'measure.json'), JSON.stringify(m));
  console.log(JSON.stringify({ measure: m }));
}

main().catch((e) => {
  check('call ran', false, String(e && e.stack || e));
}).finally(() => {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
});
