/**
 * SetEventType: names each CTI (CSTA) event in Pega's vocabulary from the point of view of the
 * monitored extension. Delivered is Offering where the call rings and Alerting where it was
 * placed; a call ends with exactly one Abandoned or Disconnected per extension (decision 0003).
 * Full telephony (decision 0013): Originated is Initiated, Held / Retrieved name the extension that
 * holds, Failed is Disconnected with the reason in pyCallState, and a transfer or conference
 * ends, continues or starts calls on each desktop and reports the parties (PartyInfo).
 */
import type { Cause, CtiEventOf } from '../../contract/cti-wire/frames.ts';
import type { CallFailureState } from '../../contract/pega/events.ts';
import { advanceCalls, mergedRecord, mergeRetrieves, mergeRole, recordFrom, recordFromOriginated, type CallRecord, type CallsOf } from './call-record.ts';
import type { CallFacts, NormalizedEvent, SetEventTypeInput, StageContext } from './types.ts';

type CallEventName = Extract<NormalizedEvent, { kind: 'call' }>['name'];
const NOTHING: readonly NormalizedEvent[] = [];

export function setEventType({ event, call, secondary }: SetEventTypeInput, ctx: StageContext): readonly NormalizedEvent[] {
  const thisDN = ctx.thisDN;
  switch (event.name) {
    case 'Delivered': {
      if (call === undefined) {
        // One Offering (or Alerting) per call per extension, however often the call is re-delivered.
        const record = recordFrom(event, thisDN);
        if (record === undefined) return NOTHING;
        return [callEvent(record.role === 'offered' ? 'Offering' : 'Alerting', record)];
      }
      // The far end of a call this extension placed starts ringing.
      const farEndRings = call.role === 'placed' && !call.rang && !call.established && event.alertingDevice !== thisDN;
      return farEndRings ? [callEvent('Alerting', call)] : NOTHING;
    }
    case 'Established': {
      if (call?.established === true) return NOTHING;
      const next = recordOf(advanceCalls({ call, secondary }, event, thisDN), event.callId);
      return next === undefined ? NOTHING : [callEvent('Established', next)];
    }
    case 'Originated': {
      if (call !== undefined) return NOTHING;
      const record = recordFromOriginated(event, thisDN);
      return record === undefined ? NOTHING : [callEvent('Initiated', record)];
    }
    case 'Held':
      return call !== undefined && !call.held && event.holdingDevice === thisDN ? [callEvent('Held', call)] : NOTHING;
    case 'Retrieved':
      // Retrieved only ever follows Held on the same desktop.
      return call?.held === true && event.retrievingDevice === thisDN ? [callEvent('Retrieved', call)] : NOTHING;
    case 'ConnectionCleared': {
      if (call === undefined) return NOTHING;
      if (event.releasingDevice === thisDN) return [terminal(call, event)];
      // A party left a call whose parties are known (a conference, a transferred call): the rest hear it while two remain.
      if (call.parties === undefined || !call.parties.includes(event.releasingDevice)) return NOTHING;
      const parties = call.parties.filter((p) => p !== event.releasingDevice);
      return parties.length >= 2 ? [partyInfo(event.callId, parties)] : NOTHING;
    }
    case 'CallCleared':
      return call === undefined ? NOTHING : [terminal(call, event)];
    case 'Failed':
      return call === undefined ? NOTHING : [{ ...callEvent('Disconnected', call), failure: failureState(event.cause) }];
    case 'Transferred':
    case 'Conferenced':
      return merged(event, { call, secondary }, thisDN);
    case 'AgentLoggedOn':
      return [agentEvent('Login', '')];
    case 'AgentReady':
      return [agentEvent('Ready', '')];
    case 'AgentNotReady':
      return [agentEvent('NotReady', event.reasonCode ?? '')];
    case 'AgentWorkingAfterCall':
      return [agentEvent('NotReady', '', 'ACW')];
    case 'AgentBusy':
      // Pega's AgentStateEvent has no Busy; its work mode does (decision 0010).
      return [agentEvent('NotReady', '', 'BUSY')];
    case 'AgentLoggedOff':
      return [agentEvent('Logout', event.reasonCode ?? '')];
  }
}

