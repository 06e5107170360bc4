/**
 * The property run's coverage (src/properties/coverage.ts): each request counted under its
 * activity, the desktop's and extension's state before it and the fault last armed there, read from
 * the model, so the same seed reaches the same combinations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import { ACTIVITY_NAMES, type TelephonyMode } from '../../src/contract/index.ts';
import { FaultCommand } from '../../src/properties/commands.ts';
import { cellKey, coverageCell, coverageOf, coverageSpace, STATES_BEFORE, stateBefore } from '../../src/properties/coverage.ts';
import { initialModel, inMode, stepSwitch, type PropertyModel } from '../../src/properties/model.ts';
import { runProperties } from '../../src/properties/run.ts';
import type { RequestSpec } from '../../src/properties/specs.ts';

const hold: RequestSpec = { kind: 'request', extension: '8808', activity: 'HoldCall', call: 'blank' };

function callIdAt(model: PropertyModel, n: number): string {
  const id = model.calls[n - 1];
  assert.ok(id !== undefined, `call #${n} was born`);
  return id;
}

describe('the state before a request', () => {
  it('reads the desktop, then the calls at its extension', () => {
    const model = initialModel('full');
    assert.equal(stateBefore(model, hold), 'idle');
    stepSwitch(model, { kind: 'customerCall', from: '16175551212', to: { extension: '8808' } });
    assert.equal(stateBefore(model, hold), 'ringing');
    stepSwitch(model, { kind: 'answerAtPhone', extension: '8808', call: callIdAt(model, 1) });
    assert.equal(stateBefore(model, hold), 'talking');
    stepSwitch(model, { kind: 'holdCall', extension: '8808' });
    assert.equal(stateBefore(model, hold), 'held');
    stepSwitch(model, { kind: 'internalCall', from: '8809', to: '8808' });
    assert.equal(stateBefore(model, hold), 'consulting', 'one held call beside a ringing one');
    model.desktops['8808'] = { open: true, subscribed: false };
    assert.equal(stateBefore(model, hold), 'unsubscribed');
    model.desktops['8808'] = { open: false, subscribed: false };
    assert.equal(stateBefore(model, hold), 'closed');
  });

  it('reaches call waiting: the world gives 8808 a second call appearance (decision 0061)', () => {
    const model = initialModel('simple');
    stepSwitch(model, { kind: 'customerCall', from: '16175551212', to: { extension: '8808' } });
    stepSwitch(model, { kind: 'answerAtPhone', extension: '8808', call: callIdAt(model, 1) });
    const second = stepSwitch(model, { kind: 'customerCall', from: '16175550100', to: { extension: '8808' } });
    assert.ok(second.ok, 'a second call rings at 8808 while it talks');
    assert.equal(stateBefore(model, hold), 'waiting');
  });

  it('counts a request under the fault last armed on its extension', async () => {
    const model = initialModel('full');
    assert.equal(cellKey(coverageCell(model, hold)), 'HoldCall/idle/none');
    const system = { ran: [], fault: () => undefined } as unknown as Parameters<FaultCommand['run']>[1];
    await new FaultCommand({ kind: 'fault', fault: 'delay', extension: '8809' }).run(model, system);
    assert.equal(cellKey(coverageCell(model, hold)), 'HoldCall/idle/none', 'a fault on the other extension');
    await new FaultCommand({ kind: 'fault', fault: 'closeLink', extension: '8808' }).run(model, system);
    assert.equal(cellKey(coverageCell(model, hold)), 'HoldCall/idle/closeLink');
  });
});

describe('coverage against the space', () => {
  it('the space in Full telephony is every activity × state × (no fault or an injected one); reached and never reached split it', () => {
    const coverage = coverageOf(
      new Map([
        ['HoldCall/talking/none', 3],
        ['AnswerCall/ringing/delay', 1],
      ]),
      'full',
      ['delay', 'closeLink'],
    );
    assert.equal(coverage.space, ACTIVITY_NAMES.length * STATES_BEFORE.length * 3);
    assert.equal(coverage.reached, 2);
    assert.deepEqual(coverage.counts, { 'AnswerCall/ringing/delay': 1, 'HoldCall/talking/none': 3 });
    assert.equal(coverage.unreached.length, coverage.space - 2);
    assert.ok(!coverage.unreached.includes('HoldCall/talking/none'));
    assert.ok(coverage.unreached.includes('HoldCall/talking/closeLink'));
  });

  it('below Full an activity the mode refuses is one cell, whatever the state and fault: the space is counted per mode', () => {
    const faults = ['duplicate', 'delay', 'closeLink'] as const;
    const performed = (mode: TelephonyMode): number => ACTIVITY_NAMES.filter((a) => inMode(mode, a)).length;
    const size = (mode: TelephonyMode): number => performed(mode) * STATES_BEFORE.length * 4 + (ACTIVITY_NAMES.length - performed(mode));
    assert.equal(coverageSpace('full', faults).length, ACTIVITY_NAMES.length * STATES_BEFORE.length * 4);
    for (const mode of ['simple', 'agent-state'] as const) {
      const space = coverageSpace(mode, faults);
      assert.equal(space.length, size(mode), mode);
      assert.ok(space.length < ACTIVITY_NAMES.length * STATES_BEFORE.length * 4, `${mode}: smaller than the product`);
      assert.ok(space.includes('AnswerCall/any/any') && !space.includes('AnswerCall/talking/none'), `${mode}: AnswerCall is refused`);
      assert.ok(space.includes('SubscribeForEvents/talking/closeLink'), `${mode}: SubscribeForEvents is performed`);
    }
    assert.equal(coverageSpace('simple', faults).includes('SetAgentReady/any/any'), true);
    assert.equal(coverageSpace('agent-state', faults).includes('SetAgentReady/idle/none'), true);
    // A refused request is counted under its one cell, from any state.
    const model = initialModel('simple');
    stepSwitch(model, { kind: 'customerCall', from: '16175551212', to: { extension: '8808' } });
    assert.equal(cellKey(coverageCell(model, hold)), 'HoldCall/any/any');
    const coverage = coverageOf(new Map([['HoldCall/any/any', 2]]), 'simple', faults);
    assert.equal(coverage.reached, 1);
    assert.equal(coverage.reached + coverage.unreached.length, coverage.space);
  });

  it('a property run reports its coverage, the same for the same seed', async () => {
    const run = () =>
      runProperties({
        mode: 'agent-state',
        factory: createAdapter,
        driverKind: 'reference',
        logger: pino({ level: 'silent' }),
        seed: 7,
        runs: 15,
        timeBudgetMs: 120_000,
        maxCommands: 15,
        deadlineMs: 500,
        quietMs: 50,
      });
    const first = await run();
    const second = await run();
    assert.equal(first.outcome.kind, 'passed');
    assert.ok(first.coverage.reached > 0, 'some combinations reached');
    assert.equal(first.coverage.reached + first.coverage.unreached.length, first.coverage.space);
    assert.deepEqual(second.coverage, first.coverage);
  });
});
