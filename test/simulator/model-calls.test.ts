import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshotDevice } from '../../simulator/model/snapshot.ts';
import { emptyState } from '../../simulator/model/state.ts';
import { step } from '../../simulator/model/step.ts';
import type { ModelInput } from '../../simulator/model/types.ts';
import { BASIC, names, ok, play } from './support/model.ts';

const toSales = (from: string, callData: Record<string, string> = {}): ModelInput => ({ kind: 'customerCall', from, to: { queue: 'sales' }, callData });

describe('model: customer calls to a queue', () => {
  it('rings the first free member with the dialled number, trunk and call data', () => {
    const { events, state } = play(toSales('+441632960001', { AccountNumber: '42' }));
    assert.deepEqual(events, [
      {
        name: 'Delivered',
        callId: 'C1',
        alertingDevice: '8808',
        callingDevice: '+441632960001',
        calledDevice: '4000',
        trunkUsed: 'T1',
        callData: { AccountNumber: '42' },
        cause: 'newCall',
        devices: ['8808'],
      },
    ]);
    assert.equal(state.calls.get('C1')?.phase, 'alerting');
  });

  it('skips a member that already has a call and rings the next one', () => {
    const { events } = play({ kind: 'internalCall', from: '8808', to: '8810' }, toSales('+441632960001'));
    assert.deepEqual(names(events), ['Delivered@8808+8810', 'Delivered@8809']);
    assert.equal(events[1]?.name === 'Delivered' && events[1].callId, 'C2');
  });

  it('keeps a call waiting when every member is busy, silently, and rings it when a member frees up', () => {
    const { state, events } = play(toSales('+1001'), toSales('+1002'), toSales('+1003'));
    assert.deepEqual(names(events), ['Delivered@8808', 'Delivered@8809']);
    assert.equal(state.calls.get('C3')?.phase, 'queued');
    const freed = ok(state, { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(names(freed.events), ['ConnectionCleared@8808', 'CallCleared@8808', 'Delivered@8808']);
    const delivered = freed.events[2];
    assert.ok(delivered?.name === 'Delivered');
    assert.equal(delivered.callId, 'C3');
  });

  it('serves waiting calls first in, first out', () => {
    const { state } = play(toSales('+1001'), toSales('+1002'), toSales('+1003'), toSales('+1004'));
    const first = ok(state, { kind: 'hangUp', call: 'C2', party: 'caller' });
    assert.deepEqual(
      first.events.filter((e) => e.name === 'Delivered').map((e) => e.name === 'Delivered' && `${e.callId}@${e.alertingDevice}`),
      ['C3@8809'],
    );
    const second = ok(first.state, { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(
      second.events.filter((e) => e.name === 'Delivered').map((e) => e.name === 'Delivered' && `${e.callId}@${e.alertingDevice}`),
      ['C4@8808'],
    );
  });

  it('clears a waiting call that the caller abandons, with nobody to tell', () => {
    const { state } = play(toSales('+1001'), toSales('+1002'), toSales('+1003'));
    const gone = ok(state, { kind: 'hangUp', call: 'C3', party: 'caller' });
    assert.deepEqual(gone.events, [
      { name: 'ConnectionCleared', callId: 'C3', releasingDevice: '+1003', cause: 'callCancelled', devices: [] },
      { name: 'CallCleared', callId: 'C3', cause: 'callCancelled', devices: [] },
    ]);
    assert.equal(gone.state.calls.has('C3'), false);
  });
});

describe('model: answering and hanging up', () => {
  it('answers the call ringing at the extension: Established to the answering device', () => {
    const { events, state } = play(toSales('+1001', { k: 'v' }), { kind: 'answerAtPhone', extension: '8808' });
    assert.deepEqual(events[1], {
      name: 'Established',
      callId: 'C1',
      answeringDevice: '8808',
      callingDevice: '+1001',
      calledDevice: '4000',
      trunkUsed: 'T1',
      callData: { k: 'v' },
      cause: 'normal',
      devices: ['8808'],
    });
    assert.equal(state.calls.get('C1')?.phase, 'connected');
  });

  it('answers a named call', () => {
    const { events } = play(toSales('+1001'), { kind: 'answerAtPhone', extension: '8808', call: 'C1' });
    assert.deepEqual(names(events), ['Delivered@8808', 'Established@8808']);
  });

  it('clears an abandoned call (caller hangs up while it rings) with cause callCancelled', () => {
    const { events, state } = play({ kind: 'customerCall', from: '+1001', to: { extension: '8810' } }, { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(events.slice(1), [
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '+1001', cause: 'callCancelled', devices: ['8810'] },
      { name: 'CallCleared', callId: 'C1', cause: 'callCancelled', devices: ['8810'] },
    ]);
    assert.equal(state.calls.size, 0);
  });

  it('after answer, the caller hanging up clears the connection then the call, cause normal', () => {
    const { events } = play(toSales('+1001'), { kind: 'answerAtPhone', extension: '8808' }, { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(events.slice(2), [
      { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '+1001', cause: 'normal', devices: ['8808'] },
      { name: 'CallCleared', callId: 'C1', cause: 'normal', devices: ['8808'] },
    ]);
  });

  it('after answer, the agent hanging up clears the agent connection then the call', () => {
    const { events, state } = play(toSales('+1001'), { kind: 'answerAtPhone', extension: '8808' }, { kind: 'hangUp', call: 'C1', party: '8808' });
    assert.deepEqual(names(events.slice(2)), ['ConnectionCleared@8808', 'CallCleared@8808']);
    assert.equal(events[2]?.name === 'ConnectionCleared' && events[2].releasingDevice, '8808');
    assert.equal(state.calls.size, 0);
  });

  it('accepts the external number itself as the caller party', () => {
    const { events } = play(toSales('+1001'), { kind: 'hangUp', call: 'C1', party: '+1001' });
    assert.equal(events[1]?.name === 'ConnectionCleared' && events[1].cause, 'callCancelled');
  });

  it('treats a ringing extension hanging up as a rejection that clears the call normally', () => {
    const { events } = play({ kind: 'customerCall', from: '+1001', to: { extension: '8810' } }, { kind: 'hangUp', call: 'C1', party: '8810' });
    assert.deepEqual(
      events.slice(1).map((e) => `${e.name}:${'cause' in e ? e.cause : ''}`),
      ['ConnectionCleared:normal', 'CallCleared:normal'],
    );
  });

  it('calls an extension directly: calledDevice is the extension', () => {
    const { events } = play({ kind: 'customerCall', from: '+1001', to: { extension: '8810' } });
    assert.equal(events[0]?.name === 'Delivered' && events[0].calledDevice, '8810');
  });
});

describe('model: internal calls', () => {
  it('rings the called extension and tells both ends; the caller is initiated until the answer', () => {
    const { events, state } = play({ kind: 'internalCall', from: '8808', to: '8810' });
    assert.deepEqual(events, [
      {
        name: 'Delivered',
        callId: 'C1',
        alertingDevice: '8810',
        callingDevice: '8808',
        calledDevice: '8810',
        callData: {},
        cause: 'newCall',
        devices: ['8808', '8810'],
      },
    ]);
    assert.deepEqual(state.calls.get('C1')?.connections, [
      { device: '8808', state: 'initiated' },
      { device: '8810', state: 'alerting' },
    ]);
  });

  it('connects both ends on answer and clears for both when either hangs up', () => {
    const { events, state } = play({ kind: 'internalCall', from: '8808', to: '8810' }, { kind: 'answerAtPhone', extension: '8810' });
    assert.deepEqual(state.calls.get('C1')?.connections, [
      { device: '8808', state: 'connected' },
      { device: '8810', state: 'connected' },
    ]);
    assert.deepEqual(names(events), ['Delivered@8808+8810', 'Established@8808+8810']);
    const after = ok(state, { kind: 'hangUp', call: 'C1', party: 'caller' });
    assert.deepEqual(names(after.events), ['ConnectionCleared@8808+8810', 'CallCleared@8808+8810']);
    assert.equal(after.events[0]?.name === 'ConnectionCleared' && after.events[0].releasingDevice, '8808');
  });

  it('hands a freed queue member the waiting call right after the call clears', () => {
    const { events } = play({ kind: 'internalCall', from: '8808', to: '8809' }, toSales('+1001'), { kind: 'hangUp', call: 'C1', party: '8809' });
    assert.deepEqual(names(events), ['Delivered@8808+8809', 'ConnectionCleared@8808+8809', 'CallCleared@8808+8809', 'Delivered@8808']);
  });
});

describe('model: snapshot and purity', () => {
  it('snapshots the calls a device has, with its connection state', () => {
    const { state } = play(
      { kind: 'customerCall', from: '+1001', to: { extension: '8810' }, callData: { a: 'b' } },
      { kind: 'internalCall', from: '8808', to: '8809' },
    );
    assert.deepEqual(snapshotDevice(state, '8810'), {
      ok: true,
      deviceId: '8810',
      calls: [{ callId: 'C1', state: 'alerting', callingDevice: '+1001', calledDevice: '8810', trunkUsed: 'T1', callData: { a: 'b' } }],
    });
    assert.deepEqual(snapshotDevice(state, '8808'), {
      ok: true,
      deviceId: '8808',
      calls: [{ callId: 'C2', state: 'initiated', callingDevice: '8808', calledDevice: '8809', callData: {} }],
    });
  });

  it('snapshots an idle device as no calls and refuses an unknown device', () => {
    const { state } = play();
    assert.deepEqual(snapshotDevice(state, '8810'), { ok: true, deviceId: '8810', calls: [] });
    const unknown = snapshotDevice(state, '9999');
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.error.code, 'unknownExtension');
  });

  it('never changes the state it was given', () => {
    const provisioned = ok(emptyState(), BASIC).state;
    const before = JSON.stringify([...provisioned.calls]);
    const rung = ok(provisioned, toSales('+1001'));
    assert.equal(JSON.stringify([...provisioned.calls]), before);
    assert.equal(provisioned.callCounter, 0);
    assert.equal(rung.state.callCounter, 1);
  });

  it('gives the same ids and events for the same inputs (deterministic)', () => {
    const inputs: ModelInput[] = [
      toSales('+1001'),
      toSales('+1002'),
      { kind: 'answerAtPhone', extension: '8809' },
      { kind: 'hangUp', call: 'C2', party: 'caller' },
    ];
    assert.deepEqual(play(...inputs).events, play(...inputs).events);
  });

  it('records the clock time a call started', () => {
    const provisioned = ok(emptyState(), BASIC).state;
    const result = step(provisioned, toSales('+1001'), 1234);
    assert.ok(result.ok);
    assert.equal(result.state.calls.get('C1')?.startedAt, 1234);
    assert.equal(result.callId, 'C1');
  });
});
