import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snapshotEvent as snapshotOf } from '../../src/adapter/agent/snapshot.ts';
import type { AgentState, WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import type { ActivityName, AdapterPage } from '../../src/contract/pega/activities.ts';
import type { OpenCtiErrorCode } from '../../src/contract/pega/errors.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { acceptsThenEmits, agentStateEvent, emitsThenAccepts, refuses, sent, snapshotEvent, snapshotReports } from './support/agent-handlers.ts';
import { agentOn } from './support/cti-events.ts';
import { startLab, type Lab, type LabOptions } from './support/lab.ts';
import { ManualTimers } from './support/manual-timers.ts';
import { MonitorScript } from './support/script.ts';

const AGENT = '5501';
const DN = '8808';
const PASSWORD = 'agent-pw-Zk4-never-logged';
const agent = agentOn(AGENT, DN);
const LOGIN: AdapterPage = { DN, AgentID: AGENT, AgentPassword: PASSWORD, Queue: 'BILLING' };
const withReason = (pyReasonCode: string): AdapterPage => ({ AgentOptions: { pyOpenCTI: { pyReasonCode } } });
const AGENT_MODES = ['agent-state', 'full'] as const;

interface Hooks {
  after: (fn: () => Promise<void>) => void;
}

async function agentLab(t: Hooks, mode: TelephonyMode = 'agent-state', options: LabOptions = {}): Promise<Lab> {
  const lab = await startLab({ ...options, mode });
  t.after(() => lab.stop());
  return lab;
}

function refusal(errCode: OpenCtiErrorCode, errMessage: string) {
  return { ok: false, errCode, errMessage, pyStatusMessage: errMessage, pyPegaCTIError: errMessage };
}

/** Agent 5501 logs in on 8808 as an ACD reports it; returns how many requests and deliveries that took. */
async function loggedIn(lab: Lab): Promise<{ readonly requests: number; readonly deliveries: number }> {
  lab.server.use('AgentLogin', emitsThenAccepts(DN, agent.loggedOn()));
  lab.server.use('SnapshotDevice', snapshotReports({ agentId: AGENT, state: 'loggedIn' }));
  assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), { ok: true });
  return { requests: lab.server.requests.length, deliveries: lab.sink.deliveries.length };
}

// ------------------------------------------------------------------ LoginAgent

for (const mode of AGENT_MODES) {
  test(`LoginAgent in ${mode} mode: link, MonitorStart, AgentLogin, SnapshotDevice; the Login event comes from the server, then the snapshot`, async (t) => {
    const lab = await agentLab(t, mode);
    lab.server.use('AgentLogin', emitsThenAccepts(DN, agent.loggedOn()));
    lab.server.use('SnapshotDevice', snapshotReports({ agentId: AGENT, state: 'loggedIn' }));
    assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), { ok: true });
    assert.equal(lab.server.requests[0]?.type, 'StartApplicationSession');
    assert.deepEqual(sent(lab.server.requests.slice(1)), [
      { type: 'MonitorStart', deviceId: DN },
      { type: 'AgentLogin', agentId: AGENT, password: PASSWORD, deviceId: DN, queue: 'BILLING' },
      { type: 'SnapshotDevice', deviceId: DN },
    ]);
    assert.deepEqual(lab.sink.deliveries, [
      { DN, event: agentStateEvent('Login') },
      { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'Login', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
    ]);
    assert.ok(lab.logger.entries.some((e) => e.msg === 'CTI frame sent' && JSON.stringify(e.obj).includes('"type":"AgentLogin"')));
    assert.ok(!lab.logger.text().includes(PASSWORD), 'the agent password is never logged');
  });
}

test('LoginAgent on an extension already subscribed sends no second MonitorStart; a blank queue and no password go on the wire as none and empty', async (t) => {
  const lab = await agentLab(t);
  await lab.subscribe(DN);
  assert.deepEqual(await lab.adapter.LoginAgent({ DN, AgentID: AGENT, Queue: '  ' }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(2)), [
    { type: 'AgentLogin', agentId: AGENT, password: '', deviceId: DN },
    { type: 'SnapshotDevice', deviceId: DN },
  ]);
});

