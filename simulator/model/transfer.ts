/**
 * Transfer and conference in the model: the held and consulted legs of a desk, joined (conference),
 * handed over (transfer), or sent on in one step (single-step transfer).
 */
import { settleAgents } from './agent-status.ts';
import { transferred } from './call-events.ts';
import { reach, resolveDestination } from './call-flow.ts';
import { refuse, type Refused } from './errors.ts';
import { dispatch } from './routing.ts';
import { connectionOf, withCall, withConnections, withoutCall } from './state.ts';
import type { Call, Connection, DeviceNumber, InputOf, ModelEvent, ModelState, StepResult } from './types.ts';
import { applied, callAtExtension, checkedCallData, combine, isRefused, knownExtension, notConnected } from './call-control.ts';
// ---------------------------------------------------------------- transfer and conference

interface Legs {
  readonly heldCall: Call;
  readonly activeCall: Call;
  /** The other parties of each leg (without the extension). */
  readonly heldOthers: readonly Connection[];
  readonly activeOthers: readonly Connection[];
}

/** A held call and an active call at the extension, with no party in both. */
function legs(state: ModelState, input: InputOf<'transferCall'> | InputOf<'conferenceCall'>, what: string): Legs | Refused {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  const heldLeg = callAtExtension(state, input.heldCall, input.extension, 'heldCall');
  if (isRefused(heldLeg)) return heldLeg;
  const activeLeg = callAtExtension(state, input.activeCall, input.extension, 'activeCall');
  if (isRefused(activeLeg)) return activeLeg;
  if (heldLeg.call.id === activeLeg.call.id)
    return refuse(
      'noConsultCall',
      `heldCall and activeCall are both ${heldLeg.call.id}; ${what} needs a held call and another, active call at ${input.extension}`,
    );
  if (heldLeg.connection.state !== 'held') {
    return refuse(
      'noConsultCall',
      `heldCall: call ${heldLeg.call.id} is ${heldLeg.connection.state} at ${input.extension}, not held; ${what} needs a held call and an active (consult) call`,
    );
  }
  if (activeLeg.connection.state !== 'connected' && activeLeg.connection.state !== 'initiated') {
    return refuse(
      'noConsultCall',
      `activeCall: call ${activeLeg.call.id} is ${activeLeg.connection.state} at ${input.extension}, not active; ${what} needs a held call and an active (consult) call`,
    );
  }
  const heldOthers = heldLeg.call.connections.filter((c) => c.device !== input.extension);
  const activeOthers = activeLeg.call.connections.filter((c) => c.device !== input.extension);
  const twice = activeOthers.find((c) => heldOthers.some((h) => h.device === c.device));
  if (twice !== undefined)
    return refuse('partyAlreadyInCall', `${twice.device} is in both ${heldLeg.call.id} and ${activeLeg.call.id}; expected calls with different parties`);
  return { heldCall: heldLeg.call, activeCall: activeLeg.call, heldOthers, activeOthers };
}

/** The party the extension was consulting: the first other party of the active call, else the number it dialled (a queue still waiting). */
function consulted(legsOf: Legs): DeviceNumber {
  return legsOf.activeOthers[0]?.device ?? legsOf.activeCall.calledDevice;
}

/**
 * The held call's other parties join the active call's, and the extension leaves both; the held
 * call's id goes on (with the active call's progress: ringing, waiting in a queue or connected).
 * Transfer on ring is allowed; the call data is the held call's with the consult's merged over it.
 */
