/**
 * What one monitored extension knows about one call, and how each CTI event advances it. Pure:
 * the mapping stages read the records, the pipeline stores the advanced ones.
 *
 * A call's type is decided when the extension first learns of the call and never changes there
 * (decision 0013): CONSULT when it came by a consultation, a transfer or a conference; otherwise
 * INBOUND / OUTBOUND over a trunk, INTERNAL between extensions.
 */
import type { Cause, CtiEvent, CtiEventOf } from '../../contract/cti-wire/frames.ts';
import type { CallType } from '../../contract/pega/events.ts';

export interface CallRecord {
  readonly callId: string;
  /** How this extension is in the call: it was offered the call (it rang here) or it placed it. */
  readonly role: 'offered' | 'placed';
  /** Offering (offered) or Alerting (placed) was due here: it is not shown twice. */
  readonly rang: boolean;
  readonly established: boolean;
  /** This extension holds the call. */
  readonly held: boolean;
  /** This extension's part in the call is over; its terminal event was due. */
  readonly ended: boolean;
  readonly callType: CallType;
  readonly ani: string;
  readonly dnis: string;
  readonly otherDN: string;
  readonly callData: Readonly<Record<string, string>>;
  /** The parties the switch last reported (Transferred, Conferenced); undefined before. */
  readonly parties: readonly string[] | undefined;
}

/** What the extension knows of the calls an event names: the event's call, and the secondary (consult) call it merges. */
export interface CallsOf {
  readonly call: CallRecord | undefined;
  readonly secondary: CallRecord | undefined;
}

/** A call's records after an event, by call id; undefined removes the record (the extension was never in the call). */
export type CallUpdates = readonly (readonly [callId: string, record: CallRecord | undefined])[];

/** Causes that bring a call to the extension it is offered to by way of another call. */
const OFFERED_BY_ANOTHER_CALL: readonly Cause[] = ['transfer', 'singleStepTransfer', 'conference'];

/**
 * A consultation call is CONSULT for both its parties. A transfer or conference makes a call
 * CONSULT only where it is offered: the caller of a call transferred on, learning of it late
 * (monitored again after UnSubscribeForEvents), still placed it.
 */
export function callTypeFor(cause: Cause, trunkUsed: string | undefined, offered: boolean): CallType {
  if (cause === 'consultation' || (offered && OFFERED_BY_ANOTHER_CALL.includes(cause))) return 'CONSULT';
  if (trunkUsed !== undefined) return offered ? 'INBOUND' : 'OUTBOUND';
  return 'INTERNAL';
}

type PartyEvent = CtiEventOf<'Delivered'> | CtiEventOf<'Established'>;

/** Where thisDN stands in a Delivered or Established, for a call it has no record of yet; undefined when it is not in the call. */
export function recordFrom(event: PartyEvent, thisDN: string): CallRecord | undefined {
  const reached = event.name === 'Delivered' ? event.alertingDevice : event.answeringDevice;
  const offered = reached === thisDN;
  if (!offered && event.callingDevice !== thisDN) return undefined;
  return {
    callId: event.callId,
    role: offered ? 'offered' : 'placed',
    rang: event.name === 'Delivered',
    established: event.name === 'Established',
    held: false,
    ended: false,
    callType: callTypeFor(event.cause, event.trunkUsed, offered),
    ani: event.callingDevice,
    dnis: event.calledDevice,
    // Offered: the caller is the other party. Placed: whoever rings or answers is.
    otherDN: offered ? event.callingDevice : event.name === 'Delivered' ? event.calledDevice : event.answeringDevice,
    callData: { ...event.callData },
    parties: undefined,
  };
}

/** The record of a call thisDN starts (MakeCall, or the consult call of a ConsultationCall); undefined for other extensions. */
export function recordFromOriginated(event: CtiEventOf<'Originated'>, thisDN: string): CallRecord | undefined {
  if (event.callingDevice !== thisDN) return undefined;
  return {
    callId: event.callId,
    role: 'placed',
    rang: false,
    established: false,
    held: false,
    ended: false,
    callType: callTypeFor(event.cause, event.trunkUsed, false),
    ani: event.callingDevice,
    dnis: event.calledDevice,
    otherDN: event.calledDevice,
    callData: { ...event.callData },
    parties: undefined,
  };
}

type Merge = CtiEventOf<'Transferred'> | CtiEventOf<'Conferenced'>;

/** How a transfer or conference leaves thisDN. */
export type MergeRole =
  /** thisDN left: it transferred the call away, or is not among the parties any more. */
  | 'left'
  /** thisDN is a party of the call that goes on and already knew that call. */
  | 'stays'
  /** thisDN is a party of the call that goes on and knows it only from here (the consulted party). */
  | 'joins'
  /** A blind transfer reaching thisDN, which knew nothing of the call: the ringing (Delivered) will announce it. */
  | 'awaitsRinging';

export function mergeRole(event: Merge, known: CallsOf, thisDN: string): MergeRole {
  const transferring = event.name === 'Transferred' && event.transferringDevice === thisDN;
  if (transferring || !event.parties.includes(thisDN)) return 'left';
  if (known.call !== undefined) return 'stays';
  if (event.secondaryOldCall === undefined) return 'awaitsRinging';
  return 'joins';
}