/**
 * A transfer or conference, seen from one desktop. The consult call merged away ends (Disconnected);
 * the desktop that transferred, or is no longer among the parties, ends the call too. A desktop
 * that stays gets PartyInfo (and Retrieved when it conferenced the call it held: the conference
 * took it off hold; a party that holds the call while another merges it stays held); the consulted desktop joins the call that goes on — Established (Offering if the
 * consult still rang), CONSULT, with the call's data — then PartyInfo. A blind transfer reaching a
 * desktop that knew nothing of the call waits for the ringing (Delivered) to pop it.
 */
function merged(event: CtiEventOf<'Transferred'> | CtiEventOf<'Conferenced'>, known: CallsOf, thisDN: string): readonly NormalizedEvent[] {
  const consultEnds = known.secondary === undefined ? [] : [callEvent('Disconnected', known.secondary)];
  switch (mergeRole(event, known, thisDN)) {
    case 'left':
      return known.call === undefined ? consultEnds : [...consultEnds, callEvent('Disconnected', known.call)];
    case 'awaitsRinging':
      return NOTHING;
    case 'stays': {
      const record = mergedRecord(event, known, thisDN);
      const retrieved = known.call?.held === true && mergeRetrieves(event, thisDN) ? [callEvent('Retrieved', record)] : [];
      return [...consultEnds, ...retrieved, partyInfo(event.callId, event.parties)];
    }
    case 'joins': {
      const record = mergedRecord(event, known, thisDN);
      return [...consultEnds, callEvent(record.established ? 'Established' : 'Offering', record), partyInfo(event.callId, event.parties)];
    }
  }
}

/**
 * Abandoned when the extension only ever rang and the caller went away: the switch cancelled the
 * ringing (callCancelled), or the call cleared without this extension releasing it. Otherwise
 * Disconnected (answered calls, calls it placed, calls it rejected or let time out).
 */
function terminal(call: CallRecord, event: CtiEventOf<'ConnectionCleared'> | CtiEventOf<'CallCleared'>): NormalizedEvent {
  const onlyRang = call.role === 'offered' && !call.established;
  const callerLeft = event.name === 'CallCleared' || event.cause === 'callCancelled';
  return callEvent(onlyRang && callerLeft ? 'Abandoned' : 'Disconnected', call);
}

/** pyCallState of the Disconnected a CTI Failed becomes, by the Failed's cause; any other cause is Failed. */
export const CALL_FAILURE_FOR_CAUSE: Readonly<Partial<Record<Cause, CallFailureState>>> = {
  busy: 'Busy',
  invalidNumber: 'InvalidNumber',
  noAnswer: 'NoAnswer',
};

function failureState(cause: Cause): CallFailureState {
  return CALL_FAILURE_FOR_CAUSE[cause] ?? 'Failed';
}

function recordOf(updates: ReturnType<typeof advanceCalls>, callId: string): CallRecord | undefined {
  return updates.find(([id]) => id === callId)?.[1];
}

function callEvent(name: CallEventName, record: CallRecord): Extract<NormalizedEvent, { kind: 'call' }> {
  const call: CallFacts = {
    callId: record.callId,
    callType: record.callType,
    ani: record.ani,
    dnis: record.dnis,
    otherDN: record.otherDN,
    callData: record.callData,
  };
  return { kind: 'call', name, call };
}

function partyInfo(callId: string, parties: readonly string[]): NormalizedEvent {
  return { kind: 'party', name: 'PartyInfo', callId, parties: [...parties] };
}

type AgentEvent = Extract<NormalizedEvent, { kind: 'agent' }>;

function agentEvent(name: AgentEvent['name'], reasonCode: string, workMode: AgentEvent['workMode'] = ''): NormalizedEvent {
  return { kind: 'agent', name, reasonCode, workMode };
}
