import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDeadline } from '../../simulator/model/deadlines.ts';
import { snapshotDevice } from '../../simulator/model/snapshot.ts';
import type { ModelEvent, ModelEventOf } from '../../simulator/model/types.ts';
import {
  answer,
  blindTransfer,
  causes,
  conference,
  connections,
  consult,
  CUSTOMER,
  CUSTOMER_ON_8808,
  customerTo,
  dial,
  FAR,
  hold,
  leave,
  login,
  playFrom,
  playFull,
  ready,
  retrieve,
  tick,
  transfer,
} from './support/call-control.ts';

function transferredIn(events: readonly ModelEvent[]): ModelEventOf<'Transferred'> | undefined {
  return events.find((e): e is ModelEventOf<'Transferred'> => e.name === 'Transferred');
}

describe('model call control: making calls', () => {
  it('dials an extension: Originated to the caller, then Delivered to both ends; the caller is initiated until the answer', () => {
    const { events, state, callId } = playFull(dial('8810', '8811', { Case: 'K-1' }));
    assert.equal(callId, 'C1');
    assert.deepEqual(events, [
      { name: 'Originated', callId: 'C1', callingDevice: '8810', calledDevice: '8811', callData: { Case: 'K-1' }, cause: 'makeCall', devices: ['8810'] },
      {
        name: 'Delivered',
        alertingDevice: '8811',
        callId: 'C1',
        callingDevice: '8810',
        calledDevice: '8811',
        callData: { Case: 'K-1' },
        cause: 'newCall',
        devices: ['8810', '8811'],
      },
    ]);
    assert.deepEqual(connections(state, 'C1'), ['8810:initiated', '8811:alerting']);
    const answered = playFrom(state, answer('8811'));
    assert.deepEqual(answered.seen, ['Established(C1)@8810+8811']);
    assert.deepEqual(connections(answered.state, 'C1'), ['8810:connected', '8811:connected']);
  });

  it('dials an outside number over a trunk whose far end answers at once: it rings, then answers, in one step', () => {
    const { events, state } = playFull(dial('8810', FAR.answers));
    assert.deepEqual(
      events.map(
        (e) => `${e.name}${'alertingDevice' in e ? `:${e.alertingDevice}` : ''}${'answeringDevice' in e ? `:${e.answeringDevice}` : ''}@${e.devices.join('+')}`,
      ),
      ['Originated@8810', `Delivered:${FAR.answers}@8810`, `Established:${FAR.answers}@8810`],
    );
    assert.deepEqual(connections(state, 'C1'), ['8810:connected', `${FAR.answers}:connected`]);
    assert.equal(state.calls.get('C1')?.trunkUsed, 'T1', 'a call to the public network leaves over a trunk');
  });

  it('lets a far end answer after its delay and hang up after its own, on the clock', () => {
    const dialled = playFull({ input: dial('8810', FAR.answersLater), at: 1000 });
    assert.equal(nextDeadline(dialled.state), 3000);
    assert.deepEqual(playFrom(dialled.state, { input: tick, at: 2999 }).events, []);
    const answered = playFrom(dialled.state, { input: tick, at: 3000 });
    assert.deepEqual(answered.seen, ['Established(C1)@8810']);
    assert.equal(nextDeadline(answered.state), 13_000);
    const gone = playFrom(answered.state, { input: tick, at: 13_000 });
    assert.deepEqual(gone.events, [
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: FAR.answersLater, cause: 'normal', devices: ['8810'] },
      { name: 'CallCleared', callId: 'C1', cause: 'normal', devices: ['8810'] },
    ]);
    assert.equal(gone.state.calls.size, 0);
    assert.equal(nextDeadline(gone.state), null);
  });

  it('reports a busy far end as Originated then Failed (cause busy), and the call clears', () => {
    const { events, state } = playFull(dial('8810', FAR.busy));
    assert.deepEqual(events.slice(1), [
      { name: 'Failed', callId: 'C1', failingDevice: FAR.busy, calledDevice: FAR.busy, cause: 'busy', devices: ['8810'] },
      { name: 'CallCleared', callId: 'C1', cause: 'busy', devices: ['8810'] },
    ]);
    assert.equal(state.calls.size, 0);
  });

  it('reports a number the network does not know as Failed with cause invalidNumber', () => {
    assert.deepEqual(causes(playFull(dial('8810', FAR.invalid)).events), ['Originated:makeCall', 'Failed:invalidNumber', 'CallCleared:invalidNumber']);
  });

  it('rings a no-answer far end until its ring timeout, then Failed (cause noAnswer) and the call clears', () => {
    const dialled = playFull(dial('8810', FAR.noAnswer));
    assert.deepEqual(dialled.seen, ['Originated(C1)@8810', 'Delivered(C1)@8810']);
    assert.equal(nextDeadline(dialled.state), 20_000);
    const expired = playFrom(dialled.state, { input: tick, at: 20_000 });
    assert.deepEqual(causes(expired.events), ['Failed:noAnswer', 'CallCleared:noAnswer']);
  });

  it('rings a "ring" far end until it is told to answer', () => {
    const dialled = playFull(dial('8810', FAR.rings));
    assert.equal(nextDeadline(dialled.state), null);
    const answered = playFrom(dialled.state, { kind: 'farEndAnswers', call: 'C1' });
    assert.deepEqual(answered.seen, ['Established(C1)@8810']);
    const named = playFrom(dialled.state, { kind: 'farEndAnswers', call: 'C1', number: FAR.rings });
    assert.deepEqual(named.seen, ['Established(C1)@8810']);
  });

  it("lets the far end hang up at any moment (the control's hangUp with its number)", () => {
    const { seen, state } = playFull(dial('8810', FAR.answers), leave('C1', FAR.answers));
    assert.deepEqual(seen.slice(-2), ['ConnectionCleared(C1)@8810', 'CallCleared(C1)@8810']);
    assert.equal(state.calls.size, 0);
  });

  it('calls an unlisted outside number with the behaviour the dial plan gives unlisted numbers', () => {
    const { events } = playFull({ kind: 'configureDialPlan', unlisted: { behaviour: 'answer' } }, dial('8810', '+33140000000'));
    assert.deepEqual(causes(events), ['Originated:makeCall', 'Delivered:newCall', 'Established:normal']);
  });

  it("dials a queue's number: the caller waits initiated, and the member it rings hears the call with the caller", () => {
    const { seen, state } = playFull(dial('8810', '4000'));
    assert.deepEqual(seen, ['Originated(C1)@8810', 'Delivered(C1)@8810+8808']);
    assert.equal(state.calls.get('C1')?.queue, 'sales');
    assert.deepEqual(connections(state, 'C1'), ['8810:initiated', '8808:alerting']);
  });

  it('cancelling before the answer is an abandon (callCancelled)', () => {
    assert.deepEqual(causes(playFull(dial('8810', FAR.rings), leave('C1', '8810')).events).slice(-2), [
      'ConnectionCleared:callCancelled',
      'CallCleared:callCancelled',
    ]);
  });
});

