/** A switch for the call-control tests: extensions, a queue, two agents and a dial plan with one far end per behaviour. */
import assert from 'node:assert/strict';
import type { ModelError } from '../../../simulator/model/errors.ts';
import { emptyState } from '../../../simulator/model/state.ts';
import { step } from '../../../simulator/model/step.ts';
import type { Applied, ModelEvent, ModelInput, ModelState } from '../../../simulator/model/types.ts';
import { ok } from './model.ts';

/** Outside numbers of the dial plan, named by what their far end does. */
export const FAR = {
  answers: '+442071000001',
  answersLater: '+442071000002',
  busy: '+442071000003',
  noAnswer: '+442071000004',
  invalid: '+442071000005',
  rings: '+442071000006',
} as const;
export const CUSTOMER = '+441632960001';

/** 8808 and 8809 are members of sales (4000); 8810 and 8811 are plain extensions; agents 5501 and 5502 are provisioned, logged out. */
export const FULL: ModelInput = {
  kind: 'provision',
  extensions: ['8808', '8809', '8810', '8811'],
  queues: [{ id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] }],
  agents: [
    { id: '5501', password: 'pw-5501' },
    { id: '5502', password: 'pw-5502' },
  ],
  dialPlan: {
    outside: [
      { number: FAR.answers, behaviour: 'answer' },
      { number: FAR.answersLater, behaviour: 'answer', answerAfterMs: 2000, hangUpAfterMs: 10_000 },
      { number: FAR.busy, behaviour: 'busy' },
      { number: FAR.noAnswer, behaviour: 'noAnswer', noAnswerAfterMs: 20_000 },
      { number: FAR.invalid, behaviour: 'invalidNumber' },
      { number: FAR.rings, behaviour: 'ring' },
    ],
    barredPrefixes: ['+1900'],
  },
};

export interface Timed {
  readonly input: ModelInput;
  readonly at: number;
}

export interface Played {
  readonly state: ModelState;
  readonly events: readonly ModelEvent[];
  /** Compact: "Name(callId)@devices". */
  readonly seen: string[];
  /** The call id the last input named in its result, if any. */
  readonly callId: string | undefined;
}

export function fullSwitch(): ModelState {
  return ok(emptyState(), FULL).state;
}

/** Plays inputs (at their clock times, default 0) from a state. */
export function playFrom(start: ModelState, ...inputs: (ModelInput | Timed)[]): Played {
  let state = start;
  const events: ModelEvent[] = [];
  let callId: string | undefined;
  for (const item of inputs) {
    const { input, at } = 'kind' in item ? { input: item, at: 0 } : item;
    const applied: Applied = ok(state, input, at);
    state = applied.state;
    events.push(...applied.events);
    callId = applied.callId;
  }
  return { state, events, seen: seen(events), callId };
}

export function playFull(...inputs: (ModelInput | Timed)[]): Played {
  return playFrom(fullSwitch(), ...inputs);
}

export function seen(events: readonly ModelEvent[]): string[] {
  return events.map((e) => `${e.name}${'callId' in e ? `(${e.callId})` : ''}@${e.devices.join('+')}`);
}

/** The cause of each call event, compact: "Name:cause". */
export function causes(events: readonly ModelEvent[]): string[] {
  return events.filter((e) => 'cause' in e).map((e) => `${e.name}:${'cause' in e ? e.cause : ''}`);
}

export function refusedAt(state: ModelState, input: ModelInput): ModelError {
  const result = step(state, input, 0);
  if (result.ok) assert.fail(`expected ${input.kind} to be refused, but it was applied with events ${JSON.stringify(result.events)}`);
  return result.error;
}

/** The connections of a call as "device:state". */
export function connections(state: ModelState, call: string): string[] {
  return (state.calls.get(call)?.connections ?? []).map((c) => `${c.device}:${c.state}`);
}

// Inputs in domain words.
export const customerTo = (extension: string, callData: Record<string, string> = {}, from: string = CUSTOMER): ModelInput => ({
  kind: 'customerCall',
  from,
  to: { extension },
  callData,
});
export const answer = (extension: string, call?: string): ModelInput => ({ kind: 'answerAtPhone', extension, ...(call === undefined ? {} : { call }) });
export const dial = (from: string, to: string, callData?: Record<string, string>): ModelInput => ({
  kind: 'makeCall',
  from,
  to,
  ...(callData === undefined ? {} : { callData }),
});
export const hold = (extension: string, call?: string): ModelInput => ({ kind: 'holdCall', extension, ...(call === undefined ? {} : { call }) });
export const retrieve = (extension: string, call?: string): ModelInput => ({ kind: 'retrieveCall', extension, ...(call === undefined ? {} : { call }) });
export const consult = (extension: string, call: string, to: string, callData?: Record<string, string>): ModelInput => ({
  kind: 'consultationCall',
  extension,
  call,
  to,
  ...(callData === undefined ? {} : { callData }),
});
export const transfer = (extension: string, heldCall: string, activeCall: string): ModelInput => ({ kind: 'transferCall', extension, heldCall, activeCall });
export const conference = (extension: string, heldCall: string, activeCall: string): ModelInput => ({
  kind: 'conferenceCall',
  extension,
  heldCall,
  activeCall,
});
export const blindTransfer = (extension: string, call: string, to: string, callData?: Record<string, string>): ModelInput => ({
  kind: 'singleStepTransfer',
  extension,
  call,
  to,
  ...(callData === undefined ? {} : { callData }),
});
export const leave = (call: string, party: string): ModelInput => ({ kind: 'hangUp', call, party });
export const tick: ModelInput = { kind: 'tick' };
export const login = (agent: string, extension: string): ModelInput => ({ kind: 'agentAtPhone', agent, extension, action: 'login' });
export const ready = (agent: string, extension: string): ModelInput => ({ kind: 'agentAtPhone', agent, extension, action: 'ready' });

/** A customer on C1 talking to 8808. */
export const CUSTOMER_ON_8808: readonly ModelInput[] = [customerTo('8808', { Intent: 'billing' }), answer('8808')];
