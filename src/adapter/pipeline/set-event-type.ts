/**
 * SetEventType: names each CTI (CSTA) event in Pega's vocabulary from the point of view of the
 * monitored extension. Delivered is Offering where the call rings and Alerting where it was
 * placed; a call ends with exactly one Abandoned or Disconnected per extension.
 */
import type { CtiEventOf } from '../../contract/cti-wire/frames.ts';
import { advanceCall, recordFrom, type CallRecord } from './call-record.ts';
import type { CallFacts, NormalizedEvent, SetEventTypeInput, StageContext } from './types.ts';

export function setEventType({ event, call }: SetEventTypeInput, ctx: StageContext): NormalizedEvent | null {
  switch (event.name) {
    case 'Delivered':
      // One Offering (or Alerting) per call per extension, however often the call is re-delivered.
      if (call !== undefined) return null;
      return callEvent(event.alertingDevice === ctx.thisDN ? 'Offering' : 'Alerting', recordFrom(event, ctx.thisDN));
    case 'Established': {
      if (call?.established === true) return null;
      const next = advanceCall(call, event, ctx.thisDN);
      return next === undefined ? null : callEvent('Established', next);
    }
    case 'ConnectionCleared':
      return call === undefined || event.releasingDevice !== ctx.thisDN ? null : terminal(call, event);
    case 'CallCleared':
      return call === undefined ? null : terminal(call, event);
    case 'AgentLoggedOn':
      return agentEvent('Login', '');
    case 'AgentReady':
      return agentEvent('Ready', '');
    case 'AgentNotReady':
      return agentEvent('NotReady', event.reasonCode ?? '');
    case 'AgentWorkingAfterCall':
      return agentEvent('NotReady', '', 'ACW');
    case 'AgentBusy':
      // Pega's AgentStateEvent has no Busy; its work mode does (decision 0010).
      return agentEvent('NotReady', '', 'BUSY');
    case 'AgentLoggedOff':
      return agentEvent('Logout', event.reasonCode ?? '');
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

function callEvent(name: Extract<NormalizedEvent, { kind: 'call' }>['name'], record: CallRecord): NormalizedEvent {
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

type AgentEvent = Extract<NormalizedEvent, { kind: 'agent' }>;

function agentEvent(name: AgentEvent['name'], reasonCode: string, workMode: AgentEvent['workMode'] = ''): NormalizedEvent {
  return { kind: 'agent', name, reasonCode, workMode };
}
