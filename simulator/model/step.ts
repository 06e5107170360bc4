/**
 * The switch as a pure function: `(state, input, now) -> state' + events`, or a typed refusal.
 * No I/O, timers, randomness or logging; the state is never mutated. Timed changes are deadlines
 * in the state: `nextDeadline(state)` says when to step `{ kind: 'tick' }` (see deadlines.ts).
 */
import { configureAcd } from './acd.ts';
import { agentAtPhone, agentLogin, agentLogout, setAgentState, supervisor } from './agents.ts';
import { answerAtPhone, answerCall, farEndAnswers } from './answer.ts';
import { consultationCall, generateDigits, holdCall, makeCall, retrieveCall } from './call-control.ts';
import { conferenceCall, singleStepTransfer, transferCall } from './transfer.ts';
import { tick } from './deadlines.ts';
import { configureDialPlan } from './dial-plan.ts';
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
    case 'answerCall':
      return answerCall(state, input, now);
    case 'hangUp':
      return hangUp(state, input, now);
    case 'makeCall':
      return makeCall(state, input, now);
    case 'holdCall':
      return holdCall(state, input, now);
    case 'retrieveCall':
      return retrieveCall(state, input, now);
    case 'consultationCall':
      return consultationCall(state, input, now);
    case 'transferCall':
      return transferCall(state, input, now);
    case 'conferenceCall':
      return conferenceCall(state, input, now);
    case 'singleStepTransfer':
      return singleStepTransfer(state, input, now);
    case 'generateDigits':
      return generateDigits(state, input, now);
    case 'farEndAnswers':
      return farEndAnswers(state, input, now);
    case 'configureDialPlan':
      return configureDialPlan(state, input);
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
