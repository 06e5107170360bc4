/**
 * What the CSTA XML server says, in the contract's words the adapter's session consumes:
 * positive responses as the result of the request they answer, CSTAErrorCode and the session's
 * negative response as the wire's error codes, ECMA-323 events as the contract's events.
 */
import { describeCstaError, wireCodeOf } from '../../../contract/csta-xml/errors.ts';
import type { BodyOf, CstaMessage, EventCause } from '../../../contract/csta-xml/messages.ts';
import { callDataOf, particularsOf, recordOf } from '../../../contract/csta-xml/particulars.ts';
import type { AgentState, Cause, CtiEvent, RequestType, ResultOf, SnapshotCall, WireErrorCode } from '../../../contract/cti-wire/frames.ts';

/** Diverted and Queued come from switches that divert and queue; a call leaving a device by diversion is, for the desktop, its connection clearing. */
const CAUSE: Readonly<Record<EventCause, Cause>> = {
  newCall: 'newCall',
  normalClearing: 'normal',
  callCancelled: 'callCancelled',
  callNotAnswered: 'noAnswer',
  busy: 'busy',
  destNotObtainable: 'invalidNumber',
  makeCall: 'makeCall',
  consultation: 'consultation',
  transfer: 'transfer',
  singleStepTransfer: 'singleStepTransfer',
  conference: 'conference',
  redirected: 'normal',
  distributed: 'normal',
};

const AGENT_STATE = {
  agentNull: 'loggedIn',
  agentReady: 'ready',
  agentNotReady: 'notReady',
  agentWorkingAfterCall: 'workingAfterCall',
  agentBusy: 'busy',
} as const satisfies Record<string, AgentState>;

export type Answer =
  | { readonly kind: 'result'; readonly result: unknown }
  | { readonly kind: 'error'; readonly code: WireErrorCode; readonly reason: string }
  /** The answer is not one the request expects. */
  | { readonly kind: 'mismatch'; readonly reason: string };

const result = (value: unknown): Answer => ({ kind: 'result', result: value });

/** The calls a SnapshotDeviceResponse reports, with the particulars its private data adds. */
export function snapshotCalls(body: BodyOf<'SnapshotDeviceResponse'>): SnapshotCall[] {
  const particulars = new Map((particularsOf(body.extensions).calls?.call ?? []).map((call) => [call.callID, call]));
  return body.crossRefIDorSnapshotData.snapshotData.snapshotDeviceResponseInfo.flatMap((info): SnapshotCall[] => {
    const state = info.localCallState.compoundCallState.localConnectionState;
    const known = state === 'hold' ? 'held' : state === 'initiated' || state === 'alerting' || state === 'connected' ? state : null;
    const call = particulars.get(info.connectionIdentifier.callID);
    if (known === null || call === undefined) return [];
    const callData = call.callData === undefined ? {} : recordOf(call.callData);
    return [
      {
        callId: call.callID,
        state: known,
        callingDevice: call.callingDevice,
        calledDevice: call.calledDevice,
        ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
        callData: { ...callData },
      },
    ];
  });
}

/** The agent a GetAgentStateResponse reports, if any. */
export function agentOf(body: BodyOf<'GetAgentStateResponse'>): ResultOf<'SnapshotDevice'>['agent'] {
  const entry = body.agentStateList.agentStateEntry?.[0];
  if (entry === undefined) return undefined;
  const reasonCode = particularsOf(body.extensions).reasonCode;
  const item = entry.agentInfo?.agentInfoItem[0];
  const state: AgentState = entry.loggedOnState === 'false' ? 'loggedOut' : item === undefined ? 'loggedIn' : AGENT_STATE[item.agentState];
  return { agentId: entry.agentID, state, ...(reasonCode === undefined ? {} : { reasonCode }) };
}

