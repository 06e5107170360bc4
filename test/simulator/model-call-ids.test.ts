/** Call ids (decision 0150): C1, C2, … never reused by default; within a call id space, reused once their call has ended. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelInput, ModelState } from '../../simulator/model/types.ts';
import { ok, play, refused } from './support/model.ts';

const direct = (from: string, extension: string): ModelInput => ({ kind: 'customerCall', from, to: { extension } });
const hangUp = (call: string): ModelInput => ({ kind: 'hangUp', call, party: 'caller' });
const ids = (state: ModelState): string[] => [...state.calls.values()].map((c) => c.id);

describe('model: call ids', () => {
  it('are never reused by default', () => {
    const { state } = play(direct('+1001', '8808'), hangUp('C1'), direct('+1002', '8808'));
    assert.deepEqual(ids(state), ['C2']);
  });

  it('within a call id space, come round again once their call has ended', () => {
    const { state } = play({ kind: 'provision', callIdSpace: 2 }, direct('+1001', '8808'), direct('+1002', '8809'), hangUp('C1'), direct('+1003', '8810'));
    assert.deepEqual(ids(state).sort(), ['C1', 'C2']);
    assert.equal(state.calls.get('C1')?.callingDevice, '+1003');
  });

  it('skip an id whose call is still live, and go beyond the space only while every id in it is in use', () => {
    const one = play({ kind: 'provision', callIdSpace: 1 }, direct('+1001', '8808'), direct('+1002', '8809')).state;
    assert.deepEqual(ids(one), ['C1', 'C3']);
    const two = play({ kind: 'provision', callIdSpace: 2 }, direct('+1001', '8808'), direct('+1002', '8809'), hangUp('C2'), direct('+1003', '8810')).state;
    // The third call's turn is C1, still live: it takes C2, free again.
    assert.deepEqual(ids(two).sort(), ['C1', 'C2']);
    assert.equal(two.calls.get('C2')?.callingDevice, '+1003');
  });

  it('refuse a space that is not a whole number from 1 to 1000000', () => {
    const state = ok(play().state, { kind: 'provision' }).state;
    for (const callIdSpace of [0, 1.5, 1_000_001, -3]) {
      const error = refused(state, { kind: 'provision', callIdSpace });
      assert.equal(error.code, 'invalidProvisioning');
      assert.match(error.message, /callIdSpace: expected a whole number of call ids from 1 to 1000000/);
    }
  });
});
