/**
 * After a reconnect (decision 0014): what an extension missed while the CTI link was down, as the
 * CTI events the switch would have sent, found by comparing what its desktop was told (the call
 * table, the known agent) with the switch's answer to SnapshotDevice. Pure. The session replays
 * these events through the pipeline like any other, so the usual rules hold for them: one Offering
 * per call, one terminal event, nothing after it, and only what the telephony mode shows.
 *
 * - A call the desktop knows and the snapshot no longer lists ended while the link was down:
 *   CallCleared (Abandoned if it only rang here, Disconnected otherwise, as decision 0003 says).
 * - A call the snapshot lists and the desktop never heard of started while the link was down: it
 *   rings here (Delivered: the screen pop), or this extension placed it (Originated); if it is
 *   already answered, Established follows, and Held if it is on hold.
 * - A call both know moved on: Established, Held or Retrieved, whichever it missed.
 * - A call the desktop already ended is never shown again, whatever the snapshot says.
 * - The agent: one agent event for the state the snapshot reports, when it differs from the last
 *   the desktop learned (nothing when the desktop never learned one).
 */
import type { CtiEvent, ResultOf, SnapshotCall } from '../../contract/cti-wire/frames.ts';
import type { CallRecord } from '../pipeline/call-record.ts';
import type { CallTable } from '../pipeline/call-table.ts';
import type { KnownAgent } from './registry.ts';

type Snapshot = ResultOf<'SnapshotDevice'>;

export function missedCallEvents(dn: string, calls: CallTable, snapshot: Snapshot): CtiEvent[] {
  const listed = new Set(snapshot.calls.map((c) => c.callId));
  const ended: CtiEvent[] = calls
    .records()
    .filter((record) => !listed.has(record.callId))
    .map((record) => ({ name: 'CallCleared', callId: record.callId, cause: 'normal' }));
  const going: CtiEvent[] = [];
  for (const call of snapshot.calls) {
    if (calls.isFinished(call.callId)) continue;
    const record = calls.get(call.callId);
    going.push(...(record === undefined ? newCall(dn, call) : movedOn(dn, record, call)));
  }
  return [...ended, ...going];
}

/** True when this extension placed the call: it dials (initiated), or it is the caller of a call not ringing here. */
function placedHere(dn: string, call: SnapshotCall): boolean {
  return call.state === 'initiated' || (call.state !== 'alerting' && call.callingDevice === dn);
}

const trunkOf = (call: SnapshotCall): { trunkUsed?: string } => (call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed });
const isAnswered = (call: SnapshotCall): boolean => call.state === 'connected' || call.state === 'held';

function newCall(dn: string, call: SnapshotCall): CtiEvent[] {
  const { callId, callingDevice, calledDevice, callData } = call;
  const placed = placedHere(dn, call);
  const first: CtiEvent = placed
    ? { name: 'Originated', callId, callingDevice: dn, calledDevice, ...trunkOf(call), callData, cause: 'makeCall' }
    : { name: 'Delivered', callId, alertingDevice: dn, callingDevice, calledDevice, ...trunkOf(call), callData, cause: 'newCall' };
  if (!isAnswered(call)) return [first];
  // Who answered a call placed here is not in the snapshot: the number dialled stands for it.
  const answering = placed ? calledDevice : dn;
  const answered: CtiEvent = {
    name: 'Established',
    callId,
    answeringDevice: answering,
    callingDevice,
    calledDevice,
    ...trunkOf(call),
    callData,
    cause: 'normal',
  };
  return call.state === 'held' ? [first, answered, held(dn, callId)] : [first, answered];
}

function movedOn(dn: string, record: CallRecord, call: SnapshotCall): CtiEvent[] {
  const events: CtiEvent[] = [];
  if (!record.established && isAnswered(call)) {
    const answering = record.role === 'offered' ? dn : record.otherDN !== '' ? record.otherDN : call.calledDevice;
    const { callId, callingDevice, calledDevice, callData } = call;
    events.push({ name: 'Established', callId, answeringDevice: answering, callingDevice, calledDevice, ...trunkOf(call), callData, cause: 'normal' });
  }
  if (call.state === 'held' && !record.held) events.push(held(dn, call.callId));
  if (call.state === 'connected' && record.held) events.push({ name: 'Retrieved', callId: call.callId, retrievingDevice: dn, cause: 'normal' });
  return events;
}

function held(dn: string, callId: string): CtiEvent {
  return { name: 'Held', callId, holdingDevice: dn, cause: 'normal' };
}

/** The agent on the extension as the snapshot reports it; an agent the desktop knew and the switch no longer has is logged out. */
export function agentInSnapshot(snapshot: Snapshot, known: KnownAgent | undefined): KnownAgent | undefined {
  if (snapshot.agent !== undefined) return snapshot.agent;
  return known === undefined ? undefined : { agentId: known.agentId, state: 'loggedOut' };
}

export function sameAgent(a: KnownAgent | undefined, b: KnownAgent | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.agentId === b.agentId && a.state === b.state && (a.state !== 'notReady' || a.reasonCode === b.reasonCode);
}

/** The agent event for a change the desktop missed; undefined when it missed none (or never knew the agent). */
export function missedAgentEvent(dn: string, known: KnownAgent | undefined, snapshot: Snapshot): CtiEvent | undefined {
  const now = agentInSnapshot(snapshot, known);
  if (known === undefined || now === undefined || sameAgent(known, now)) return undefined;
  const who = { agentId: now.agentId, deviceId: dn };
  const reason = now.reasonCode === undefined ? {} : { reasonCode: now.reasonCode };
  switch (now.state) {
    case 'loggedOut':
      return { name: 'AgentLoggedOff', ...who };
    case 'loggedIn':
      return { name: 'AgentLoggedOn', ...who };
    case 'ready':
      return { name: 'AgentReady', ...who };
    case 'notReady':
      return { name: 'AgentNotReady', ...who, ...reason };
    case 'workingAfterCall':
      return { name: 'AgentWorkingAfterCall', ...who };
    case 'busy':
      return { name: 'AgentBusy', ...who };
  }
}

/** The agent the desktop knows after an agent event on the extension; unchanged for call events. */
export function agentAfter(known: KnownAgent | undefined, event: CtiEvent): KnownAgent | undefined {
  switch (event.name) {
    case 'AgentLoggedOn':
      return { agentId: event.agentId, state: 'loggedIn' };
    case 'AgentLoggedOff':
      return { agentId: event.agentId, state: 'loggedOut' };
    case 'AgentReady':
      return { agentId: event.agentId, state: 'ready' };
    case 'AgentNotReady':
      return { agentId: event.agentId, state: 'notReady', ...(event.reasonCode === undefined ? {} : { reasonCode: event.reasonCode }) };
    case 'AgentWorkingAfterCall':
      return { agentId: event.agentId, state: 'workingAfterCall' };
    case 'AgentBusy':
      return { agentId: event.agentId, state: 'busy' };
    default:
      return known;
  }
}
