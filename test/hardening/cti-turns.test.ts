/**
 * One peer's pipelined burst does not hold the CTI link's event loop (issue #15, the fuzz run's
 * hangs): the WebSocket server serves a frame a turn, so another peer's request sent while a burst
 * of 2,000 is being served is answered long before the burst is through. Served in one turn, the
 * burst's first read (~900 frames) all went before it. Real sockets on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openRawWebSocket, parseServerFrames, textFrame } from '../../fuzz/raw-ws.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from '../../fuzz/secrets.ts';
import { CTI_LOGIN } from '../../fuzz/well-behaved.ts';
import { startLab } from '../simulator/support/lab.ts';

const lab = await startLab({ credentials: { user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword } });
after(() => lab.stop());

test("a peer's burst of 2,000 pipelined requests: another peer's request is answered within its first 100", { timeout: 30_000 }, async () => {
  const port = Number(new URL(lab.url).port);
  const [burst, other] = await Promise.all([openRawWebSocket(port), openRawWebSocket(port)]);
  for (const peer of [burst, other]) {
    peer.send(textFrame(JSON.stringify(CTI_LOGIN)));
    assert.equal((await peer.take(1, 5000)).texts.length, 1);
  }
  // The burst's replies counted as their bytes arrive (the client reads both sockets in arrival order).
  let burstArrived = 0;
  let pending: Buffer = Buffer.alloc(0);
  burst.socket.on('data', (chunk: Buffer) => {
    const parsed = parseServerFrames(Buffer.concat([pending, chunk]));
    pending = parsed.rest;
    burstArrived += parsed.frames.filter((f) => f.opcode === 0x1).length;
  });
  let answeredAfter: number | null = null;
  other.socket.once('data', () => (answeredAfter = burstArrived));
  const otherAnswer = other.take(1, 10_000);
  let burstAnswered = 0;
  const frames = Array.from({ length: 2000 }, (_, i) => textFrame(JSON.stringify({ type: 'SnapshotDevice', invokeId: i + 1, deviceId: '8808' })));
  burst.send(Buffer.concat(frames));
  other.send(textFrame(JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '8809' })));
  while (burstAnswered < 2000) {
    const { texts, closed } = await burst.take(1, 10_000);
    if (texts.length === 0 || closed) break;
    burstAnswered++;
  }
  assert.equal((await otherAnswer).texts.length, 1);
  assert.equal(burstAnswered, 2000);
  assert.ok(answeredAfter !== null && answeredAfter < 100, `the other peer was answered after ${String(answeredAfter)} of the burst's replies`);
  burst.destroy();
  other.destroy();
});
