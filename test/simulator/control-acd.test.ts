import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock } from '../../simulator/clock.ts';
import { ControlError } from '../../simulator/control/control-error.ts';
import { createControl } from '../../simulator/control/control.ts';
import type { AcdOptions } from '../../simulator/model/types.ts';

function setup(acd: AcdOptions = {}) {
  const clock = createManualClock(0);
  const control = createControl({ clock, logger: pino({ level: 'silent' }), publish: () => undefined });
  control.provision({
    extensions: ['8808', '8809'],
    queues: [{ id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] }],
    agents: [
      { id: '5501', password: 'pw-5501' },
      { id: '5502', password: 'pw-5502' },
    ],
    acd,
  });
  const heard: string[] = [];
  control.onModelEvent((event, at) => heard.push(`${at}:${event.name}@${event.devices.join('+')}`));
  return { clock, control, heard };
}

describe('control: the ACD on the clock', () => {
  it('ends timed after-call work on the clock, in Ready', () => {
    const { clock, control, heard } = setup({ afterCallWorkMs: 5000 });
    control.agentLogin({ agent: '5501', password: 'pw-5501', extension: '8808' });
    control.setAgentState({ agent: '5501', state: 'ready' });
    const call = control.customerCall({ from: '+1', to: { queue: 'sales' } });
    control.answerAtPhone({ extension: '8808', call });
    clock.advance(1000);
    control.hangUp({ call, party: 'caller' });
    assert.equal(control.nextDeadline(), 6000);
    assert.equal(clock.pending(), 1);
    clock.advance(4999);
    assert.equal(heard.at(-1), '1000:AgentWorkingAfterCall@8808');
    clock.advance(1);
    assert.equal(heard.at(-1), '6000:AgentReady@8808');
    assert.equal(clock.pending(), 0);
  });

  it('times out an unanswered ring on the clock and offers the call to the next Ready agent', () => {
    const { clock, control, heard } = setup({ ringTimeoutMs: 8000, ringNoAnswerReasonCode: 'RONA' });
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    control.agentAtPhone({ agent: '5502', extension: '8809', action: 'login' });
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'ready' });
    control.agentAtPhone({ agent: '5502', extension: '8809', action: 'ready' });
    control.customerCall({ from: '+1', to: { queue: 'sales' } });
    clock.advance(8000);
    assert.deepEqual(heard.slice(-4), ['0:Delivered@8808', '8000:ConnectionCleared@8808', '8000:AgentNotReady@8808', '8000:Delivered@8809']);
    // The second ring times out too: both agents are now Not Ready and the call waits.
    clock.advance(8000);
    assert.deepEqual(heard.slice(-2), ['16000:ConnectionCleared@8809', '16000:AgentNotReady@8809']);
    assert.equal(control.truth().calls.get('C1')?.phase, 'queued');
    assert.equal(clock.pending(), 0);
  });

  it('keeps one timer, moved when an earlier deadline appears and cancelled when none is left', () => {
    const { clock, control } = setup({ afterCallWorkMs: 10_000, ringTimeoutMs: 3000 });
    control.agentLogin({ agent: '5501', password: 'pw-5501', extension: '8808' });
    control.setAgentState({ agent: '5501', state: 'ready' });
    const first = control.customerCall({ from: '+1', to: { queue: 'sales' } });
    control.answerAtPhone({ extension: '8808', call: first });
    control.hangUp({ call: first, party: 'caller' });
    assert.equal(control.nextDeadline(), 10_000);
    control.agentLogin({ agent: '5502', password: 'pw-5502', extension: '8809' });
    control.setAgentState({ agent: '5502', state: 'ready' });
    control.customerCall({ from: '+2', to: { queue: 'sales' } });
    assert.equal(control.nextDeadline(), 3000);
    assert.equal(clock.pending(), 1);
    control.setAgentState({ agent: '5501', state: 'notReady' });
    control.answerAtPhone({ extension: '8809' });
    assert.equal(control.nextDeadline(), null);
    assert.equal(clock.pending(), 0);
  });

  it('suspends the deadline timer and, resumed, fires overdue deadlines at once', () => {
    const { clock, control, heard } = setup({ afterCallWorkMs: 1000 });
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    control.answerAtPhone({ extension: '8808' });
    control.hangUp({ call: 'C1', party: 'caller' });
    control.suspendTimers();
    assert.equal(clock.pending(), 0);
    clock.advance(5000);
    assert.equal(heard.at(-1), '0:AgentWorkingAfterCall@8808');
    control.resumeTimers();
    clock.advance(0);
    assert.equal(heard.at(-1), '5000:AgentReady@8808');
  });

  it('offers the supervisor and configureAcd verbs', () => {
    const { control, heard } = setup();
    control.configureAcd({ reasonCodes: ['QA'] });
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    control.supervisor({ agent: '5501', action: 'notReady', reasonCode: 'QA' });
    control.supervisor({ agent: '5501', action: 'logout' });
    assert.deepEqual(heard, ['0:AgentLoggedOn@8808', '0:AgentNotReady@8808', '0:AgentLoggedOff@8808']);
    assert.throws(() => control.configureAcd({ ringTimeoutMs: -1 }), { name: 'ControlError', code: 'invalidProvisioning' });
  });

  it('throws ControlError for ACD refusals from verbs, with the model code', () => {
    const { control } = setup();
    assert.throws(
      () => control.agentLogin({ agent: '5501', password: 'nope', extension: '8808' }),
      (error: unknown) =>
        error instanceof ControlError && error.code === 'wrongPassword' && !error.message.includes('nope') && !error.message.includes('pw-5501'),
    );
    assert.throws(() => control.agentLogout({ agent: '5501' }), { code: 'agentNotLoggedIn' });
    assert.throws(() => control.supervisor({ agent: '5501', action: 'logout' }), { code: 'agentNotLoggedIn' });
  });

  it('attempt returns a refusal instead of throwing, and acknowledges an applied input before its events are heard', () => {
    const { control } = setup();
    const order: string[] = [];
    control.onModelEvent((event) => order.push(`event:${event.name}`));
    const refused = control.attempt({ kind: 'agentLogout', agent: '5501' }, () => order.push('ack'));
    assert.deepEqual(refused.ok ? null : refused.error.code, 'agentNotLoggedIn');
    const applied = control.attempt({ kind: 'agentLogin', agent: '5501', password: 'pw-5501', extension: '8808' }, () => order.push('ack'));
    assert.equal(applied.ok, true);
    assert.deepEqual(order, ['ack', 'event:AgentLoggedOn']);
  });
});
