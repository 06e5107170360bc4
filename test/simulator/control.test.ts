import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock } from '../../simulator/clock.ts';
import { ControlError } from '../../simulator/control/control-error.ts';
import { createControl } from '../../simulator/control/control.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';

function setup() {
  const clock = createManualClock(500);
  const published: ModelEvent[] = [];
  const control = createControl({ clock, logger: pino({ level: 'silent' }), publish: (e) => published.push(e) });
  control.provision({
    extensions: ['8808', '8809', '8810'],
    queues: [{ id: 'sales', dialledNumber: '4000', members: ['8808'] }],
    agents: [{ id: '5501', password: 'pw' }],
  });
  return { clock, control, published };
}

describe('control API', () => {
  it('returns call ids and publishes the events to the server in model order', () => {
    const { control, published } = setup();
    assert.equal(control.customerCall({ from: '+1', to: { queue: 'sales' } }), 'C1');
    assert.equal(control.internalCall({ from: '8809', to: '8810' }), 'C2');
    assert.deepEqual(
      published.map((e) => e.name),
      ['Delivered', 'Delivered'],
    );
  });

  it('throws a ControlError with the model code and a clear message when the switch refuses', () => {
    const { control } = setup();
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    assert.throws(
      () => control.internalCall({ from: '8809', to: '8808' }),
      (error: unknown) =>
        error instanceof ControlError &&
        error.code === 'extensionBusy' &&
        /^internalCall refused \(extensionBusy: .*\): to 8808 already has call C1/.test(error.message),
    );
    assert.throws(() => control.answerAtPhone({ extension: '8809' }), { name: 'ControlError', code: 'nothingRinging' });
    assert.throws(() => control.hangUp({ call: 'C7', party: 'caller' }), { code: 'unknownCall' });
    assert.throws(() => control.agentAtPhone({ agent: '5501', extension: '8808', action: 'ready' }), { code: 'agentNotLoggedIn' });
    assert.throws(() => control.provision({ extensions: ['8808'] }), { code: 'invalidProvisioning' });
  });

  it('provisions call waiting: a second call alerts beside the connected one, and the truth shows both calls (decision 0061)', () => {
    const { control } = setup();
    control.provision({ callWaiting: ['8808'] });
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    control.answerAtPhone({ extension: '8808' });
    assert.equal(control.internalCall({ from: '8809', to: '8808' }), 'C2');
    const truth = control.truth();
    assert.deepEqual([...truth.callWaiting], ['8808']);
    assert.deepEqual(
      [...truth.calls.values()].map((c) => `${c.id}:${c.connections.find((x) => x.device === '8808')?.state}`),
      ['C1:connected', 'C2:alerting'],
    );
    assert.throws(() => control.internalCall({ from: '8810', to: '8808' }), { code: 'extensionBusy' });
  });

  it('tells listeners every event with the clock time, until they unsubscribe', () => {
    const { clock, control } = setup();
    const heard: string[] = [];
    const stop = control.onModelEvent((event, at) => heard.push(`${event.name}@${at}`));
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    clock.advance(250);
    control.answerAtPhone({ extension: '8808' });
    stop();
    control.hangUp({ call: 'C1', party: 'caller' });
    assert.deepEqual(heard, ['Delivered@500', 'Established@750']);
  });

  it('exposes the current model state as truth, which later inputs never change', () => {
    const { control } = setup();
    const before = control.truth();
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    assert.equal(before.calls.size, 0);
    assert.equal(control.truth().calls.get('C1')?.phase, 'alerting');
  });

  it('keeps model order when a listener acts on the switch itself', () => {
    const { control, published } = setup();
    const heard: string[] = [];
    control.onModelEvent((event) => {
      heard.push(event.name);
      if (event.name === 'Delivered') control.answerAtPhone({ extension: '8808' });
    });
    control.onModelEvent((event) => heard.push(`second:${event.name}`));
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    assert.deepEqual(heard, ['Delivered', 'second:Delivered', 'Established', 'second:Established']);
    assert.deepEqual(
      published.map((e) => e.name),
      ['Delivered', 'Established'],
    );
  });

  it('survives a throwing listener: the others and the server still hear the event', () => {
    const { control, published } = setup();
    const heard: string[] = [];
    control.onModelEvent(() => {
      throw new Error('listener bug');
    });
    control.onModelEvent((event) => heard.push(event.name));
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    assert.deepEqual(heard, ['Delivered']);
    assert.equal(published.length, 1);
  });

  it('applies any model input through apply', () => {
    const { control } = setup();
    const applied = control.apply({ kind: 'customerCall', from: '+1', to: { extension: '8809' } });
    assert.equal(applied.callId, 'C1');
    assert.equal(applied.events.length, 1);
  });
});
