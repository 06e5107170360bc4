import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import { startLab, type TestLab } from './support/lab.ts';
import type { TestRequest, WireClient } from './support/wire-client.ts';

/** The lab provisions 8808, 8809, 8810, queue sales (8808, 8809) and agent 5501; these tests add 5502. */
let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  lab.simulator.control.provision({ agents: [{ id: '5502', password: 'agent-secret-5502' }] });
});
afterEach(async () => {
  await lab.stop();
});

const PASSWORD = 'agent-secret-5501';
type Of<K extends TestRequest['type']> = Extract<TestRequest, { type: K }>;
const login = (deviceId = '8808', agentId = '5501', password = PASSWORD): Of<'AgentLogin'> => ({ type: 'AgentLogin', agentId, password, deviceId });
const ready: Of<'SetAgentState'> = { type: 'SetAgentState', agentId: '5501', state: 'ready' };

async function accepted(client: WireClient, request: TestRequest): Promise<void> {
  const reply = await client.request(request);
  assert.deepEqual(reply.type === 'Response' ? reply.result : reply, {}, `${request.type} refused`);
}

async function snapshotAgent(client: WireClient, deviceId = '8808'): Promise<unknown> {
  const reply = await client.request({ type: 'SnapshotDevice', deviceId });
  if (reply.type !== 'Response' || reply.request !== 'SnapshotDevice') assert.fail(`SnapshotDevice refused: ${JSON.stringify(reply)}`);
  return reply.result.agent;
}

function agentEvents(client: WireClient, monitorId: string): string[] {
  return client
    .events()
    .filter((e) => e.monitorId === monitorId)
    .map(
      (e) =>
        `${e.event.name}${'reasonCode' in e.event && e.event.reasonCode !== undefined ? `(${e.event.reasonCode})` : ''}${'cause' in e.event ? `:${e.event.cause}` : ''}`,
    );
}

describe('CTI server: agent requests', { timeout: 10_000 }, () => {
  it('answers AgentLogin with an empty Response, before the AgentLoggedOn event it caused', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    const reply = await client.request({ type: 'AgentLogin', invokeId: 41, agentId: '5501', password: PASSWORD, deviceId: '8808' });
    assert.deepEqual(reply, { type: 'Response', invokeId: 41, request: 'AgentLogin', result: {} });
    const event = await client.nextEvent(m8808);
    assert.deepEqual(event, { type: 'Event', monitorId: m8808, seq: 1, event: { name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808' } });
    const order = client.received.filter((f) => f.type !== 'SystemStatus').map((f) => f.type);
    assert.deepEqual(order.slice(-2), ['Response', 'Event']);
    assert.deepEqual(lab.simulator.control.truth().agents.get('5501')?.status, { kind: 'loggedIn', extension: '8808' });
  });

  it('changes state on SetAgentState and logs out on AgentLogout, with reason codes both ways', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, { ...login(), queue: 'sales' });
    await accepted(client, ready);
    await accepted(client, { type: 'SetAgentState', agentId: '5501', state: 'notReady', reasonCode: 'LUNCH' });
    await accepted(client, { type: 'SetAgentState', agentId: '5501', state: 'workingAfterCall' });
    await accepted(client, { type: 'AgentLogout', agentId: '5501', reasonCode: 'EOD' });
    await client.sync();
    assert.deepEqual(agentEvents(client, m8808), ['AgentLoggedOn', 'AgentReady', 'AgentNotReady(LUNCH)', 'AgentWorkingAfterCall', 'AgentLoggedOff(EOD)']);
    assert.deepEqual(client.invalid, []);
  });

  it('lets an agent log in from one session and be seen from another', async () => {
    const desk = await lab.client();
    const wallboard = await lab.client();
    await desk.start();
    const [watch = ''] = await wallboard.monitor('8809');
    await accepted(desk, login('8809'));
    const event = await wallboard.nextEvent(watch);
    assert.equal(event.event.name, 'AgentLoggedOn');
  });
});

