// JVB's CPU per forwarded packet with and without the plugin, in one run, and where the
// time goes (docs/performance.md, "Inside a real JVB"). A benchmark, not a test: it prints
// figures and asserts none. Needs what call.mjs needs (JVB_HOME, root, iproute2) and perf.
//
// The same call shape (N Chromium participants, JFrame E2EE, VP8 320x240 + Opus) runs,
// after --warmup seconds of unmeasured calls in every mode (the JIT compiles both SRTP
// paths), in windows of S seconds:
//   - one JVB with the plugin, its conferences created in each mode in turn, the order
//     rotated every round: "off" is JVB's own jitsi-srtp (the provider answers null), the
//     native modes run SRTP/SRTCP in the library;
//   - then, unless --no-baseline, a JVB without the plugin (no provider configured), the
//     same windows.
// Per window: `perf stat --per-thread -e task-clock` on the JVB process (the JIT compiler
// threads told apart from the others), the packets its SRTP encrypt nodes sent (RTP the
// bridge forwarded, retransmissions and probing included), the per-node times JVB itself
// keeps, and `perf record -e cpu-clock` resolved with the JIT's perf map (jcmd
// Compiler.perfmap) into where the CPU went.
//
// usage: node measure.mjs [--participants N] [--seconds S] [--rounds R]
//                         [--modes off,accelerated,e2ee-passthrough] [--no-baseline] [--warmup S]
//                         [--jar JVB_FASTPATH_JAR] [--out DIR]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bridge, commandLine, joinCall, jvbHomeOrSkip, launchChromium, leaveCall, mediaChecks,
  runInNamespace, servePage, skip, sleep, waitForMedia } from './bridge.mjs';

const { args, opt, flag } = commandLine();

const jvbHome = jvbHomeOrSkip();
if (spawnSync('perf', ['--version']).status !== 0) skip('no perf (Debian linux-perf)');
await runInNamespace(fileURLToPath(import.meta.url), args);

const participants = Number(opt('--participants', '3'));
const seconds = Number(opt('--seconds', '20'));
const rounds = Number(opt('--rounds', '2'));
const modes = opt('--modes', 'off,accelerated,e2ee-passthrough').split(',');
const jar = opt('--jar', process.env.JVBFASTPATH_JAR || '');
const outDir = opt('--out', fs.mkdtempSync(path.join(os.tmpdir(), 'jvb-measure-')));
fs.mkdirSync(outDir, { recursive: true });
const WARM_SECONDS = 5;  // in each window, from media flowing to the measurement
const warmup = Number(opt('--warmup', '120'));

const run = (cmd, a) => new Promise((resolve) => {
  const p = spawn(cmd, a, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { err += d; });
  p.on('exit', (code) => resolve({ code, out, err }));
});

/** Per node name (summed over the conference's endpoints): packets in, time spent, and the
 * SRTP nodes' processed counts, from JVB's /debug/{confId}. */
async function nodeStats(bridge, confId) {
  const d = await bridge.rest('GET', `/debug/${confId}`);
  const nodes = {};
  const eps = ((d.conferences || {})[confId] || {}).endpoints || {};
  for (const ep of Object.values(eps)) {
    for (const side of ['receiver', 'sender']) {
      const pipe = ((ep.transceiver || {})[side]) || {};
      for (const [name, v] of Object.entries(pipe)) {
        if (!v || typeof v !== 'object' || v.total_time_spent_ns === undefined) continue;
        const n = nodes[name] || (nodes[name] = { packets: 0, ns: 0, processed: 0 });
        n.packets += Number(v.num_input_packets || 0);
        n.ns += Number(v.total_time_spent_ns || 0);
        n.processed += Number(v.num_srtp_processed || 0);
      }
    }
  }
  return nodes;
}

function diffNodes(a, b) {
  const out = {};
  for (const [name, v] of Object.entries(b)) {
    const u = a[name] || { packets: 0, ns: 0, processed: 0 };
    out[name] = { packets: v.packets - u.packets, ns: v.ns - u.ns, processed: v.processed - u.processed };
  }
  return out;
}