describe('model call control: hold and retrieve', () => {
  it('holds a connected call: Held to every extension in the call, naming who holds; the others stay connected', () => {
    const { events, state } = playFull(dial('8810', '8811'), answer('8811'), hold('8810', 'C1'));
    assert.deepEqual(events.at(-1), { name: 'Held', callId: 'C1', holdingDevice: '8810', cause: 'normal', devices: ['8810', '8811'] });
    assert.deepEqual(connections(state, 'C1'), ['8810:held', '8811:connected']);
  });

  it('retrieves a held call: Retrieved to every extension in the call', () => {
    const { events, state } = playFull(dial('8810', '8811'), answer('8811'), hold('8810', 'C1'), retrieve('8810', 'C1'));
    assert.deepEqual(events.at(-1), { name: 'Retrieved', callId: 'C1', retrievingDevice: '8810', cause: 'normal', devices: ['8810', '8811'] });
    assert.deepEqual(connections(state, 'C1'), ['8810:connected', '8811:connected']);
  });

  it('holds and retrieves at the phone without naming the call', () => {
    const { seen } = playFull(...CUSTOMER_ON_8808, hold('8808'), retrieve('8808'));
    assert.deepEqual(seen.slice(-2), ['Held(C1)@8808', 'Retrieved(C1)@8808']);
  });

  it('keeps an agent busy while their only call is on hold', () => {
    const { state, seen } = playFull(login('5501', '8808'), ...CUSTOMER_ON_8808, hold('8808'));
    assert.deepEqual(seen.slice(-1), ['Held(C1)@8808']);
    assert.equal(state.agents.get('5501')?.status.kind, 'busy');
  });

  it('lets a holding extension take a new call, and dial one: one active call, the others held', () => {
    const { state } = playFull(
      ...CUSTOMER_ON_8808,
      hold('8808'),
      customerTo('8808', {}, '+15550002'),
      answer('8808', 'C2'),
      hold('8808', 'C2'),
      dial('8808', '8810'),
    );
    const snapshot = snapshotDevice(state, '8808');
    assert.ok(snapshot.ok);
    assert.deepEqual(
      snapshot.calls.map((c) => `${c.callId}:${c.state}`),
      ['C1:held', 'C2:held', 'C3:initiated'],
    );
  });

  it('ends the held call when the customer hangs up during the hold', () => {
    const { seen, state } = playFull(login('5501', '8808'), ...CUSTOMER_ON_8808, hold('8808'), leave('C1', 'caller'));
    assert.deepEqual(seen.slice(-3), ['ConnectionCleared(C1)@8808', 'CallCleared(C1)@8808', 'AgentWorkingAfterCall@8808']);
    assert.equal(state.calls.size, 0);
  });
});

