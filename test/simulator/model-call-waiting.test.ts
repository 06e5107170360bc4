/** Call waiting (decision 0061): a per-extension setting; off by default, extensionBusy stays the refusal. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { snapshotDevice } from '../../simulator/model/snapshot.ts';
import { connectionOf } from '../../simulator/model/state.ts';
import { step } from '../../simulator/model/step.ts';
import type { ModelInput, ModelState } from '../../simulator/model/types.ts';
import { names, ok, play, refused } from './support/model.ts';

const WAITING: ModelInput = { kind: 'provision', callWaiting: ['8808'] };
const direct = (from: string, extension = '8808'): ModelInput => ({ kind: 'customerCall', from, to: { extension } });
const answer = (extension: string, call?: string): ModelInput => ({ kind: 'answerAtPhone', extension, ...(call === undefined ? {} : { call }) });

function statesAt(state: ModelState, extension: string): Record<string, string> {
  const snapshot = snapshotDevice(state, extension);
  assert.ok(snapshot.ok);
  return Object.fromEntries(snapshot.calls.map((c) => [c.callId, c.state]));
}

describe('model: call waiting', () => {
  it('is off by default: a second call to a talking extension is refused extensionBusy', () => {
    const { state } = play(direct('+1001'), answer('8808'));
    assert.equal(refused(state, direct('+1002')).code, 'extensionBusy');
    assert.equal(state.callWaiting.size, 0);
  });

  it('alerts a second call beside the connected one, with its own call id; both show in the snapshot', () => {
    const { state, events } = play(WAITING, direct('+1001'), answer('8808'), direct('+1002'));
    assert.deepEqual(names(events), ['Delivered@8808', 'Established@8808', 'Delivered@8808']);
    const second = events[2];
    assert.ok(second?.name === 'Delivered');
    assert.equal(second.callId, 'C2');
    assert.deepEqual(statesAt(state, '8808'), { C1: 'connected', C2: 'alerting' });
  });

  it('takes a waiting internal call, a MakeCall and a consultation to the extension too', () => {
    const talking = play(WAITING, direct('+1001'), answer('8808')).state;
    assert.deepEqual(names(ok(talking, { kind: 'internalCall', from: '8809', to: '8808' }).events), ['Delivered@8809+8808']);
    assert.deepEqual(names(ok(talking, { kind: 'makeCall', from: '8809', to: '8808' }).events), ['Originated@8809', 'Delivered@8809+8808']);
  });

  it('alerts a second call beside a ringing one, and refuses a third (two call appearances)', () => {
    const { state } = play(WAITING, direct('+1001'), direct('+1002'));
    assert.deepEqual(statesAt(state, '8808'), { C1: 'alerting', C2: 'alerting' });
    const third = refused(state, direct('+1003'));
    assert.equal(third.code, 'extensionBusy');
    assert.match(third.message, /call waiting/);
  });

  it('refuses a call while the extension is dialling', () => {
    const { state } = play(WAITING, { kind: 'internalCall', from: '8808', to: '8809' });
    assert.equal(refused(state, direct('+1002')).code, 'extensionBusy');
  });

  it('held calls do not count: connected + held still takes a waiting call', () => {
    const { state } = play(WAITING, direct('+1001'), answer('8808'), { kind: 'holdCall', extension: '8808' }, direct('+1002'), answer('8808'), direct('+1003'));
    assert.deepEqual(statesAt(state, '8808'), { C1: 'held', C2: 'connected', C3: 'alerting' });
  });

  it('answering the waiting call puts the connected one on hold first (Held, then Established)', () => {
    const { state, events } = play(WAITING, direct('+1001'), answer('8808'), direct('+1002'), answer('8808'));
    assert.deepEqual(names(events).slice(3), ['Held@8808', 'Established@8808']);
    const heldEvent = events[3];
    assert.ok(heldEvent?.name === 'Held');
    assert.equal(heldEvent.callId, 'C1');
    assert.deepEqual(statesAt(state, '8808'), { C1: 'held', C2: 'connected' });
  });

  it('answer without a call name answers the oldest ringing call; named, the one named', () => {
    const both = play(WAITING, direct('+1001'), direct('+1002')).state;
    const unnamed = ok(both, answer('8808'));
    assert.deepEqual(statesAt(unnamed.state, '8808'), { C1: 'connected', C2: 'alerting' });
    const named = ok(both, { kind: 'answerCall', extension: '8808', call: 'C2' });
    assert.deepEqual(statesAt(named.state, '8808'), { C1: 'alerting', C2: 'connected' });
  });

  it('holding without a call name holds the connected call, not the waiting one', () => {
    const { state } = play(WAITING, direct('+1001'), direct('+1002'), answer('8808', 'C2'));
    const heldNow = ok(state, { kind: 'holdCall', extension: '8808' });
    assert.deepEqual(statesAt(heldNow.state, '8808'), { C1: 'alerting', C2: 'held' });
  });

  it('the first call ending leaves the waiting call ringing', () => {
    const { state, events } = play(WAITING, direct('+1001'), answer('8808'), direct('+1002'), { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(names(events).slice(3), ['ConnectionCleared@8808', 'CallCleared@8808']);
    assert.deepEqual(statesAt(state, '8808'), { C2: 'alerting' });
  });

  it('queue calls never wait: the ACD offers them only to an extension with no call', () => {
    const { state, events } = play(WAITING, { kind: 'provision', callWaiting: ['8809'] }, direct('+1001'), direct('+1002', '8809'), {
      kind: 'customerCall',
      from: '+1003',
      to: { queue: 'sales' },
    });
    assert.deepEqual(names(events), ['Delivered@8808', 'Delivered@8809']);
    assert.equal(state.calls.get('C3')?.phase, 'queued');
  });

  it('provisioning call waiting needs a provisioned extension, once', () => {
    const start = play().state;
    assert.equal(refused(start, { kind: 'provision', callWaiting: ['9999'] }).code, 'invalidProvisioning');
    const once = ok(start, WAITING).state;
    assert.equal(refused(once, WAITING).code, 'invalidProvisioning');
    assert.ok(ok(start, { kind: 'provision', extensions: ['7000'], callWaiting: ['7000'] }).state.callWaiting.has('7000'));
  });

  it('property: an extension with call waiting never has more than two calls not on hold, nor more than one connected', () => {
    const inputs = fc.oneof(
      fc.constantFrom('+1001', '+1002', '+1003').map((from) => direct(from)),
      fc.constant<ModelInput>({ kind: 'internalCall', from: '8809', to: '8808' }),
      fc.constant<ModelInput>({ kind: 'internalCall', from: '8808', to: '8810' }),
      fc.constant(answer('8808')),
      fc.constantFrom('C1', 'C2', 'C3', 'C4').map((call) => answer('8808', call)),
      fc.constant<ModelInput>({ kind: 'holdCall', extension: '8808' }),
      fc.constant<ModelInput>({ kind: 'retrieveCall', extension: '8808' }),
      fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5').map((call): ModelInput => ({ kind: 'hangUp', call, party: '8808' })),
      fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5').map((call): ModelInput => ({ kind: 'hangUp', call, party: 'caller' })),
    );
    fc.assert(
      fc.property(fc.array(inputs, { maxLength: 25 }), (sequence) => {
        let state = play(WAITING).state;
        for (const input of sequence) {
          const result = step(state, input, 0);
          if (!result.ok) continue;
          state = result.state;
          const here = [...state.calls.values()].map((c) => connectionOf(c, '8808')?.state).filter((s) => s !== undefined);
          assert.ok(here.filter((s) => s !== 'held').length <= 2, `8808 has ${here.join(', ')}`);
          assert.ok(here.filter((s) => s === 'connected').length <= 1, `8808 has ${here.join(', ')}`);
          assert.ok(!(here.includes('initiated') && here.filter((s) => s !== 'held').length > 1), `8808 has ${here.join(', ')}`);
        }
      }),
      { numRuns: 200, seed: 61 },
    );
  });
});