/** CPU milliseconds per kind of JVB thread, from `perf stat --per-thread` (comm-tid,msec,...). */
function threadCpu(text) {
  const kinds = [['JIT compiler', /^C[12] CompilerThre/], ['GC', /^(GC Thread|G1 )/],
    ['packet pool (Global CPU pool)', /^Global CPU pool/], ['I/O pool (Global IO pool)', /^Global IO pool/],
    ['ice4j (receive, harvest, agent)', /^(org\.ice4j|ice4j)/], ['scheduler (Global schedule)', /^Global schedule/]];
  const out = {};
  for (const l of text.split('\n')) {
    const f = l.split(',');
    if (f.length < 4 || f[3] !== 'task-clock' || Number.isNaN(Number(f[1]))) continue;
    const comm = f[0].replace(/-\d+$/, '');
    const kind = (kinds.find(([, re]) => re.test(comm)) || ['other threads'])[0];
    out[kind] = (out[kind] || 0) + Number(f[1]);
  }
  return out;
}

async function window(bridge, browser, pageUrl, label, mode, round) {
  const call = await joinCall(bridge, browser, pageUrl,
    { participants, mode, outDir, tag: `-${label}-${round}` });
  const result = { label, mode, round, meetingId: call.meetingId };
  try {
    const snap = await waitForMedia(call, 30);
    const failed = mediaChecks(snap, call.eps).filter(([, ok]) => !ok).map(([name]) => name);
    result.mediaOk = failed.length === 0;
    if (failed.length) result.mediaFailed = failed;
    await sleep(WARM_SECONDS * 1000);
    const n0 = await nodeStats(bridge, call.confId);
    const perfData = path.join(outDir, `${label}-${round}.perf.data`);
    const [stat, rec] = await Promise.all([
      run('perf', ['stat', '--per-thread', '-x', ',', '-e', 'task-clock', '-p', String(bridge.pid),
        '--', 'sleep', String(seconds)]),
      run('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '1999', '-p', String(bridge.pid), '-o', perfData,
        '--', 'sleep', String(seconds)]),
    ]);
    const n1 = await nodeStats(bridge, call.confId);
    result.threads = threadCpu(stat.err);
    result.cpuMs = Object.values(result.threads).reduce((a, b) => a + b, 0);
    result.jitMs = result.threads['JIT compiler'] || 0;
    result.nodes = diffNodes(n0, n1);
    result.sent = (result.nodes['SRTP Encrypt Node'] || {}).processed || 0;
    result.received = (result.nodes['SRTP Decrypt Node'] || {}).packets || 0;
    result.usPerSent = result.sent ? (result.cpuMs * 1e3) / result.sent : null;
    result.usPerSentNoJit = result.sent ? ((result.cpuMs - result.jitMs) * 1e3) / result.sent : null;
    result.perfData = rec.code === 0 ? perfData : null;
    if (bridge.plugin && mode) {
      const st = await bridge.state(call.confId);
      result.fastpathTransports = st.fastpath_transports;
      result.bridgeSrtpTransports = st.bridge_srtp_transports;
    }
  } finally {
    await leaveCall(bridge, call);
  }
  console.log(JSON.stringify({ window: { ...result, nodes: undefined, threads: undefined } }));
  return result;
}

// --- where the time goes: perf samples by DSO, Java samples by package ------------------------
const JAVA_GROUPS = [
  ['SRTP in Java (jitsi-srtp, JCE)', /^(org\.jitsi\.srtp|com\.sun\.crypto|javax\.crypto|sun\.security)\./],
  ['JVB Fastpath (Java side)', /^org\.jvbfastpath\./],
  ['JMT pipeline (org.jitsi.nlj)', /^org\.jitsi\.nlj\./],
  ['RTP/RTCP model (org.jitsi.rtp)', /^org\.jitsi\.rtp\./],
  ['JVB (org.jitsi.videobridge)', /^org\.jitsi\.videobridge\./],
  ['ice4j and DTLS (org.ice4j, BouncyCastle)', /^(org\.ice4j|org\.bouncycastle|org\.jitsi\.dtls)\./],
  ['other Jitsi (utils, metrics)', /^org\.jitsi\./],
  ['JDK and Kotlin (collections, NIO, locks)', /^(java|jdk|sun|kotlin|kotlinx)\./],
];

