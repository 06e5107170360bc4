/**
 * The CSTA-flavoured JSON dialect: the contract's own frames and codec, unchanged. Model events
 * map one to one onto the wire events of the same name (without the model's routing list).
 */
import { decodeRequest, encodeFrame } from '../../src/contract/cti-wire/codec.ts';
import { CTI_WIRE_PROTOCOL_VERSION, type CtiEvent, type ErrorFrame, type ResponseFrame } from '../../src/contract/cti-wire/frames.ts';
import { formatIssues, type Issue } from '../../src/contract/validation.ts';
import type { WireModelEvent } from '../model/types.ts';
import type { DecodedRequest, WireDialect } from './dialect.ts';

/** The wire's limit for an error message. */
const MAX_ERROR_MESSAGE = 2048;

/** Issue messages end in ", got <value>"; for secrets keep the expectation and drop the value. */
function withoutSecrets(issue: Issue): Issue {
  if (!/password/i.test(issue.path)) return issue;
  const cut = issue.message.lastIndexOf(', got ');
  return { path: issue.path, message: `${cut === -1 ? 'Invalid value' : issue.message.slice(0, cut)} (value not shown)` };
}

export function toCtiEvent(event: WireModelEvent): CtiEvent {
  switch (event.name) {
    case 'Delivered':
    case 'Established': {
      const common = {
        callingDevice: event.callingDevice,
        calledDevice: event.calledDevice,
        ...(event.trunkUsed === undefined ? {} : { trunkUsed: event.trunkUsed }),
        callData: { ...event.callData },
        cause: event.cause,
      };
      return event.name === 'Delivered'
        ? { name: 'Delivered', callId: event.callId, alertingDevice: event.alertingDevice, ...common }
        : { name: 'Established', callId: event.callId, answeringDevice: event.answeringDevice, ...common };
    }
    case 'ConnectionCleared':
      return { name: 'ConnectionCleared', callId: event.callId, releasingDevice: event.releasingDevice, cause: event.cause };
    case 'CallCleared':
      return { name: 'CallCleared', callId: event.callId, cause: event.cause };
    case 'Originated':
      return {
        name: 'Originated',
        callId: event.callId,
        callingDevice: event.callingDevice,
        calledDevice: event.calledDevice,
        ...(event.trunkUsed === undefined ? {} : { trunkUsed: event.trunkUsed }),
        callData: { ...event.callData },
        cause: event.cause,
      };
    case 'Held':
      return { name: 'Held', callId: event.callId, holdingDevice: event.holdingDevice, cause: event.cause };
    case 'Retrieved':
      return { name: 'Retrieved', callId: event.callId, retrievingDevice: event.retrievingDevice, cause: event.cause };
    case 'Transferred':
      return {
        name: 'Transferred',
        callId: event.callId,
        ...(event.secondaryOldCall === undefined ? {} : { secondaryOldCall: event.secondaryOldCall }),
        transferringDevice: event.transferringDevice,
        transferredToDevice: event.transferredToDevice,
        callingDevice: event.callingDevice,
        calledDevice: event.calledDevice,
        parties: [...event.parties],
        callData: { ...event.callData },
        cause: event.cause,
      };
    case 'Conferenced':
      return {
        name: 'Conferenced',
        callId: event.callId,
        secondaryOldCall: event.secondaryOldCall,
        conferencingDevice: event.conferencingDevice,
        addedParty: event.addedParty,
        callingDevice: event.callingDevice,
        calledDevice: event.calledDevice,
        parties: [...event.parties],
        callData: { ...event.callData },
        cause: event.cause,
      };
    case 'Failed':
      return { name: 'Failed', callId: event.callId, failingDevice: event.failingDevice, calledDevice: event.calledDevice, cause: event.cause };
    case 'AgentLoggedOn':
    case 'AgentReady':
    case 'AgentWorkingAfterCall':
    case 'AgentBusy':
      return { name: event.name, agentId: event.agentId, deviceId: event.deviceId };
    case 'AgentLoggedOff':
    case 'AgentNotReady':
      return {
        name: event.name,
        agentId: event.agentId,
        deviceId: event.deviceId,
        ...(event.reasonCode === undefined ? {} : { reasonCode: event.reasonCode }),
      };
  }
}

export function createCstaJsonDialect(): WireDialect {
  return {
    name: 'csta-json',
    protocolVersion: CTI_WIRE_PROTOCOL_VERSION,
    decodeRequest(text): DecodedRequest {
      const decoded = decodeRequest(text);
      if (decoded.ok) return { ok: true, request: decoded.frame };
      const { error } = decoded;
      return {
        ok: false,
        error: {
          code: error.code === 'unknownType' ? 'unknownRequest' : 'malformedFrame',
          invokeId: error.invokeId,
          requestType: error.requestType,
          message: formatIssues(error.issues.map(withoutSecrets)),
          paths: error.issues.map((i) => i.path),
        },
      };
    },
    encodeResponse(response: ResponseFrame) {
      return encodeFrame(response);
    },
    encodeError(frame: ErrorFrame) {
      const message = frame.error.message.length > MAX_ERROR_MESSAGE ? `${frame.error.message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : frame.error.message;
      return encodeFrame({ ...frame, error: { ...frame.error, message } });
    },
    // The frame around the event from a template: the same text as encodeFrame of the whole frame (a
    // test holds them equal) without building and walking the wrapper on every event.
    encodeEvent(monitorId, seq, event) {
      return `{"type":"Event","monitorId":${JSON.stringify(monitorId)},"seq":${seq},"event":${JSON.stringify(toCtiEvent(event))}}`;
    },
    encodeHeartbeat() {
      return encodeFrame({ type: 'SystemStatus', status: 'normal' });
    },
  };
}