test('an accepted LoginAgent invents nothing: without AgentLoggedOn no Login event, and the snapshot says what the server says', async (t) => {
  const lab = await agentLab(t);
  // Baseline server: accepts AgentLogin without any event; SnapshotDevice reports no agent on the device.
  assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), { ok: true });
  const phone = MonitorScript.of(lab, DN);
  assert.deepEqual(await phone.settle(), [
    { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'Logout', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
  ]);
});

test('the snapshot after LoginAgent reports the state the server put the agent in, reason code included', async (t) => {
  const lab = await agentLab(t);
  lab.server.use('AgentLogin', emitsThenAccepts(DN, agent.loggedOn(), agent.notReady('LOGIN')));
  lab.server.use('SnapshotDevice', snapshotReports({ agentId: AGENT, state: 'notReady', reasonCode: 'LOGIN' }));
  assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), { ok: true });
  assert.deepEqual(lab.sink.events(), [
    agentStateEvent('Login'),
    agentStateEvent('NotReady', 'LOGIN'),
    snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'NotReady', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED', pyReasonCode: 'LOGIN' }),
  ]);
});

test('every ACD agent state has its snapshot: loggedIn Login, workingAfterCall NotReady/ACW, busy Busy/BUSY, loggedOut Logout', () => {
  const expected: readonly (readonly [AgentState, string, string])[] = [
    ['loggedOut', 'Logout', ''],
    ['loggedIn', 'Login', ''],
    ['ready', 'Ready', ''],
    ['notReady', 'NotReady', ''],
    ['workingAfterCall', 'NotReady', 'ACW'],
    ['busy', 'Busy', 'BUSY'],
  ];
  for (const [state, pyAgentState, pyWorkMode] of expected) {
    const event = snapshotOf({ deviceId: DN, calls: [], agent: { agentId: '5502', state } }, { agentId: AGENT, deviceState: 'OPENED', linkState: 'CONNECTED' });
    assert.deepEqual([event.pyAgentId, event.pyAgentState, event.pyWorkMode], ['5502', pyAgentState, pyWorkMode], state);
  }
});

const LOGIN_REFUSALS: readonly (readonly [WireErrorCode, OpenCtiErrorCode, string])[] = [
  ['invalidAgentPassword', 'OPENCTI_HTTP_ERROR_401', 'The ACD refused the password for agent 5501: check the password'],
  ['invalidAgentId', 'OPENCTI_HTTP_ERROR_401', 'Agent 5501 is not known to the ACD: check the agent ID'],
  ['agentAlreadyLoggedIn', 'OPENCTI_AGENT_LOGGED_IN', 'Agent 5501 is already logged in on another extension'],
  ['deviceInUse', 'OPENCTI_CF_INVALID_OBJECT_STATE', 'Extension 8808 is in use: another agent is logged in on it'],
];

for (const [wire, errCode, message] of LOGIN_REFUSALS) {
  test(`LoginAgent refused with ${wire} fails with ${errCode}, delivers nothing and stops the monitor it started`, async (t) => {
    const lab = await agentLab(t);
    lab.server.use('AgentLogin', refuses(wire, `ACD says ${wire}`));
    assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), refusal(errCode, message));
    assert.deepEqual(
      lab.server.requests.map((r) => r.type),
      ['StartApplicationSession', 'MonitorStart', 'AgentLogin', 'MonitorStop'],
    );
    assert.deepEqual(lab.sink.deliveries, []);
    assert.ok(!lab.logger.text().includes(PASSWORD), 'the agent password is never logged');
  });
}

test('a refused LoginAgent on an extension already subscribed keeps that subscription', async (t) => {
  const lab = await agentLab(t);
  const phone = await MonitorScript.on(lab, DN);
  lab.server.use('AgentLogin', refuses('agentAlreadyLoggedIn', 'logged in on 8810'));
  assert.equal((await lab.adapter.LoginAgent(LOGIN)).ok, false);
  assert.deepEqual(
    lab.server.requests.map((r) => r.type),
    ['StartApplicationSession', 'MonitorStart', 'AgentLogin'],
  );
  assert.deepEqual(await phone.settle(), [], 'no event, and the extension still delivers');
});

