/**
 * The switch as a pure function: `(state, input, now) -> state' + events`, or a typed refusal.
 * No I/O, timers, randomness or logging; the state is never mutated. Timed changes are deadlines
 * in the state: `nextDeadline(state)` says when to step `{ kind: 'tick' }` (see deadlines.ts).
 */
import { configureAcd } from './acd.ts';
import { agentAtPhone, agentLogin, agentLogout, setAgentState, supervisor } from './agents.ts';
import { answerAtPhone } from './answer.ts';
import { tick } from './deadlines.ts';
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
      return answerAtPhone(state, input, now);
    case 'hangUp':
      return hangUp(state, input, now);
    case 'agentAtPhone':
      return agentAtPhone(state, input, now);
    case 'agentLogin':
      return agentLogin(state, input, now);
    case 'agentLogout':
      return agentLogout(state, input, now);
    case 'setAgentState':
      return setAgentState(state, input, now);
    case 'supervisor':
      return supervisor(state, input, now);
    case 'configureAcd':
      return configureAcd(state, input);
    case 'tick':
      return tick(state, now);
  }
}
