import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock } from '../../simulator/clock.ts';
import { createControl } from '../../simulator/control/control.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';

function setup() {
  const clock = createManualClock(1000);
  const published: ModelEvent[] = [];
  const control = createControl({ clock, logger: pino({ level: 'silent' }), publish: (e) => published.push(e) });
  control.provision({
    extensions: ['8808', '8809', '8810'],
    dialPlan: {
      outside: [
        { number: '+4420', behaviour: 'answer', answerAfterMs: 500, hangUpAfterMs: 3000 },
        { number: '+4421', behaviour: 'ring' },
      ],
      barredPrefixes: ['+1900'],
    },
  });
  const seen = (): string[] => published.map((e) => `${e.name}${'callId' in e ? `(${e.callId})` : ''}`);
  return { clock, control, published, seen };
}

describe('control API: call control', () => {
  it('returns the call ids of the calls that are made and the calls that go on', () => {
    const { control } = setup();
    const customer = control.customerCall({ from: '+1', to: { extension: '8808' } });
    control.answerAtPhone({ extension: '8808' });
    const consult = control.consultationCall({ extension: '8808', call: customer, to: '8809' });
    assert.equal(consult, 'C2');
    control.answerAtPhone({ extension: '8809', call: consult });
    assert.equal(control.conferenceCall({ extension: '8808', heldCall: customer, activeCall: consult }), customer);
    assert.equal(control.singleStepTransfer({ extension: '8809', call: customer, to: '8810' }), customer);
    assert.equal(control.makeCall({ from: '8809', to: '+4421' }), 'C3');
  });

  it('lets far ends answer and hang up by themselves on the clock, through the deadline timer', () => {
    const { clock, control, seen } = setup();
    control.makeCall({ from: '8808', to: '+4420' });
    assert.equal(control.nextDeadline(), 1500);
    clock.advance(499);
    assert.deepEqual(seen(), ['Originated(C1)', 'Delivered(C1)']);
    clock.advance(1);
    assert.deepEqual(seen().slice(-1), ['Established(C1)']);
    clock.advance(3000);
    assert.deepEqual(seen().slice(-2), ['ConnectionCleared(C1)', 'CallCleared(C1)']);
    assert.equal(clock.pending(), 0);
  });

  it('drives the far end and the phone: farEndAnswers, holdAtPhone, retrieveAtPhone, hangUp of an outside number', () => {
    const { control, seen } = setup();
    const call = control.makeCall({ from: '8808', to: '+4421' });
    control.farEndAnswers({ call });
    control.holdAtPhone({ extension: '8808' });
    control.retrieveAtPhone({ extension: '8808', call });
    control.generateDigits({ extension: '8808', call, digits: '9' });
    control.hangUp({ call, party: '+4421' });
    assert.deepEqual(seen(), [
      'Originated(C1)',
      'Delivered(C1)',
      'Established(C1)',
      'Held(C1)',
      'Retrieved(C1)',
      'DigitsGenerated(C1)',
      'ConnectionCleared(C1)',
      'CallCleared(C1)',
    ]);
  });

  it('changes the dial plan from now on', () => {
    const { control } = setup();
    assert.throws(() => control.makeCall({ from: '8808', to: '+33100' }), { name: 'ControlError', code: 'unknownNumber' });
    control.configureDialPlan({ unlisted: { behaviour: 'busy' }, barredPrefixes: [] });
    control.makeCall({ from: '8808', to: '+33100' });
    control.makeCall({ from: '8808', to: '+19005550100' });
    assert.equal(control.truth().dialPlan.outside.get('+4420')?.behaviour, 'answer', 'listed numbers stay');
    control.configureDialPlan({ outside: [{ number: '+4420', behaviour: 'busy' }] });
    assert.deepEqual(control.truth().dialPlan.outside.get('+4420'), { behaviour: 'busy' });
  });

  it('throws a ControlError with the model code when the switch refuses', () => {
    const { control } = setup();
    assert.throws(
      () => control.makeCall({ from: '8808', to: '+19005550100' }),
      (e: unknown) => e instanceof Error && /^makeCall refused \(barredNumber: .*\): to: \+19005550100 is barred/.test(e.message),
    );
    assert.throws(() => control.holdAtPhone({ extension: '8808' }), { code: 'notConnected' });
    assert.throws(() => control.retrieveAtPhone({ extension: '8808' }), { code: 'notHeld' });
    assert.throws(() => control.farEndAnswers({ call: 'C1' }), { code: 'unknownCall' });
    assert.throws(() => control.configureDialPlan({ outside: [{ number: '8808', behaviour: 'ring' }] }), { code: 'invalidProvisioning' });
  });
});
