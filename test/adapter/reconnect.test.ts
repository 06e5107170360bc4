/**
 * Decision 0014: when the CTI link drops the reference adapter reconnects on its own, with a capped,
 * jittered exponential backoff on the injected clock and random source; activities meanwhile fail at
 * once with 503; CloseAdapter stops it all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { backoffCeiling, backoffDelay, seededRandom } from '../../src/adapter/index.ts';
import type { ActivityName, AdapterPage } from '../../src/contract/pega/activities.ts';
import type { ActivityResult } from '../../src/contract/pega/errors.ts';
import { createReferenceAdapter } from '../../src/adapter/index.ts';
import { sent, snapshotEvent } from './support/agent-handlers.ts';
import { FakeCtiServer } from './support/fake-cti-server.ts';
import { settingsFor } from './support/lab.ts';
import { ManualTimers } from './support/manual-timers.ts';
import { RecordingLogger, RecordingSink } from './support/recorders.ts';
import { delivered } from './support/cti-events.ts';
import { linkStates, outageLab, RECONNECT_MAX_MS, RECONNECT_MIN_MS, scheduledDelays, snapshots } from './support/outage.ts';
import { MonitorScript } from './support/script.ts';

const BACKOFF = { minMs: RECONNECT_MIN_MS, maxMs: RECONNECT_MAX_MS };

function failed(result: ActivityResult): Extract<ActivityResult, { ok: false }> {
  if (result.ok) assert.fail('expected the activity to fail');
  return result;
}

// ------------------------------------------------------------------ the backoff

const BACKOFF_SEED = 140_514;

test(`backoff (fast-check seed ${BACKOFF_SEED}): retry n waits a whole number of ms from minMs to min(maxMs, minMs * 2^(n+1))`, () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600_000 }),
      fc.integer({ min: 1, max: 600_000 }),
      fc.nat(80),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (a, b, attempt, draw) => {
        const settings = { minMs: Math.min(a, b), maxMs: Math.max(a, b) };
        const delay = backoffDelay(attempt, settings, () => draw);
        const ceiling = Math.min(settings.maxMs, settings.minMs * 2 ** (attempt + 1));
        return Number.isInteger(delay) && delay >= settings.minMs && delay <= Math.max(settings.minMs, ceiling);
      },
    ),
    { seed: BACKOFF_SEED, numRuns: 500 },
  );
});

test('backoff: the ceiling doubles from twice minMs up to the cap, and a draw reaches both ends of the range', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10, 1000].map((n) => backoffCeiling(n, BACKOFF)),
    [200, 400, 800, 1600, 1600, 1600, 1600],
  );
  assert.equal(
    backoffDelay(0, BACKOFF, () => 0),
    100,
  );
  assert.equal(
    backoffDelay(0, BACKOFF, () => 0.999_999),
    200,
  );
  assert.equal(
    backoffDelay(7, BACKOFF, () => 0.999_999),
    1600,
  );
  // A broken source cannot push the wait out of its bounds.
  assert.equal(
    backoffDelay(2, BACKOFF, () => Number.NaN),
    100,
  );
  assert.equal(
    backoffDelay(2, BACKOFF, () => 7),
    800,
  );
});

test('the same seed draws the same reconnect waits', () => {
  const draw = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 8 }, (_, n) => backoffDelay(n, BACKOFF, random));
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('a CTI server that stays away is retried with growing, capped, jittered waits drawn from the injected source, never sooner', async (t) => {
  const lab = await outageLab(t, { overrides: { random: seededRandom(7) } });
  let refusing = false;
  lab.server.use('StartApplicationSession', (_frame, peer) => {
    if (refusing) peer.fail('serviceUnavailable', 'switch restarting');
    else peer.respond({ sessionId: 'S', heartbeatIntervalMs: 60_000 });
  });
  await lab.subscribe('8808');
  refusing = true;
  await lab.drop();
  const expected = seededRandom(7);
  for (let n = 0; n < 6; n += 1) {
    const delay = scheduledDelays(lab)[n];
    assert.equal(delay, backoffDelay(n, BACKOFF, expected), `wait ${n} comes from the seeded source`);
    if (delay === undefined) return;
    assert.ok(delay >= RECONNECT_MIN_MS && delay <= backoffCeiling(n, BACKOFF), `wait ${n} (${delay} ms) within its bounds`);
    lab.timers.advance(delay - 1);
    assert.equal(lab.server.requestsOf('StartApplicationSession').length, 1 + n, `no attempt 1 ms before wait ${n} is over`);
    lab.timers.advance(1);
    await lab.attemptsFailed(n + 1);
  }
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 7);
  // The server is back: the next attempt restores the link, and a later loss starts the backoff from its first step.
  refusing = false;
  const next = scheduledDelays(lab)[6] ?? assert.fail('no seventh wait');
  assert.equal(next, backoffDelay(6, BACKOFF, expected));
  lab.timers.advance(next);
  await lab.logger.waitFor((e) => e.msg.startsWith('CTI link restored'), 'link restored');
  await lab.drop();
  assert.equal(scheduledDelays(lab)[7], backoffDelay(0, BACKOFF, expected), 'back to the first step');
});

test('without an injected source the jitter is seeded from the settings and the extensions: the same session replays the same waits', async (t) => {
  const server = await FakeCtiServer.start();
  t.after(() => server.stop());
  let sessions = 0;
  server.use('StartApplicationSession', (_frame, peer) => {
    sessions += 1;
    // Every first session of a run is accepted; its reconnects are refused.
    if (sessions % 4 === 1) peer.respond({ sessionId: `S${sessions}`, heartbeatIntervalMs: 60_000 });
    else peer.fail('serviceUnavailable', 'switch restarting');
  });
  const run = async (dn: string): Promise<number[]> => {
    const timers = new ManualTimers();
    const logger = new RecordingLogger();
    const adapter = createReferenceAdapter(
      { settings: settingsFor(server.url, { reconnectMinMs: RECONNECT_MIN_MS, reconnectMaxMs: RECONNECT_MAX_MS }), sink: new RecordingSink(), logger },
      { timers },
    );
    assert.deepEqual(await adapter.SubscribeForEvents({ DN: dn }), { ok: true });
    server.dropConnections();
    const delays = (): number[] =>
      logger.entries.flatMap((e) =>
        e.msg.startsWith('reconnecting to the CTI server in') && 'delayMs' in e.obj && typeof e.obj.delayMs === 'number' ? [e.obj.delayMs] : [],
      );
    await logger.waitFor((e) => e.msg === 'CTI link down: reconnecting', 'link down');
    for (let n = 0; n < 3; n += 1) {
      timers.advance(delays()[n] ?? assert.fail('no wait scheduled'));
      await logger.waitForCount((e) => e.msg === 'reconnect attempt failed', n + 1, 'failed attempts');
    }
    assert.ok(
      logger.entries.some((e) => e.msg === 'reconnect jitter seeded' && 'seed' in e.obj && typeof e.obj.seed === 'number'),
      'the seed is logged',
    );
    assert.deepEqual(await adapter.CloseAdapter({}), { ok: true });
    return delays();
  };
  const first = await run('8808');
  first.forEach((delay, n) => assert.ok(delay >= RECONNECT_MIN_MS && delay <= backoffCeiling(n, BACKOFF), `wait ${n} within its bounds`));
  assert.deepEqual(await run('8808'), first, 'same settings, same extensions: same waits');
  assert.notDeepEqual(await run('8809'), first, 'another extension (another CSR): other waits');
});

// ------------------------------------------------------------------ what the desktop is told

test('when the link drops each subscribed desktop gets a DISCONNECTED snapshot; after the reconnect, new monitors and a CONNECTED one', async (t) => {
  const lab = await outageLab(t);
  const before = { a: await lab.subscribe('8808'), b: await lab.subscribe('8809') };
  const requestsBefore = lab.server.requests.length;
  await lab.drop();
  assert.deepEqual(lab.sink.deliveries, [
    { DN: '8808', event: snapshotEvent({ pyAgentId: '', pyAgentState: 'Unknown', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' }) },
    { DN: '8809', event: snapshotEvent({ pyAgentId: '', pyAgentState: 'Unknown', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' }) },
  ]);
  await lab.reconnect();
  assert.deepEqual(sent(lab.server.requests.slice(requestsBefore + 1)), [
    { type: 'MonitorStart', deviceId: '8808' },
    { type: 'SnapshotDevice', deviceId: '8808' },
    { type: 'MonitorStart', deviceId: '8809' },
    { type: 'SnapshotDevice', deviceId: '8809' },
  ]);
  assert.notEqual(lab.server.monitorOf('8808'), before.a);
  assert.notEqual(lab.server.monitorOf('8809'), before.b);
  // Nobody is logged in on the switch's side: the snapshot says so (Logout), the link is up and the device open.
  assert.deepEqual(snapshots(lab.sink.deliveries).slice(2), [
    { DN: '8808', event: snapshotEvent({ pyAgentId: '', pyAgentState: 'Logout', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
    { DN: '8809', event: snapshotEvent({ pyAgentId: '', pyAgentState: 'Logout', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
  ]);
  // Events flow again on the new monitors, their sequence numbers starting again at 1.
  const phone = MonitorScript.of(lab, '8809');
  phone.send(delivered('c9', '8809', { calling: '6175551212', called: '8809', trunk: 'T1' }));
  assert.ok((await phone.settle()).some((d) => d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId === 'c9'));
});

test('heartbeat silence is a lost link like a closed socket: the adapter reconnects', async (t) => {
  const lab = await outageLab(t, { requestMs: 600_000, server: { heartbeatIntervalMs: 150 } });
  await lab.subscribe('8808');
  lab.timers.advance(300);
  await lab.noticedDown();
  await lab.reconnect();
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8808:CONNECTED']);
});

// ------------------------------------------------------------------ activities while the link is down

const WHILE_DOWN: readonly (readonly [ActivityName, AdapterPage])[] = [
  ['OpenAdapter', {}],
  ['SubscribeForEvents', { DN: '8809' }],
  ['SubscribeForEvents', { DN: '8808' }],
  ['LoginAgent', { DN: '8808', AgentID: '5501' }],
  ['LogoutAgent', { DN: '8808', AgentID: '5501' }],
  ['SetAgentReady', { AgentID: '5501' }],
  ['SetAgentNotReady', { AgentID: '5501', DN: '8808' }],
  ['AnswerCall', { DN: '8808', CallID: 'C1' }],
  ['HoldCall', { DN: '8808' }],
  ['MakeCall', { DN: '8808', Destination: '8809' }],
];

test('every activity that needs the link fails at once with 503 while reconnecting, saying so, and sends nothing', async (t) => {
  const lab = await outageLab(t, { mode: 'full' });
  await lab.subscribe('8808');
  await lab.drop();
  const requests = lab.server.requests.length;
  for (const [activity, page] of WHILE_DOWN) {
    // The clock does not move: an answer here cannot have waited for any deadline.
    const result = failed(await lab.adapter[activity](page));
    assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_503', activity);
    assert.match(
      result.errMessage,
      /^The adapter is reconnecting to the CTI server at 127\.0\.0\.1:\d+ after the connection was lost \(.+\): try again in a moment$/,
      activity,
    );
    assert.equal(result.pyStatusMessage, result.errMessage);
  }
  assert.equal(lab.server.requests.length, requests, 'nothing reached the CTI server');
  await lab.reconnect();
  assert.deepEqual(await lab.adapter.SubscribeForEvents({ DN: '8809' }), { ok: true });
});

test('a request in flight when the link drops fails with 503 naming the loss, without waiting for its deadline', async (t) => {
  const lab = await outageLab(t, { mode: 'agent-state' });
  await lab.subscribe('8808');
  lab.server.use('SetAgentState', () => undefined);
  const asking = lab.adapter.SetAgentReady({ AgentID: '5501', DN: '8808' });
  await lab.server.waitForRequests('SetAgentState');
  await lab.drop();
  const result = failed(await asking);
  assert.equal(result.errCode, 'OPENCTI_HTTP_ERROR_503');
  assert.match(result.errMessage, /^The connection to the CTI server at 127\.0\.0\.1:\d+ was lost \(the CTI server closed the connection/);
});

test('UnSubscribeForEvents while reconnecting ends the subscription: the extension is not monitored again', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  await lab.subscribe('8809');
  await lab.drop();
  const requests = lab.server.requests.length;
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8809' }), { ok: true });
  assert.equal(lab.server.requests.length, requests, 'no MonitorStop: the monitor went with the link');
  await lab.reconnect();
  assert.deepEqual(
    lab.server
      .requestsOf('MonitorStart')
      .slice(2)
      .map((r) => (r.type === 'MonitorStart' ? r.deviceId : '')),
    ['8808'],
  );
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8809:DISCONNECTED', '8808:CONNECTED']);
  assert.equal(failed(await lab.adapter.UnSubscribeForEvents({ DN: '8809' })).errCode, 'OPENCTI_CF_INVALID_OBJECT_STATE');
});

test('a MonitorStart the switch refuses after the reconnect ends that subscription; the others are restored', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  await lab.subscribe('8809');
  lab.server.use('MonitorStart', (frame, peer) => {
    if (frame.type === 'MonitorStart' && frame.deviceId === '8809') peer.fail('invalidDeviceId', 'device 8809 was deprovisioned');
    else peer.respond({ monitorId: 'mon-8808-again' });
  });
  await lab.drop();
  await lab.reconnect();
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8809:DISCONNECTED', '8808:CONNECTED']);
  assert.ok(
    lab.logger.entries.some((e) => e.level === 'error' && e.msg.includes('refused MonitorStart after the reconnect') && 'DN' in e.obj && e.obj.DN === '8809'),
  );
  assert.equal(failed(await lab.adapter.UnSubscribeForEvents({ DN: '8809' })).errCode, 'OPENCTI_CF_INVALID_OBJECT_STATE');
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
});

test('a resync request the switch does not answer gives that link up; the backoff goes on and the next link restores, with one DISCONNECTED and one CONNECTED', async (t) => {
  const lab = await outageLab(t, { requestMs: 500 });
  await lab.subscribe('8808');
  let monitorStarts = 0;
  lab.server.use('MonitorStart', (_frame, peer) => {
    monitorStarts += 1;
    if (monitorStarts > 1) peer.respond({ monitorId: `mon-again-${monitorStarts}` });
  });
  await lab.drop();
  lab.timers.advance(RECONNECT_MIN_MS);
  await lab.server.waitForRequests('MonitorStart', 2);
  lab.timers.advance(500);
  await lab.noticedDown();
  assert.equal(scheduledDelays(lab).length, 2, 'the next attempt is scheduled');
  await lab.reconnect();
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 3);
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8808:CONNECTED']);
});

// ------------------------------------------------------------------ CloseAdapter stops it all

test('CloseAdapter while waiting to reconnect stops reconnecting: no timer left, no attempt ever after', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  await lab.drop();
  assert.equal(lab.timers.pending, 1, 'the reconnect timer');
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true });
  assert.equal(lab.timers.pending, 0);
  lab.timers.advance(10 * 60_000);
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 1);
  assert.equal(lab.server.openConnections, 0);
  assert.ok(lab.logger.entries.some((e) => e.msg === 'reconnecting stopped: the adapter is closing'));
});

test('CloseAdapter during a connect attempt gives the attempt up: its socket and deadline go too', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  lab.server.use('StartApplicationSession', () => undefined);
  await lab.drop();
  lab.timers.advance(RECONNECT_MIN_MS);
  await lab.server.waitForRequests('StartApplicationSession', 2);
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true });
  assert.equal(lab.timers.pending, 0);
  await lab.server.waitForConnections(0);
  lab.timers.advance(10 * 60_000);
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
});

test('CloseAdapter during the resync closes the new link at once and stops reconnecting', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  lab.server.use('MonitorStart', () => undefined);
  await lab.drop();
  lab.timers.advance(RECONNECT_MIN_MS);
  await lab.server.waitForRequests('MonitorStart', 2);
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true });
  assert.equal(lab.timers.pending, 0);
  await lab.server.waitForConnections(0);
  lab.timers.advance(10 * 60_000);
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED'], 'nothing delivered after CloseAdapter');
});

test('a link lost while CloseAdapter waits its turn is not reconnected: the close still leaves nothing behind', async (t) => {
  const lab = await outageLab(t, { mode: 'agent-state' });
  await lab.subscribe('8808');
  lab.server.use('SetAgentState', () => undefined);
  const asking = lab.adapter.SetAgentReady({ AgentID: '5501', DN: '8808' });
  await lab.server.waitForRequests('SetAgentState');
  const closing = lab.adapter.CloseAdapter({});
  await lab.drop();
  assert.equal(failed(await asking).errCode, 'OPENCTI_HTTP_ERROR_503');
  assert.deepEqual(await closing, { ok: true });
  assert.equal(lab.timers.pending, 0);
  lab.timers.advance(10 * 60_000);
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 1);
  assert.deepEqual(linkStates(lab.sink.deliveries), [], 'CloseAdapter had closed the gates: no DISCONNECTED');
});

test('CloseAdapter on an open link is not a loss: nothing is scheduled, and OpenAdapter later opens a fresh link', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true });
  await lab.server.waitForConnections(0);
  assert.equal(lab.timers.pending, 0);
  assert.ok(!lab.logger.entries.some((e) => e.msg === 'CTI link down: reconnecting'));
  assert.deepEqual(linkStates(lab.sink.deliveries), []);
  assert.deepEqual(await lab.adapter.OpenAdapter({}), { ok: true });
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
});