/** The other party seen from thisDN when exactly one is left besides it; otherwise what was known. */
function otherParty(parties: readonly string[], thisDN: string, known: string): string {
  const others = parties.filter((p) => p !== thisDN);
  return others.length === 1 && others[0] !== undefined ? others[0] : known;
}

/**
 * Whether a merge takes thisDN's hold off the call: only a conference does, and only at the
 * desktop that conferenced (its held leg joins the conference). A party holding the call while
 * another transfers or conferences it stays on hold, as on the switch.
 */
export function mergeRetrieves(event: Merge, thisDN: string): boolean {
  return event.name === 'Conferenced' && event.conferencingDevice === thisDN;
}

/** The call that goes on, as thisDN sees it after a merge it stays in or joins. */
export function mergedRecord(event: Merge, known: CallsOf, thisDN: string): CallRecord {
  const base = known.call;
  const consult = known.secondary;
  if (base !== undefined) {
    return {
      ...base,
      held: base.held && !mergeRetrieves(event, thisDN),
      otherDN: otherParty(event.parties, thisDN, base.otherDN),
      callData: { ...base.callData, ...event.callData },
      parties: [...event.parties],
    };
  }
  // Joining through the consult call: the consult's data first, the call's own data over it.
  const established = consult?.established ?? true;
  return {
    callId: event.callId,
    role: 'offered',
    rang: true,
    established,
    held: false,
    ended: false,
    callType: 'CONSULT',
    ani: event.callingDevice ?? '',
    dnis: event.calledDevice ?? '',
    otherDN: otherParty(event.parties, thisDN, ''),
    callData: { ...consult?.callData, ...event.callData },
    parties: [...event.parties],
  };
}

const ended = (record: CallRecord | undefined): CallRecord | undefined => (record === undefined ? undefined : { ...record, ended: true });
const withData = (record: CallRecord, data: Readonly<Record<string, string>>): CallRecord => ({ ...record, callData: { ...record.callData, ...data } });

/** The records after `event`: for its call, and for the secondary call of a transfer or conference. */
export function advanceCalls(known: CallsOf, event: CtiEvent, thisDN: string): CallUpdates {
  const record = known.call;
  switch (event.name) {
    case 'Delivered': {
      if (record === undefined) return [[event.callId, recordFrom(event, thisDN)]];
      const rings = record.role === 'placed' && event.alertingDevice !== thisDN;
      return [[event.callId, { ...withData(record, event.callData), rang: record.rang || rings }]];
    }
    case 'Established': {
      const base = record ?? recordFrom(event, thisDN);
      if (base === undefined) return [[event.callId, undefined]];
      if (base.established) return [[event.callId, withData(base, event.callData)]];
      const otherDN = event.answeringDevice === thisDN ? event.callingDevice : event.answeringDevice;
      return [[event.callId, { ...withData(base, event.callData), established: true, otherDN }]];
    }
    case 'Originated':
      return [[event.callId, record === undefined ? recordFromOriginated(event, thisDN) : withData(record, event.callData)]];
    case 'Held':
      return [[event.callId, record === undefined || event.holdingDevice !== thisDN ? record : { ...record, held: true }]];
    case 'Retrieved':
      return [[event.callId, record === undefined || event.retrievingDevice !== thisDN ? record : { ...record, held: false }]];
    case 'ConnectionCleared': {
      if (record === undefined) return [[event.callId, undefined]];
      if (event.releasingDevice === thisDN) return [[event.callId, ended(record)]];
      // Another party leaving does not end the call for this extension: CallCleared will.
      const parties = record.parties?.filter((p) => p !== event.releasingDevice);
      return [[event.callId, parties === undefined ? record : { ...record, parties, otherDN: otherParty(parties, thisDN, record.otherDN) }]];
    }
    case 'CallCleared':
    case 'Failed':
      return [[event.callId, ended(record)]];
    case 'Transferred':
    case 'Conferenced': {
      const secondary = event.secondaryOldCall === undefined ? [] : ([[event.secondaryOldCall, ended(known.secondary)]] as const);
      switch (mergeRole(event, known, thisDN)) {
        case 'left':
          return [...secondary, [event.callId, ended(record)]];
        case 'awaitsRinging':
          return [[event.callId, undefined]];
        case 'stays':
        case 'joins':
          return [...secondary, [event.callId, mergedRecord(event, known, thisDN)]];
      }
      break;
    }
    default:
      return [];
  }
}

/** The calls a CTI event is about (a transfer or conference names two); none for agent events. */
export function callIdsOf(event: CtiEvent): string[] {
  if (!('callId' in event)) return [];
  if ((event.name === 'Transferred' || event.name === 'Conferenced') && event.secondaryOldCall !== undefined) return [event.callId, event.secondaryOldCall];
  return [event.callId];
}

/** The call a CTI event is about; undefined for agent events. */
export function callIdOf(event: CtiEvent): string | undefined {
  return 'callId' in event ? event.callId : undefined;
}
