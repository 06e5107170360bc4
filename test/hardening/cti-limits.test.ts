/**
 * The CTI link under hostile peers (issue #15): a login deadline, a per-connection outbound
 * budget, a connection cap, half-sent upgrades cut, deep JSON and prototype names answered
 * with a clear error, and bad-frame warnings rate-limited. Real sockets on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { CLOSE_CODES } from '../../simulator/server.ts';
import { openRawWebSocket, textFrame } from '../../fuzz/raw-ws.ts';
import { startLab, type TestLab } from '../simulator/support/lab.ts';
import { WireClient } from '../simulator/support/wire-client.ts';

let lab: TestLab | null = null;
afterEach(async () => {
  await lab?.stop();
  lab = null;
});

/** Resolves with the first captured log line `match` accepts (lines are read as they are written). */
function logLine(l: TestLab, match: (line: Readonly<Record<string, unknown>>) => boolean): Promise<Readonly<Record<string, unknown>>> {
  return new Promise((resolve) => {
    const look = (): boolean => {
      const found = l.logs.lines().find(match);
      if (found !== undefined) resolve(found);
      return found !== undefined;
    };
    if (look()) return;
    const timer = setInterval(() => {
      if (look()) clearInterval(timer);
    }, 20);
  });
}

describe('CTI link limits', { timeout: 30_000 }, () => {
  it('closes a connection that does not start its session within the login deadline (4001)', async () => {
    lab = await startLab({ limits: { loginDeadlineMs: 150 } });
    const idle = await lab.client();
    const closed = await idle.closed;
    assert.equal(closed.code, CLOSE_CODES.loginDeadline);
    assert.match(closed.reason, /no StartApplicationSession within 150 ms/);
    const working = await lab.client();
    await working.start();
    assert.equal((await working.request({ type: 'SnapshotDevice', deviceId: '8808' })).type, 'Response');
  });

  it('closes a peer that never reads once its replies pass the outbound budget (4002), and serves the others', async () => {
    lab = await startLab({ limits: { outboundBudgetBytes: 64 * 1024 } });
    const port = Number(new URL(lab.url).port);
    const hog = await openRawWebSocket(port);
    hog.stopReading();
    const frame = textFrame(JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '8808' }));
    // Enough replies to fill the kernel's buffers and then the budget (each reply is ~100 bytes).
    const burst = Buffer.concat(Array.from({ length: 1000 }, () => frame));
    for (let i = 0; i < 200 && !hog.socket.destroyed; i++) hog.send(burst);
    const cut = await logLine(lab, (l) => typeof l['msg'] === 'string' && l['msg'].startsWith('connection closed: outbound budget exceeded'));
    assert.equal(cut['code'], CLOSE_CODES.outboundBudget);
    hog.resume();
    await hog.ended;
    const good = await lab.client();
    await good.start();
    assert.equal((await good.request({ type: 'SnapshotDevice', deviceId: '8808' })).type, 'Response');
  });

  it('answers one connection past the cap with 503 naming the cap, and accepts again once one closes', async () => {
    lab = await startLab({ limits: { maxConnections: 2 } });
    const port = Number(new URL(lab.url).port);
    const first = await lab.client();
    await lab.client();
    await assert.rejects(openRawWebSocket(port), /503/);
    await first.close();
    await first.closed;
    const again = await WireClient.connect(lab.url);
    await again.start();
    await again.close();
  });

  it('cuts a half-sent upgrade at the header deadline', async () => {
    lab = await startLab({ limits: { headersTimeoutMs: 300 } });
    const port = Number(new URL(lab.url).port);
    const socket = connect({ host: '127.0.0.1', port });
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(text));
    });
    assert.match(answer, /^HTTP\/1\.1 408 /);
  });

  it('answers 10,000-level JSON with malformedFrame naming the depth limit, not a stack overflow', async () => {
    lab = await startLab();
    const client = await lab.client();
    await client.start();
    const error = await client.rawError(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, null);
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /nested at most 64 levels deep/);
    const deepField = await client.rawError(`{"type":"SnapshotDevice","invokeId":7,"deviceId":${'['.repeat(60)}${']'.repeat(60)}}`, 7);
    assert.equal(deepField.error.code, 'malformedFrame');
    assert.equal((await client.request({ type: 'SnapshotDevice', deviceId: '8808' })).type, 'Response');
  });

  it('answers prototype names as request types with unknownRequest', async () => {
    lab = await startLab();
    const client = await lab.client();
    for (const [i, name] of ['constructor', '__proto__', 'toString', 'hasOwnProperty'].entries()) {
      const error = await client.rawError(JSON.stringify({ type: name, invokeId: 100 + i }), 100 + i);
      assert.equal(error.error.code, 'unknownRequest', name);
      assert.equal(error.request, undefined, name);
    }
  });

  it('logs a flood of bad frames a few times, then one count', async () => {
    lab = await startLab();
    const client = await lab.client();
    for (let i = 0; i < 200; i++) client.sendText('not json');
    await client.start();
    await client.sync();
    const bad = lab.logs.lines().filter((l) => l['msg'] === 'bad frame refused');
    assert.ok(bad.length <= 5, `${bad.length} bad-frame lines`);
    await lab.stop();
    const summary = lab.logs.lines().find((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('bad frame refused: '));
    assert.equal(summary?.['suppressed'], 195);
    lab = null;
  });
});
