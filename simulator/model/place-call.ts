/**
 * Calls arriving at the switch: a customer from the public network (to a queue or straight to
 * an extension) and an internal call between two extensions (dialled at the phone; the CTI
 * link's MakeCall is call-control.ts).
 *
 * A call to (or from) an extension that already has an active call (initiated, alerting or
 * connected; held calls do not count) is refused (`extensionBusy`) rather than queued or given a
 * busy tone: a refused input tells the script author at once. An extension with call waiting
 * takes a second call beside an alerting or connected one (decision 0061, `callInTheWay`). A call straight to an extension
 * rings whatever the state of the agent there; only queue calls are routed by agent state.
 */
import { delivered } from './call-events.ts';
import { refuse } from './errors.ts';
import { callDataProblem, DEVICE_NUMBER_RULE, isDeviceNumber, quote } from './names.ts';
import { dispatch, ring } from './routing.ts';
import { activeCallAt, callInTheWay, newCallId, withNewCall } from './state.ts';
import type { Call, DeviceNumber, InputOf, ModelState, StepResult } from './types.ts';

function busy(state: ModelState, extension: DeviceNumber, role: string): StepResult | null {
  const call = activeCallAt(state, extension);
  if (call === undefined) return null;
  return refuse('extensionBusy', `${role} ${extension} already has call ${call.id}; expected an extension without an active call (held calls do not count)`);
}

/** The called extension: free, or with call waiting and room for a second call (decision 0061). */
function busyToCall(state: ModelState, extension: DeviceNumber, role: string): StepResult | null {
  const call = callInTheWay(state, extension);
  if (call === undefined) return null;
  const waiting = state.callWaiting.has(extension) ? '; with call waiting, a second call alerts only beside one alerting or connected call' : '';
  return refuse(
    'extensionBusy',
    `${role} ${extension} already has call ${call.id}; expected an extension without an active call (held calls do not count)${waiting}`,
  );
}

function knownExtension(state: ModelState, extension: DeviceNumber, role: string): StepResult | null {
  if (state.extensions.has(extension)) return null;
  return refuse(
    'unknownExtension',
    `${role} ${quote(extension)} is not a provisioned extension; expected one of ${[...state.extensions].join(', ') || '(none provisioned)'}`,
  );
}

export function customerCall(state: ModelState, input: InputOf<'customerCall'>, now: number): StepResult {
  if (!isDeviceNumber(input.from)) return refuse('invalidNumber', `from: expected an external number (${DEVICE_NUMBER_RULE}), got ${quote(input.from)}`);
  if (state.extensions.has(input.from)) {
    return refuse('invalidNumber', `from: ${input.from} is an extension of this switch; expected an external number (use internalCall between extensions)`);
  }
  const callData = { ...(input.callData ?? {}) };
  const problem = callDataProblem(callData);
  if (problem !== null) return refuse('invalidCallData', problem);

  const n = state.callCounter + 1;
  const base: Omit<Call, 'calledDevice' | 'phase'> = {
    id: newCallId(state),
    callingDevice: input.from,
    trunkUsed: `T${n}`,
    callData,
    // The customer's side is connected from the start (the trunk is seized); nobody monitors it.
    connections: [{ device: input.from, state: 'connected' }],
    parties: [],
    startedAt: now,
  };
  if ('queue' in input.to) {
    const queue = state.queues.get(input.to.queue);
    if (queue === undefined) {
      return refuse(
        'unknownQueue',
        `to.queue: ${quote(input.to.queue)} is not a provisioned queue; expected one of ${[...state.queues.keys()].join(', ') || '(none provisioned)'}`,
      );
    }
    const call: Call = { ...base, calledDevice: queue.dialledNumber, queue: queue.id, phase: 'queued' };
    const routed = dispatch(withNewCall(state, call), now);
    return { ok: true, state: routed.state, events: routed.events, callId: call.id };
  }

  const extension = input.to.extension;
  const refused = knownExtension(state, extension, 'to.extension') ?? busyToCall(state, extension, 'to.extension');
  if (refused !== null) return refused;
  const call = ring({ ...base, calledDevice: extension, phase: 'alerting' }, extension);
  return { ok: true, state: withNewCall(state, call), events: [delivered(call, extension)], callId: call.id };
}

export function internalCall(state: ModelState, input: InputOf<'internalCall'>, now: number): StepResult {
  const refused =
    knownExtension(state, input.from, 'from') ??
    knownExtension(state, input.to, 'to') ??
    (input.from === input.to ? refuse('invalidDestination', `to: ${input.to} is the calling extension itself; expected another extension`) : null) ??
    busy(state, input.from, 'from') ??
    busyToCall(state, input.to, 'to');
  if (refused !== null) return refused;

  const call: Call = {
    id: newCallId(state),
    callingDevice: input.from,
    calledDevice: input.to,
    callData: {},
    phase: 'alerting',
    // The caller is 'initiated' (dialled, far end not yet answered) until the callee answers.
    connections: [
      { device: input.from, state: 'initiated' },
      { device: input.to, state: 'alerting' },
    ],
    parties: [input.from, input.to],
    startedAt: now,
  };
  return { ok: true, state: withNewCall(state, call), events: [delivered(call, input.to)], callId: call.id };
}
