/**
 * The switch as a pure function: `(state, input, now) -> state' + events`, or a typed refusal.
 * No I/O, timers, randomness or logging; the state is never mutated.
 */
import { agentAtPhone } from './agents.ts';
import { answerAtPhone } from './answer.ts';
import { hangUp } from './hang-up.ts';
import { customerCall, internalCall } from './place-call.ts';
import { provision } from './provision.ts';
import type { ModelInput, ModelState, StepResult } from './types.ts';

export function step(state: ModelState, input: ModelInput, now: number): StepResult {
  switch (input.kind) {
    case 'provision':
      return provision(state, input, now);
    case 'customerCall':
      return customerCall(state, input, now);
    case 'internalCall':
      return internalCall(state, input, now);
    case 'answerAtPhone':
      return answerAtPhone(state, input);
    case 'hangUp':
      return hangUp(state, input);
    case 'agentAtPhone':
      return agentAtPhone(state, input, now);
  }
}
