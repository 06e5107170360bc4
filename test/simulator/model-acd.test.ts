import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDeadline } from '../../simulator/model/deadlines.ts';
import type { ModelErrorCode } from '../../simulator/model/errors.ts';
import { snapshotDevice } from '../../simulator/model/snapshot.ts';
import { emptyState } from '../../simulator/model/state.ts';
import { step } from '../../simulator/model/step.ts';
import type { AcdOptions, AgentAction, Applied, ModelInput, ModelState } from '../../simulator/model/types.ts';
import { names, ok, refused } from './support/model.ts';

/** 8808 and 8809 are members of sales (in that order), 8810 of support; 5503 serves support only. */
function provisioned(acd: AcdOptions = {}): ModelState {
  return ok(emptyState(), {
    kind: 'provision',
    extensions: ['8808', '8809', '8810'],
    queues: [
      { id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] },
      { id: 'support', dialledNumber: '4001', members: ['8810', '8808'] },
    ],
    agents: [
      { id: '5501', password: 'pw-5501' },
      { id: '5502', password: 'pw-5502' },
      { id: '5503', password: 'pw-5503', queues: ['support'] },
    ],
    acd,
  }).state;
}

const phone = (action: AgentAction, agent = '5501', extension = '8808', reasonCode?: string): ModelInput => ({
  kind: 'agentAtPhone',
  agent,
  extension,
  action,
  ...(reasonCode === undefined ? {} : { reasonCode }),
});
const login = (agent = '5501', extension = '8808', queue?: string, password = `pw-${agent}`): ModelInput => ({
  kind: 'agentLogin',
  agent,
  password,
  extension,
  ...(queue === undefined ? {} : { queue }),
});
const setState = (state: 'ready' | 'notReady' | 'afterCallWork', reasonCode?: string, agent = '5501'): ModelInput => ({
  kind: 'setAgentState',
  agent,
  state,
  ...(reasonCode === undefined ? {} : { reasonCode }),
});
const logout = (reasonCode?: string, agent = '5501'): ModelInput => ({ kind: 'agentLogout', agent, ...(reasonCode === undefined ? {} : { reasonCode }) });
const toQueue = (queue = 'sales', from = '+1001'): ModelInput => ({ kind: 'customerCall', from, to: { queue } });
const answer = (extension: string): ModelInput => ({ kind: 'answerAtPhone', extension });
const hangUp = (call = 'C1', party = 'caller'): ModelInput => ({ kind: 'hangUp', call, party });
const tick: ModelInput = { kind: 'tick' };

interface Timed {
  readonly input: ModelInput;
  readonly at?: number;
}

/** Plays inputs (at their times, default 0) from a switch; returns the state and every event as "Name@devices". */
function run(start: ModelState, ...inputs: (ModelInput | Timed)[]): { state: ModelState; events: Applied['events']; seen: string[] } {
  let state = start;
  const events: Applied['events'][number][] = [];
  for (const item of inputs) {
    const { input, at = 0 } = 'kind' in item ? { input: item } : item;
    const applied = ok(state, input, at);
    state = applied.state;
    events.push(...applied.events);
  }
  return { state, events, seen: names(events) };
}

function status(state: ModelState, agent = '5501') {
  return state.agents.get(agent)?.status;
}

