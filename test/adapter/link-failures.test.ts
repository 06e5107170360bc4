import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { createReferenceAdapter } from '../../src/adapter/index.ts';
import type { ActivityResult } from '../../src/contract/pega/errors.ts';
import { FakeCtiServer } from './support/fake-cti-server.ts';
import { settingsFor, startLab } from './support/lab.ts';
import { delivered } from './support/cti-events.ts';
import { ManualTimers } from './support/manual-timers.ts';
import { RecordingLogger, RecordingSink, type LogEntry } from './support/recorders.ts';
import { MonitorScript } from './support/script.ts';

function failed(result: ActivityResult): Extract<ActivityResult, { ok: false }> {
  if (result.ok) assert.fail('expected the activity to fail');
  return result;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('OCTI-SUB-003 OpenAdapter against a port nobody listens on fails with 503 naming the server', async () => {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const adapter = createReferenceAdapter({ settings: settingsFor(`ws://127.0.0.1:${port}`), sink: new RecordingSink(), logger: new RecordingLogger() });
  const result = failed(await adapter.OpenAdapter({}));
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_503');
  assert.match(result.errMessage, new RegExp(`The CTI server at 127\\.0\\.0\\.1:${port} cannot be reached \\(connection refused`));
  assert.equal(result.pyStatusMessage, result.errMessage);
  assert.equal(result.pyPegaCTIError, result.errMessage);
});

test('OCTI-SUB-003 SubscribeForEvents on an unreachable server fails with 503 too', async () => {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const adapter = createReferenceAdapter({ settings: settingsFor(`ws://127.0.0.1:${port}`), sink: new RecordingSink(), logger: new RecordingLogger() });
  assert.equal(failed(await adapter.SubscribeForEvents({ DN: '8808' })).errCode, 'OPENCTI_HTTP_ERROR_503');
});

test('a server that accepts TCP but never completes the WebSocket handshake fails OpenAdapter with 504 once connectMs has passed', async (t) => {
  const held: Socket[] = [];
  let accepted = (): void => undefined;
  const connected = new Promise<void>((resolve) => (accepted = resolve));
  const silent = createServer((socket) => {
    held.push(socket);
    accepted();
  });
  const port = await listen(silent);
  t.after(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
  const timers = new ManualTimers();
  const adapter = createReferenceAdapter(
    { settings: settingsFor(`ws://127.0.0.1:${port}`, { connectMs: 100 }), sink: new RecordingSink(), logger: new RecordingLogger() },
    { timers },
  );
  const opening = adapter.OpenAdapter({});
  await connected;
  timers.advance(99);
  assert.equal(timers.pending, 1, 'still waiting 1 ms before the deadline');
  timers.advance(1);
  const result = failed(await opening);
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_504');
  assert.match(result.errMessage, /did not accept the connection within 100 ms/);
});

test('a CTI server that never answers StartApplicationSession fails OpenAdapter with 408 once requestMs has passed', async (t) => {
  const server = await FakeCtiServer.start();
  t.after(() => server.stop());
  server.use('StartApplicationSession', () => undefined);
  const timers = new ManualTimers();
  const adapter = createReferenceAdapter(
    { settings: settingsFor(server.url, { requestMs: 100 }), sink: new RecordingSink(), logger: new RecordingLogger() },
    { timers },
  );
  const opening = adapter.OpenAdapter({});
  await server.waitForRequests('StartApplicationSession');
  timers.advance(100);
  const result = failed(await opening);
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_408');
  assert.match(result.errMessage, /did not answer StartApplicationSession within 100 ms/);
});

test('OCTI-LIFE-001 credentials the CTI server rejects fail OpenAdapter with 401 naming the user, never the password', async (t) => {
  const lab = await startLab({ password: 'wrong-password-123' });
  t.after(() => lab.stop());
  const result = failed(await lab.adapter.OpenAdapter({}));
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_401');
  assert.match(result.errMessage, /refused the CTI link user "switchboard": check the user name and password/);
  assert.ok(!result.errMessage.includes('wrong-password-123'));
  assert.ok(!lab.logger.text().includes('wrong-password-123'), 'the password is never logged');
});

test('OCTI-SUB-002 SubscribeForEvents on an extension the CTI server does not know fails with 404 naming it', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const result = failed(await lab.adapter.SubscribeForEvents({ DN: '9999' }));
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_404');
  assert.equal(result.errMessage, 'Extension 9999 is not known to the CTI server');
});

test('a CTI server that cannot serve MonitorStart now fails SubscribeForEvents with 503', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  lab.server.use('MonitorStart', (_frame, peer) => peer.fail('serviceUnavailable', 'switch in maintenance'));
  const result = failed(await lab.adapter.SubscribeForEvents({ DN: '8808' }));
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_503');
  assert.match(result.errMessage, /cannot serve MonitorStart for extension 8808 now \(switch in maintenance\)/);
});

