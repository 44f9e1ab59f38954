// One participant. The harness (call.mjs) drives it: start(), answer(offer) for each offer
// it builds from the bridge's Colibri2 answer, counts() for the checks.
'use strict';

const fp = {
  pc: null,
  worker: null,
  stream: null,
  lastCounts: null,
  sendersSet: false,

  async start(material) {
    this.worker = new Worker('jframe-worker.js');
    this.worker.onmessage = (e) => { this.lastCounts = e.data.counts; };
    this.worker.postMessage({ op: 'key', material });
    this.stream = await navigator.mediaDevices.getUserMedia(
      { audio: true, video: { width: 320, height: 240, frameRate: 15 } });
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.pc.ontrack = (ev) => {
      ev.receiver.transform = new RTCRtpScriptTransform(this.worker, { operation: 'decode' });
      // Played (audio only counts samples that a sink pulls); the harness starts Chromium
      // with --autoplay-policy=no-user-gesture-required.
      const el = document.createElement(ev.track.kind);
      el.autoplay = true;
      el.srcObject = new MediaStream([ev.track]);
      document.getElementById('videos').appendChild(el);
    };
    document.getElementById('state').textContent = 'started';
    return typeof RTCRtpScriptTransform;
  },

  /**
   * Answers the bridge's offer. Our tracks are added (with their JFrame transform) before
   * the first offer, so that its first audio and video sections (mids 0 and 1) take them.
   * (Chromium 156 ran no video frame through a sender transform set on a transceiver that
   * the remote offer had created and replaceTrack filled; audio went through.)
   */
  async answer(sdp) {
    if (!this.sendersSet) {
      for (const track of this.stream.getTracks()) {
        const sender = this.pc.addTrack(track, this.stream);
        sender.transform = new RTCRtpScriptTransform(this.worker, { operation: 'encode' });
      }
    }
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    if (!this.sendersSet) {
      for (const t of this.pc.getTransceivers()) {
        if (t.sender.track) t.direction = 'sendonly';
      }
      this.sendersSet = true;
    }
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return this.pc.localDescription.sdp;
  },

  setPlaintext(on) {
    this.worker.postMessage({ op: 'plaintext', on });
  },

  /** The worker's counts and, per received track, what the browser decoded. */
  async counts() {
    this.worker.postMessage({ op: 'counts' });
    await new Promise((r) => setTimeout(r, 100));
    const inbound = [];
    const stats = await this.pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        inbound.push({ kind: s.kind, ssrc: s.ssrc, packets: s.packetsReceived,
          framesDecoded: s.framesDecoded || 0, samples: s.totalSamplesReceived || 0,
          concealed: s.concealedSamples || 0, framesReceived: s.framesReceived || 0,
          framesDropped: s.framesDropped || 0, keyFramesDecoded: s.keyFramesDecoded || 0,
          freezes: s.freezeCount || 0, packetsLost: s.packetsLost || 0, nacks: s.nackCount || 0,
          plis: s.pliCount || 0 });
      }
    });
    return { worker: this.lastCounts, inbound, ice: this.pc.iceConnectionState,
      connection: this.pc.connectionState };
  },
};
window.fp = fp;
