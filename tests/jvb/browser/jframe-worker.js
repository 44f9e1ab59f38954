// JFrame (lib-jitsi-meet's E2EE envelope, docs/e2ee.md) for RTCRtpScriptTransform, written
// for this test page: AES-128-GCM, key = HKDF-SHA256(material, salt "JFrameEncryptionKey"),
// clear prefix 10 (key frame) / 3 (delta) / 1 (audio) bytes as AAD, then ciphertext + tag,
// the 12-byte IV (SSRC | RTP timestamp | send count mod 0xFFFF), IV length 12, key index.
'use strict';

let key = null;
let keyIndex = 0;
let plaintext = false;  // send frames untouched (the bridge's e2ee-required test)
const sendCount = new Map();
const counts = { keyReady: false, encrypted: 0, encryptedVideo: 0, sentPlain: 0, decrypted: {},
  failed: 0, passedPlain: 0, lastError: null };

async function deriveKey(materialHex) {
  const material = new Uint8Array(materialHex.match(/../g).map((h) => parseInt(h, 16)));
  const ikm = await crypto.subtle.importKey('raw', material, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('JFrameEncryptionKey'),
      info: new Uint8Array(0) },
    ikm, { name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
}

function prefixLength(frame) {
  if (frame.type === undefined) return 1;  // audio
  return frame.type === 'key' ? 10 : 3;
}

function rtpTimestamp(frame) {
  const md = frame.getMetadata();
  return md.rtpTimestamp !== undefined ? md.rtpTimestamp : frame.timestamp;
}

async function encode(frame, controller) {
  if (plaintext || key === null) {
    counts.sentPlain++;
    controller.enqueue(frame);
    return;
  }
  const data = new Uint8Array(frame.data);
  const prefix = Math.min(prefixLength(frame), data.length);
  const ssrc = frame.getMetadata().synchronizationSource >>> 0;
  const count = sendCount.has(ssrc) ? sendCount.get(ssrc) : Math.floor(Math.random() * 0xffff);
  sendCount.set(ssrc, count + 1);
  const iv = new Uint8Array(12);
  const view = new DataView(iv.buffer);
  view.setUint32(0, ssrc);
  view.setUint32(4, rtpTimestamp(frame) >>> 0);
  view.setUint32(8, count % 0xffff);
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: data.subarray(0, prefix) }, key,
    data.subarray(prefix)));
  const out = new Uint8Array(prefix + sealed.length + 14);
  out.set(data.subarray(0, prefix), 0);
  out.set(sealed, prefix);
  out.set(iv, prefix + sealed.length);
  out[out.length - 2] = 12;
  out[out.length - 1] = keyIndex;
  frame.data = out.buffer;
  counts.encrypted++;
  if (frame.type !== undefined) counts.encryptedVideo++;
  controller.enqueue(frame);
}

async function decode(frame, controller) {
  const data = new Uint8Array(frame.data);
  const ssrc = String(frame.getMetadata().synchronizationSource >>> 0);
  const prefix = prefixLength(frame);
  if (data.length < prefix + 16 + 14 || data[data.length - 2] !== 12) {
    counts.passedPlain++;  // not JFrame: shown as is (a plaintext sender)
    controller.enqueue(frame);
    return;
  }
  const ivStart = data.length - 14;
  try {
    const clear = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: data.subarray(ivStart, ivStart + 12),
        additionalData: data.subarray(0, prefix) }, key, data.subarray(prefix, ivStart)));
    const out = new Uint8Array(prefix + clear.length);
    out.set(data.subarray(0, prefix), 0);
    out.set(clear, prefix);
    frame.data = out.buffer;
    counts.decrypted[ssrc] = (counts.decrypted[ssrc] || 0) + 1;
    controller.enqueue(frame);
  } catch (e) {
    counts.failed++;
  }
}

onrtctransform = (event) => {
  const t = event.transformer;
  const transform = t.options.operation === 'encode' ? encode : decode;
  t.readable.pipeThrough(new TransformStream({ transform })).pipeTo(t.writable);
};

onmessage = async (event) => {
  const m = event.data;
  if (m.op === 'key') {
    try {
      key = await deriveKey(m.material);
      keyIndex = m.keyIndex || 0;
      counts.keyReady = true;
    } catch (e) {
      counts.lastError = `key: ${e}`;
    }
  } else if (m.op === 'plaintext') {
    plaintext = m.on;
  } else if (m.op === 'counts') {
    postMessage({ counts });
  }
};