test('an unexpected wire error fails with OPENCTI_CF_GENERIC_OPERATION and the server says why', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  lab.server.use('MonitorStart', (_frame, peer) => peer.fail('monitorAlreadyActive', 'already monitoring 8808'));
  const result = failed(await lab.adapter.SubscribeForEvents({ DN: '8808' }));
  assert.equal(result.errCode, 'OPENCTI_CF_GENERIC_OPERATION');
  assert.match(result.errMessage, /refused MonitorStart for extension 8808 \(already monitoring 8808\)/);
});

test('a MonitorStart the server never answers fails with 408 naming the request and extension', async (t) => {
  const timers = new ManualTimers();
  const lab = await startLab({ requestMs: 100, overrides: { timers } });
  t.after(() => lab.stop());
  lab.server.use('MonitorStart', () => undefined);
  const subscribing = lab.adapter.SubscribeForEvents({ DN: '8808' });
  await lab.server.waitForRequests('MonitorStart');
  timers.advance(100);
  const result = failed(await subscribing);
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_408');
  assert.match(result.errMessage, /did not answer MonitorStart for extension 8808 within 100 ms/);
});

/** A lab on a manual clock whose server announces `heartbeatIntervalMs`, and a way to send one heartbeat and see the adapter hear it. */
async function heartbeatLab(t: { after: (fn: () => Promise<void>) => void }, heartbeatIntervalMs: number) {
  const timers = new ManualTimers();
  const lab = await startLab({ requestMs: 600_000, server: { heartbeatIntervalMs }, overrides: { timers } });
  t.after(() => lab.stop());
  let beats = 0;
  const heard = (e: LogEntry): boolean =>
    e.msg === 'CTI frame received' &&
    'frame' in e.obj &&
    typeof e.obj.frame === 'object' &&
    e.obj.frame !== null &&
    'type' in e.obj.frame &&
    e.obj.frame.type === 'SystemStatus';
  return {
    lab,
    timers,
    async heartbeat(): Promise<void> {
      beats += 1;
      lab.server.sendRaw(JSON.stringify({ type: 'SystemStatus', status: 'normal' }));
      await lab.logger.waitForCount(heard, beats, 'SystemStatus received');
    },
  };
}

