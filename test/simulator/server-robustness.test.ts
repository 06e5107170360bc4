import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { MAX_FRAME_BYTES } from '../../src/contract/cti-wire/frames.ts';
import { createManualClock } from '../../simulator/clock.ts';
import { createJsonDialect } from '../../simulator/dialects/json.ts';
import { createCtiServer } from '../../simulator/server.ts';
import { startLab, type TestLab } from './support/lab.ts';
import { WireClient } from './support/wire-client.ts';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(async () => {
  await lab.stop();
});

describe('CTI server: malformed frames', { timeout: 10_000 }, () => {
  it('answers text that is not JSON with malformedFrame and invokeId null, and the session goes on', async () => {
    const client = await lab.client();
    await client.start();
    const error = await client.rawError('this is not json', null);
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /^\(root\): Expected a JSON text/);
    assert.equal((await client.request({ type: 'MonitorStart', deviceId: '8808' })).type, 'Response');
  });

  it('answers a schema mismatch with malformedFrame echoing the invokeId and naming the field', async () => {
    const client = await lab.client();
    await client.start();
    const error = await client.rawError('{"type":"MonitorStart","invokeId":12,"deviceId":8808}', 12);
    assert.deepEqual([error.error.code, error.request], ['malformedFrame', 'MonitorStart']);
    assert.match(error.error.message, /^deviceId: Expected string .*got 8808/);
  });

  it('names an unexpected extra field', async () => {
    const client = await lab.client();
    await client.start();
    const error = await client.rawError('{"type":"SnapshotDevice","invokeId":13,"deviceId":"8808","colour":"red"}', 13);
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /colour/);
  });

  it('answers an unknown request type with unknownRequest', async () => {
    const client = await lab.client();
    const error = await client.rawError('{"type":"DeflectCall","invokeId":14,"deviceId":"8808"}', 14);
    assert.equal(error.error.code, 'unknownRequest');
    assert.match(error.error.message, /^type: Expected one of StartApplicationSession/);
  });

  it('answers a binary frame with malformedFrame', async () => {
    const client = await lab.client();
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const error = await client.take((f) => f.type === 'Error');
    assert.ok(error.type === 'Error');
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /Expected a text frame/);
  });

  it('answers a frame without an invoke id with invokeId null', async () => {
    const client = await lab.client();
    const error = await client.rawError('{"type":"StopApplicationSession"}', null);
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /invokeId/);
  });

  it('closes only the connection that sends an oversized frame (1009); other sessions go on', async () => {
    const bad = await lab.client();
    const good = await lab.client();
    const [id = ''] = await good.monitor('8808');
    bad.sendText(JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '8808', pad: 'x'.repeat(MAX_FRAME_BYTES) }));
    assert.equal((await bad.closed).code, 1009);
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    assert.equal((await good.nextEvent(id)).event.name, 'Delivered');
  });

  it('keeps a second session unaffected by a misbehaving one', async () => {
    const rogue = await lab.client();
    const good = await lab.client();
    const [id = ''] = await good.monitor('8808');
    const junk = [
      '',
      'null',
      '[]',
      '{}',
      '{"type":null}',
      '{"type":"MonitorStart","invokeId":-1}',
      '{"type":"MonitorStart","invokeId":1.5,"deviceId":"8808"}',
      '"\\u0000"',
      '{"__proto__":{"x":1}}',
      '9'.repeat(5000),
    ];
    for (const text of junk) rogue.sendText(text);
    await rogue.request({ type: 'MonitorStop', monitorId: 'M1' });
    assert.equal(rogue.received.filter((f) => f.type === 'Error').length, junk.length + 1);
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    const event = await good.nextEvent(id);
    assert.deepEqual([event.seq, event.event.name], [1, 'Delivered']);
    assert.equal(good.received.filter((f) => f.type === 'Error').length, 0);
    assert.deepEqual([...rogue.invalid, ...good.invalid], []);
  });

  it('answers serviceUnavailable when a handler fails, and the session goes on', async () => {
    let broken = true;
    const server = createCtiServer({
      host: '127.0.0.1',
      port: 0,
      dialect: createJsonDialect(),
      credentials: { user: 'u', password: 'p' },
      heartbeatIntervalMs: 1000,
      clock: createManualClock(),
      logger: pino({ level: 'silent' }),
      model: () => {
        if (broken) throw new Error('planted failure');
        return lab.simulator.control.truth();
      },
      act: (input, acknowledge) => lab.simulator.control.attempt(input, acknowledge),
    });
    const url = await server.start();
    const client = await WireClient.connect(url);
    try {
      await client.start('u', 'p');
      const reply = await client.request({ type: 'SnapshotDevice', invokeId: 3, deviceId: '8808' });
      assert.deepEqual(reply.type === 'Error' && [reply.invokeId, reply.error.code], [3, 'serviceUnavailable']);
      broken = false;
      assert.equal((await client.request({ type: 'SnapshotDevice', deviceId: '8808' })).type, 'Response');
    } finally {
      await client.close();
      await server.stop();
    }
  });
});

describe('CTI server: logging', { timeout: 10_000 }, () => {
  it('logs structured lines and never a password, even from bad frames', async () => {
    const client = await lab.client();
    await client.start('switchboard', 'wrong-secret-1');
    client.sendText(JSON.stringify({ type: 'StartApplicationSession', invokeId: 2, applicationId: 'a', user: 'u', password: 7, protocolVersion: '1' }));
    client.sendText(
      JSON.stringify({
        type: 'StartApplicationSession',
        invokeId: 3,
        applicationId: 'a',
        user: 'u',
        password: 'wrong-secret-2'.repeat(30),
        protocolVersion: '1',
      }),
    );
    await client.start();
    await client.sync();
    const lines = lab.logs.lines();
    assert.ok(lines.some((l) => l['msg'] === 'authentication failed' && l['user'] === 'switchboard'));
    assert.ok(lines.some((l) => l['msg'] === 'bad frame refused'));
    const all = lab.logs.text.join('\n');
    for (const secret of ['wrong-secret-1', 'wrong-secret-2', 'agent-secret-5501']) assert.ok(!all.includes(secret), `the logs contain ${secret}`);
    assert.doesNotMatch(all, /"password":/);
  });
});