test('a LoginAgent the server does not answer fails with 408 and keeps the monitor: what the ACD did still reaches the desktop', async (t) => {
  const timers = new ManualTimers();
  const lab = await agentLab(t, 'agent-state', { requestMs: 100, overrides: { timers } });
  lab.server.use('AgentLogin', (_frame, peer) => peer.emit(DN, agent.loggedOn()));
  const login = lab.adapter.LoginAgent(LOGIN);
  await lab.sink.waitFor(1);
  timers.advance(100);
  assert.deepEqual(
    await login,
    refusal('OPENCTI_HTTP_ERROR_408', `The CTI server at ${new URL(lab.server.url).host} did not answer AgentLogin for extension 8808 within 100 ms`),
  );
  assert.deepEqual(
    lab.server.requests.map((r) => r.type),
    ['StartApplicationSession', 'MonitorStart', 'AgentLogin'],
  );
  assert.deepEqual(lab.sink.events(), [agentStateEvent('Login')]);
});

test('LoginAgent without DN or AgentID, or with a malformed one, fails naming the property and asks nothing of the server', async (t) => {
  const lab = await agentLab(t);
  const generic = (message: string) => refusal('OPENCTI_CF_GENERIC_OPERATION', message);
  assert.deepEqual(await lab.adapter.LoginAgent({ DN, AgentPassword: PASSWORD }), generic('LoginAgent needs AgentID: it is missing from the adapter page'));
  assert.deepEqual(await lab.adapter.LoginAgent({ AgentID: AGENT }), generic('LoginAgent needs an extension: DN is missing from the adapter page'));
  assert.deepEqual(
    await lab.adapter.LoginAgent({ DN, AgentID: 'agent 5501' }),
    generic('LoginAgent cannot use AgentID "agent 5501": expected an ACD agent id: 1-64 characters of A-Z a-z 0-9 . _ : -'),
  );
  const longPassword = `${PASSWORD}${'x'.repeat(300)}`;
  assert.deepEqual(
    await lab.adapter.LoginAgent({ DN, AgentID: AGENT, AgentPassword: longPassword }),
    generic('LoginAgent cannot use AgentPassword: expected a string of at most 256 characters (value not shown)'),
  );
  assert.deepEqual(lab.server.requests, []);
  assert.ok(!lab.logger.text().includes(PASSWORD));
});

// ------------------------------------------------------------------ LogoutAgent

for (const mode of AGENT_MODES) {
  test(`LogoutAgent in ${mode} mode: AgentLogout with the reason, the server's Logout event, the snapshot before MonitorStop, then the adapter closes`, async (t) => {
    const lab = await agentLab(t, mode);
    const before = await loggedIn(lab);
    const monitorId = lab.server.monitorOf(DN);
    let deliveredAtMonitorStop: string[] = [];
    lab.server.use('AgentLogout', emitsThenAccepts(DN, agent.loggedOff('EOD')));
    lab.server.use('SnapshotDevice', snapshotReports(undefined));
    lab.server.use('MonitorStop', (_frame, peer) => {
      deliveredAtMonitorStop = lab.sink.summary().slice(before.deliveries);
      peer.emit(DN, agent.ready()); // too late: the extension's gate is closed
      peer.respond({});
    });
    assert.deepEqual(await lab.adapter.LogoutAgent({ DN, AgentID: AGENT, ...withReason('EOD') }), { ok: true });
    assert.deepEqual(sent(lab.server.requests.slice(before.requests)), [
      { type: 'AgentLogout', agentId: AGENT, reasonCode: 'EOD' },
      { type: 'SnapshotDevice', deviceId: DN },
      { type: 'MonitorStop', monitorId },
      { type: 'StopApplicationSession' },
    ]);
    assert.deepEqual(lab.sink.deliveries.slice(before.deliveries), [
      { DN, event: agentStateEvent('Logout', 'EOD') },
      { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'Logout', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' }) },
    ]);
    assert.deepEqual(deliveredAtMonitorStop, ['8808:Logout', '8808:Snapshot'], 'the snapshot reaches the desktop before the subscription closes');
    assert.equal(lab.server.openConnections, 0);
  });
}

test("LogoutAgent: an AgentLoggedOff that trails the server's answer still reaches the desktop, before the snapshot", async (t) => {
  const lab = await agentLab(t);
  const before = await loggedIn(lab);
  lab.server.use('AgentLogout', acceptsThenEmits(DN, agent.loggedOff()));
  lab.server.use('SnapshotDevice', snapshotReports({ agentId: AGENT, state: 'loggedOut' }));
  assert.deepEqual(await lab.adapter.LogoutAgent({ DN, AgentID: AGENT }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before.requests, before.requests + 1)), [{ type: 'AgentLogout', agentId: AGENT }]);
  assert.deepEqual(lab.sink.summary().slice(before.deliveries), ['8808:Logout', '8808:Snapshot']);
});