function groupOf(comm, dso, sym) {
  if (/^C[12] CompilerThre/.test(comm)) return 'JIT compiler threads (C1, C2)';
  if (/^(GC Thread|G1 )/.test(comm)) return 'GC threads';
  if (dso.startsWith('[kernel')) return 'kernel (UDP send/receive, epoll, scheduler)';
  if (dso.includes('libjvbfastpath')) return 'JVB Fastpath library (libsrtp, parsing, policy)';
  if (dso.includes('libcrypto')) return 'OpenSSL libcrypto (AES-GCM of both SRTP paths)';
  if (dso.includes('jitsisrtp')) return 'SRTP in Java (jitsi-srtp, JCE)';
  if (dso.includes('libjvm')) return 'JVM runtime on the other threads';
  if (/^lib(c|pthread|m)[.-]/.test(dso) || dso.startsWith('ld-linux')) return 'libc';
  if (dso.startsWith('[JIT]') || dso.startsWith('perf-')) {
    const method = (sym.match(/([\w$.]+)\(/) || [])[1] || sym;
    if (/^(Interpreter|StubRoutines)|[Ss]tub/.test(method)) return 'interpreter and JVM stubs';
    for (const [name, re] of JAVA_GROUPS) if (re.test(method)) return name;
    return 'other Java';
  }
  return `other native (${dso})`;
}

/** Percent of the window's CPU samples per group, and the hottest symbols. */
async function whereTimeGoes(perfData, topN = 15) {
  const r = await run('perf', ['report', '-i', perfData, '--stdio', '-q', '--no-children',
    '--sort', 'comm,dso,sym', '-t', '|', '--percent-limit', '0']);
  const groups = {};
  const top = [];
  for (const l of r.out.split('\n')) {
    const f = l.split('|');
    if (f.length < 4) continue;
    const pct = Number(f[0].trim().replace('%', ''));
    const comm = f[1].trim();
    const dso = f[2].trim();
    const sym = f.slice(3).join('|').trim().replace(/^\[[.k]\]\s*/, '');
    const g = groupOf(comm, dso, sym);
    groups[g] = (groups[g] || 0) + pct;
    if (top.length < topN && !g.startsWith('JIT compiler')) top.push({ pct, comm, dso, sym: sym.slice(0, 140) });
  }
  return { groups, top };
}

// --- the run ----------------------------------------------------------------------------------
async function measureBridge(bridge, label, modeList) {
  const results = [];
  let browser;
  let server;
  try {
    await bridge.start();
    server = await servePage();
    browser = await launchChromium();
    const pageUrl = `http://127.0.0.1:${server.address().port}/page.html`;
    // Warm-up, not measured: the JIT compiles JVB's paths (both SRTP paths with the plugin).
    for (const mode of modeList) {
      const call = await joinCall(bridge, browser, pageUrl, { participants, mode, outDir, tag: '-warmup' });
      await waitForMedia(call, 30);
      await sleep((warmup / modeList.length) * 1000);
      await leaveCall(bridge, call);
    }
    for (let r = 0; r < rounds; r++) {
      const order = modeList.map((_, i) => modeList[(i + r) % modeList.length]);
      for (const mode of order) {
        results.push(await window(bridge, browser, pageUrl, mode ? `${label}-${mode}` : label, mode, r));
      }
    }
    // The JIT's symbols, for perf report (written to /tmp/perf-<pid>.map).
    await run('jcmd', [String(bridge.pid), 'Compiler.perfmap']);
    for (const res of results) {
      if (res.perfData) res.where = await whereTimeGoes(res.perfData);
    }
  } finally {
    if (browser) await browser.close();
    if (server) server.close();
    await bridge.stop();
  }
  return results;
}

function summarize(results) {
  const by = {};
  for (const r of results) {
    const s = by[r.label] || (by[r.label] = { windows: 0, cpuMs: 0, jitMs: 0, sent: 0, received: 0,
      mediaOk: true, nodes: {}, groups: {}, groupMs: {}, samples: 0, threads: {}, perWindow: [] });
    s.windows++;
    s.cpuMs += r.cpuMs || 0;
    s.jitMs += r.jitMs || 0;
    s.perWindow.push([Number((r.usPerSent || 0).toFixed(1)), Number((r.usPerSentNoJit || 0).toFixed(1))]);
    for (const [k, v] of Object.entries(r.threads || {})) s.threads[k] = (s.threads[k] || 0) + v;
    s.sent += r.sent || 0;
    s.received += r.received || 0;
    s.mediaOk = s.mediaOk && r.mediaOk;
    for (const [name, v] of Object.entries(r.nodes || {})) {
      const n = s.nodes[name] || (s.nodes[name] = { packets: 0, ns: 0 });
      n.packets += v.packets;
      n.ns += v.ns;
    }
    if (r.where) {
      s.samples++;
      for (const [g, pct] of Object.entries(r.where.groups)) {
        s.groups[g] = (s.groups[g] || 0) + pct;
        s.groupMs[g] = (s.groupMs[g] || 0) + (pct / 100) * (r.cpuMs || 0);
      }
    }
  }
  const table = {};
  for (const [label, s] of Object.entries(by)) {
    const srtpNs = ['SRTP Decrypt Node', 'SRTCP Decrypt Node', 'SRTP Encrypt Node', 'SRTCP Encrypt Node']
      .reduce((acc, n) => acc + ((s.nodes[n] || {}).ns || 0), 0);
    const allNs = Object.values(s.nodes).reduce((acc, v) => acc + v.ns, 0);
    const groups = Object.fromEntries(Object.entries(s.groups)
      .map(([g, pct]) => [g, Number((pct / Math.max(1, s.samples)).toFixed(1))])
      .sort((a, b) => b[1] - a[1]));
    table[label] = {
      windows: s.windows, mediaOk: s.mediaOk, cpuMs: Math.round(s.cpuMs), jitMs: Math.round(s.jitMs),
      sent: s.sent, received: s.received,
      usPerSent: s.sent ? Number(((s.cpuMs * 1e3) / s.sent).toFixed(2)) : null,
      usPerSentNoJit: s.sent ? Number((((s.cpuMs - s.jitMs) * 1e3) / s.sent).toFixed(2)) : null,
      perWindowUs: s.perWindow,
      usPerSentByThread: Object.fromEntries(Object.entries(s.threads).sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, s.sent ? Number(((v * 1e3) / s.sent).toFixed(2)) : null])),
      srtpNodesUsPerSent: s.sent ? Number((srtpNs / 1e3 / s.sent).toFixed(2)) : null,
      srtpShareOfNodeTime: allNs ? Number((srtpNs / allNs).toFixed(3)) : null,
      nodeUsPerPacket: Object.fromEntries(['SRTP Decrypt Node', 'SRTP Encrypt Node', 'SRTCP Decrypt Node',
        'SRTCP Encrypt Node'].map((n) => [n, s.nodes[n] && s.nodes[n].packets
        ? Number((s.nodes[n].ns / 1e3 / s.nodes[n].packets).toFixed(2)) : null])),
      cpuPercentByGroup: groups,
      usPerSentByGroup: Object.fromEntries(Object.entries(s.groupMs).sort((a, b) => b[1] - a[1])
        .map(([g, ms]) => [g, s.sent ? Number(((ms * 1e3) / s.sent).toFixed(2)) : null])),
    };
  }
  return table;
}

async function main() {
  const all = [];
  const withPlugin = new Bridge({ home: jvbHome, jar, plugin: true, outDir, defaultMode: 'accelerated',
    name: 'jvb-plugin' });
  all.push(...await measureBridge(withPlugin, 'plugin', modes));
  if (!flag('--no-baseline')) {
    const without = new Bridge({ home: jvbHome, plugin: false, outDir, name: 'jvb-no-plugin' });
    all.push(...await measureBridge(without, 'no-plugin', [null]));
  }
  fs.writeFileSync(path.join(outDir, 'windows.json'), JSON.stringify(all, null, 1));
  const table = summarize(all);
  const base = table['plugin-off'] || table['no-plugin'];
  for (const row of Object.values(table)) {
    row.ratioToJitsiSrtp = base && base.usPerSent && row.usPerSent
      ? Number((row.usPerSent / base.usPerSent).toFixed(3)) : null;
    row.ratioToJitsiSrtpNoJit = base && base.usPerSentNoJit && row.usPerSentNoJit
      ? Number((row.usPerSentNoJit / base.usPerSentNoJit).toFixed(3)) : null;
  }
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(table, null, 1));
  console.log(JSON.stringify({ outDir, participants, seconds, rounds, summary: table }, null, 1));
}

main().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
