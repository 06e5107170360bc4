/** Builders for CTI wire events, in the words of a telephony scenario. */
import type { CallData, Cause, CtiEvent } from '../../../src/contract/cti-wire/frames.ts';

export interface Parties {
  readonly calling: string;
  readonly called: string;
  readonly trunk?: string;
  readonly data?: CallData;
}

export function delivered(callId: string, alerting: string, parties: Parties): CtiEvent {
  const trunk = parties.trunk === undefined ? {} : { trunkUsed: parties.trunk };
  return { name: 'Delivered', callId, alertingDevice: alerting, callingDevice: parties.calling, calledDevice: parties.called, ...trunk, callData: parties.data ?? {}, cause: 'newCall' };
}

export function established(callId: string, answering: string, parties: Parties): CtiEvent {
  const trunk = parties.trunk === undefined ? {} : { trunkUsed: parties.trunk };
  return { name: 'Established', callId, answeringDevice: answering, callingDevice: parties.calling, calledDevice: parties.called, ...trunk, callData: parties.data ?? {}, cause: 'normal' };
}

export function connectionCleared(callId: string, releasing: string, cause: Cause = 'normal'): CtiEvent {
  return { name: 'ConnectionCleared', callId, releasingDevice: releasing, cause };
}

export function callCleared(callId: string, cause: Cause = 'normal'): CtiEvent {
  return { name: 'CallCleared', callId, cause };
}

/** Agent events of agent `agentId` on extension `dn`, in the words of the wire. */
export function agentOn(agentId: string, dn: string) {
  const who = { agentId, deviceId: dn };
  const reason = (reasonCode: string | undefined) => (reasonCode === undefined ? {} : { reasonCode });
  return {
    loggedOn: (): CtiEvent => ({ name: 'AgentLoggedOn', ...who }),
    loggedOff: (reasonCode?: string): CtiEvent => ({ name: 'AgentLoggedOff', ...who, ...reason(reasonCode) }),
    ready: (): CtiEvent => ({ name: 'AgentReady', ...who }),
    notReady: (reasonCode?: string): CtiEvent => ({ name: 'AgentNotReady', ...who, ...reason(reasonCode) }),
    afterCallWork: (): CtiEvent => ({ name: 'AgentWorkingAfterCall', ...who }),
    busy: (): CtiEvent => ({ name: 'AgentBusy', ...who }),
  };
}