/** The answer to `request` (the contract's request type the link sent) that `message` gives. */
export function answerTo(request: RequestType, message: CstaMessage): Answer {
  if (message.type === 'CSTAErrorCode') {
    const code = wireCodeOf(message.body);
    return { kind: 'error', code: code ?? 'serviceUnavailable', reason: `CSTA error ${describeCstaError(message.body)}` };
  }
  if (message.type === 'StartApplicationSessionNegResponse') {
    const defined = message.body.errorCode.definedError;
    return {
      kind: 'error',
      code: defined === 'invalidApplicationInfo' ? 'authenticationFailed' : 'unsupportedProtocolVersion',
      reason: `session refused: ${defined}`,
    };
  }
  const expected: Readonly<Record<RequestType, CstaMessage['type']>> = {
    StartApplicationSession: 'StartApplicationSessionPosResponse',
    StopApplicationSession: 'StopApplicationSessionPosResponse',
    MonitorStart: 'MonitorStartResponse',
    MonitorStop: 'MonitorStopResponse',
    SnapshotDevice: 'SnapshotDeviceResponse',
    AgentLogin: 'SetAgentStateResponse',
    AgentLogout: 'SetAgentStateResponse',
    SetAgentState: 'SetAgentStateResponse',
    AnswerCall: 'AnswerCallResponse',
    ClearConnection: 'ClearConnectionResponse',
    HoldCall: 'HoldCallResponse',
    RetrieveCall: 'RetrieveCallResponse',
    MakeCall: 'MakeCallResponse',
    GenerateDigits: 'GenerateDigitsResponse',
    ConsultationCall: 'ConsultationCallResponse',
    TransferCall: 'TransferCallResponse',
    SingleStepTransfer: 'SingleStepTransferCallResponse',
    ConferenceCall: 'ConferenceCallResponse',
  };
  if (message.type !== expected[request]) return { kind: 'mismatch', reason: `the CTI server answered ${request} with a ${message.type}` };
  switch (message.type) {
    case 'StartApplicationSessionPosResponse': {
      const interval = Number(particularsOf(message.body.extensions).heartbeatIntervalMs ?? 'NaN');
      if (!Number.isInteger(interval) || interval < 1)
        return { kind: 'mismatch', reason: 'the CTI server did not say its heartbeat interval (heartbeatIntervalMs)' };
      return result({ sessionId: message.body.sessionID, heartbeatIntervalMs: interval });
    }
    case 'MonitorStartResponse':
      return result({ monitorId: message.body.monitorCrossRefID });
    case 'SnapshotDeviceResponse':
      return result({ calls: snapshotCalls(message.body) });
    case 'MakeCallResponse':
      return result({ callId: message.body.callingDevice.callID });
    case 'ConsultationCallResponse':
      return result({ callId: message.body.initiatedCall.callID });
    case 'TransferCallResponse':
    case 'SingleStepTransferCallResponse':
      return result({ callId: message.body.transferredCall.callID });
    case 'ConferenceCallResponse':
      return result({ callId: message.body.conferenceCall.callID });
    default:
      return result({});
  }
}

const device = (subject: { readonly deviceIdentifier: string }): string => subject.deviceIdentifier;

