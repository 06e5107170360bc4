/**
 * CSTA XML both ways: what the adapter's link writes, the simulator reads as the same contract
 * request; what the simulator writes for a model event, response or error, the adapter reads as the
 * contract's event, result or error code: the same the JSON dialect carries. Every CSTA message
 * type takes part in at least one case.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { agentOf, answerTo, contractEvent, sequenceOf } from '../../src/adapter/link/csta-xml/answers.ts';
import { cstaRequest } from '../../src/adapter/link/csta-xml/requests.ts';
import { decodeMessage, encodeMessage } from '../../src/contract/csta-xml/codec.ts';
import { CSTA_ERROR_OF } from '../../src/contract/csta-xml/errors.ts';
import { CSTA_NAMESPACE, MESSAGE_TYPES, type CstaMessage, type MessageType } from '../../src/contract/csta-xml/messages.ts';
import {
  REQUEST_TYPES,
  RequestSchemas,
  WIRE_ERROR_CODES,
  type RequestFrame,
  type ResponseFrame,
  type SnapshotCall,
  type WireErrorCode,
} from '../../src/contract/cti-wire/frames.ts';
import { toCtiEvent } from '../../simulator/protocol/csta-json.ts';
import { eventMessage } from '../../simulator/protocol/csta-xml/events.ts';
import { errorMessage, responseMessage } from '../../simulator/protocol/csta-xml/replies.ts';
import { requestOf, type CstaRequestType } from '../../simulator/protocol/csta-xml/requests.ts';
import type { WireModelEvent } from '../../simulator/model/types.ts';
import { arbitraryOf } from './support/arbitrary.ts';

const seen = new Set<MessageType>();

/** Through the wire: written, then read as a peer reads it. */
function wire(message: CstaMessage): CstaMessage {
  seen.add(message.type);
  const decoded = decodeMessage(encodeMessage(message));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.message;
}