export function transferCall(state: ModelState, input: InputOf<'transferCall'>, now: number): StepResult {
  const found = legs(state, input, 'a transfer');
  if (isRefused(found)) return found;
  const { heldCall, activeCall, heldOthers, activeOthers } = found;
  const callData = { ...heldCall.callData, ...activeCall.callData };
  const answered = activeCall.phase === 'connected';
  const base: Call = {
    ...heldCall,
    callData,
    phase: activeCall.phase,
    ...(answered ? {} : { offerCause: 'transfer' as const }),
    ...(activeCall.queue === undefined || answered ? {} : { queue: activeCall.queue }),
    ...(activeCall.noAnswerAt === undefined ? {} : { noAnswerAt: activeCall.noAnswerAt }),
  };
  const merged = withConnections(state, base, [...heldOthers, ...activeOthers]);
  const event = transferred(heldCall.id, {
    secondaryOldCall: activeCall.id,
    transferringDevice: input.extension,
    transferredToDevice: consulted(found),
    callingDevice: heldCall.callingDevice,
    calledDevice: heldCall.calledDevice,
    parties: merged.connections.map((c) => c.device),
    callData,
    cause: 'transfer',
    devices: [...new Set([...heldCall.parties, ...activeCall.parties])],
  });
  const next = withCall(withoutCall(state, activeCall.id), merged);
  const settled = settleAgents(next, [input.extension], now);
  const routed = dispatch(settled.state, now);
  return applied(combine(routed.state, { state: next, events: [event] }, settled, routed), heldCall.id);
}

/** Every party of both calls in the held call, the extension connected again; the consult must have been answered. */
export function conferenceCall(state: ModelState, input: InputOf<'conferenceCall'>, _now: number): StepResult {
  const found = legs(state, input, 'a conference');
  if (isRefused(found)) return found;
  const { heldCall, activeCall, activeOthers } = found;
  const activeConnection = connectionOf(activeCall, input.extension);
  if (activeConnection?.state !== 'connected' || activeCall.phase !== 'connected') {
    return refuse('notConnected', `activeCall: call ${activeCall.id} is not answered yet; a conference needs the consulted party connected`);
  }
  const callData = { ...heldCall.callData, ...activeCall.callData };
  const joined = [
    ...heldCall.connections.map((c): Connection => (c.device === input.extension ? { device: c.device, state: 'connected' } : c)),
    ...activeOthers,
  ];
  const merged = withConnections(state, { ...heldCall, callData }, joined);
  const event: ModelEvent = {
    name: 'Conferenced',
    callId: heldCall.id,
    secondaryOldCall: activeCall.id,
    conferencingDevice: input.extension,
    addedParty: consulted(found),
    callingDevice: heldCall.callingDevice,
    calledDevice: heldCall.calledDevice,
    parties: merged.connections.map((c) => c.device),
    callData,
    cause: 'conference',
    devices: merged.parties,
  };
  return applied({ state: withCall(withoutCall(state, activeCall.id), merged), events: [event] }, heldCall.id);
}

/** Blind transfer: the extension leaves the call, which is offered to `to`; refusals about `to` are immediate, as for MakeCall. */
export function singleStepTransfer(state: ModelState, input: InputOf<'singleStepTransfer'>, now: number): StepResult {
  const unknown = knownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  const found = callAtExtension(state, input.call, input.extension, 'call');
  if (isRefused(found)) return found;
  const { call, connection } = found;
  if (connection.state !== 'connected') return notConnected(call, connection, input.extension, 'a single-step transfer');
  const badData = checkedCallData(input.callData);
  if (badData !== null) return badData;
  const destination = resolveDestination(state, input.extension, input.to, 'to', call);
  if (isRefused(destination)) return destination;

  const callData = { ...call.callData, ...(input.callData ?? {}) };
  const remaining = call.connections.filter((c) => c.device !== input.extension);
  const moved = withConnections(state, { ...call, callData, offerCause: 'singleStepTransfer' }, remaining);
  const event = transferred(call.id, {
    transferringDevice: input.extension,
    transferredToDevice: input.to,
    callingDevice: call.callingDevice,
    calledDevice: call.calledDevice,
    parties: [...remaining.map((c) => c.device), input.to],
    callData,
    cause: 'singleStepTransfer',
    devices: call.parties,
  });
  const left = settleAgents(withCall(state, moved), [input.extension], now);
  // A far end that fails at once leaves one party: the call ends there (call-flow.ts).
  const offered = reach(left.state, moved, destination, now);
  const routed = dispatch(offered.state, now);
  return applied(combine(routed.state, { state: left.state, events: [event] }, left, offered, routed), call.id);
}
