/**
 * The contract's request frames as the CSTA XML requests the reference adapter sends
 * (docs/dialects/csta-xml.md). AgentLogin and AgentLogout are SetAgentState with loggedOn and
 * loggedOff; the agent's password travels as hexBinary, as ECMA-323's AgentPassword is.
 */
import { CSTA_NAMESPACE, type CstaMessage } from '../../../contract/csta-xml/messages.ts';
import { itemsOf, privately } from '../../../contract/csta-xml/particulars.ts';
import type { RequestFrame } from '../../../contract/cti-wire/frames.ts';

const connection = (callId: string, deviceId: string) => ({ callID: callId, deviceID: deviceId });

/** Call data as private data, an empty set included: a consult with no call data is not one that keeps the held call's. */
function withCallData(callData: Readonly<Record<string, string>> | undefined): ReturnType<typeof privately> {
  return callData === undefined ? {} : privately({ callData: itemsOf(callData) });
}

/**
 * The one CSTA request for a contract request (SnapshotDevice's agent part is GetAgentState, sent
 * beside it by the link). `device`: the extension the request is for, which SetAgentState names.
 */
export function cstaRequest(frame: RequestFrame, device: string): CstaMessage {
  switch (frame.type) {
    case 'StartApplicationSession':
      return {
        type: 'StartApplicationSession',
        body: {
          applicationInfo: {
            applicationID: frame.applicationId,
            applicationSpecificInfo: { switchboard: { sessionLogin: { userName: frame.user, password: frame.password } } },
          },
          requestedProtocolVersions: { protocolVersion: CSTA_NAMESPACE },
        },
      };
    case 'StopApplicationSession':
      // The server knows the session by its connection; the element is required, so the link names it.
      return { type: 'StopApplicationSession', body: { sessionID: 'current', sessionEndReason: { definedEndReason: 'normal' } } };
    case 'MonitorStart':
      return { type: 'MonitorStart', body: { monitorObject: { deviceObject: frame.deviceId } } };
    case 'MonitorStop':
      return { type: 'MonitorStop', body: { monitorCrossRefID: frame.monitorId } };
    case 'SnapshotDevice':
      return { type: 'SnapshotDevice', body: { snapshotObject: frame.deviceId } };
    case 'AgentLogin':
      return {
        type: 'SetAgentState',
        body: {
          device: frame.deviceId,
          requestedAgentState: 'loggedOn',
          agentID: frame.agentId,
          password: Buffer.from(frame.password, 'utf8').toString('hex'),
          ...(frame.queue === undefined ? {} : { group: frame.queue }),
        },
      };
    case 'AgentLogout':
      return {
        type: 'SetAgentState',
        body: { device, requestedAgentState: 'loggedOff', agentID: frame.agentId, ...privately({ reasonCode: frame.reasonCode }) },
      };
    case 'SetAgentState':
      return {
        type: 'SetAgentState',
        body: { device, requestedAgentState: frame.state, agentID: frame.agentId, ...privately({ reasonCode: frame.reasonCode }) },
      };
    case 'AnswerCall':
      return { type: 'AnswerCall', body: { callToBeAnswered: connection(frame.callId, frame.deviceId) } };
    case 'ClearConnection':
      return { type: 'ClearConnection', body: { connectionToBeCleared: connection(frame.callId, frame.deviceId) } };
    case 'HoldCall':
      return { type: 'HoldCall', body: { callToBeHeld: connection(frame.callId, frame.deviceId) } };
    case 'RetrieveCall':
      return { type: 'RetrieveCall', body: { callToBeRetrieved: connection(frame.callId, frame.deviceId) } };
    case 'MakeCall':
      return {
        type: 'MakeCall',
        body: { callingDevice: frame.callingDevice, calledDirectoryNumber: frame.calledDirectoryNumber, ...withCallData(frame.callData) },
      };
    case 'GenerateDigits':
      return { type: 'GenerateDigits', body: { connectionToSendDigits: connection(frame.callId, frame.deviceId), charactersToSend: frame.digits } };
    case 'ConsultationCall':
      return {
        type: 'ConsultationCall',
        body: { existingCall: connection(frame.existingCallId, frame.deviceId), consultedDevice: frame.consultedDevice, ...withCallData(frame.callData) },
      };
    case 'TransferCall':
      return {
        type: 'TransferCall',
        body: { heldCall: connection(frame.heldCallId, frame.deviceId), activeCall: connection(frame.activeCallId, frame.deviceId) },
      };
    case 'SingleStepTransfer':
      return {
        type: 'SingleStepTransferCall',
        body: { activeCall: connection(frame.callId, frame.deviceId), transferredTo: frame.transferredTo, ...withCallData(frame.callData) },
      };
    case 'ConferenceCall':
      return {
        type: 'ConferenceCall',
        body: { heldCall: connection(frame.heldCallId, frame.deviceId), activeCall: connection(frame.activeCallId, frame.deviceId) },
      };
  }
}
