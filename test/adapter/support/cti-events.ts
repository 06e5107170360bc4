/** Builders for CTI wire events, in the words of a telephony scenario. */
import type { CallData, Cause, CtiEvent } from '../../../src/contract/cti-wire/frames.ts';

export interface Parties {
  readonly calling: string;
  readonly called: string;
  readonly trunk?: string;
  readonly data?: CallData;
}

export function delivered(callId: string, alerting: string, parties: Parties, cause: Cause = 'newCall'): CtiEvent {
  const trunk = parties.trunk === undefined ? {} : { trunkUsed: parties.trunk };
  return {
    name: 'Delivered',
    callId,
    alertingDevice: alerting,
    callingDevice: parties.calling,
    calledDevice: parties.called,
    ...trunk,
    callData: parties.data ?? {},
    cause,
  };
}

export function established(callId: string, answering: string, parties: Parties, cause: Cause = 'normal'): CtiEvent {
  const trunk = parties.trunk === undefined ? {} : { trunkUsed: parties.trunk };
  return {
    name: 'Established',
    callId,
    answeringDevice: answering,
    callingDevice: parties.calling,
    calledDevice: parties.called,
    ...trunk,
    callData: parties.data ?? {},
    cause,
  };
}

/** `calling` starts a call to `called` (MakeCall: cause makeCall; a consult: cause consultation). */
export function originated(callId: string, calling: string, called: string, options: { cause?: Cause; trunk?: string; data?: CallData } = {}): CtiEvent {
  const trunk = options.trunk === undefined ? {} : { trunkUsed: options.trunk };
  return {
    name: 'Originated',
    callId,
    callingDevice: calling,
    calledDevice: called,
    ...trunk,
    callData: options.data ?? {},
    cause: options.cause ?? 'makeCall',
  };
}

export function held(callId: string, holding: string, cause: Cause = 'normal'): CtiEvent {
  return { name: 'Held', callId, holdingDevice: holding, cause };
}

export function retrieved(callId: string, retrieving: string, cause: Cause = 'normal'): CtiEvent {
  return { name: 'Retrieved', callId, retrievingDevice: retrieving, cause };
}

export function failed(callId: string, failing: string, called: string, cause: Cause): CtiEvent {
  return { name: 'Failed', callId, failingDevice: failing, calledDevice: called, cause };
}

export interface Merge {
  /** The consult call merged into `callId`; absent for a blind transfer. */
  readonly consult?: string;
  readonly parties: readonly string[];
  readonly data?: CallData;
  readonly calling?: string;
  readonly called?: string;
}

export function transferred(callId: string, transferring: string, to: string, merge: Merge): CtiEvent {
  return {
    name: 'Transferred',
    callId,
    ...(merge.consult === undefined ? {} : { secondaryOldCall: merge.consult }),
    transferringDevice: transferring,
    transferredToDevice: to,
    parties: [...merge.parties],
    ...(merge.calling === undefined ? {} : { callingDevice: merge.calling }),
    ...(merge.called === undefined ? {} : { calledDevice: merge.called }),
    callData: merge.data ?? {},
    cause: merge.consult === undefined ? 'singleStepTransfer' : 'transfer',
  };
}

export function conferenced(callId: string, conferencing: string, added: string, merge: Merge & { readonly consult: string }): CtiEvent {
  return {
    name: 'Conferenced',
    callId,
    secondaryOldCall: merge.consult,
    conferencingDevice: conferencing,
    addedParty: added,
    parties: [...merge.parties],
    ...(merge.calling === undefined ? {} : { callingDevice: merge.calling }),
    ...(merge.called === undefined ? {} : { calledDevice: merge.called }),
    callData: merge.data ?? {},
    cause: 'conference',
  };
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
