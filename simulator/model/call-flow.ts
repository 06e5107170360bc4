/**
 * How calls move, whatever asked: a party answers (`connectParty`), a party leaves (`release`,
 * `failTo`), and a dialled number is reached (`resolveDestination`, then `reach`). Every request
 * and stimulus in the other files is a check followed by these.
 *
 * - A call ends (CallCleared) when fewer than two parties remain after a departure; a call waiting
 *   in a queue ends when nobody remains.
 * - The extensions that leave a call that goes on hear their departure, then nothing more of it.
 * - After every change the agents on the extensions involved are settled (busy / after-call work)
 *   and freed extensions take waiting queue calls.
 */
import { settleAgents } from './agent-status.ts';
import { callCleared, connectionCleared, delivered, established, failed, held } from './call-events.ts';
import { barredBy, DEFAULT_NO_ANSWER_AFTER_MS, farEndAt } from './dial-plan.ts';
import { refuse, type Refused } from './errors.ts';
import { DEVICE_NUMBER_RULE, isDeviceNumber, quote } from './names.ts';
import { dispatch, ring, withoutRingDeadline } from './routing.ts';
import { callInTheWay, callsInStateAt, connectionOf, withCall, withConnections, withoutCall, type Changed } from './state.ts';
import type { Call, Cause, Connection, DeviceNumber, FarEndDue, FarEndSettings, ModelEvent, ModelState, Queue } from './types.ts';

function join(changes: readonly Changed[], state: ModelState): Changed {
  return { state, events: changes.flatMap((c) => c.events) };
}

/**
 * `device`, alerting in the call, answers: it connects, and so does a caller still dialling
 * (initiated). An extension answering a waiting call first puts the call connected there on hold
 * (Held, cause normal), as a phone with call waiting does (decision 0061).
 */
export function connectParty(state: ModelState, call: Call, device: DeviceNumber, now: number): Changed {
  const talking = state.extensions.has(device) ? callsInStateAt(state, device, 'connected').filter((c) => c.id !== call.id) : [];
  if (talking.length > 0) {
    let next = state;
    const holds: ModelEvent[] = [];
    for (const other of talking) {
      const onHold = withConnections(
        next,
        other,
        other.connections.map((c) => (c.device === device ? { device, state: 'held' as const } : c)),
      );
      next = withCall(next, onHold);
      holds.push(held(onHold, device, 'normal'));
    }
    const answered = connectParty(next, next.calls.get(call.id) ?? call, device, now);
    return { state: answered.state, events: [...holds, ...answered.events] };
  }
  const farEnd = state.extensions.has(device) ? undefined : farEndAt(state.dialPlan, device);
  const hangUpAt: FarEndDue | undefined = farEnd?.hangUpAfterMs === undefined ? undefined : { at: now + farEnd.hangUpAfterMs, then: 'hangUp' };
  const connections = call.connections.map((c): Connection => {
    if (c.device === device) return { device, state: 'connected', ...(hangUpAt === undefined ? {} : { due: hangUpAt }) };
    return c.state === 'initiated' ? { ...c, state: 'connected' } : c;
  });
  const answered: Call = { ...withoutRingDeadline(call), phase: 'connected', connections };
  const settled = settleAgents(withCall(state, answered), answered.parties, now);
  return { state: settled.state, events: [established(answered, device), ...settled.events] };
}

/**
 * A party has left `before` (the `events` given say so); the call goes on with `remaining`, or
 * ends. Agents on the call's extensions are settled, then waiting queue calls are offered.
 */
export function afterDeparture(
  state: ModelState,
  before: Call,
  remaining: readonly Connection[],
  cause: Cause,
  now: number,
  events: readonly ModelEvent[],
): Changed {
  const ends = before.phase === 'queued' ? remaining.length === 0 : remaining.length < 2;
  if (ends) {
    const settled = settleAgents(withoutCall(state, before.id), before.parties, now);
    const routed = dispatch(settled.state, now);
    return { state: routed.state, events: [...events, callCleared(before, cause), ...settled.events, ...routed.events] };
  }
  const stillRinging = remaining.some((c) => c.state === 'alerting');
  const shrunk = withConnections(
    state,
    { ...(stillRinging ? before : withoutRingDeadline(before)), phase: before.phase === 'alerting' && !stillRinging ? 'connected' : before.phase },
    remaining,
  );
  const settled = settleAgents(withCall(state, shrunk), before.parties, now);
  const routed = dispatch(settled.state, now);
  return { state: routed.state, events: [...events, ...settled.events, ...routed.events] };
}

/** `device` leaves the call (hangs up, or is dropped): ConnectionCleared to everyone in it, then CallCleared if it ends. */
export function release(state: ModelState, call: Call, device: DeviceNumber, cause: Cause, now: number): Changed {
  const remaining = call.connections.filter((c) => c.device !== device);
  return afterDeparture(state, call, remaining, cause, now, [connectionCleared(call, device, cause)]);
}

