/** Drives the pure model in tests: apply inputs that must succeed, or one that must be refused. */
import assert from 'node:assert/strict';
import type { ModelError } from '../../../simulator/model/errors.ts';
import { emptyState } from '../../../simulator/model/state.ts';
import { step } from '../../../simulator/model/step.ts';
import type { Applied, ModelInput, ModelState } from '../../../simulator/model/types.ts';

export const BASIC: ModelInput = {
  kind: 'provision',
  extensions: ['8808', '8809', '8810'],
  queues: [{ id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] }],
  agents: [
    { id: '5501', password: 'pw-5501' },
    { id: '5502', password: 'pw-5502' },
  ],
};

export function ok(state: ModelState, input: ModelInput, now = 0): Applied {
  const result = step(state, input, now);
  if (!result.ok) assert.fail(`expected ${input.kind} to be applied, but it was refused: ${result.error.code}: ${result.error.message}`);
  return result;
}

export function refused(state: ModelState, input: ModelInput): ModelError {
  const result = step(state, input, 0);
  if (result.ok) assert.fail(`expected ${input.kind} to be refused, but it was applied with events ${JSON.stringify(result.events)}`);
  return result.error;
}

/** Applies inputs in order from a freshly provisioned switch; returns the final state and every event. */
export function play(...inputs: ModelInput[]): { state: ModelState; events: Applied['events'] } {
  let state = ok(emptyState(), BASIC).state;
  const events: Applied['events'][number][] = [];
  for (const input of inputs) {
    const applied = ok(state, input);
    state = applied.state;
    events.push(...applied.events);
  }
  return { state, events };
}

/** Event names with their audience, compact for assertions: "Delivered@8808". */
export function names(events: Applied['events']): string[] {
  return events.map((e) => `${e.name}@${e.devices.join('+')}`);
}
