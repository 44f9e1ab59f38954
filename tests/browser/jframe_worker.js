// JFrame end-to-end encryption in an RTCRtpScriptTransform worker: the envelope
// lib-jitsi-meet's modules/e2ee/Context.ts writes (docs/e2ee.md, "JFrame"), written for
// these tests. Reusable by any page: create the transform with
//   new RTCRtpScriptTransform(worker, {operation: 'encrypt' | 'decrypt', name})
// and post {type: 'key', material: Uint8Array(32), index} and {type: 'enabled', value}.
//
// Envelope: clear prefix (key 10, delta 3, audio 1 bytes) | AES-128-GCM(rest, AAD = prefix)
// with its 16-byte tag | IV (SSRC, RTP timestamp, send count % 0xFFFF; 4 bytes each, big
// endian) | 0x0C | key index. Key = HKDF-SHA256(material, salt "JFrameEncryptionKey").
'use strict';

const PREFIX = {key: 10, delta: 3, audio: 1};
const IV_LENGTH = 12;

let keys = new Array(16).fill(null);  // key index -> CryptoKey
let keyIndex = -1;
let enabled = true;
const sendCounts = new Map();  // SSRC -> frames sent
const stats = {encrypted: 0, passed: 0, decrypted: 0, failed: 0};

async function deriveKey(material) {
  const ikm = await crypto.subtle.importKey('raw', material, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
      {name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('JFrameEncryptionKey'),
       info: new ArrayBuffer(0)},
      ikm, {name: 'AES-GCM', length: 128}, false, ['encrypt', 'decrypt']);
}

function prefixLength(frame) {
  return frame.type === undefined ? PREFIX.audio : (frame.type === 'key' ? PREFIX.key : PREFIX.delta);
}

function rtpTimestamp(frame) {
  const m = frame.getMetadata();
  return frame.timestamp !== undefined ? frame.timestamp : m.rtpTimestamp;
}

async function encrypt(frame, controller) {
  const key = keys[keyIndex];
  if (!enabled || key === null) {  // lib-jitsi-meet's setEnabled(false): frames pass as they are
    stats.passed++;
    controller.enqueue(frame);
    return;
  }
  const data = new Uint8Array(frame.data);
  const p = prefixLength(frame);
  if (data.length < p) return;  // as lib-jitsi-meet: such a frame is not sent
  const ssrc = frame.getMetadata().synchronizationSource;
  if (!sendCounts.has(ssrc)) sendCounts.set(ssrc, Math.floor(Math.random() * 0xFFFF));
  const count = sendCounts.get(ssrc);
  sendCounts.set(ssrc, count + 1);
  const iv = new Uint8Array(IV_LENGTH);
  const view = new DataView(iv.buffer);
  view.setUint32(0, ssrc);
  view.setUint32(4, rtpTimestamp(frame) >>> 0);
  view.setUint32(8, count % 0xFFFF);
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
      {name: 'AES-GCM', iv, additionalData: data.subarray(0, p)}, key, data.subarray(p)));
  const out = new Uint8Array(p + sealed.length + IV_LENGTH + 2);
  out.set(data.subarray(0, p), 0);
  out.set(sealed, p);
  out.set(iv, p + sealed.length);
  out[out.length - 2] = IV_LENGTH;
  out[out.length - 1] = keyIndex;
  frame.data = out.buffer;
  stats.encrypted++;
  controller.enqueue(frame);
}

async function decrypt(frame, controller) {
  const data = new Uint8Array(frame.data);
  const p = prefixLength(frame);
  const key = data.length > p + 2 + IV_LENGTH + 16 && data[data.length - 2] === IV_LENGTH ?
      keys[data[data.length - 1] & 15] : null;
  if (key !== null) {
    const ivStart = data.length - 2 - IV_LENGTH;
    try {
      const plain = new Uint8Array(await crypto.subtle.decrypt(
          {name: 'AES-GCM', iv: data.subarray(ivStart, ivStart + IV_LENGTH),
           additionalData: data.subarray(0, p)},
          key, data.subarray(p, ivStart)));
      const out = new Uint8Array(p + plain.length);
      out.set(data.subarray(0, p), 0);
      out.set(plain, p);
      frame.data = out.buffer;
      stats.decrypted++;
      controller.enqueue(frame);
      return;
    } catch (e) {
      // not ours, or not encrypted: fall through
    }
  }
  stats.failed++;
  controller.enqueue(frame);  // plaintext (encryption switched off) still plays
}

self.onmessage = async (event) => {
  const m = event.data;
  if (m.type === 'key') {
    keys[m.index & 15] = await deriveKey(m.material);
    keyIndex = m.index & 15;
    self.postMessage({type: 'keyed'});
  } else if (m.type === 'enabled') {
    enabled = m.value;
  } else if (m.type === 'stats') {
    self.postMessage({type: 'stats', stats});
  }
};

self.onrtctransform = (event) => {
  const t = event.transformer;
  const work = t.options.operation === 'encrypt' ? encrypt : decrypt;
  t.readable.pipeThrough(new TransformStream({transform: work})).pipeTo(t.writable);
};