/** The contract's event for an ECMA-323 event; null for one the desktop has no use for (Queued: nothing rings yet). */
export function contractEvent(message: CstaMessage): CtiEvent | null {
  if (!('monitorCrossRefID' in message.body)) return null;
  const particulars = 'extensions' in message.body ? particularsOf(message.body.extensions) : {};
  const callData = { ...(callDataOf('extensions' in message.body ? message.body.extensions : undefined) ?? {}) };
  const trunk = particulars.trunkUsed === undefined ? {} : { trunkUsed: particulars.trunkUsed };
  const reason = particulars.reasonCode === undefined ? {} : { reasonCode: particulars.reasonCode };
  const parties = [...(particulars.parties?.deviceID ?? [])];
  switch (message.type) {
    case 'DeliveredEvent': {
      const b = message.body;
      return {
        name: 'Delivered',
        callId: b.connection.callID,
        alertingDevice: device(b.alertingDevice),
        callingDevice: device(b.callingDevice),
        calledDevice: device(b.calledDevice),
        ...trunk,
        callData,
        cause: CAUSE[b.cause],
      };
    }
    case 'EstablishedEvent': {
      const b = message.body;
      return {
        name: 'Established',
        callId: b.establishedConnection.callID,
        answeringDevice: device(b.answeringDevice),
        callingDevice: device(b.callingDevice),
        calledDevice: device(b.calledDevice),
        ...trunk,
        callData,
        cause: CAUSE[b.cause],
      };
    }
    case 'OriginatedEvent': {
      const b = message.body;
      return {
        name: 'Originated',
        callId: b.originatedConnection.callID,
        callingDevice: device(b.callingDevice),
        calledDevice: device(b.calledDevice),
        ...trunk,
        callData,
        cause: CAUSE[b.cause],
      };
    }
    case 'HeldEvent':
      return { name: 'Held', callId: message.body.heldConnection.callID, holdingDevice: device(message.body.holdingDevice), cause: CAUSE[message.body.cause] };
    case 'RetrievedEvent':
      return {
        name: 'Retrieved',
        callId: message.body.retrievedConnection.callID,
        retrievingDevice: device(message.body.retrievingDevice),
        cause: CAUSE[message.body.cause],
      };
    case 'ConnectionClearedEvent':
      return {
        name: 'ConnectionCleared',
        callId: message.body.droppedConnection.callID,
        releasingDevice: device(message.body.releasingDevice),
        cause: CAUSE[message.body.cause],
      };
    case 'DivertedEvent':
      return {
        name: 'ConnectionCleared',
        callId: message.body.connection.callID,
        releasingDevice: device(message.body.divertingDevice),
        cause: CAUSE[message.body.cause],
      };
    case 'CallClearedEvent':
      return { name: 'CallCleared', callId: message.body.clearedCall.callID, cause: CAUSE[message.body.cause] };
    case 'TransferredEvent': {
      const b = message.body;
      return {
        name: 'Transferred',
        callId: b.primaryOldCall.callID,
        ...(b.secondaryOldCall === undefined ? {} : { secondaryOldCall: b.secondaryOldCall.callID }),
        transferringDevice: device(b.transferringDevice),
        transferredToDevice: device(b.transferredToDevice),
        parties,
        ...(b.callingDevice === undefined ? {} : { callingDevice: device(b.callingDevice) }),
        ...(b.calledDevice === undefined ? {} : { calledDevice: device(b.calledDevice) }),
        callData,
        cause: CAUSE[b.cause],
      };
    }
    case 'ConferencedEvent': {
      const b = message.body;
      return {
        name: 'Conferenced',
        callId: b.primaryOldCall.callID,
        secondaryOldCall: b.secondaryOldCall.callID,
        conferencingDevice: device(b.conferencingDevice),
        addedParty: device(b.addedParty),
        parties,
        ...(b.callingDevice === undefined ? {} : { callingDevice: device(b.callingDevice) }),
        ...(b.calledDevice === undefined ? {} : { calledDevice: device(b.calledDevice) }),
        callData,
        cause: CAUSE[b.cause],
      };
    }
    case 'FailedEvent':
      return {
        name: 'Failed',
        callId: message.body.failedConnection.callID,
        failingDevice: device(message.body.failingDevice),
        calledDevice: device(message.body.calledDevice),
        cause: CAUSE[message.body.cause],
      };
    case 'AgentLoggedOnEvent':
    case 'AgentReadyEvent':
    case 'AgentWorkingAfterCallEvent':
    case 'AgentBusyEvent':
      return {
        name: message.type.slice(0, -'Event'.length) as 'AgentLoggedOn' | 'AgentReady' | 'AgentWorkingAfterCall' | 'AgentBusy',
        agentId: message.body.agentID,
        deviceId: device(message.body.agentDevice),
      };
    case 'AgentLoggedOffEvent':
    case 'AgentNotReadyEvent':
      return {
        name: message.type === 'AgentLoggedOffEvent' ? 'AgentLoggedOff' : 'AgentNotReady',
        agentId: message.body.agentID,
        deviceId: device(message.body.agentDevice),
        ...reason,
      };
    default:
      return null;
  }
}

/** The per-monitor sequence number an event carries, if it carries one. */
export function sequenceOf(message: CstaMessage): number | null {
  const extensions = 'extensions' in message.body ? message.body.extensions : undefined;
  const seq = extensions?.security?.messageSequenceNumber;
  return seq === undefined ? null : Number(seq);
}