/** The dialled far end cannot be reached: Failed (it is the failing device), then CallCleared if the call ends. */
export function failTo(state: ModelState, call: Call, dialled: DeviceNumber, cause: Cause, now: number): Changed {
  const remaining = call.connections.filter((c) => c.device !== dialled);
  return afterDeparture(state, call, remaining, cause, now, [failed(call, dialled, cause)]);
}

// ---------------------------------------------------------------- destinations

export type Destination =
  | { readonly kind: 'extension'; readonly extension: DeviceNumber }
  | { readonly kind: 'queue'; readonly queue: Queue }
  | { readonly kind: 'outside'; readonly number: DeviceNumber; readonly farEnd: FarEndSettings };

/**
 * Where dialling `to` from `from` leads. Everything the switch knows at once is refused here,
 * before anything changes: a malformed number, the caller itself, a party already in `joining`
 * (the call the destination would join), a busy extension, a barred or unknown number. What only
 * the far end knows (busy, invalid number, no answer) comes later as Failed (see `reach`).
 */
export function resolveDestination(state: ModelState, from: DeviceNumber, to: DeviceNumber, field: string, joining?: Call): Destination | Refused {
  if (!isDeviceNumber(to)) return refuse('invalidNumber', `${field}: expected a number to dial (${DEVICE_NUMBER_RULE}), got ${quote(to)}`);
  if (to === from) return refuse('invalidDestination', `${field}: ${to} is the calling extension itself; expected another number`);
  if (joining !== undefined && connectionOf(joining, to) !== undefined) {
    return refuse('partyAlreadyInCall', `${field}: ${to} is already in call ${joining.id}; expected a party not yet in the call`);
  }
  if (state.extensions.has(to)) {
    const busy = callInTheWay(state, to);
    if (busy !== undefined) {
      const waiting = state.callWaiting.has(to) ? ' (or, with call waiting, one alerting or connected call)' : '';
      return refuse(
        'extensionBusy',
        `${field}: ${to} already has call ${busy.id} (${connectionOf(busy, to)?.state ?? 'active'} there); expected an extension without an active call${waiting}`,
      );
    }
    return { kind: 'extension', extension: to };
  }
  const queue = [...state.queues.values()].find((q) => q.dialledNumber === to);
  if (queue !== undefined) return { kind: 'queue', queue };
  const prefix = barredBy(state.dialPlan, to);
  if (prefix !== undefined)
    return refuse('barredNumber', `${field}: ${to} is barred by the dial plan (prefix ${prefix}); expected a number the dial plan allows`);
  const farEnd = farEndAt(state.dialPlan, to);
  if (farEnd === undefined) {
    return refuse('unknownNumber', `${field}: ${to} is not an extension, a queue's number, nor an outside number in the dial plan; expected one of those`);
  }
  return { kind: 'outside', number: to, farEnd };
}

function ringOutside(call: Call, number: DeviceNumber, due: FarEndDue | undefined): Call {
  return { ...call, phase: 'alerting', connections: [...call.connections, { device: number, state: 'alerting', ...(due === undefined ? {} : { due }) }] };
}

/** The call (already in the state) reaches the destination: it rings, waits in the queue, or the far end does what the dial plan says. */
export function reach(state: ModelState, call: Call, destination: Destination, now: number): Changed {
  switch (destination.kind) {
    case 'extension': {
      const ringing = ring(call, destination.extension);
      return { state: withCall(state, ringing), events: [delivered(ringing, destination.extension)] };
    }
    case 'queue':
      return dispatch(withCall(state, { ...withoutRingDeadline(call), phase: 'queued', queue: destination.queue.id }), now);
    case 'outside': {
      const { number, farEnd } = destination;
      switch (farEnd.behaviour) {
        case 'busy':
          return failTo(state, call, number, 'busy', now);
        case 'invalidNumber':
          return failTo(state, call, number, 'invalidNumber', now);
        case 'ring': {
          const ringing = ringOutside(call, number, undefined);
          return { state: withCall(state, ringing), events: [delivered(ringing, number)] };
        }
        case 'noAnswer': {
          const ringing = ringOutside(call, number, { at: now + (farEnd.noAnswerAfterMs ?? DEFAULT_NO_ANSWER_AFTER_MS), then: 'noAnswer' });
          return { state: withCall(state, ringing), events: [delivered(ringing, number)] };
        }
        case 'answer': {
          const after = farEnd.answerAfterMs ?? 0;
          const ringing = ringOutside(call, number, after > 0 ? { at: now + after, then: 'answer' } : undefined);
          const rung: Changed = { state: withCall(state, ringing), events: [delivered(ringing, number)] };
          if (after > 0) return rung;
          const answered = connectParty(rung.state, ringing, number, now);
          return join([rung, answered], answered.state);
        }
      }
    }
  }
}