describe('model call control: consultation and transfer', () => {
  const consulting = [...CUSTOMER_ON_8808, consult('8808', 'C1', '8810')];

  it('consults: Held (cause consultation) to the held call, then Originated and Delivered of the consult call carrying the held call data', () => {
    const { events, state, callId } = playFull(...consulting);
    assert.equal(callId, 'C2');
    assert.deepEqual(events.slice(2), [
      { name: 'Held', callId: 'C1', holdingDevice: '8808', cause: 'consultation', devices: ['8808'] },
      {
        name: 'Originated',
        callId: 'C2',
        callingDevice: '8808',
        calledDevice: '8810',
        callData: { Intent: 'billing' },
        cause: 'consultation',
        devices: ['8808'],
      },
      {
        name: 'Delivered',
        alertingDevice: '8810',
        callId: 'C2',
        callingDevice: '8808',
        calledDevice: '8810',
        callData: { Intent: 'billing' },
        cause: 'consultation',
        devices: ['8808', '8810'],
      },
    ]);
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:held']);
    assert.deepEqual(connections(state, 'C2'), ['8808:initiated', '8810:alerting']);
  });

  it('carries the call data the consultation gives instead of the held call data', () => {
    const { state } = playFull(...CUSTOMER_ON_8808, consult('8808', 'C1', '8810', { Note: 'VIP' }));
    assert.deepEqual(state.calls.get('C2')?.callData, { Note: 'VIP' });
  });

  it('transfers after the consult is answered: Transferred to everyone, the held call goes on between the customer and the consulted party', () => {
    const { events, state, callId } = playFull(...consulting, answer('8810'), transfer('8808', 'C1', 'C2'));
    assert.equal(callId, 'C1');
    assert.deepEqual(events.at(-1), {
      name: 'Transferred',
      callId: 'C1',
      secondaryOldCall: 'C2',
      transferringDevice: '8808',
      transferredToDevice: '8810',
      callingDevice: CUSTOMER,
      calledDevice: '8808',
      parties: [CUSTOMER, '8810'],
      callData: { Intent: 'billing' },
      cause: 'transfer',
      devices: ['8808', '8810'],
    });
    assert.equal(state.calls.has('C2'), false);
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8810:connected']);
    const after = playFrom(state, leave('C1', 'caller'));
    assert.deepEqual(after.seen, ['ConnectionCleared(C1)@8810', 'CallCleared(C1)@8810'], 'the transferring extension hears nothing more of the call');
  });

  it('merges the consult call data over the held call data on transfer', () => {
    const { events } = playFull(...CUSTOMER_ON_8808, consult('8808', 'C1', '8810', { Note: 'VIP' }), answer('8810'), transfer('8808', 'C1', 'C2'));
    assert.deepEqual(transferredIn(events)?.callData, { Intent: 'billing', Note: 'VIP' });
  });

  it('puts the transferring agent in after-call work and keeps the consulted agent busy', () => {
    const { state, seen } = playFull(login('5501', '8808'), login('5502', '8810'), ...consulting, answer('8810'), transfer('8808', 'C1', 'C2'));
    assert.deepEqual(seen.slice(-2), ['Transferred(C1)@8808+8810', 'AgentWorkingAfterCall@8808']);
    assert.equal(state.agents.get('5502')?.status.kind, 'busy');
  });

  it('transfers on ring: the customer waits while the consulted extension rings, and its answer is Established with cause transfer', () => {
    const rung = playFull(...consulting, transfer('8808', 'C1', 'C2'));
    assert.deepEqual(connections(rung.state, 'C1'), [`${CUSTOMER}:connected`, '8810:alerting']);
    assert.equal(rung.state.calls.get('C1')?.phase, 'alerting');
    const answered = playFrom(rung.state, answer('8810'));
    assert.deepEqual(causes(answered.events), ['Established:transfer']);
  });

  it('transfers to an outside number once the far end answered', () => {
    const { state } = playFull(...CUSTOMER_ON_8808, consult('8808', 'C1', FAR.answers), transfer('8808', 'C1', 'C2'));
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, `${FAR.answers}:connected`]);
    assert.deepEqual(state.calls.get('C1')?.parties, [], 'no extension is left in the call');
  });

  it('cancels a consult by hanging it up and retrieving the held call', () => {
    const { seen, state } = playFull(...consulting, answer('8810'), leave('C2', '8808'), retrieve('8808', 'C1'));
    assert.deepEqual(seen.slice(-3), ['ConnectionCleared(C2)@8808+8810', 'CallCleared(C2)@8808+8810', 'Retrieved(C1)@8808']);
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:connected']);
  });

  it('leaves the held call held when the consulted far end is busy', () => {
    const { state, events } = playFull(...CUSTOMER_ON_8808, consult('8808', 'C1', FAR.busy));
    assert.deepEqual(causes(events).slice(-4), ['Held:consultation', 'Originated:consultation', 'Failed:busy', 'CallCleared:busy']);
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:held']);
  });
});