const LOGOUT_REFUSALS: readonly (readonly [WireErrorCode, AdapterPage, OpenCtiErrorCode, string])[] = [
  ['agentBusy', {}, 'OPENCTI_CF_INVALID_OBJECT_STATE', 'Agent 5501 is on a call: the ACD does not allow logging out until the call ends'],
  ['agentNotLoggedIn', {}, 'OPENCTI_AGENT_NOT_LOGGED_IN', 'Agent 5501 is not logged in'],
  ['invalidReasonCode', withReason('XYZ'), 'OPENCTI_CF_GENERIC_OPERATION', 'The ACD does not accept reason code XYZ for agent 5501'],
];

for (const [wire, page, errCode, message] of LOGOUT_REFUSALS) {
  test(`LogoutAgent refused with ${wire} fails with ${errCode} and changes nothing: no event, still subscribed, link open`, async (t) => {
    const lab = await agentLab(t);
    const before = await loggedIn(lab);
    lab.server.use('AgentLogout', refuses(wire, `ACD says ${wire}`));
    assert.deepEqual(await lab.adapter.LogoutAgent({ DN, AgentID: AGENT, ...page }), refusal(errCode, message));
    assert.deepEqual(
      lab.server.requests.slice(before.requests).map((r) => r.type),
      ['AgentLogout'],
    );
    assert.deepEqual(await MonitorScript.of(lab, DN).settle(), lab.sink.deliveries.slice(0, before.deliveries));
    assert.equal(lab.server.openConnections, 1);
  });
}

// ------------------------------------------------------------------ SetAgentReady / SetAgentNotReady

for (const mode of AGENT_MODES) {
  test(`SetAgentReady in ${mode} mode sends SetAgentState ready; Ready reaches the desktop from the server's AgentReady`, async (t) => {
    const lab = await agentLab(t, mode);
    const before = await loggedIn(lab);
    lab.server.use('SetAgentState', emitsThenAccepts(DN, agent.ready()));
    assert.deepEqual(await lab.adapter.SetAgentReady({ DN, AgentID: AGENT }), { ok: true });
    assert.deepEqual(sent(lab.server.requests.slice(before.requests)), [{ type: 'SetAgentState', agentId: AGENT, state: 'ready' }]);
    assert.deepEqual(lab.sink.events().slice(before.deliveries), [agentStateEvent('Ready')]);
  });
}

test('SetAgentNotReady carries the reason code to the server and back', async (t) => {
  const lab = await agentLab(t);
  const before = await loggedIn(lab);
  lab.server.use('SetAgentState', emitsThenAccepts(DN, agent.notReady('LUNCH')));
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, ...withReason('LUNCH') }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before.requests)), [{ type: 'SetAgentState', agentId: AGENT, state: 'notReady', reasonCode: 'LUNCH' }]);
  assert.deepEqual(lab.sink.events().slice(before.deliveries), [agentStateEvent('NotReady', 'LUNCH')]);
});

test('SetAgentNotReady without a reason code (or a blank one) sends none', async (t) => {
  const lab = await agentLab(t);
  const before = await loggedIn(lab);
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT }), { ok: true });
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, ...withReason('') }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before.requests)), [
    { type: 'SetAgentState', agentId: AGENT, state: 'notReady' },
    { type: 'SetAgentState', agentId: AGENT, state: 'notReady' },
  ]);
});

test('SetAgentNotReady with WorkMode AFTER_CALL_WORK asks for workingAfterCall, without reason code; ACW comes back as NotReady with work mode ACW', async (t) => {
  const lab = await agentLab(t);
  const before = await loggedIn(lab);
  lab.server.use('SetAgentState', emitsThenAccepts(DN, agent.afterCallWork()));
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, WorkMode: 'AFTER_CALL_WORK', ...withReason('LUNCH') }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before.requests)), [{ type: 'SetAgentState', agentId: AGENT, state: 'workingAfterCall' }]);
  assert.deepEqual(lab.sink.events().slice(before.deliveries), [agentStateEvent('NotReady', '', 'ACW')]);
});

