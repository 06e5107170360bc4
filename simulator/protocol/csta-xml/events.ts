/**
 * The model's events as ECMA-323 events for one monitor: the monitor's cross-reference id, the
 * connection (call id + device id) the event is about, the devices as subject devices, the cause in
 * ECMA-269's words, and the per-monitor sequence number (decision 0055).
 */
import type { CstaMessage, EventCause, Particulars } from '../../../src/contract/csta-xml/messages.ts';
import type { Cause, WireModelEvent } from '../../model/types.ts';
import { privately, withCallData } from '../../../src/contract/csta-xml/particulars.ts';

export const CAUSE: Readonly<Record<Cause, EventCause>> = {
  newCall: 'newCall',
  normal: 'normalClearing',
  callCancelled: 'callCancelled',
  noAnswer: 'callNotAnswered',
  busy: 'busy',
  invalidNumber: 'destNotObtainable',
  makeCall: 'makeCall',
  consultation: 'consultation',
  transfer: 'transfer',
  singleStepTransfer: 'singleStepTransfer',
  conference: 'conference',
};

const subject = (device: string) => ({ deviceIdentifier: device });
const connection = (callId: string, device: string) => ({ callID: callId, deviceID: device });

function particulars(event: { readonly callData?: Readonly<Record<string, string>>; readonly trunkUsed?: string }): Particulars {
  return {
    ...withCallData(event.callData),
    ...(event.trunkUsed === undefined ? {} : { trunkUsed: event.trunkUsed }),
  };
}

export function eventMessage(monitorId: string, seq: number, event: WireModelEvent): CstaMessage {
  const head = { monitorCrossRefID: monitorId };
  const tail = (extra: Particulars = {}) => privately(extra, seq);
  switch (event.name) {
    case 'Delivered':
      return {
        type: 'DeliveredEvent',
        body: {
          ...head,
          connection: connection(event.callId, event.alertingDevice),
          alertingDevice: subject(event.alertingDevice),
          callingDevice: subject(event.callingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail(particulars(event)),
        },
      };
    case 'Established':
      return {
        type: 'EstablishedEvent',
        body: {
          ...head,
          establishedConnection: connection(event.callId, event.answeringDevice),
          answeringDevice: subject(event.answeringDevice),
          callingDevice: subject(event.callingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail(particulars(event)),
        },
      };
    case 'Originated':
      return {
        type: 'OriginatedEvent',
        body: {
          ...head,
          originatedConnection: connection(event.callId, event.callingDevice),
          callingDevice: subject(event.callingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail(particulars(event)),
        },
      };
    case 'Held':
      return {
        type: 'HeldEvent',
        body: {
          ...head,
          heldConnection: connection(event.callId, event.holdingDevice),
          holdingDevice: subject(event.holdingDevice),
          cause: CAUSE[event.cause],
          ...tail(),
        },
      };
    case 'Retrieved':
      return {
        type: 'RetrievedEvent',
        body: {
          ...head,
          retrievedConnection: connection(event.callId, event.retrievingDevice),
          retrievingDevice: subject(event.retrievingDevice),
          cause: CAUSE[event.cause],
          ...tail(),
        },
      };
    case 'ConnectionCleared':
      return {
        type: 'ConnectionClearedEvent',
        body: {
          ...head,
          droppedConnection: connection(event.callId, event.releasingDevice),
          releasingDevice: subject(event.releasingDevice),
          cause: CAUSE[event.cause],
          ...tail(),
        },
      };
    case 'CallCleared':
      return { type: 'CallClearedEvent', body: { ...head, clearedCall: { callID: event.callId }, cause: CAUSE[event.cause], ...tail() } };
    case 'Transferred':
      return {
        type: 'TransferredEvent',
        body: {
          ...head,
          primaryOldCall: connection(event.callId, event.transferringDevice),
          ...(event.secondaryOldCall === undefined ? {} : { secondaryOldCall: connection(event.secondaryOldCall, event.transferringDevice) }),
          transferringDevice: subject(event.transferringDevice),
          transferredToDevice: subject(event.transferredToDevice),
          callingDevice: subject(event.callingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail({ ...particulars(event), parties: { deviceID: [...event.parties] } }),
        },
      };
    case 'Conferenced':
      return {
        type: 'ConferencedEvent',
        body: {
          ...head,
          primaryOldCall: connection(event.callId, event.conferencingDevice),
          secondaryOldCall: connection(event.secondaryOldCall, event.conferencingDevice),
          conferencingDevice: subject(event.conferencingDevice),
          addedParty: subject(event.addedParty),
          callingDevice: subject(event.callingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail({ ...particulars(event), parties: { deviceID: [...event.parties] } }),
        },
      };
    case 'Failed':
      return {
        type: 'FailedEvent',
        body: {
          ...head,
          failedConnection: connection(event.callId, event.failingDevice),
          failingDevice: subject(event.failingDevice),
          calledDevice: subject(event.calledDevice),
          cause: CAUSE[event.cause],
          ...tail(),
        },
      };
    case 'AgentLoggedOn':
    case 'AgentReady':
    case 'AgentWorkingAfterCall':
    case 'AgentBusy':
      return { type: `${event.name}Event`, body: { ...head, agentDevice: subject(event.deviceId), agentID: event.agentId, ...tail() } };
    case 'AgentLoggedOff':
    case 'AgentNotReady':
      return {
        type: `${event.name}Event`,
        body: {
          ...head,
          agentDevice: subject(event.deviceId),
          agentID: event.agentId,
          ...tail(event.reasonCode === undefined ? {} : { reasonCode: event.reasonCode }),
        },
      };
  }
}