describe('model call control: conference and dropping parties', () => {
  const conferenced = [...CUSTOMER_ON_8808, consult('8808', 'C1', '8810'), answer('8810'), conference('8808', 'C1', 'C2')];

  it('conferences: Conferenced to all three extensions-in-call, the held call goes on with every party, the conferencing extension connected again', () => {
    const { events, state, callId } = playFull(...conferenced);
    assert.equal(callId, 'C1');
    assert.deepEqual(events.at(-1), {
      name: 'Conferenced',
      callId: 'C1',
      secondaryOldCall: 'C2',
      conferencingDevice: '8808',
      addedParty: '8810',
      callingDevice: CUSTOMER,
      calledDevice: '8808',
      parties: [CUSTOMER, '8808', '8810'],
      callData: { Intent: 'billing' },
      cause: 'conference',
      devices: ['8808', '8810'],
    });
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:connected', '8810:connected']);
    assert.equal(state.calls.has('C2'), false);
  });

  it('adds a fourth party with another consult and conference', () => {
    const { state } = playFull(...conferenced, consult('8808', 'C1', '8811'), answer('8811'), conference('8808', 'C1', 'C3'));
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:connected', '8810:connected', '8811:connected']);
  });

  it('drops a party: ConnectionCleared to everyone, and the call goes on as a two-party call the dropped extension no longer hears', () => {
    const { seen, state } = playFull(...conferenced, leave('C1', '8810'));
    assert.deepEqual(seen.at(-1), 'ConnectionCleared(C1)@8808+8810');
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8808:connected']);
    assert.deepEqual(playFrom(state, hold('8808')).seen, ['Held(C1)@8808']);
  });

  it('drops the customer: the two extensions go on talking', () => {
    const { state } = playFull(...conferenced, leave('C1', CUSTOMER));
    assert.deepEqual(connections(state, 'C1'), ['8808:connected', '8810:connected']);
  });

  it('ends the call (CallCleared) when fewer than two parties remain', () => {
    const { seen, state } = playFull(...conferenced, leave('C1', '8808'), leave('C1', '8810'));
    assert.deepEqual(seen.slice(-3), ['ConnectionCleared(C1)@8808+8810', 'ConnectionCleared(C1)@8810', 'CallCleared(C1)@8810']);
    assert.equal(state.calls.size, 0);
  });

  it('keeps the agent who leaves a conference out of it: after-call work, the others stay busy', () => {
    const { state } = playFull(login('5501', '8808'), login('5502', '8810'), ...conferenced, leave('C1', '8808'));
    assert.equal(state.agents.get('5501')?.status.kind, 'afterCallWork');
    assert.equal(state.agents.get('5502')?.status.kind, 'busy');
  });
});

