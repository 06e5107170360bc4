/**
 * Call control: what the CTI link's requests (and the phone's keys) ask of the switch, CSTA style.
 * Each is a set of checks — every refusal is immediate and changes nothing — followed by the call
 * flow of call-flow.ts. Events go to the extensions in the call, each one event per change whoever
 * it is about (Held says who holds).
 *
 * An extension has at most one active call (its connection initiated, alerting or connected) and
 * any number of held calls; with call waiting, a second call may alert beside it (decision 0061). Transfer and conference take any held call and any active call at the
 * extension (not only a consult made with ConsultationCall); the held call's id goes on.
 */
import { held, originated, retrieved } from './call-events.ts';
import { reach, resolveDestination, type Destination } from './call-flow.ts';
import { refuse, type Refused } from './errors.ts';
import { callDataProblem, quote } from './names.ts';
import { activeCallAt, callsAt, callsInStateAt, connectionOf, newCallId, withCall, withConnections, withNewCall, type Changed } from './state.ts';
import type { Call, CallData, CallId, Connection, DeviceNumber, InputOf, ModelState, StepResult } from './types.ts';

const DIGITS = /^[0-9*#A-D]{1,64}$/;

export function isRefused(value: object): value is Refused {
  return 'ok' in value;
}

export function applied(changed: Changed, callId?: CallId): StepResult {
  return { ok: true, ...changed, ...(callId === undefined ? {} : { callId }) };
}

export function knownExtension(state: ModelState, extension: DeviceNumber, field: string): Refused | null {
  if (state.extensions.has(extension)) return null;
  return refuse(
    'unknownExtension',
    `${field}: ${quote(extension)} is not a provisioned extension; expected one of ${[...state.extensions].join(', ') || '(none provisioned)'}`,
  );
}

function activeCalls(state: ModelState): string {
  return [...state.calls.keys()].join(', ') || '(no active calls)';
}

/** The named call and the extension's connection in it. */
export function callAtExtension(state: ModelState, id: CallId, extension: DeviceNumber, field: string): { call: Call; connection: Connection } | Refused {
  const call = state.calls.get(id);
  if (call === undefined) return refuse('unknownCall', `${field}: ${quote(id)} is not an active call; expected one of ${activeCalls(state)}`);
  const connection = connectionOf(call, extension);
  if (connection === undefined) {
    const here = callsAt(state, extension).map((c) => c.id);
    return refuse('notInCall', `${field}: call ${id} has no connection at ${extension}; expected one of its calls: ${here.join(', ') || '(none)'}`);
  }
  return { call, connection };
}

export function checkedCallData(callData: CallData | undefined): Refused | null {
  if (callData === undefined) return null;
  const problem = callDataProblem(callData);
  return problem === null ? null : refuse('invalidCallData', problem);
}

export function notConnected(call: Call, connection: Connection, extension: DeviceNumber, what: string): Refused {
  return refuse('notConnected', `call ${call.id} is ${connection.state} at ${extension}, not connected; ${what} needs a connected (answered) call`);
}

function setConnection(state: ModelState, call: Call, extension: DeviceNumber, next: Connection['state']): Call {
  return withConnections(
    state,
    call,
    call.connections.map((c) => (c.device === extension ? { device: c.device, state: next } : c)),
  );
}

export function combine(state: ModelState, ...changes: Changed[]): Changed {
  return { state, events: changes.flatMap((c) => c.events) };
}

// ---------------------------------------------------------------- hold and retrieve

export function holdCall(state: ModelState, input: InputOf<'holdCall'>, _now: number): StepResult {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  let target: { call: Call; connection: Connection };
  if (input.call === undefined) {
    // With call waiting a second call may alert beside the connected one (decision 0061): hold the connected one.
    const call = callsInStateAt(state, input.extension, 'connected')[0] ?? activeCallAt(state, input.extension);
    const connection = call === undefined ? undefined : connectionOf(call, input.extension);
    if (call === undefined || connection === undefined)
      return refuse('notConnected', `nothing to hold at ${input.extension} (no active call); expected a connected call`);
    target = { call, connection };
  } else {
    const found = callAtExtension(state, input.call, input.extension, 'call');
    if (isRefused(found)) return found;
    target = found;
  }
  const { call, connection } = target;
  if (connection.state !== 'connected') return notConnected(call, connection, input.extension, 'hold');
  const onHold = setConnection(state, call, input.extension, 'held');
  return { ok: true, state: withCall(state, onHold), events: [held(onHold, input.extension, 'normal')] };
}

export function retrieveCall(state: ModelState, input: InputOf<'retrieveCall'>, _now: number): StepResult {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  let target: { call: Call; connection: Connection };
  if (input.call === undefined) {
    const heldHere = callsAt(state, input.extension).filter((c) => connectionOf(c, input.extension)?.state === 'held');
    const [only, ...more] = heldHere;
    const connection = only === undefined ? undefined : connectionOf(only, input.extension);
    if (only === undefined || connection === undefined) return refuse('notHeld', `nothing is held at ${input.extension}; expected a held call`);
    if (more.length > 0) return refuse('ambiguousCall', `${input.extension} holds ${heldHere.map((c) => c.id).join(', ')}; name the call to retrieve`);
    target = { call: only, connection };
  } else {
    const found = callAtExtension(state, input.call, input.extension, 'call');
    if (isRefused(found)) return found;
    target = found;
  }
  const { call, connection } = target;
  if (connection.state !== 'held') return refuse('notHeld', `call ${call.id} is ${connection.state} at ${input.extension}, not held; expected a held call`);
  const active = activeCallAt(state, input.extension);
  if (active !== undefined) {
    return refuse(
      'activeCallAtExtension',
      `${input.extension} already has active call ${active.id} (${connectionOf(active, input.extension)?.state ?? 'active'}); hold or clear it before retrieving ${call.id}`,
    );
  }
  const back = setConnection(state, call, input.extension, 'connected');
  return { ok: true, state: withCall(state, back), events: [retrieved(back, input.extension)] };
}

// ---------------------------------------------------------------- new calls

/** A new call from `from` to `to` (already resolved), announced by Originated, then reaching the destination. */
function dial(
  state: ModelState,
  from: DeviceNumber,
  to: DeviceNumber,
  destination: Destination,
  callData: CallData,
  consult: boolean,
  now: number,
): Changed & { callId: CallId } {
  const n = state.callCounter + 1;
  const call: Call = {
    id: newCallId(state),
    callingDevice: from,
    calledDevice: to,
    callData,
    // The caller is 'initiated' (dialled, not yet answered) until the far side answers.
    phase: 'alerting',
    connections: [{ device: from, state: 'initiated' }],
    parties: [from],
    startedAt: now,
    ...(consult ? { offerCause: 'consultation' as const } : {}),
    // A call to the public network leaves over a trunk, as a call from it arrives over one.
    ...(destination.kind === 'outside' ? { trunkUsed: `T${n}` } : {}),
  };
  const start = withNewCall(state, call);
  const reached = reach(start, call, destination, now);
  return { state: reached.state, events: [originated(call, consult ? 'consultation' : 'makeCall'), ...reached.events], callId: call.id };
}

export function makeCall(state: ModelState, input: InputOf<'makeCall'>, now: number): StepResult {
  const unknown = knownExtension(state, input.from, 'from');
  if (unknown !== null) return unknown;
  const active = activeCallAt(state, input.from);
  if (active !== undefined) {
    return refuse(
      'activeCallAtExtension',
      `from: ${input.from} already has active call ${active.id} (${connectionOf(active, input.from)?.state ?? 'active'}); hold or clear it first (or use a consultation call)`,
    );
  }
  const badData = checkedCallData(input.callData);
  if (badData !== null) return badData;
  const destination = resolveDestination(state, input.from, input.to, 'to');
  if (isRefused(destination)) return destination;
  const made = dial(state, input.from, input.to, destination, { ...(input.callData ?? {}) }, false, now);
  return applied(made, made.callId);
}

export function consultationCall(state: ModelState, input: InputOf<'consultationCall'>, now: number): StepResult {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  const found = callAtExtension(state, input.call, input.extension, 'call');
  if (isRefused(found)) return found;
  const { call, connection } = found;
  if (connection.state !== 'connected') return notConnected(call, connection, input.extension, 'a consultation');
  const badData = checkedCallData(input.callData);
  if (badData !== null) return badData;
  const destination = resolveDestination(state, input.extension, input.to, 'to', call);
  if (isRefused(destination)) return destination;

  const onHold = setConnection(state, call, input.extension, 'held');
  const holding: Changed = { state: withCall(state, onHold), events: [held(onHold, input.extension, 'consultation')] };
  const consult = dial(holding.state, input.extension, input.to, destination, { ...(input.callData ?? call.callData) }, true, now);
  return applied(combine(consult.state, holding, consult), consult.callId);
}

// ---------------------------------------------------------------- digits

export function generateDigits(state: ModelState, input: InputOf<'generateDigits'>, _now: number): StepResult {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  const found = callAtExtension(state, input.call, input.extension, 'call');
  if (isRefused(found)) return found;
  const { call, connection } = found;
  if (connection.state !== 'connected') return notConnected(call, connection, input.extension, 'sending digits');
  if (typeof input.digits !== 'string' || !DIGITS.test(input.digits))
    return refuse('invalidDigits', `digits: expected 1-64 DTMF digits (0-9, *, #, A-D), got ${quote(input.digits)}`);
  return { ok: true, state, events: [{ name: 'DigitsGenerated', callId: call.id, deviceId: input.extension, digits: input.digits, devices: [] }] };
}
