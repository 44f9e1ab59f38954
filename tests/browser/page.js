// Two RTCPeerConnections in one page: pc1 sends fake camera and microphone media, pc2
// receives it. Frames are JFrame-encrypted in a worker (jframe_worker.js) on the way out of
// pc1 and decrypted on the way into pc2. Signalling goes through the driver (capture.mjs),
// which relays the media: window.jvb.* is what it calls.
'use strict';

window.jvb = {
  material: null,
  async worker(operation) {
    const w = new Worker('jframe_worker.js');
    const keyed = new Promise((resolve) => {
      w.addEventListener('message', (e) => e.data.type === 'keyed' && resolve());
    });
    w.postMessage({type: 'key', material: this.material, index: 3});
    await keyed;
    return w;
  },

  // Sets up pc1 -> pc2 with `codec` ("VP8" or "H264"; H.264 packetization-mode 1) and, if
  // `e2ee`, the JFrame transforms. Returns pc1's offer SDP once its candidates are gathered.
  async start({codec, e2ee, materialHex, width, height, maxBitrate}) {
    this.material = new Uint8Array(materialHex.match(/../g).map((h) => parseInt(h, 16)));
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true, video: {width, height, frameRate: 30}});
    const config = {bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', encodedInsertableStreams: false};
    this.pc1 = new RTCPeerConnection(config);
    this.pc2 = new RTCPeerConnection(config);
    this.sendWorker = e2ee ? await this.worker('encrypt') : null;
    this.receiveWorker = e2ee ? await this.worker('decrypt') : null;
    for (const track of stream.getTracks()) {
      const t = this.pc1.addTransceiver(track, {direction: 'sendonly'});
      if (track.kind === 'video') {
        const caps = RTCRtpSender.getCapabilities('video').codecs;
        const wanted = caps.filter((c) => c.mimeType === 'video/' + codec &&
            (codec !== 'H264' || /packetization-mode=1/.test(c.sdpFmtpLine || '') &&
             /profile-level-id=42e01f/.test(c.sdpFmtpLine || '')));
        if (wanted.length === 0) throw new Error('no ' + codec + ' encoder');
        t.setCodecPreferences([wanted[0], ...caps.filter((c) => c.mimeType === 'video/rtx')]);
        const p = t.sender.getParameters();
        p.encodings[0].maxBitrate = maxBitrate;
        this.videoSender = t.sender;
      }
      if (e2ee) t.sender.transform = new RTCRtpScriptTransform(this.sendWorker, {operation: 'encrypt'});
    }
    this.pc2.ontrack = (e) => {
      if (e2ee) e.receiver.transform = new RTCRtpScriptTransform(this.receiveWorker, {operation: 'decrypt'});
    };
    await this.pc1.setLocalDescription();
    await this.gathered(this.pc1);
    const p = this.videoSender.getParameters();
    p.encodings[0].maxBitrate = maxBitrate;
    // A busy machine must not shrink the frames below one packet: the hold is exercised by
    // frames of several packets.
    p.degradationPreference = 'maintain-resolution';
    await this.videoSender.setParameters(p);
    return this.pc1.localDescription.sdp;
  },

  gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
  },

  // pc2 takes the (relay-munged) offer; returns its answer with candidates.
  async answer(offer) {
    await this.pc2.setRemoteDescription({type: 'offer', sdp: offer});
    await this.pc2.setLocalDescription();
    await this.gathered(this.pc2);
    return this.pc2.localDescription.sdp;
  },

  async finish(answer) {
    await this.pc1.setRemoteDescription({type: 'answer', sdp: answer});
  },

  // lib-jitsi-meet's setEnabled: false lets frames pass unencrypted.
  encrypt(value) {
    this.sendWorker.postMessage({type: 'enabled', value});
  },

  async stats() {
    const out = {};
    for (const [name, pc] of [['pc1', this.pc1], ['pc2', this.pc2]]) {
      (await pc.getStats()).forEach((r) => {
        if (r.type === 'outbound-rtp' || r.type === 'inbound-rtp') {
          out[name + ' ' + r.type + ' ' + r.kind] = {
            packets: r.packetsSent ?? r.packetsReceived, retransmitted: r.retransmittedPacketsSent,
            nacks: r.nackCount, frames: r.framesEncoded ?? r.framesDecoded,
            keyframes: r.keyFramesEncoded ?? r.keyFramesDecoded, codec: r.codecId,
            lost: r.packetsLost};
        }
      });
    }
    return out;
  },

  stop() {
    this.pc1.close();
    this.pc2.close();
  },
};