describe('model call control: single-step transfer', () => {
  it('moves the call: Transferred to the old parties, then Delivered (cause singleStepTransfer) at the target with the call data', () => {
    const { events, state, callId } = playFull(...CUSTOMER_ON_8808, blindTransfer('8808', 'C1', '8810', { Note: 'VIP' }));
    assert.equal(callId, 'C1');
    assert.deepEqual(events.slice(2), [
      {
        name: 'Transferred',
        callId: 'C1',
        transferringDevice: '8808',
        transferredToDevice: '8810',
        callingDevice: CUSTOMER,
        calledDevice: '8808',
        parties: [CUSTOMER, '8810'],
        callData: { Intent: 'billing', Note: 'VIP' },
        cause: 'singleStepTransfer',
        devices: ['8808'],
      },
      {
        name: 'Delivered',
        alertingDevice: '8810',
        callId: 'C1',
        callingDevice: CUSTOMER,
        calledDevice: '8808',
        trunkUsed: 'T1',
        callData: { Intent: 'billing', Note: 'VIP' },
        cause: 'singleStepTransfer',
        devices: ['8810'],
      },
    ]);
    assert.deepEqual(connections(state, 'C1'), [`${CUSTOMER}:connected`, '8810:alerting']);
    assert.deepEqual(causes(playFrom(state, answer('8810')).events), ['Established:singleStepTransfer']);
  });

  it('puts the transferring agent in after-call work', () => {
    const { seen } = playFull(login('5501', '8808'), ...CUSTOMER_ON_8808, blindTransfer('8808', 'C1', '8810'));
    assert.deepEqual(seen.slice(-3), ['Transferred(C1)@8808', 'AgentWorkingAfterCall@8808', 'Delivered(C1)@8810']);
  });

  it("blind-transfers to a queue's number: the call waits and rings the first member that takes it", () => {
    const { state, seen } = playFull(customerTo('8810'), answer('8810'), blindTransfer('8810', 'C1', '4000'));
    assert.deepEqual(seen.slice(-2), ['Transferred(C1)@8810', 'Delivered(C1)@8808']);
    assert.equal(state.calls.get('C1')?.queue, 'sales');
  });

  it('drops the customer when the outside number blind-transferred to is busy', () => {
    const { events, state } = playFull(...CUSTOMER_ON_8808, blindTransfer('8808', 'C1', FAR.busy));
    assert.deepEqual(causes(events).slice(2), ['Transferred:singleStepTransfer', 'Failed:busy', 'CallCleared:busy']);
    assert.equal(state.calls.size, 0);
  });
});

describe('model call control: digits', () => {
  it('sends digits on a connected call as a switch-only event no monitor hears', () => {
    const { events } = playFull(...CUSTOMER_ON_8808, { kind: 'generateDigits', extension: '8808', call: 'C1', digits: '1234#' });
    assert.deepEqual(events.at(-1), { name: 'DigitsGenerated', callId: 'C1', deviceId: '8808', digits: '1234#', devices: [] });
  });
});

describe('model call control: the ACD still holds', () => {
  it('makes an agent busy only once the dialled far end answers, and puts them in after-call work after', () => {
    const dialled = playFull(login('5501', '8808'), ready('5501', '8808'), dial('8808', FAR.rings));
    assert.equal(dialled.state.agents.get('5501')?.status.kind, 'ready');
    const done = playFrom(dialled.state, { kind: 'farEndAnswers', call: 'C1' }, leave('C1', FAR.rings));
    assert.deepEqual(done.seen, ['Established(C1)@8808', 'AgentBusy@8808', 'ConnectionCleared(C1)@8808', 'CallCleared(C1)@8808', 'AgentWorkingAfterCall@8808']);
  });

  it('keeps an agent busy across a consult: after-call work only when the last call ends', () => {
    const { state } = playFull(login('5501', '8808'), ...CUSTOMER_ON_8808, consult('8808', 'C1', FAR.answers), leave('C2', FAR.answers));
    assert.equal(state.agents.get('5501')?.status.kind, 'busy', 'the held customer call is still at 8808');
    const ended = playFrom(state, leave('C1', 'caller'));
    assert.deepEqual(ended.seen.slice(-1), ['AgentWorkingAfterCall@8808']);
  });

  it('does not offer a queue call to a member that holds a call', () => {
    const { state, seen } = playFull(...CUSTOMER_ON_8808, hold('8808'), { kind: 'customerCall', from: '+15550002', to: { queue: 'sales' } });
    assert.deepEqual(seen.slice(-1), ['Delivered(C2)@8809']);
    assert.deepEqual(connections(state, 'C2'), ['+15550002:connected', '8809:alerting']);
  });

  it('offers a waiting queue call to an extension freed by a transfer', () => {
    const busy = playFull(...CUSTOMER_ON_8808, customerTo('8809', {}, '+15550003'), answer('8809'), {
      kind: 'customerCall',
      from: '+15550002',
      to: { queue: 'sales' },
    });
    assert.equal(busy.state.calls.get('C3')?.phase, 'queued');
    const { seen } = playFrom(busy.state, blindTransfer('8808', 'C1', '8810'));
    assert.deepEqual(seen.slice(-2), ['Delivered(C1)@8810', 'Delivered(C3)@8808']);
  });
});