describe('CTI server: agent request refusals', { timeout: 10_000 }, () => {
  type Case = [what: string, before: (client: WireClient) => Promise<void>, request: TestRequest, code: WireErrorCode, message: RegExp];
  const none = async (): Promise<void> => undefined;
  const loggedIn = async (client: WireClient): Promise<void> => accepted(client, login());
  const onCall = async (client: WireClient): Promise<void> => {
    await accepted(client, login());
    await accepted(client, ready);
    const call = lab.simulator.control.customerCall({ from: '+1', to: { queue: 'sales' } });
    lab.simulator.control.answerAtPhone({ extension: '8808', call });
  };
  const cases: Case[] = [
    ['an unknown agent', none, login('8808', '9999'), 'invalidAgentId', /agent: "9999" is not a provisioned agent/],
    ['a wrong agent password', none, login('8808', '5501', 'not-the-password'), 'invalidAgentPassword', /password of agent 5501 is wrong \(value not shown\)/],
    ['login on an unknown device', none, login('7777'), 'invalidDeviceId', /extension: "7777" is not a provisioned extension/],
    ['login to an unknown queue', none, { ...login(), queue: 'billing' }, 'invalidDeviceId', /queue: "billing" is not a provisioned queue/],
    ['login on another device while logged in', loggedIn, login('8809'), 'agentAlreadyLoggedIn', /already logged in on 8808/],
    ['login again on the same device', loggedIn, login(), 'agentInSameState', /already logged in on 8808/],
    ['login on a device another agent holds', loggedIn, login('8808', '5502', 'agent-secret-5502'), 'deviceInUse', /agent 5501 is already logged in on 8808/],
    ['SetAgentState while logged out', none, ready, 'agentNotLoggedIn', /agent 5501 is not logged in/],
    ['AgentLogout while logged out', none, { type: 'AgentLogout', agentId: '5501' }, 'agentNotLoggedIn', /not logged in/],
    [
      'the state the agent is in',
      async (c) => {
        await loggedIn(c);
        await accepted(c, ready);
      },
      ready,
      'agentInSameState',
      /already Ready/,
    ],
    ['a reason code with ready', loggedIn, { ...ready, reasonCode: 'LUNCH' }, 'invalidReasonCode', /only notReady and logout take a reason code/],
    [
      'a reason code with workingAfterCall',
      loggedIn,
      { type: 'SetAgentState', agentId: '5501', state: 'workingAfterCall', reasonCode: 'LUNCH' },
      'invalidReasonCode',
      /reason code/,
    ],
    [
      'a reason code not configured',
      async (c) => {
        lab.simulator.control.configureAcd({ reasonCodes: ['LUNCH', 'BREAK'] });
        await loggedIn(c);
      },
      { type: 'SetAgentState', agentId: '5501', state: 'notReady', reasonCode: 'NAP' },
      'invalidReasonCode',
      /"NAP" is not a configured reason code; expected one of LUNCH, BREAK/,
    ],
    [
      'a state change while on a call',
      onCall,
      { type: 'SetAgentState', agentId: '5501', state: 'notReady', reasonCode: 'LUNCH' },
      'agentBusy',
      /busy on a call at 8808/,
    ],
    ['a logout while on a call', onCall, { type: 'AgentLogout', agentId: '5501' }, 'agentBusy', /has call C1 at 8808/],
  ];
  for (const [what, before, request, code, message] of cases) {
    it(`answers ${what} with ${code}, echoing the invoke id, and emits no event`, async () => {
      const client = await lab.client();
      const [m8808 = ''] = await client.monitor('8808');
      await before(client);
      await client.sync();
      const eventsBefore = agentEvents(client, m8808).length;
      const stateBefore = lab.simulator.control.truth().agents;
      const reply = await client.request({ ...request, invokeId: 77 });
      if (reply.type !== 'Error') assert.fail(`expected an Error, got ${JSON.stringify(reply)}`);
      assert.equal(reply.invokeId, 77);
      assert.equal(reply.request, request.type);
      assert.equal(reply.error.code, code, reply.error.message);
      assert.match(reply.error.message, message);
      await client.sync();
      assert.equal(agentEvents(client, m8808).length, eventsBefore);
      assert.equal(lab.simulator.control.truth().agents, stateBefore);
      assert.deepEqual(client.invalid, []);
    });
  }

  it('refuses agent requests before the session starts, and malformed ones without echoing the password', async () => {
    const client = await lab.client();
    const early = await client.request(login());
    assert.equal(early.type === 'Error' && early.error.code, 'sessionNotStarted');
    await client.start();
    const bad = await client.rawError(JSON.stringify({ type: 'SetAgentState', invokeId: 5, agentId: '5501', state: 'lunch' }), 5);
    assert.equal(bad.error.code, 'malformedFrame');
    assert.match(bad.error.message, /state/);
    const secret = await client.rawError(JSON.stringify({ type: 'AgentLogin', invokeId: 6, agentId: '5501', password: 7, deviceId: '8808' }), 6);
    assert.equal(secret.error.code, 'malformedFrame');
    assert.match(secret.error.message, /password: .*\(value not shown\)/);
    assert.equal(lab.simulator.control.truth().agents.get('5501')?.status.kind, 'loggedOut');
  });

  it('never echoes or logs an agent password', async () => {
    const client = await lab.client();
    await client.start();
    const reply = await client.request(login('8808', '5501', 'typo-secret-9'));
    assert.equal(reply.type === 'Error' && reply.error.code, 'invalidAgentPassword');
    await accepted(client, login());
    const all = lab.logs.text.join('');
    for (const secret of ['typo-secret-9', PASSWORD]) {
      assert.ok(!all.includes(secret), `the logs contain ${secret}`);
      assert.ok(!JSON.stringify(client.received).includes(secret), `a frame contains ${secret}`);
    }
    assert.ok(lab.logs.lines().some((l) => l['msg'] === 'agent request refused' && l['code'] === 'invalidAgentPassword'));
  });
});

