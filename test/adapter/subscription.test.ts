import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_APPLICATION_ID } from '../../src/adapter/index.ts';
import { CTI_WIRE_PROTOCOL_VERSION, type CtiEvent } from '../../src/contract/cti-wire/frames.ts';
import { SERVER_PASSWORD } from './support/fake-cti-server.ts';
import { startLab } from './support/lab.ts';

const ringing = (callId: string, dn: string): CtiEvent => ({
  name: 'Delivered',
  callId,
  alertingDevice: dn,
  callingDevice: '6175551212',
  calledDevice: dn,
  trunkUsed: 'T1',
  callData: {},
  cause: 'newCall',
});

test('OCTI-LIFE-001 OpenAdapter starts one application session as the reference adapter, and is idempotent', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  assert.deepEqual(await lab.adapter.OpenAdapter({}), { ok: true });
  assert.deepEqual(await lab.adapter.OpenAdapter({}), { ok: true });
  const starts = lab.server.requestsOf('StartApplicationSession');
  assert.equal(starts.length, 1);
  assert.deepEqual(starts[0], {
    type: 'StartApplicationSession',
    invokeId: starts[0]?.invokeId,
    applicationId: DEFAULT_APPLICATION_ID,
    user: 'switchboard',
    password: SERVER_PASSWORD,
    protocolVersion: CTI_WIRE_PROTOCOL_VERSION,
  });
});

test('OCTI-SUB-001 SubscribeForEvents opens the link when needed and delivers events for the extension', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 1);
  assert.deepEqual(
    lab.server.requestsOf('MonitorStart').map((r) => (r.type === 'MonitorStart' ? r.deviceId : '')),
    ['8808'],
  );
  lab.server.event(monitorId, 1, ringing('c1', '8808'));
  const [delivery] = await lab.sink.waitFor(1);
  assert.equal(delivery?.DN, '8808');
  assert.equal(delivery?.event.pyEventName, 'Offering');
});

test('SubscribeForEvents for an extension already subscribed succeeds without a second MonitorStart', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const [first, second] = await Promise.all([lab.adapter.SubscribeForEvents({ DN: '8808' }), lab.adapter.SubscribeForEvents({ DN: '8808' })]);
  assert.deepEqual([first, second], [{ ok: true }, { ok: true }]);
  assert.deepEqual(await lab.adapter.SubscribeForEvents({ DN: '8808' }), { ok: true });
  assert.equal(lab.server.requestsOf('MonitorStart').length, 1);
});

test('SubscribeForEvents without DN fails with OPENCTI_CF_GENERIC_OPERATION naming DN, and asks nothing of the server', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const result = await lab.adapter.SubscribeForEvents({});
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.errCode, 'OPENCTI_CF_GENERIC_OPERATION');
  assert.match(result.errMessage, /SubscribeForEvents needs an extension: DN is missing/);
  const malformed = await lab.adapter.SubscribeForEvents({ DN: 'ext-12' });
  assert.equal(malformed.ok ? '' : malformed.errMessage, 'SubscribeForEvents cannot use DN "ext-12": expected digits, optionally led by +');
  assert.equal(lab.server.requests.length, 0);
});

test('UnSubscribeForEvents on an extension that is not subscribed fails with OPENCTI_CF_INVALID_OBJECT_STATE naming it', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  await lab.subscribe('8808');
  const result = await lab.adapter.UnSubscribeForEvents({ DN: '8809' });
  assert.equal(result.ok ? '' : result.errCode, 'OPENCTI_CF_INVALID_OBJECT_STATE');
  assert.equal(result.ok ? '' : result.errMessage, 'Extension 8809 is not subscribed for events');
});

test('OCTI-SUB-005 UnSubscribeForEvents stops the monitor and drops events already in flight for the extension', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  const other = await lab.subscribe('8809');
  // The server emits one more event for 8808 after MonitorStop arrives, before it answers.
  lab.server.use('MonitorStop', (_frame, peer) => {
    peer.event(monitorId, 1, ringing('late', '8808'));
    peer.respond({});
  });
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
  const stops = lab.server.requestsOf('MonitorStop');
  assert.deepEqual(
    stops.map((r) => (r.type === 'MonitorStop' ? r.monitorId : '')),
    [monitorId],
  );
  lab.server.event(monitorId, 2, ringing('after', '8808'));
  lab.server.event(other, 1, ringing('sentinel', '8809'));
  await lab.sink.waitFor(1);
  assert.deepEqual(lab.sink.summary(), ['8809:Offering']);
});

test('OCTI-SUB-004 events for a monitor this session does not hold are dropped', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  lab.server.event('someone-elses-monitor', 1, ringing('c0', '8810'));
  lab.server.event(monitorId, 1, ringing('c1', '8808'));
  await lab.sink.waitFor(1);
  assert.deepEqual(lab.sink.summary(), ['8808:Offering']);
});

