/** Which call an activity means when the page names none (decision 0013), with call waiting's two calls at one extension (decision 0061). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickCall, type Tiers } from '../../src/adapter/calls/pick.ts';
import type { SnapshotCall } from '../../src/contract/cti-wire/frames.ts';

const RINGING: Tiers = [['alerting']];
const at = (callId: string, state: SnapshotCall['state']): SnapshotCall => ({ callId, state, callingDevice: '+1001', calledDevice: '8808', callData: {} });

test('answer: a call ringing beside a connected one is the only one that fits', () => {
  assert.deepEqual(pickCall([at('C1', 'connected'), at('C2', 'alerting')], RINGING), { kind: 'found', callId: 'C2' });
});

test('answer: two calls ringing fit both: several, naming them', () => {
  assert.deepEqual(pickCall([at('C1', 'alerting'), at('C2', 'alerting')], RINGING), { kind: 'several', callState: 'ringing', candidates: ['C1', 'C2'] });
});

test('answer: connected and held calls only: none ringing', () => {
  assert.deepEqual(pickCall([at('C1', 'connected'), at('C2', 'held')], RINGING), { kind: 'none', callState: 'ringing' });
});