test('silence for exactly two heartbeat intervals marks the link lost and fails the pending request with 503', async (t) => {
  const { lab, timers } = await heartbeatLab(t, 150);
  lab.server.use('MonitorStart', () => undefined);
  const subscribing = lab.adapter.SubscribeForEvents({ DN: '8808' });
  await lab.server.waitForRequests('MonitorStart');
  timers.advance(299);
  assert.ok(!lab.logger.entries.some((e) => e.msg === 'CTI link lost'), 'alive 1 ms before the limit');
  timers.advance(1);
  const result = failed(await subscribing);
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_503');
  assert.match(result.errMessage, /connection to the CTI server at .* was lost \(nothing heard from the CTI server for 300 ms/);
  await lab.logger.waitFor((e) => e.level === 'warn' && e.msg === 'CTI link lost', 'link lost warning');
});

test('SystemStatus heartbeats keep the link up while a request takes longer than two intervals', async (t) => {
  const { lab, timers, heartbeat } = await heartbeatLab(t, 150);
  let answer = (): void => assert.fail('MonitorStart never arrived');
  lab.server.use('MonitorStart', (_frame, peer) => {
    answer = () => peer.respond({ monitorId: 'mon-slow' });
  });
  const subscribing = lab.adapter.SubscribeForEvents({ DN: '8808' });
  await lab.server.waitForRequests('MonitorStart');
  // 1000 ms in all, more than three times the 300 ms silence limit, never 300 ms without a heartbeat.
  for (let elapsed = 0; elapsed < 1000; elapsed += 250) {
    timers.advance(250);
    await heartbeat();
  }
  answer();
  assert.deepEqual(await subscribing, { ok: true });
  assert.ok(!lab.logger.entries.some((e) => e.msg === 'CTI link lost'));
  // And the watchdog still watches: silence after the last heartbeat ends the link.
  timers.advance(300);
  await lab.logger.waitFor((e) => e.msg === 'CTI link lost', 'link lost after the heartbeats stop');
});

test('any frame from the server, not only SystemStatus, counts as a sign of life', async (t) => {
  const { lab, timers } = await heartbeatLab(t, 150);
  const phone = await MonitorScript.on(lab, '8808');
  timers.advance(200);
  phone.send(delivered('c1', '8808', { calling: '6175551212', called: '8808', trunk: 'T1' }));
  await lab.sink.waitFor(1);
  timers.advance(200);
  assert.ok(!lab.logger.entries.some((e) => e.msg === 'CTI link lost'), '200 ms after the last frame is within the 300 ms limit');
  timers.advance(100);
  await lab.logger.waitFor((e) => e.msg === 'CTI link lost', 'link lost 300 ms after the last frame');
});

test('when the server drops the link, the subscription stays: the adapter reconnects on its own and monitors the extension again (decision 0014)', async (t) => {
  const timers = new ManualTimers();
  const lab = await startLab({ reconnectMinMs: 100, overrides: { timers, random: () => 0 } });
  t.after(() => lab.stop());
  const first = await lab.subscribe('8808');
  lab.server.dropConnections();
  const down = await lab.logger.waitFor((e) => e.msg === 'CTI link down: reconnecting', 'link down');
  assert.deepEqual('extensions' in down.obj ? down.obj.extensions : undefined, ['8808']);
  timers.advance(100);
  await lab.logger.waitFor((e) => e.msg.startsWith('CTI link restored'), 'link restored');
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
  assert.notEqual(lab.server.monitorOf('8808'), first, 'a new monitor on the new session');
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
});

test('malformed, unknown and unexpected server frames are logged and skipped without breaking the link', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  lab.server.sendRaw('this is not JSON');
  lab.server.sendRaw('[1,2,3]');
  lab.server.sendRaw(JSON.stringify({ type: 'Bogus' }));
  lab.server.sendRaw(JSON.stringify({ type: 'Event', monitorId, seq: 1, event: { name: 'Delivered', callId: 'c1' } }));
  lab.server.sendRaw(JSON.stringify({ type: 'Event', monitorId, seq: 1, event: { name: 'Teleported', callId: 'c1' } }));
  lab.server.sendRaw(JSON.stringify({ type: 'Response', invokeId: 4242, request: 'MonitorStop', result: {} }));
  lab.server.sendRaw(JSON.stringify({ type: 'Error', invokeId: null, error: { code: 'malformedFrame', message: 'huh' } }));
  lab.server.sendRaw(Buffer.from([1, 2, 3]));
  lab.server.event(monitorId, 1, {
    name: 'Delivered',
    callId: 'c1',
    alertingDevice: '8808',
    callingDevice: '8809',
    calledDevice: '8808',
    callData: {},
    cause: 'newCall',
  });
  await lab.sink.waitFor(1);
  assert.deepEqual(lab.sink.summary(), ['8808:Offering']);
  const skipped = lab.logger.entries.filter((e) => e.level === 'warn' && e.msg.startsWith('malformed CTI frame skipped'));
  assert.equal(skipped.length, 5);
  assert.ok(lab.logger.entries.some((e) => e.msg.startsWith('binary CTI frame skipped')));
  assert.ok(lab.logger.entries.some((e) => e.msg.startsWith('CTI response skipped')));
  assert.ok(lab.logger.entries.some((e) => e.msg === 'CTI error not tied to a waiting request'));
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
});
