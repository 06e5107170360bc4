/**
 * A CSTA XML request as the contract's request frame (docs/dialects/csta-xml.md, "Services").
 * SetAgentState carries the agent's login and logout too (requestedAgentState loggedOn/loggedOff);
 * GetAgentState reads the device's snapshot and answers with the agent part of it.
 */
import { formatIssues, type Issue } from '../../../src/contract/validation.ts';
import type { RequestFrame, RequestType } from '../../../src/contract/cti-wire/frames.ts';
import type { BodyOf, CstaMessage, Extensions, MessageType } from '../../../src/contract/csta-xml/messages.ts';
import { callDataOf } from '../../../src/contract/csta-xml/particulars.ts';

/** The CSTA requests the server serves. */
export type CstaRequestType =
  | 'StartApplicationSession'
  | 'StopApplicationSession'
  | 'MonitorStart'
  | 'MonitorStop'
  | 'SnapshotDevice'
  | 'GetAgentState'
  | 'SetAgentState'
  | 'MakeCall'
  | 'AnswerCall'
  | 'ClearConnection'
  | 'HoldCall'
  | 'RetrieveCall'
  | 'ConsultationCall'
  | 'TransferCall'
  | 'SingleStepTransferCall'
  | 'ConferenceCall'
  | 'GenerateDigits';

export type MappedRequest =
  | { readonly ok: true; readonly asked: CstaRequestType; readonly request: RequestFrame }
  | {
      readonly ok: false;
      readonly code: 'malformedFrame' | 'unknownRequest';
      readonly requestType: RequestType | null;
      readonly message: string;
      readonly paths: readonly string[];
    };

function withCallData(extensions: Extensions | undefined): { callData?: Readonly<Record<string, string>> } {
  const callData = callDataOf(extensions);
  return callData === undefined ? {} : { callData };
}

function refused(requestType: RequestType | null, issues: readonly Issue[]): MappedRequest {
  return { ok: false, code: 'malformedFrame', requestType, message: formatIssues(issues), paths: issues.map((i) => i.path) };
}

/** hexBinary (ECMA-323's AgentPassword) → text; null when it is no UTF-8. */
function fromHex(hex: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(hex, 'hex'));
  } catch {
    return null;
  }
}

function agentRequest(invokeId: number, body: BodyOf<'SetAgentState'>): MappedRequest {
  const agentId = body.agentID;
  const reasonCode = body.extensions?.privateData?.private.switchboard.reasonCode;
  const reason = reasonCode === undefined ? {} : { reasonCode };
  const requestType: RequestType =
    body.requestedAgentState === 'loggedOn' ? 'AgentLogin' : body.requestedAgentState === 'loggedOff' ? 'AgentLogout' : 'SetAgentState';
  if (agentId === undefined)
    return refused(requestType, [{ path: 'SetAgentState.agentID', message: 'Expected the agent id (agentID) of the agent whose state is set, got nothing' }]);
  switch (body.requestedAgentState) {
    case 'loggedOn': {
      const password = fromHex(body.password ?? '');
      if (password === null)
        return refused(requestType, [{ path: 'SetAgentState.password', message: 'Expected the password as hexBinary of UTF-8 text (value not shown)' }]);
      const queue = body.group === undefined ? {} : { queue: body.group };
      return { ok: true, asked: 'SetAgentState', request: { type: 'AgentLogin', invokeId, agentId, password, deviceId: body.device, ...queue } };
    }
    case 'loggedOff':
      return { ok: true, asked: 'SetAgentState', request: { type: 'AgentLogout', invokeId, agentId, ...reason } };
    default:
      return { ok: true, asked: 'SetAgentState', request: { type: 'SetAgentState', invokeId, agentId, state: body.requestedAgentState, ...reason } };
  }
}