test("an accepted state change is not a state change: without the server's event nothing reaches the desktop", async (t) => {
  const lab = await agentLab(t);
  const before = await loggedIn(lab);
  // Baseline server: SetAgentState accepted, no event.
  assert.deepEqual(await lab.adapter.SetAgentReady({ DN, AgentID: AGENT }), { ok: true });
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, ...withReason('LUNCH') }), { ok: true });
  assert.deepEqual(await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, WorkMode: 'AFTER_CALL_WORK' }), { ok: true });
  assert.deepEqual((await MonitorScript.of(lab, DN).settle()).slice(before.deliveries), []);
});

const STATE_REFUSALS: readonly (readonly [ActivityName, AdapterPage, WireErrorCode, OpenCtiErrorCode, string])[] = [
  ['SetAgentReady', {}, 'agentNotLoggedIn', 'OPENCTI_AGENT_NOT_LOGGED_IN', 'Agent 5501 is not logged in'],
  ['SetAgentNotReady', withReason('LUNCH'), 'agentNotLoggedIn', 'OPENCTI_AGENT_NOT_LOGGED_IN', 'Agent 5501 is not logged in'],
  ['SetAgentReady', {}, 'agentInSameState', 'OPENCTI_IN_SAME_STATE', 'Agent 5501 is already Ready'],
  ['SetAgentNotReady', withReason('LUNCH'), 'agentInSameState', 'OPENCTI_IN_SAME_STATE', 'Agent 5501 is already Not Ready with reason code LUNCH'],
  ['SetAgentNotReady', { WorkMode: 'AFTER_CALL_WORK' }, 'agentInSameState', 'OPENCTI_IN_SAME_STATE', 'Agent 5501 is already in After Call Work'],
  ['SetAgentNotReady', withReason('XYZ'), 'invalidReasonCode', 'OPENCTI_CF_GENERIC_OPERATION', 'The ACD does not accept reason code XYZ for agent 5501'],
  ['SetAgentNotReady', {}, 'invalidReasonCode', 'OPENCTI_CF_GENERIC_OPERATION', 'The ACD requires a reason code for agent 5501'],
  ['SetAgentReady', {}, 'agentBusy', 'OPENCTI_CF_INVALID_OBJECT_STATE', 'Agent 5501 is on a call: the ACD does not allow changing state until the call ends'],
];

for (const [activity, page, wire, errCode, message] of STATE_REFUSALS) {
  test(`${activity} ${JSON.stringify(page)} refused with ${wire} fails with ${errCode}, and no event reaches the desktop`, async (t) => {
    const lab = await agentLab(t);
    const phone = await MonitorScript.on(lab, DN);
    lab.server.use('SetAgentState', refuses(wire, `ACD says ${wire}`));
    assert.deepEqual(await lab.adapter[activity]({ DN, AgentID: AGENT, ...page }), refusal(errCode, message));
    assert.deepEqual(await phone.settle(), []);
  });
}

test('SetAgentReady, SetAgentNotReady and LogoutAgent without AgentID, or with a malformed reason code, fail naming the property and ask nothing', async (t) => {
  const lab = await agentLab(t);
  await lab.subscribe(DN);
  const asked = lab.server.requests.length;
  const generic = (message: string) => refusal('OPENCTI_CF_GENERIC_OPERATION', message);
  for (const activity of ['SetAgentReady', 'SetAgentNotReady', 'LogoutAgent'] as const) {
    assert.deepEqual(await lab.adapter[activity]({ DN }), generic(`${activity} needs AgentID: it is missing from the adapter page`));
  }
  const tooLong = 'R'.repeat(33);
  assert.deepEqual(
    await lab.adapter.SetAgentNotReady({ DN, AgentID: AGENT, ...withReason(tooLong) }),
    generic(`SetAgentNotReady cannot use AgentOptions.pyOpenCTI.pyReasonCode "${tooLong}": expected a reason code of 1-32 characters`),
  );
  assert.equal(lab.server.requests.length, asked);
});
