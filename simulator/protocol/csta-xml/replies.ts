/**
 * The contract's Response and Error frames as CSTA XML positive responses, CSTAErrorCode and the
 * ECMA-354 session's answers. `asked` is the CSTA request being answered: GetAgentState and
 * SnapshotDevice are both served by a device snapshot, but answer differently.
 */
import { CSTA_ERROR_OF, SESSION_REFUSAL_OF } from '../../../src/contract/csta-xml/errors.ts';
import type { Static } from '@sinclair/typebox';
import { CSTA_NAMESPACE, type CstaAgentState, type CstaMessage } from '../../../src/contract/csta-xml/messages.ts';
import { privately, withCallData } from '../../../src/contract/csta-xml/particulars.ts';
import type { AgentState, ConnectionState, ErrorFrame, ResponseFrame, ResultOf } from '../../../src/contract/cti-wire/frames.ts';
import type { CstaRequestType } from './requests.ts';

const AGENT_STATE: Readonly<Record<Exclude<AgentState, 'loggedOut'>, Static<typeof CstaAgentState>>> = {
  loggedIn: 'agentNull',
  ready: 'agentReady',
  notReady: 'agentNotReady',
  workingAfterCall: 'agentWorkingAfterCall',
  busy: 'agentBusy',
};

const CONNECTION_STATE: Readonly<Record<ConnectionState, 'initiated' | 'alerting' | 'connected' | 'hold'>> = {
  initiated: 'initiated',
  alerting: 'alerting',
  connected: 'connected',
  held: 'hold',
};

function snapshotResponse(result: ResultOf<'SnapshotDevice'>): CstaMessage {
  const info = result.calls.map((call) => ({
    connectionIdentifier: { callID: call.callId, deviceID: result.deviceId },
    localCallState: { compoundCallState: { localConnectionState: CONNECTION_STATE[call.state] } },
  }));
  const calls = result.calls.map((call) => ({
    callID: call.callId,
    callingDevice: call.callingDevice,
    calledDevice: call.calledDevice,
    ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
    ...withCallData(call.callData),
  }));
  return {
    type: 'SnapshotDeviceResponse',
    body: {
      crossRefIDorSnapshotData: { snapshotData: { snapshotDeviceResponseInfo: info } },
      ...privately(calls.length === 0 ? {} : { calls: { call: calls } }),
    },
  };
}

function agentStateResponse(result: ResultOf<'SnapshotDevice'>): CstaMessage {
  const { agent } = result;
  if (agent === undefined) return { type: 'GetAgentStateResponse', body: { agentStateList: {} } };
  const entry =
    agent.state === 'loggedOut'
      ? { agentID: agent.agentId, loggedOnState: 'false' as const }
      : { agentID: agent.agentId, loggedOnState: 'true' as const, agentInfo: { agentInfoItem: [{ agentState: AGENT_STATE[agent.state] }] } };
  return {
    type: 'GetAgentStateResponse',
    body: { agentStateList: { agentStateEntry: [entry] }, ...privately(agent.reasonCode === undefined ? {} : { reasonCode: agent.reasonCode }) },
  };
}

/** The request being answered: its CSTA type, and the requester's device (a response's connection names it; the contract's response does not repeat it). */
export interface Asked {
  readonly type: CstaRequestType;
  readonly deviceId: string;
}

export function responseMessage(asked: Asked, response: ResponseFrame): CstaMessage {
  const deviceID = asked.deviceId;
  switch (response.request) {
    case 'StartApplicationSession':
      return {
        type: 'StartApplicationSessionPosResponse',
        body: {
          sessionID: response.result.sessionId,
          actualProtocolVersion: CSTA_NAMESPACE,
          ...privately({ heartbeatIntervalMs: String(response.result.heartbeatIntervalMs) }),
        },
      };
    case 'StopApplicationSession':
      return { type: 'StopApplicationSessionPosResponse', body: {} };
    case 'MonitorStart':
      return { type: 'MonitorStartResponse', body: { monitorCrossRefID: response.result.monitorId } };
    case 'MonitorStop':
      return { type: 'MonitorStopResponse', body: {} };
    case 'SnapshotDevice':
      return asked.type === 'GetAgentState' ? agentStateResponse(response.result) : snapshotResponse(response.result);
    case 'AgentLogin':
    case 'AgentLogout':
    case 'SetAgentState':
      return { type: 'SetAgentStateResponse', body: {} };
    case 'MakeCall':
      return { type: 'MakeCallResponse', body: { callingDevice: { callID: response.result.callId, deviceID } } };
    case 'AnswerCall':
      return { type: 'AnswerCallResponse', body: {} };
    case 'ClearConnection':
      return { type: 'ClearConnectionResponse', body: {} };
    case 'HoldCall':
      return { type: 'HoldCallResponse', body: {} };
    case 'RetrieveCall':
      return { type: 'RetrieveCallResponse', body: {} };
    case 'GenerateDigits':
      return { type: 'GenerateDigitsResponse', body: {} };
    case 'ConsultationCall':
      return { type: 'ConsultationCallResponse', body: { initiatedCall: { callID: response.result.callId, deviceID } } };
    case 'TransferCall':
      return { type: 'TransferCallResponse', body: { transferredCall: { callID: response.result.callId, deviceID } } };
    case 'SingleStepTransfer':
      return { type: 'SingleStepTransferCallResponse', body: { transferredCall: { callID: response.result.callId, deviceID } } };
    case 'ConferenceCall':
      return { type: 'ConferenceCallResponse', body: { conferenceCall: { callID: response.result.callId, deviceID } } };
  }
}

export function errorMessage(asked: Asked | null, frame: ErrorFrame): CstaMessage {
  const refusal = asked?.type === 'StartApplicationSession' ? SESSION_REFUSAL_OF[frame.error.code] : undefined;
  if (refusal !== undefined) return { type: 'StartApplicationSessionNegResponse', body: { errorCode: { definedError: refusal } } };
  return { type: 'CSTAErrorCode', body: CSTA_ERROR_OF[frame.error.code] };
}