/** The request frame a CSTA request asks for; a message that is no request is unknownRequest. */
export function requestOf(invokeId: number, message: CstaMessage): MappedRequest {
  const ok = (asked: CstaRequestType, request: RequestFrame): MappedRequest => ({ ok: true, asked, request });
  switch (message.type) {
    case 'StartApplicationSession': {
      const { applicationInfo, requestedProtocolVersions } = message.body;
      const login = applicationInfo.applicationSpecificInfo.switchboard.sessionLogin;
      if (login === undefined)
        return refused('StartApplicationSession', [
          {
            path: 'StartApplicationSession.applicationInfo.applicationSpecificInfo.switchboard.sessionLogin',
            message: 'Expected the user name and password, got nothing',
          },
        ]);
      return ok('StartApplicationSession', {
        type: 'StartApplicationSession',
        invokeId,
        applicationId: applicationInfo.applicationID,
        user: login.userName,
        password: login.password,
        protocolVersion: requestedProtocolVersions.protocolVersion,
      });
    }
    case 'StopApplicationSession':
      return ok('StopApplicationSession', { type: 'StopApplicationSession', invokeId });
    case 'MonitorStart':
      return ok('MonitorStart', { type: 'MonitorStart', invokeId, deviceId: message.body.monitorObject.deviceObject });
    case 'MonitorStop':
      return ok('MonitorStop', { type: 'MonitorStop', invokeId, monitorId: message.body.monitorCrossRefID });
    case 'SnapshotDevice':
      return ok('SnapshotDevice', { type: 'SnapshotDevice', invokeId, deviceId: message.body.snapshotObject });
    case 'GetAgentState':
      return ok('GetAgentState', { type: 'SnapshotDevice', invokeId, deviceId: message.body.device });
    case 'SetAgentState':
      return agentRequest(invokeId, message.body);
    case 'MakeCall':
      return ok('MakeCall', {
        type: 'MakeCall',
        invokeId,
        callingDevice: message.body.callingDevice,
        calledDirectoryNumber: message.body.calledDirectoryNumber,
        ...withCallData(message.body.extensions),
      });
    case 'AnswerCall': {
      const { callID, deviceID } = message.body.callToBeAnswered;
      return ok('AnswerCall', { type: 'AnswerCall', invokeId, callId: callID, deviceId: deviceID });
    }
    case 'ClearConnection': {
      const { callID, deviceID } = message.body.connectionToBeCleared;
      return ok('ClearConnection', { type: 'ClearConnection', invokeId, callId: callID, deviceId: deviceID });
    }
    case 'HoldCall': {
      const { callID, deviceID } = message.body.callToBeHeld;
      return ok('HoldCall', { type: 'HoldCall', invokeId, callId: callID, deviceId: deviceID });
    }
    case 'RetrieveCall': {
      const { callID, deviceID } = message.body.callToBeRetrieved;
      return ok('RetrieveCall', { type: 'RetrieveCall', invokeId, callId: callID, deviceId: deviceID });
    }
    case 'ConsultationCall': {
      const { existingCall, consultedDevice, extensions } = message.body;
      return ok('ConsultationCall', {
        type: 'ConsultationCall',
        invokeId,
        existingCallId: existingCall.callID,
        deviceId: existingCall.deviceID,
        consultedDevice,
        ...withCallData(extensions),
      });
    }
    case 'TransferCall': {
      const { heldCall, activeCall } = message.body;
      return ok('TransferCall', {
        type: 'TransferCall',
        invokeId,
        heldCallId: heldCall.callID,
        activeCallId: activeCall.callID,
        deviceId: activeCall.deviceID,
      });
    }
    case 'SingleStepTransferCall': {
      const { activeCall, transferredTo, extensions } = message.body;
      return ok('SingleStepTransferCall', {
        type: 'SingleStepTransfer',
        invokeId,
        callId: activeCall.callID,
        deviceId: activeCall.deviceID,
        transferredTo,
        ...withCallData(extensions),
      });
    }
    case 'ConferenceCall': {
      const { heldCall, activeCall } = message.body;
      return ok('ConferenceCall', {
        type: 'ConferenceCall',
        invokeId,
        heldCallId: heldCall.callID,
        activeCallId: activeCall.callID,
        deviceId: activeCall.deviceID,
      });
    }
    case 'GenerateDigits': {
      const { connectionToSendDigits, charactersToSend } = message.body;
      return ok('GenerateDigits', {
        type: 'GenerateDigits',
        invokeId,
        callId: connectionToSendDigits.callID,
        deviceId: connectionToSendDigits.deviceID,
        digits: charactersToSend,
      });
    }
    default:
      return {
        ok: false,
        code: 'unknownRequest',
        requestType: null,
        message: `${message.type}: Expected a request the server serves, got a ${notARequest(message.type)}`,
        paths: [message.type],
      };
  }
}

function notARequest(type: MessageType): string {
  return type.endsWith('Event') ? 'CSTA event' : type.endsWith('Response') || type === 'CSTAErrorCode' ? 'response' : `${type} message`;
}