test('OCTI-LIFE-002 CloseAdapter stops every monitor, ends the session, closes the socket and delivers nothing after it starts', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const m8808 = await lab.subscribe('8808');
  const m8809 = await lab.subscribe('8809');
  lab.server.use('MonitorStop', (_frame, peer) => {
    peer.event(m8808, 1, ringing('late-1', '8808'));
    peer.event(m8809, 1, ringing('late-2', '8809'));
    peer.respond({});
  });
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true });
  assert.deepEqual(
    lab.server.requests.map((r) => r.type),
    ['StartApplicationSession', 'MonitorStart', 'MonitorStart', 'MonitorStop', 'MonitorStop', 'StopApplicationSession'],
  );
  assert.equal(lab.server.openConnections, 0);
  assert.deepEqual(lab.sink.deliveries, []);
  assert.deepEqual(await lab.adapter.CloseAdapter({}), { ok: true }, 'closing twice is harmless');
});

test('after CloseAdapter the adapter can be opened again with a new session', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  await lab.subscribe('8808');
  await lab.adapter.CloseAdapter({});
  const monitorId = await lab.subscribe('8808');
  lab.server.event(monitorId, 1, ringing('c1', '8808'));
  await lab.sink.waitFor(1);
  assert.equal(lab.server.requestsOf('StartApplicationSession').length, 2);
});

test('OCTI-MODE-004 in Simple telephony LoginAgent monitors the extension without any ACD login', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const result = await lab.adapter.LoginAgent({ DN: '8808', AgentID: '5501', AgentPassword: 'agent-secret-77' });
  assert.deepEqual(result, { ok: true });
  assert.deepEqual(
    lab.server.requests.map((r) => r.type),
    ['StartApplicationSession', 'MonitorStart'],
  );
  lab.server.event(lab.server.monitorOf('8808'), 1, ringing('c1', '8808'));
  await lab.sink.waitFor(1);
  assert.ok(!lab.logger.text().includes('agent-secret-77'), 'the agent password is never logged');
});

test('OCTI-MODE-004 in Simple telephony LogoutAgent stops monitoring and closes the adapter', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  await lab.adapter.LoginAgent({ DN: '8808', AgentID: '5501' });
  assert.deepEqual(await lab.adapter.LogoutAgent({ DN: '8808', AgentID: '5501' }), { ok: true });
  assert.deepEqual(
    lab.server.requests.map((r) => r.type),
    ['StartApplicationSession', 'MonitorStart', 'MonitorStop', 'StopApplicationSession'],
  );
  assert.equal(lab.server.openConnections, 0);
});

test('passwords never reach the log, even at debug level with every frame logged', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  lab.server.event(monitorId, 1, ringing('c1', '8808'));
  await lab.sink.waitFor(1);
  await lab.adapter.CloseAdapter({});
  assert.ok(lab.logger.entries.some((e) => e.level === 'debug' && e.msg === 'CTI frame sent'));
  assert.ok(lab.logger.text().includes('[redacted]'));
  assert.ok(!lab.logger.text().includes(SERVER_PASSWORD));
});

/** Holds the next MonitorStart unanswered until `release` is called. */
function holdNextMonitorStart(lab: Awaited<ReturnType<typeof startLab>>): { release: () => void } {
  let release = (): void => assert.fail('MonitorStart never arrived');
  lab.server.use('MonitorStart', (frame, peer) => {
    release = () => peer.respond({ monitorId: `held-${frame.invokeId}` });
  });
  return { release: () => release() };
}

test('OCTI-SUB-005 UnSubscribeForEvents stops delivery the moment it is called, even while queued behind another request', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  const held = holdNextMonitorStart(lab);
  const subscribing = lab.adapter.SubscribeForEvents({ DN: '8809' });
  await lab.server.waitForRequests('MonitorStart', 2);
  const unsubscribing = lab.adapter.UnSubscribeForEvents({ DN: '8808' });
  lab.server.event(monitorId, 1, ringing('in-flight', '8808'));
  held.release();
  assert.deepEqual(await subscribing, { ok: true });
  assert.deepEqual(await unsubscribing, { ok: true });
  assert.deepEqual(lab.sink.deliveries, []);
});

test('OCTI-LIFE-002 CloseAdapter stops delivery the moment it is called, even while queued behind another request', async (t) => {
  const lab = await startLab();
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  const held = holdNextMonitorStart(lab);
  const subscribing = lab.adapter.SubscribeForEvents({ DN: '8809' });
  await lab.server.waitForRequests('MonitorStart', 2);
  const closing = lab.adapter.CloseAdapter({});
  lab.server.event(monitorId, 1, ringing('in-flight', '8808'));
  held.release();
  assert.deepEqual(await subscribing, { ok: true });
  assert.deepEqual(await closing, { ok: true });
  assert.deepEqual(lab.sink.deliveries, []);
  assert.equal(lab.server.openConnections, 0);
});
