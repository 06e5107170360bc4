/**
 * The contract's agent and call-control requests as the model inputs they ask for, and the
 * Response each gets once the model applied it. Pure; the request rules (requests.ts) step the
 * model with them.
 */
import type { RequestOf, ResponseFrame } from '../../src/contract/cti-wire/frames.ts';
import type { Applied, ModelInput } from '../model/types.ts';

export type AgentRequest = RequestOf<'AgentLogin'> | RequestOf<'AgentLogout'> | RequestOf<'SetAgentState'>;
export type CallRequest = RequestOf<
  | 'AnswerCall'
  | 'ClearConnection'
  | 'HoldCall'
  | 'RetrieveCall'
  | 'MakeCall'
  | 'GenerateDigits'
  | 'ConsultationCall'
  | 'TransferCall'
  | 'SingleStepTransfer'
  | 'ConferenceCall'
>;
/** A request that steps the model: the model input, and the Response once it is applied. */
export type SteppingRequest = AgentRequest | CallRequest;

/** The model input an agent request asks for. */
export function agentInput(req: AgentRequest): ModelInput {
  const reason = (code: string | undefined) => (code === undefined ? {} : { reasonCode: code });
  switch (req.type) {
    case 'AgentLogin':
      return {
        kind: 'agentLogin',
        agent: req.agentId,
        password: req.password,
        extension: req.deviceId,
        ...(req.queue === undefined ? {} : { queue: req.queue }),
      };
    case 'AgentLogout':
      return { kind: 'agentLogout', agent: req.agentId, ...reason(req.reasonCode) };
    case 'SetAgentState':
      return { kind: 'setAgentState', agent: req.agentId, state: req.state === 'workingAfterCall' ? 'afterCallWork' : req.state, ...reason(req.reasonCode) };
  }
}

function withData(callData: Readonly<Record<string, string>> | undefined): { callData?: Readonly<Record<string, string>> } {
  return callData === undefined ? {} : { callData };
}

/** The model input a call-control request asks for (ClearConnection: the device leaves the call, whoever it is). */
export function callInput(req: CallRequest): ModelInput {
  switch (req.type) {
    case 'AnswerCall':
      return { kind: 'answerCall', extension: req.deviceId, call: req.callId };
    case 'ClearConnection':
      return { kind: 'hangUp', call: req.callId, party: req.deviceId };
    case 'HoldCall':
      return { kind: 'holdCall', extension: req.deviceId, call: req.callId };
    case 'RetrieveCall':
      return { kind: 'retrieveCall', extension: req.deviceId, call: req.callId };
    case 'MakeCall':
      return { kind: 'makeCall', from: req.callingDevice, to: req.calledDirectoryNumber, ...withData(req.callData) };
    case 'GenerateDigits':
      return { kind: 'generateDigits', extension: req.deviceId, call: req.callId, digits: req.digits };
    case 'ConsultationCall':
      return { kind: 'consultationCall', extension: req.deviceId, call: req.existingCallId, to: req.consultedDevice, ...withData(req.callData) };
    case 'TransferCall':
      return { kind: 'transferCall', extension: req.deviceId, heldCall: req.heldCallId, activeCall: req.activeCallId };
    case 'SingleStepTransfer':
      return { kind: 'singleStepTransfer', extension: req.deviceId, call: req.callId, to: req.transferredTo, ...withData(req.callData) };
    case 'ConferenceCall':
      return { kind: 'conferenceCall', extension: req.deviceId, heldCall: req.heldCallId, activeCall: req.activeCallId };
  }
}

/** The Response to an applied request: the call id for the requests that name a call in their result. */
export function responseTo(req: SteppingRequest, applied: Applied): ResponseFrame {
  const { invokeId } = req;
  switch (req.type) {
    case 'MakeCall':
    case 'ConsultationCall':
    case 'TransferCall':
    case 'SingleStepTransfer':
    case 'ConferenceCall': {
      const callId = applied.callId;
      if (callId === undefined) throw new Error(`${req.type} was applied without a call id: a model bug`);
      return { type: 'Response', invokeId, request: req.type, result: { callId } };
    }
    default:
      return { type: 'Response', invokeId, request: req.type, result: {} };
  }
}
