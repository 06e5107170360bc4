import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentAction, ModelInput } from '../../simulator/model/types.ts';
import { ok, play, refused } from './support/model.ts';

const at = (action: AgentAction, reasonCode?: string, agent = '5501', extension = '8808'): ModelInput => ({
  kind: 'agentAtPhone',
  agent,
  extension,
  action,
  ...(reasonCode === undefined ? {} : { reasonCode }),
});

describe('model: agent actions at the phone', () => {
  it('logs an agent in on an extension: AgentLoggedOn to that extension, state loggedIn', () => {
    const { events, state } = play(at('login'));
    assert.deepEqual(events, [{ name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808', devices: ['8808'] }]);
    assert.deepEqual(state.agents.get('5501')?.status, { kind: 'loggedIn', extension: '8808' });
  });

  it('walks ready, notReady with a reason, afterCallWork and logout with a reason', () => {
    const { events, state } = play(at('login'), at('ready'), at('notReady', 'LUNCH'), at('afterCallWork'), at('logout', 'EOD'));
    assert.deepEqual(events.slice(1), [
      { name: 'AgentReady', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'LUNCH', devices: ['8808'] },
      { name: 'AgentWorkingAfterCall', agentId: '5501', deviceId: '8808', devices: ['8808'] },
      { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'EOD', devices: ['8808'] },
    ]);
    assert.deepEqual(state.agents.get('5501')?.status, { kind: 'loggedOut' });
  });

  it('goes from loggedIn to notReady without a reason', () => {
    const { events, state } = play(at('login'), at('notReady'));
    assert.deepEqual(events[1], { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', devices: ['8808'] });
    assert.deepEqual(state.agents.get('5501')?.status, { kind: 'notReady', extension: '8808' });
  });

  it('treats notReady with a different reason code as a change', () => {
    const { events } = play(at('login'), at('notReady', 'LUNCH'), at('notReady', 'MEETING'));
    assert.equal(events.length, 3);
  });

  it('lets the agent log in again after logging out, on another extension', () => {
    const { state } = play(at('login'), at('logout'), at('login', undefined, '5501', '8809'));
    assert.deepEqual(state.agents.get('5501')?.status, { kind: 'loggedIn', extension: '8809' });
  });

  it('records when the status changed', () => {
    const { state } = play();
    const result = ok(state, at('login'), 777);
    assert.equal(result.state.agents.get('5501')?.since, 777);
  });
});

describe('model: refused agent actions', () => {
  const cases: [string, ModelInput[], ModelInput, string, RegExp][] = [
    ['an unknown agent', [], at('login', undefined, '9999'), 'unknownAgent', /agent: "9999" is not a provisioned agent; expected one of 5501, 5502/],
    ['an unknown extension', [], at('login', undefined, '5501', '7777'), 'unknownExtension', /"7777" is not a provisioned extension/],
    ['ready before login', [], at('ready'), 'agentNotLoggedIn', /agent 5501 is not logged in; expected login before ready/],
    ['logout before login', [], at('logout'), 'agentNotLoggedIn', /not logged in/],
    ['a second login', [at('login')], at('login', undefined, '5501', '8809'), 'agentAlreadyLoggedIn', /already logged in on 8808/],
    [
      'login on an extension another agent holds',
      [at('login')],
      at('login', undefined, '5502', '8808'),
      'extensionHasAgent',
      /agent 5501 is already logged in on 8808/,
    ],
    ['an action from another extension', [at('login')], at('ready', undefined, '5501', '8809'), 'wrongExtension', /logged in on 8808, not 8809/],
    ['ready when ready', [at('login'), at('ready')], at('ready'), 'alreadyInState', /agent 5501 is already Ready; expected a different state/],
    [
      'the same notReady reason again',
      [at('login'), at('notReady', 'LUNCH')],
      at('notReady', 'LUNCH'),
      'alreadyInState',
      /already Not Ready with reason LUNCH/,
    ],
    ['afterCallWork twice', [at('login'), at('afterCallWork')], at('afterCallWork'), 'alreadyInState', /already in after-call work/],
    ['a reason code on ready', [at('login')], at('ready', 'LUNCH'), 'invalidReasonCode', /only notReady and logout take a reason code, got one with ready/],
    ['an over-long reason code', [at('login')], at('notReady', 'X'.repeat(33)), 'invalidReasonCode', /expected 1-32 characters/],
    ['an empty reason code', [at('login')], at('notReady', ''), 'invalidReasonCode', /expected 1-32 characters/],
  ];
  for (const [what, before, input, code, message] of cases) {
    it(`refuses ${what} with ${code}`, () => {
      const error = refused(play(...before).state, input);
      assert.equal(error.code, code);
      assert.match(error.message, message);
    });
  }
});
