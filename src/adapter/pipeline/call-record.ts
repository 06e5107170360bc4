/**
 * What one monitored extension knows about one call, and how each CTI event advances it. Pure:
 * the mapping stages read a record, the pipeline stores the advanced one.
 */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import type { CallType } from '../../contract/pega/events.ts';

export interface CallRecord {
  readonly callId: string;
  /** How this extension is in the call: it was offered the call (it rang here) or it placed it. */
  readonly role: 'offered' | 'placed';
  readonly established: boolean;
  /** This extension's part in the call is over; its terminal event was due. */
  readonly ended: boolean;
  readonly callType: CallType;
  readonly ani: string;
  readonly dnis: string;
  readonly otherDN: string;
  readonly callData: Readonly<Record<string, string>>;
}

/** The facts a call event carries about the parties, in the words of the wire. */
type PartyEvent = Extract<CtiEvent, { name: 'Delivered' | 'Established' }>;

/** Where thisDN stands in a Delivered or Established, for a call it has no record of yet. */
export function recordFrom(event: PartyEvent, thisDN: string): CallRecord {
  const reached = event.name === 'Delivered' ? event.alertingDevice : event.answeringDevice;
  const offered = reached === thisDN;
  const external = event.trunkUsed !== undefined;
  return {
    callId: event.callId,
    role: offered ? 'offered' : 'placed',
    established: false,
    ended: false,
    callType: external ? (offered ? 'INBOUND' : 'OUTBOUND') : 'INTERNAL',
    ani: event.callingDevice,
    dnis: event.calledDevice,
    // Offered: the caller is the other party. Placed: whoever rings or answers is.
    otherDN: offered ? event.callingDevice : event.name === 'Delivered' ? event.calledDevice : event.answeringDevice,
    callData: { ...event.callData },
  };
}

/** The record after `event`, or undefined when the event tells nothing about a call this extension knows. */
export function advanceCall(record: CallRecord | undefined, event: CtiEvent, thisDN: string): CallRecord | undefined {
  switch (event.name) {
    case 'Delivered':
      return record === undefined ? recordFrom(event, thisDN) : { ...record, callData: { ...record.callData, ...event.callData } };
    case 'Established': {
      const base = record ?? recordFrom(event, thisDN);
      const otherDN = event.answeringDevice === thisDN ? event.callingDevice : event.answeringDevice;
      return { ...base, established: true, otherDN, callData: { ...base.callData, ...event.callData } };
    }
    case 'ConnectionCleared':
      // Another party leaving does not end the call for this extension: CallCleared will.
      return record === undefined || event.releasingDevice !== thisDN ? record : { ...record, ended: true };
    case 'CallCleared':
      return record === undefined ? undefined : { ...record, ended: true };
    default:
      return record;
  }
}

/** The call a CTI event is about; undefined for agent events. */
export function callIdOf(event: CtiEvent): string | undefined {
  return 'callId' in event ? event.callId : undefined;
}