describe('CTI server: SnapshotDevice with the agent', { timeout: 10_000 }, () => {
  it('has no agent on a device without one', async () => {
    const client = await lab.client();
    await client.start();
    assert.equal(await snapshotAgent(client), undefined);
  });

  it('carries the agent and state in wire words, with the reason when Not Ready', async () => {
    const client = await lab.client();
    await client.start();
    await accepted(client, login());
    assert.deepEqual(await snapshotAgent(client), { agentId: '5501', state: 'loggedIn' });
    await accepted(client, { type: 'SetAgentState', agentId: '5501', state: 'notReady', reasonCode: 'LUNCH' });
    assert.deepEqual(await snapshotAgent(client), { agentId: '5501', state: 'notReady', reasonCode: 'LUNCH' });
    await accepted(client, { type: 'SetAgentState', agentId: '5501', state: 'workingAfterCall' });
    assert.deepEqual(await snapshotAgent(client), { agentId: '5501', state: 'workingAfterCall' });
    await accepted(client, ready);
    assert.deepEqual(await snapshotAgent(client), { agentId: '5501', state: 'ready' });
    assert.equal(await snapshotAgent(client, '8809'), undefined);
    await accepted(client, { type: 'AgentLogout', agentId: '5501' });
    assert.equal(await snapshotAgent(client), undefined);
  });

  it('shows a busy agent with the connected call', async () => {
    const client = await lab.client();
    await client.start();
    await accepted(client, login());
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    lab.simulator.control.answerAtPhone({ extension: '8808' });
    const reply = await client.request({ type: 'SnapshotDevice', deviceId: '8808' });
    if (reply.type !== 'Response' || reply.request !== 'SnapshotDevice') assert.fail('SnapshotDevice refused');
    assert.deepEqual(reply.result.agent, { agentId: '5501', state: 'busy' });
    assert.equal(reply.result.calls[0]?.state, 'connected');
  });
});