const REQUESTS: readonly RequestFrame[] = [
  { type: 'StartApplicationSession', invokeId: 1, applicationId: 'app', user: 'lab', password: 'p<&>w', protocolVersion: CSTA_NAMESPACE },
  { type: 'StopApplicationSession', invokeId: 2 },
  { type: 'MonitorStart', invokeId: 3, deviceId: '8808' },
  { type: 'MonitorStop', invokeId: 4, monitorId: 'M1' },
  { type: 'SnapshotDevice', invokeId: 5, deviceId: '8808' },
  { type: 'AgentLogin', invokeId: 6, agentId: '5501', password: 'pässword', deviceId: '8808', queue: 'Sales' },
  { type: 'AgentLogin', invokeId: 7, agentId: '5501', password: '', deviceId: '8808' },
  { type: 'AgentLogout', invokeId: 8, agentId: '5501', reasonCode: 'Lunch' },
  { type: 'SetAgentState', invokeId: 9, agentId: '5501', state: 'notReady', reasonCode: 'Break' },
  { type: 'SetAgentState', invokeId: 10, agentId: '5501', state: 'workingAfterCall' },
  { type: 'AnswerCall', invokeId: 11, callId: 'C1', deviceId: '8808' },
  { type: 'ClearConnection', invokeId: 12, callId: 'C1', deviceId: '8808' },
  { type: 'HoldCall', invokeId: 13, callId: 'C1', deviceId: '8808' },
  { type: 'RetrieveCall', invokeId: 14, callId: 'C1', deviceId: '8808' },
  { type: 'MakeCall', invokeId: 15, callingDevice: '8808', calledDirectoryNumber: '+4420', callData: { account: ' A&B ', empty: '' } },
  { type: 'GenerateDigits', invokeId: 16, callId: 'C1', deviceId: '8808', digits: '12*#' },
  { type: 'ConsultationCall', invokeId: 17, existingCallId: 'C1', deviceId: '8808', consultedDevice: '8809', callData: { k: 'v' } },
  { type: 'TransferCall', invokeId: 18, heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' },
  { type: 'SingleStepTransfer', invokeId: 19, callId: 'C1', deviceId: '8808', transferredTo: '8809' },
  { type: 'ConferenceCall', invokeId: 20, heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' },
];

const common = { callingDevice: '6175551212', calledDevice: '5000', callData: { account: 'A-17' }, cause: 'newCall' as const };
const EVENTS: readonly WireModelEvent[] = [
  { name: 'Delivered', devices: [], callId: 'C1', alertingDevice: '8808', ...common, trunkUsed: 'T1' },
  { name: 'Established', devices: [], callId: 'C1', answeringDevice: '8808', ...common, callData: {} },
  { name: 'Originated', devices: [], callId: 'C2', callingDevice: '8808', calledDevice: '+4420', callData: {}, cause: 'makeCall', trunkUsed: 'T9' },
  { name: 'Held', devices: [], callId: 'C1', holdingDevice: '8808', cause: 'consultation' },
  { name: 'Retrieved', devices: [], callId: 'C1', retrievingDevice: '8808', cause: 'normal' },
  { name: 'ConnectionCleared', devices: [], callId: 'C1', releasingDevice: '6175551212', cause: 'callCancelled' },
  { name: 'CallCleared', devices: [], callId: 'C1', cause: 'normal' },
  {
    name: 'Transferred',
    devices: [],
    callId: 'C1',
    secondaryOldCall: 'C2',
    transferringDevice: '8808',
    transferredToDevice: '8809',
    parties: ['6175551212', '8809'],
    ...common,
    cause: 'transfer',
  },
  {
    name: 'Transferred',
    devices: [],
    callId: 'C1',
    transferringDevice: '8808',
    transferredToDevice: '8809',
    parties: [],
    ...common,
    cause: 'singleStepTransfer',
  },
  {
    name: 'Conferenced',
    devices: [],
    callId: 'C1',
    secondaryOldCall: 'C2',
    conferencingDevice: '8808',
    addedParty: '8809',
    parties: ['6175551212', '8808', '8809'],
    ...common,
    cause: 'conference',
  },
  { name: 'Failed', devices: [], callId: 'C2', failingDevice: '+4420', calledDevice: '+4420', cause: 'busy' },
  { name: 'Failed', devices: [], callId: 'C3', failingDevice: '999', calledDevice: '999', cause: 'invalidNumber' },
  { name: 'Failed', devices: [], callId: 'C4', failingDevice: '+4421', calledDevice: '+4421', cause: 'noAnswer' },
  { name: 'AgentLoggedOn', devices: [], agentId: '5501', deviceId: '8808' },
  { name: 'AgentLoggedOff', devices: [], agentId: '5501', deviceId: '8808', reasonCode: 'Home' },
  { name: 'AgentReady', devices: [], agentId: '5501', deviceId: '8808' },
  { name: 'AgentNotReady', devices: [], agentId: '5501', deviceId: '8808', reasonCode: 'Break' },
  { name: 'AgentNotReady', devices: [], agentId: '5501', deviceId: '8808' },
  { name: 'AgentWorkingAfterCall', devices: [], agentId: '5501', deviceId: '8808' },
  { name: 'AgentBusy', devices: [], agentId: '5501', deviceId: '8808' },
];

function askedFor(request: RequestFrame): CstaRequestType {
  const mapped = requestOf(request.invokeId, wire(cstaRequest(request, '8808')));
  if (!mapped.ok) throw new Error(mapped.message);
  return mapped.asked;
}

describe('CSTA XML between the adapter and the simulator', () => {
  after(() => {
    const missing = MESSAGE_TYPES.filter((type) => !seen.has(type));
    assert.deepEqual(missing, [], `CSTA message types no case exercised: ${missing.join(', ')}`);
  });

  for (const request of REQUESTS) {
    it(`${request.type} #${request.invokeId}: the simulator reads exactly the request the adapter meant`, () => {
      const mapped = requestOf(request.invokeId, wire(cstaRequest(request, '8808')));
      assert.deepEqual(mapped.ok ? mapped.request : mapped.message, request);
    });
  }

  it('GetAgentState is served by the device snapshot, SetAgentState without an agent id is refused naming agentID', () => {
    const mapped = requestOf(30, wire({ type: 'GetAgentState', body: { device: '8808' } }));
    assert.deepEqual(mapped, { ok: true, asked: 'GetAgentState', request: { type: 'SnapshotDevice', invokeId: 30, deviceId: '8808' } });
    const anonymous = requestOf(31, wire({ type: 'SetAgentState', body: { device: '8808', requestedAgentState: 'ready' } }));
    assert.equal(anonymous.ok, false);
    if (!anonymous.ok) assert.match(anonymous.message, /SetAgentState\.agentID: Expected the agent id/);
  });

  it('a message that is no request (a response, an event) is an unknown request', () => {
    const mapped = requestOf(32, wire({ type: 'HoldCallResponse', body: {} }));
    assert.deepEqual(mapped.ok ? 'ok' : [mapped.code, mapped.message], [
      'unknownRequest',
      'HoldCallResponse: Expected a request the server serves, got a response',
    ]);
  });

  for (const [index, event] of EVENTS.entries()) {
    it(`${event.name} #${index}: the adapter reads the event the JSON dialect would carry, with its monitor and sequence number`, () => {
      const message = wire(eventMessage('M7', index + 1, event));
      assert.deepEqual(contractEvent(message), toCtiEvent(event));
      assert.equal(sequenceOf(message), index + 1);
      assert.equal((message.body as { monitorCrossRefID: string }).monitorCrossRefID, 'M7');
    });
  }

  it("a Diverted event clears the diverting device's connection; a Queued event has nothing for the desktop", () => {
    const diverted = wire({
      type: 'DivertedEvent',
      body: {
        monitorCrossRefID: 'M1',
        connection: { callID: 'C1', deviceID: '8808' },
        divertingDevice: { deviceIdentifier: '8808' },
        newDestination: { deviceIdentifier: '8809' },
        cause: 'redirected',
      },
    });
    assert.deepEqual(contractEvent(diverted), { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8808', cause: 'normal' });
    const queued = wire({
      type: 'QueuedEvent',
      body: {
        monitorCrossRefID: 'M1',
        queuedConnection: { callID: 'C1', deviceID: '5000' },
        queue: { deviceIdentifier: '5000' },
        callingDevice: { deviceIdentifier: '6175551212' },
        calledDevice: { deviceIdentifier: '5000' },
        cause: 'distributed',
      },
    });
    assert.equal(contractEvent(queued), null);
    assert.equal(contractEvent(wire({ type: 'SystemStatus', body: { systemStatus: 'normal' } })), null);
  });

  const RESPONSES: readonly ResponseFrame[] = [
    { type: 'Response', invokeId: 1, request: 'StartApplicationSession', result: { sessionId: 'S1', heartbeatIntervalMs: 5000 } },
    { type: 'Response', invokeId: 2, request: 'StopApplicationSession', result: {} },
    { type: 'Response', invokeId: 3, request: 'MonitorStart', result: { monitorId: 'M1' } },
    { type: 'Response', invokeId: 4, request: 'MonitorStop', result: {} },
    { type: 'Response', invokeId: 6, request: 'AgentLogin', result: {} },
    { type: 'Response', invokeId: 8, request: 'AgentLogout', result: {} },
    { type: 'Response', invokeId: 9, request: 'SetAgentState', result: {} },
    { type: 'Response', invokeId: 11, request: 'AnswerCall', result: {} },
    { type: 'Response', invokeId: 12, request: 'ClearConnection', result: {} },
    { type: 'Response', invokeId: 13, request: 'HoldCall', result: {} },
    { type: 'Response', invokeId: 14, request: 'RetrieveCall', result: {} },
    { type: 'Response', invokeId: 15, request: 'MakeCall', result: { callId: 'C5' } },
    { type: 'Response', invokeId: 16, request: 'GenerateDigits', result: {} },
    { type: 'Response', invokeId: 17, request: 'ConsultationCall', result: { callId: 'C6' } },
    { type: 'Response', invokeId: 18, request: 'TransferCall', result: { callId: 'C1' } },
    { type: 'Response', invokeId: 19, request: 'SingleStepTransfer', result: { callId: 'C1' } },
    { type: 'Response', invokeId: 20, request: 'ConferenceCall', result: { callId: 'C1' } },
  ];
  for (const response of RESPONSES) {
    it(`${response.request}: the adapter reads the result the simulator answered`, () => {
      const request = REQUESTS.find((r) => r.invokeId === response.invokeId);
      assert.ok(request);
      const answer = answerTo(response.request, wire(responseMessage({ type: askedFor(request), deviceId: '8808' }, response)));
      assert.deepEqual(answer, { kind: 'result', result: response.result });
    });
  }

  it('a snapshot: the calls from SnapshotDevice (with their particulars), the agent from GetAgentState', () => {
    const calls: SnapshotCall[] = [
      { callId: 'C1', state: 'held', callingDevice: '6175551212', calledDevice: '5000', trunkUsed: 'T1', callData: { account: 'A-17' } },
      { callId: 'C2', state: 'connected', callingDevice: '8808', calledDevice: '8809', callData: {} },
    ];
    const result = { deviceId: '8808', calls, agent: { agentId: '5501', state: 'notReady' as const, reasonCode: 'Break' } };
    const response: ResponseFrame = { type: 'Response', invokeId: 5, request: 'SnapshotDevice', result };
    const answered = answerTo('SnapshotDevice', wire(responseMessage({ type: 'SnapshotDevice', deviceId: '8808' }, response)));
    assert.deepEqual(answered, { kind: 'result', result: { calls } });
    const agent = wire(responseMessage({ type: 'GetAgentState', deviceId: '8808' }, response));
    assert.equal(agent.type, 'GetAgentStateResponse');
    if (agent.type === 'GetAgentStateResponse') assert.deepEqual(agentOf(agent.body), result.agent);
  });

  it('a snapshot of an idle device with nobody logged in reads as no calls and no agent', () => {
    const response: ResponseFrame = { type: 'Response', invokeId: 5, request: 'SnapshotDevice', result: { deviceId: '8808', calls: [] } };
    assert.deepEqual(answerTo('SnapshotDevice', wire(responseMessage({ type: 'SnapshotDevice', deviceId: '8808' }, response))), {
      kind: 'result',
      result: { calls: [] },
    });
    const agent = wire(responseMessage({ type: 'GetAgentState', deviceId: '8808' }, response));
    if (agent.type === 'GetAgentStateResponse') assert.equal(agentOf(agent.body), undefined);
  });

  for (const code of Object.keys(WIRE_ERROR_CODES) as WireErrorCode[]) {
    it(`${code}: the adapter reads back the error code the simulator refused with`, () => {
      const message = wire(errorMessage({ type: 'MonitorStart', deviceId: '8808' }, { type: 'Error', invokeId: 3, error: { code, message: 'why' } }));
      assert.equal(message.type, 'CSTAErrorCode');
      const answer = answerTo('MonitorStart', message);
      assert.deepEqual(answer.kind === 'error' ? answer.code : answer, code);
    });
  }

  it('no two wire codes share a CSTA error', () => {
    const keys = Object.values(CSTA_ERROR_OF).map((e) => JSON.stringify(e));
    assert.equal(new Set(keys).size, keys.length);
  });

  it('a session start refused for its credentials or its protocol version is a StartApplicationSessionNegResponse', () => {
    for (const code of ['authenticationFailed', 'unsupportedProtocolVersion'] as const) {
      const message = wire(errorMessage({ type: 'StartApplicationSession', deviceId: '' }, { type: 'Error', invokeId: 1, error: { code, message: 'no' } }));
      assert.equal(message.type, 'StartApplicationSessionNegResponse');
      const answer = answerTo('StartApplicationSession', message);
      assert.equal(answer.kind === 'error' ? answer.code : answer.kind, code);
    }
  });

  it('an answer of the wrong kind is a mismatch naming both', () => {
    assert.deepEqual(answerTo('HoldCall', wire({ type: 'RetrieveCallResponse', body: {} })), {
      kind: 'mismatch',
      reason: 'the CTI server answered HoldCall with a RetrieveCallResponse',
    });
  });
});

describe('CSTA XML requests, any of them', () => {
  for (const type of REQUEST_TYPES) {
    it(`${type}: whatever the adapter asks, the simulator reads the same request`, () => {
      fc.assert(
        fc.property(arbitraryOf(RequestSchemas[type]), (value) => {
          const frame = (type === 'StartApplicationSession' ? { ...(value as object), protocolVersion: CSTA_NAMESPACE } : value) as RequestFrame;
          const mapped = requestOf(frame.invokeId, wire(cstaRequest(frame, '8808')));
          assert.deepEqual(mapped.ok ? mapped.request : mapped.message, frame);
        }),
        { numRuns: 50 },
      );
    });
  }
});