describe('model ACD: requests from the CTI link', () => {
  it('logs in with the right password: AgentLoggedOn, loggedIn on the extension', () => {
    const { events, state } = run(provisioned(), login());
    assert.deepEqual(events, [{ name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808', devices: ['8808'] }]);
    assert.deepEqual(status(state), { kind: 'loggedIn', extension: '8808' });
  });

  it('logs in to one queue, and a blank queue means none', () => {
    assert.deepEqual(status(run(provisioned(), login('5501', '8808', 'sales')).state), { kind: 'loggedIn', extension: '8808', queue: 'sales' });
    assert.deepEqual(status(run(provisioned(), login('5501', '8808', '')).state), { kind: 'loggedIn', extension: '8808' });
  });

  it('walks ready, notReady with a reason, another reason, afterCallWork, ready and logout with a reason', () => {
    const { events, state } = run(
      provisioned(),
      login(),
      setState('ready'),
      setState('notReady', 'LUNCH'),
      setState('notReady', 'BREAK'),
      setState('afterCallWork'),
      setState('ready'),
      logout('EOD'),
    );
    assert.deepEqual(
      events.map((e) => `${e.name}${'reasonCode' in e ? `(${e.reasonCode})` : ''}`),
      ['AgentLoggedOn', 'AgentReady', 'AgentNotReady(LUNCH)', 'AgentNotReady(BREAK)', 'AgentWorkingAfterCall', 'AgentReady', 'AgentLoggedOff(EOD)'],
    );
    assert.deepEqual(status(state), { kind: 'loggedOut' });
  });

  it('keeps the agent state changes on the agent extension only', () => {
    const { seen } = run(provisioned(), login('5501', '8809'), setState('ready'), logout());
    assert.deepEqual(seen, ['AgentLoggedOn@8809', 'AgentReady@8809', 'AgentLoggedOff@8809']);
  });

  it('accepts a configured reason code, and any 1-32 character code when none are configured', () => {
    const configured = run(provisioned({ reasonCodes: ['LUNCH', 'EOD'] }), login(), setState('notReady', 'LUNCH'), logout('EOD'));
    assert.deepEqual(status(configured.state), { kind: 'loggedOut' });
    const free = run(provisioned(), login(), setState('notReady', 'X'.repeat(32)));
    assert.deepEqual(status(free.state), { kind: 'notReady', extension: '8808', reasonCode: 'X'.repeat(32) });
  });

  it('takes notReady without a reason even when reason codes are configured', () => {
    const { state } = run(provisioned({ reasonCodes: ['LUNCH'] }), login(), setState('notReady'));
    assert.deepEqual(status(state), { kind: 'notReady', extension: '8808' });
  });
});

describe('model ACD: refusals, each with its code', () => {
  type Case = [what: string, acd: AcdOptions, before: ModelInput[], input: ModelInput, code: ModelErrorCode, message: RegExp];
  const onCall: ModelInput[] = [login(), { kind: 'customerCall', from: '+1', to: { extension: '8808' } }, answer('8808')];
  const cases: Case[] = [
    ['an unknown agent at login', {}, [], login('9999'), 'unknownAgent', /agent: "9999" is not a provisioned agent; expected one of 5501, 5502, 5503/],
    ['an unknown agent at logout', {}, [], logout(undefined, '9999'), 'unknownAgent', /"9999" is not a provisioned agent/],
    ['an unknown agent asking for a state', {}, [], setState('ready', undefined, '9999'), 'unknownAgent', /"9999"/],
    [
      'a wrong password',
      {},
      [],
      login('5501', '8808', undefined, 'guess'),
      'wrongPassword',
      /password: the password of agent 5501 is wrong \(value not shown\)/,
    ],
    ['a wrong password even for an agent already logged in', {}, [login()], login('5501', '8808', undefined, 'guess'), 'wrongPassword', /wrong/],
    ['login on an unknown extension', {}, [], login('5501', '7777'), 'unknownExtension', /extension: "7777" is not a provisioned extension/],
    [
      'login to an unknown queue',
      {},
      [],
      login('5501', '8808', 'billing'),
      'unknownQueue',
      /queue: "billing" is not a provisioned queue; expected one of sales, support/,
    ],
    [
      'login to a queue the agent does not serve',
      {},
      [],
      login('5503', '8810', 'sales'),
      'notInQueue',
      /agent 5503 does not serve queue sales; expected one of support/,
    ],
    ['login again on the same extension', {}, [login()], login(), 'alreadyInState', /agent 5501 is already logged in on 8808/],
    [
      'login on another extension while logged in',
      {},
      [login()],
      login('5501', '8809'),
      'agentAlreadyLoggedIn',
      /already logged in on 8808; expected a logged-out agent \(log out first\)/,
    ],
    [
      'login on an extension another agent holds',
      {},
      [login()],
      login('5502', '8808'),
      'extensionHasAgent',
      /agent 5501 is already logged in on 8808; expected an extension without an agent/,
    ],
    ['ready while logged out', {}, [], setState('ready'), 'agentNotLoggedIn', /agent 5501 is not logged in; expected login before ready/],
    ['notReady while logged out', {}, [], setState('notReady', 'LUNCH'), 'agentNotLoggedIn', /not logged in/],
    ['logout while logged out', {}, [], logout(), 'agentNotLoggedIn', /expected login before logout/],
    ['ready when Ready', {}, [login(), setState('ready')], setState('ready'), 'alreadyInState', /already Ready/],
    [
      'notReady with the same reason',
      {},
      [login(), setState('notReady', 'LUNCH')],
      setState('notReady', 'LUNCH'),
      'alreadyInState',
      /already Not Ready with reason LUNCH/,
    ],
    ['notReady without a reason when Not Ready without one', {}, [login(), setState('notReady')], setState('notReady'), 'alreadyInState', /already Not Ready;/],
    [
      'afterCallWork when in after-call work',
      {},
      [login(), setState('afterCallWork')],
      setState('afterCallWork'),
      'alreadyInState',
      /already in after-call work/,
    ],
    [
      'a reason code not configured',
      { reasonCodes: ['LUNCH', 'BREAK'] },
      [login()],
      setState('notReady', 'NAP'),
      'invalidReasonCode',
      /reasonCode: "NAP" is not a configured reason code; expected one of LUNCH, BREAK/,
    ],
    ['a logout reason code not configured', { reasonCodes: ['LUNCH'] }, [login()], logout('EOD'), 'invalidReasonCode', /"EOD" is not a configured reason code/],
    [
      'a reason code with ready',
      {},
      [login()],
      setState('ready', 'LUNCH'),
      'invalidReasonCode',
      /only notReady and logout take a reason code, got one with ready/,
    ],
    ['a reason code with after-call work', {}, [login()], setState('afterCallWork', 'LUNCH'), 'invalidReasonCode', /got one with afterCallWork/],
    [
      'a state change while busy',
      {},
      onCall,
      setState('notReady', 'LUNCH'),
      'agentBusy',
      /agent 5501 is busy on a call at 8808; expected the call to end first/,
    ],
    ['ready while busy', {}, onCall, setState('ready'), 'agentBusy', /busy/],
    ['logout while busy', {}, onCall, logout(), 'agentBusy', /agent 5501 has call C1 at 8808; expected no call at the extension/],
    [
      'logout while a call rings at the extension',
      {},
      [login(), { kind: 'customerCall', from: '+1', to: { extension: '8808' } }],
      logout(),
      'agentBusy',
      /has call C1 at 8808/,
    ],
    ['logout while dialling out', {}, [login(), { kind: 'internalCall', from: '8808', to: '8810' }], logout(), 'agentBusy', /has call C1/],
    ['a supervisor forcing an agent who is logged out', {}, [], { kind: 'supervisor', agent: '5501', action: 'notReady' }, 'agentNotLoggedIn', /not logged in/],
    ['a supervisor forcing an unknown agent', {}, [], { kind: 'supervisor', agent: '9999', action: 'logout' }, 'unknownAgent', /"9999"/],
    ['a supervisor forcing notReady while busy', {}, onCall, { kind: 'supervisor', agent: '5501', action: 'notReady', reasonCode: 'QA' }, 'agentBusy', /busy/],
    ['a supervisor forcing a logout while busy', {}, onCall, { kind: 'supervisor', agent: '5501', action: 'logout' }, 'agentBusy', /has call C1/],
    [
      'a supervisor reason code not configured',
      { reasonCodes: ['LUNCH'] },
      [login()],
      { kind: 'supervisor', agent: '5501', action: 'notReady', reasonCode: 'QA' },
      'invalidReasonCode',
      /"QA"/,
    ],
    [
      'a supervisor forcing the same notReady',
      {},
      [login(), setState('notReady', 'QA')],
      { kind: 'supervisor', agent: '5501', action: 'notReady', reasonCode: 'QA' },
      'alreadyInState',
      /already Not Ready with reason QA/,
    ],
    ['the phone changing state while busy', {}, onCall, phone('afterCallWork'), 'agentBusy', /busy/],
    ['the phone logging in again where the agent is', {}, [phone('login')], phone('login'), 'alreadyInState', /already logged in on 8808/],
    ['the phone giving a reason code with login', {}, [], phone('login', '5501', '8808', 'LUNCH'), 'invalidReasonCode', /got one with login/],
    [
      'the phone giving a reason code not configured',
      { reasonCodes: ['LUNCH'] },
      [phone('login')],
      phone('notReady', '5501', '8808', 'NAP'),
      'invalidReasonCode',
      /"NAP"/,
    ],
  ];
  for (const [what, acd, before, input, code, message] of cases) {
    it(`refuses ${what} with ${code}, changing nothing`, () => {
      const { state } = run(provisioned(acd), ...before);
      const error = refused(state, input);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('pw-5501'), 'a password reached a message');
    });
  }
});

describe('model ACD: busy and after-call work', () => {
  it('makes a logged-in agent busy when a call connects at the extension, and puts them in after-call work when it ends', () => {
    const { seen, state } = run(provisioned(), login(), setState('ready'), toQueue(), answer('8808'), hangUp());
    assert.deepEqual(seen.slice(2), [
      'Delivered@8808',
      'Established@8808',
      'AgentBusy@8808',
      'ConnectionCleared@8808',
      'CallCleared@8808',
      'AgentWorkingAfterCall@8808',
    ]);
    assert.deepEqual(status(state), { kind: 'afterCallWork', extension: '8808' });
  });

  it('sets nothing while a call only rings', () => {
    const { state, seen } = run(provisioned(), login(), setState('ready'), toQueue());
    assert.deepEqual(status(state), { kind: 'ready', extension: '8808' });
    assert.deepEqual(seen.at(-1), 'Delivered@8808');
  });

  it('makes both ends of an internal call busy once it is answered', () => {
    const { state, seen } = run(
      provisioned(),
      login('5501', '8808'),
      login('5502', '8810'),
      { kind: 'internalCall', from: '8808', to: '8810' },
      answer('8810'),
    );
    assert.deepEqual(seen.slice(3), ['Established@8808+8810', 'AgentBusy@8808', 'AgentBusy@8810']);
    assert.equal(status(state, '5501')?.kind, 'busy');
    assert.equal(status(state, '5502')?.kind, 'busy');
  });

  it('makes an agent busy for a direct call too, whatever their state', () => {
    const { state } = run(
      provisioned(),
      login(),
      setState('notReady', 'LUNCH'),
      { kind: 'customerCall', from: '+1', to: { extension: '8808' } },
      answer('8808'),
    );
    assert.deepEqual(status(state), { kind: 'busy', extension: '8808' });
  });

  it('makes an agent who logs in during a connected call busy at once', () => {
    const { seen, state } = run(provisioned(), { kind: 'customerCall', from: '+1', to: { extension: '8808' } }, answer('8808'), login());
    assert.deepEqual(seen.slice(2), ['AgentLoggedOn@8808', 'AgentBusy@8808']);
    assert.equal(status(state)?.kind, 'busy');
  });

  it('keeps after-call work until the agent changes state when no duration is configured', () => {
    const { state } = run(provisioned(), login(), setState('ready'), toQueue(), answer('8808'), hangUp());
    assert.equal(nextDeadline(state), null);
    assert.deepEqual(names(ok(state, setState('ready'), 99_000).events), ['AgentReady@8808']);
  });

  it('times after-call work: a deadline, then Ready by itself at the tick', () => {
    const { state } = run(provisioned({ afterCallWorkMs: 5000 }), login(), setState('ready'), toQueue(), answer('8808'), { input: hangUp(), at: 1000 });
    assert.deepEqual(status(state), { kind: 'afterCallWork', extension: '8808', until: 6000 });
    assert.equal(nextDeadline(state), 6000);
    assert.deepEqual(ok(state, tick, 5999).events, []);
    const ended = ok(state, tick, 6000);
    assert.deepEqual(ended.events, [{ name: 'AgentReady', agentId: '5501', deviceId: '8808', devices: ['8808'] }]);
    assert.equal(nextDeadline(ended.state), null);
  });

  it('ends timed after-call work in notReady with the configured reason', () => {
    const acd: AcdOptions = { afterCallWorkMs: 100, afterCallWorkEndsIn: 'notReady', afterCallWorkReasonCode: 'WRAP' };
    const { state } = run(provisioned(acd), login(), setState('ready'), toQueue(), answer('8808'), hangUp(), { input: tick, at: 100 });
    assert.deepEqual(status(state), { kind: 'notReady', extension: '8808', reasonCode: 'WRAP' });
  });

  it('drops the deadline when the agent leaves after-call work first', () => {
    const { state } = run(
      provisioned({ afterCallWorkMs: 5000 }),
      login(),
      setState('ready'),
      toQueue(),
      answer('8808'),
      hangUp(),
      setState('notReady', 'LUNCH'),
    );
    assert.equal(nextDeadline(state), null);
    assert.deepEqual(ok(state, tick, 10_000).events, []);
  });

  it('never times after-call work the agent asked for', () => {
    const { state } = run(provisioned({ afterCallWorkMs: 5000 }), login(), setState('afterCallWork'));
    assert.deepEqual(status(state), { kind: 'afterCallWork', extension: '8808' });
    assert.equal(nextDeadline(state), null);
  });

  it('routes a waiting queue call to the agent when after-call work ends in Ready', () => {
    const { state, seen } = run(
      provisioned({ afterCallWorkMs: 1000 }),
      login('5501', '8808'),
      login('5502', '8809'),
      setState('ready'),
      toQueue(),
      answer('8808'),
      hangUp(),
      toQueue('sales', '+2002'),
      { input: tick, at: 1000 },
    );
    assert.deepEqual(seen.slice(-2), ['AgentReady@8808', 'Delivered@8808']);
    assert.equal(state.calls.get('C2')?.phase, 'alerting');
  });
});

describe('model ACD: routing queue calls by agent state', () => {
  it('rings only a member whose agent is Ready, skipping members with agents not Ready', () => {
    const { seen } = run(provisioned(), login('5501', '8808'), login('5502', '8809'), setState('ready', undefined, '5502'), toQueue());
    assert.deepEqual(seen.at(-1), 'Delivered@8809');
  });

  it('lets a call wait while no member takes it, then routes it when an agent becomes Ready', () => {
    const waiting = run(provisioned(), login('5501', '8808'), login('5502', '8809'), toQueue());
    assert.equal(waiting.state.calls.get('C1')?.phase, 'queued');
    assert.deepEqual(waiting.seen, ['AgentLoggedOn@8808', 'AgentLoggedOn@8809']);
    const { seen } = run(waiting.state, setState('ready', undefined, '5502'));
    assert.deepEqual(seen, ['AgentReady@8809', 'Delivered@8809']);
  });

  it('keeps ringing the first free member without an agent, as a hunt group (Simple mode)', () => {
    const { seen } = run(provisioned(), toQueue(), toQueue('sales', '+2002'));
    assert.deepEqual(seen, ['Delivered@8808', 'Delivered@8809']);
  });

  it('mixes members: a plain member takes the call while the agent member is not Ready', () => {
    const { seen } = run(provisioned(), login('5501', '8808'), toQueue());
    assert.deepEqual(seen.at(-1), 'Delivered@8809');
  });

  it('gives a member extension back to plain routing when its agent logs out', () => {
    const { seen } = run(provisioned(), login('5501', '8808'), login('5502', '8809'), toQueue(), logout(undefined, '5501'));
    assert.deepEqual(seen.slice(-2), ['AgentLoggedOff@8808', 'Delivered@8808']);
  });

  it('routes only the queues an agent serves: the login queue, or the provisioned queues', () => {
    // 5501 logged in to support only, on 8808 (a member of both queues).
    const support = run(provisioned(), login('5501', '8808', 'support'), login('5502', '8809'), login('5503', '8810'), setState('ready'), toQueue('sales'));
    assert.equal(support.state.calls.get('C1')?.phase, 'queued');
    const onSupport = run(support.state, toQueue('support', '+2002'));
    assert.deepEqual(onSupport.seen, ['Delivered@8808']);
    // 5503 serves support only; on 8808 it never gets sales calls.
    const served = run(provisioned(), login('5503', '8808'), login('5502', '8809'), setState('ready', undefined, '5503'), toQueue('sales'));
    assert.equal(served.state.calls.get('C1')?.phase, 'queued');
  });

  it('still rings an agent extension called directly, whatever the agent state', () => {
    const { seen } = run(provisioned(), login(), setState('notReady', 'LUNCH'), { kind: 'customerCall', from: '+1', to: { extension: '8808' } });
    assert.deepEqual(seen.at(-1), 'Delivered@8808');
  });

  it('serves waiting calls oldest first when an agent becomes Ready', () => {
    const { state, seen } = run(
      provisioned(),
      login('5501', '8808'),
      login('5502', '8809'),
      toQueue('sales', '+1001'),
      toQueue('sales', '+2002'),
      setState('ready', undefined, '5502'),
    );
    assert.deepEqual(seen.at(-1), 'Delivered@8809');
    assert.equal(state.calls.get('C1')?.phase, 'alerting');
    assert.equal(state.calls.get('C2')?.phase, 'queued');
  });
});

describe('model ACD: ring-no-answer', () => {
  const acd: AcdOptions = { ringTimeoutMs: 8000, ringNoAnswerReasonCode: 'RONA' };

  it('records a ring deadline for a queue call ringing an agent', () => {
    const { state } = run(provisioned(acd), login(), setState('ready'), { input: toQueue(), at: 1000 });
    assert.equal(state.calls.get('C1')?.noAnswerAt, 9000);
    assert.equal(nextDeadline(state), 9000);
  });

  it('stops the ring, makes the agent Not Ready (RONA), and offers the call to the next Ready agent', () => {
    const { state } = run(provisioned(acd), login('5501', '8808'), login('5502', '8809'), setState('ready'), setState('ready', undefined, '5502'), toQueue());
    const expired = ok(state, tick, 8000);
    assert.deepEqual(expired.events, [
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8808', cause: 'noAnswer', devices: ['8808'] },
      { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'RONA', devices: ['8808'] },
      {
        name: 'Delivered',
        callId: 'C1',
        alertingDevice: '8809',
        callingDevice: '+1001',
        calledDevice: '4000',
        trunkUsed: 'T1',
        callData: {},
        cause: 'newCall',
        devices: ['8809'],
      },
    ]);
    assert.deepEqual(status(expired.state), { kind: 'notReady', extension: '8808', reasonCode: 'RONA' });
    assert.deepEqual(expired.state.calls.get('C1')?.connections, [
      { device: '+1001', state: 'connected' },
      { device: '8809', state: 'alerting' },
    ]);
    assert.equal(expired.state.calls.get('C1')?.noAnswerAt, 16_000);
  });

  it('sends later events of the call only to the new extension', () => {
    const { state } = run(provisioned(acd), login('5501', '8808'), login('5502', '8809'), setState('ready'), setState('ready', undefined, '5502'), toQueue(), {
      input: tick,
      at: 8000,
    });
    const { seen } = run(state, answer('8809'), hangUp());
    assert.deepEqual(seen, ['Established@8809', 'AgentBusy@8809', 'ConnectionCleared@8809', 'CallCleared@8809', 'AgentWorkingAfterCall@8809']);
  });

  it('puts the call back at the head of the queue when no other agent is Ready', () => {
    const { state } = run(
      provisioned(acd),
      login('5501', '8808'),
      login('5502', '8809'),
      setState('ready'),
      toQueue('sales', '+1001'),
      toQueue('sales', '+2002'),
      { input: tick, at: 8000 },
    );
    assert.equal(state.calls.get('C1')?.phase, 'queued');
    assert.deepEqual(state.calls.get('C1')?.connections, [{ device: '+1001', state: 'connected' }], 'only the waiting customer');
    const { seen } = run(state, setState('ready', undefined, '5502'));
    assert.deepEqual(seen, ['AgentReady@8809', 'Delivered@8809']);
    assert.equal(state.calls.get('C2')?.phase, 'queued');
  });

  it('gives no reason code when none is configured', () => {
    const { state } = run(provisioned({ ringTimeoutMs: 10 }), login(), setState('ready'), toQueue(), { input: tick, at: 10 });
    assert.deepEqual(status(state), { kind: 'notReady', extension: '8808' });
  });

  it('leaves an agent who already left Ready as they are, and still returns the call', () => {
    const { state, seen } = run(provisioned(acd), login(), login('5502', '8809'), setState('ready'), toQueue(), setState('notReady', 'LUNCH'), {
      input: tick,
      at: 8000,
    });
    assert.deepEqual(seen.slice(-1), ['ConnectionCleared@8808']);
    assert.deepEqual(status(state), { kind: 'notReady', extension: '8808', reasonCode: 'LUNCH' });
    assert.equal(state.calls.get('C1')?.phase, 'queued');
  });

  it('drops the deadline when the agent answers in time', () => {
    const { state } = run(provisioned(acd), login(), setState('ready'), toQueue(), { input: answer('8808'), at: 7999 });
    assert.equal(state.calls.get('C1')?.noAnswerAt, undefined);
    assert.equal(nextDeadline(state), null);
  });

  it('never times a ring at a member without an agent, nor a direct call', () => {
    const plain = run(provisioned(acd), toQueue());
    assert.equal(nextDeadline(plain.state), null);
    const direct = run(provisioned(acd), login(), setState('ready'), { kind: 'customerCall', from: '+1', to: { extension: '8808' } });
    assert.equal(nextDeadline(direct.state), null);
  });

  it('fires every deadline due by now, earliest first, in one tick', () => {
    const acw: AcdOptions = { ringTimeoutMs: 3000, afterCallWorkMs: 2000 };
    // 5502 is in timed after-call work until 2000; 5501's ring times out at 3000; one tick at 5000 does both.
    const { state } = run(
      provisioned(acw),
      login('5501', '8808'),
      login('5502', '8809'),
      setState('ready', undefined, '5502'),
      toQueue(),
      answer('8809'),
      hangUp(),
      setState('ready'),
      toQueue('sales', '+2002'),
    );
    const { events } = ok(state, tick, 5000);
    assert.deepEqual(names(events), ['AgentReady@8809', 'ConnectionCleared@8808', 'AgentNotReady@8808', 'Delivered@8809']);
  });
});

describe('model ACD: supervisor', () => {
  it('forces notReady with a reason from Ready, and from after-call work', () => {
    const ready = run(provisioned(), login(), setState('ready'), { kind: 'supervisor', agent: '5501', action: 'notReady', reasonCode: 'QA' });
    assert.deepEqual(ready.events.at(-1), { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'QA', devices: ['8808'] });
    const acw = run(provisioned({ afterCallWorkMs: 5000 }), login(), setState('ready'), toQueue(), answer('8808'), hangUp(), {
      kind: 'supervisor',
      agent: '5501',
      action: 'notReady',
    });
    assert.deepEqual(status(acw.state), { kind: 'notReady', extension: '8808' });
    assert.equal(nextDeadline(acw.state), null);
  });

  it('forces a logout with a reason', () => {
    const { events, state } = run(provisioned(), login(), setState('notReady', 'LUNCH'), {
      kind: 'supervisor',
      agent: '5501',
      action: 'logout',
      reasonCode: 'FORCED',
    });
    assert.deepEqual(events.at(-1), { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'FORCED', devices: ['8808'] });
    assert.deepEqual(status(state), { kind: 'loggedOut' });
  });
});

describe('model ACD: options and provisioning', () => {
  it('merges configureAcd options: a field given replaces the earlier value', () => {
    const first = ok(provisioned({ reasonCodes: ['LUNCH'], afterCallWorkMs: 100 }), { kind: 'configureAcd', ringTimeoutMs: 50 }).state;
    const second = ok(first, { kind: 'configureAcd', reasonCodes: ['BREAK'] }).state;
    assert.deepEqual(second.acd, { reasonCodes: ['BREAK'], afterCallWorkMs: 100, ringTimeoutMs: 50 });
  });

  it('applies new options from now on: a timed after-call work keeps its deadline', () => {
    const { state } = run(provisioned({ afterCallWorkMs: 5000 }), login(), setState('ready'), toQueue(), answer('8808'), hangUp(), {
      kind: 'configureAcd',
      afterCallWorkMs: 0,
    });
    assert.equal(nextDeadline(state), 5000);
  });

  const bad: [string, ModelInput, RegExp][] = [
    ['a negative duration', { kind: 'configureAcd', afterCallWorkMs: -1 }, /acd\.afterCallWorkMs: expected whole milliseconds from 0/],
    ['a fractional ring timeout', { kind: 'configureAcd', ringTimeoutMs: 1.5 }, /acd\.ringTimeoutMs: expected whole milliseconds/],
    [
      'an unknown end state',
      { kind: 'configureAcd', afterCallWorkEndsIn: 'lunch' as 'ready' },
      /acd\.afterCallWorkEndsIn: expected ready or notReady, got "lunch"/,
    ],
    ['an over-long reason code', { kind: 'configureAcd', reasonCodes: ['OK', 'X'.repeat(33)] }, /acd\.reasonCodes\[1\]: expected 1-32 characters/],
    ['a reason code listed twice', { kind: 'configureAcd', reasonCodes: ['LUNCH', 'LUNCH'] }, /acd\.reasonCodes\[1\]: LUNCH is listed twice/],
    ['an empty ring-no-answer reason', { kind: 'configureAcd', ringNoAnswerReasonCode: '' }, /acd\.ringNoAnswerReasonCode: expected 1-32 characters/],
    ['an unknown option', { kind: 'configureAcd', ...({ wrapUpMs: 5 } as AcdOptions) }, /acd\.wrapUpMs: not an ACD option/],
    ['bad options in provisioning', { kind: 'provision', acd: { ringTimeoutMs: -5 } }, /acd\.ringTimeoutMs/],
    [
      'an agent serving an unknown queue',
      { kind: 'provision', agents: [{ id: '6001', password: 'x', queues: ['billing'] }] },
      /agents\[0\]\.queues\[0\]: expected a provisioned queue, got "billing"/,
    ],
    [
      'an agent serving a queue twice',
      { kind: 'provision', agents: [{ id: '6001', password: 'x', queues: ['sales', 'sales'] }] },
      /agents\[0\]\.queues\[1\]: queue sales is listed twice/,
    ],
  ];
  for (const [what, input, message] of bad) {
    it(`refuses ${what} with invalidProvisioning, changing nothing`, () => {
      const state = provisioned({ ringTimeoutMs: 7 });
      const error = refused(state, input);
      assert.equal(error.code, 'invalidProvisioning');
      assert.match(error.message, message);
      assert.deepEqual(state.acd, { ringTimeoutMs: 7 });
    });
  }

  it('lets an agent serve a queue provisioned in the same input', () => {
    const { state } = run(emptyState(), {
      kind: 'provision',
      extensions: ['8808'],
      queues: [{ id: 'q', dialledNumber: '4000', members: ['8808'] }],
      agents: [{ id: 'a', password: 'p', queues: ['q'] }],
    });
    assert.deepEqual(state.agents.get('a')?.queues, ['q']);
  });
});

describe('model ACD: snapshots', () => {
  it('shows the agent logged in on the device, with the reason when Not Ready', () => {
    const { state } = run(provisioned(), login(), setState('notReady', 'LUNCH'));
    const snap = snapshotDevice(state, '8808');
    assert.deepEqual(snap, {
      ok: true,
      deviceId: '8808',
      calls: [],
      agent: { agentId: '5501', status: { kind: 'notReady', extension: '8808', reasonCode: 'LUNCH' } },
    });
  });

  it('shows no agent on a device without one, or after logout', () => {
    assert.deepEqual(snapshotDevice(provisioned(), '8808'), { ok: true, deviceId: '8808', calls: [] });
    const { state } = run(provisioned(), login(), logout());
    assert.deepEqual(snapshotDevice(state, '8808'), { ok: true, deviceId: '8808', calls: [] });
  });

  it('shows a busy agent with the call', () => {
    const { state } = run(provisioned(), login(), setState('ready'), toQueue(), answer('8808'));
    const snap = snapshotDevice(state, '8808');
    assert.ok(snap.ok);
    assert.equal(snap.agent?.status.kind, 'busy');
    assert.equal(snap.calls[0]?.state, 'connected');
  });
});

describe('model ACD: purity', () => {
  it('never changes the state it was given', () => {
    const before = run(provisioned({ afterCallWorkMs: 10, ringTimeoutMs: 10 }), login(), setState('ready'), toQueue()).state;
    const frozen = JSON.stringify([...before.calls.values(), ...before.agents.values()]);
    step(before, tick, 10);
    step(before, answer('8808'), 5);
    step(before, logout(), 5);
    assert.equal(JSON.stringify([...before.calls.values(), ...before.agents.values()]), frozen);
  });
});