describe('CTI server: changes the ACD makes by itself reach the monitors', { timeout: 10_000 }, () => {
  it('busy on answer, after-call work on hang-up, then Ready when the configured duration is over', async () => {
    lab.simulator.control.configureAcd({ afterCallWorkMs: 2000, afterCallWorkEndsIn: 'ready' });
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, login());
    await accepted(client, ready);
    const call = lab.simulator.control.customerCall({ from: '+1', to: { queue: 'sales' } });
    lab.simulator.control.answerAtPhone({ extension: '8808', call });
    lab.simulator.control.hangUp({ call, party: 'caller' });
    await client.sync();
    lab.clock.advance(1999);
    await client.sync();
    assert.deepEqual(agentEvents(client, m8808).slice(-3), ['ConnectionCleared:normal', 'CallCleared:normal', 'AgentWorkingAfterCall']);
    lab.clock.advance(1);
    const event = await client.take((f) => f.type === 'Event' && f.event.name === 'AgentReady' && f.seq > 3);
    assert.equal(event.type === 'Event' && event.monitorId, m8808);
    assert.deepEqual(agentEvents(client, m8808), [
      'AgentLoggedOn',
      'AgentReady',
      'Delivered:newCall',
      'Established:normal',
      'AgentBusy',
      'ConnectionCleared:normal',
      'CallCleared:normal',
      'AgentWorkingAfterCall',
      'AgentReady',
    ]);
  });

  it('ends after-call work in Not Ready when so configured', async () => {
    lab.simulator.control.configureAcd({ afterCallWorkMs: 1000, afterCallWorkEndsIn: 'notReady', afterCallWorkReasonCode: 'WRAPPED' });
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, login());
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    lab.simulator.control.answerAtPhone({ extension: '8808' });
    lab.simulator.control.hangUp({ call: 'C1', party: '8808' });
    await client.sync();
    lab.clock.advance(1000);
    await client.sync();
    assert.equal(agentEvents(client, m8808).at(-1), 'AgentNotReady(WRAPPED)');
    assert.deepEqual(await snapshotAgent(client), { agentId: '5501', state: 'notReady', reasonCode: 'WRAPPED' });
  });

  it('ring-no-answer: the ring stops with noAnswer, the agent is Not Ready (RONA), the next Ready agent gets the call', async () => {
    lab.simulator.control.configureAcd({ ringTimeoutMs: 3000, ringNoAnswerReasonCode: 'RONA' });
    const client = await lab.client();
    const [m8808 = '', m8809 = ''] = await client.monitor('8808', '8809');
    await accepted(client, login());
    await accepted(client, ready);
    await accepted(client, login('8809', '5502', 'agent-secret-5502'));
    await accepted(client, { type: 'SetAgentState', agentId: '5502', state: 'ready' });
    lab.simulator.control.customerCall({ from: '+1', to: { queue: 'sales' } });
    await client.sync();
    lab.clock.advance(3000);
    await client.sync();
    assert.deepEqual(agentEvents(client, m8808).slice(-3), ['Delivered:newCall', 'ConnectionCleared:noAnswer', 'AgentNotReady(RONA)']);
    assert.deepEqual(agentEvents(client, m8809).slice(-1), ['Delivered:newCall']);
    lab.simulator.control.answerAtPhone({ extension: '8809' });
    await client.sync();
    assert.deepEqual(agentEvents(client, m8809).slice(-2), ['Established:normal', 'AgentBusy']);
    assert.equal(agentEvents(client, m8808).length, 5, 'the extension that did not answer hears nothing more of the call');
  });

  it('routes a waiting queue call when an agent becomes Ready over the wire', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, login());
    await accepted(client, login('8809', '5502', 'agent-secret-5502'));
    lab.simulator.control.customerCall({ from: '+1', to: { queue: 'sales' } });
    assert.equal(lab.simulator.control.truth().calls.get('C1')?.phase, 'queued');
    await accepted(client, ready);
    await client.sync();
    assert.deepEqual(agentEvents(client, m8808), ['AgentLoggedOn', 'AgentReady', 'Delivered:newCall']);
  });

  it('a supervisor forcing Not Ready and a logout', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, login());
    lab.simulator.control.supervisor({ agent: '5501', action: 'notReady', reasonCode: 'QA' });
    lab.simulator.control.supervisor({ agent: '5501', action: 'logout', reasonCode: 'FORCED' });
    await client.sync();
    assert.deepEqual(agentEvents(client, m8808), ['AgentLoggedOn', 'AgentNotReady(QA)', 'AgentLoggedOff(FORCED)']);
    const reply = await client.request(ready);
    assert.equal(reply.type === 'Error' && reply.error.code, 'agentNotLoggedIn');
  });
});
