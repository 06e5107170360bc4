/**
 * The wire error each model refusal becomes when a CTI-link request caused it. One table, so the
 * mapping is written down once (simulator/README.md lists the agent rules with their codes).
 */
import type { WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import type { ModelErrorCode } from '../model/errors.ts';

export const WIRE_ERROR_OF: Readonly<Record<ModelErrorCode, WireErrorCode>> = {
  unknownAgent: 'invalidAgentId',
  wrongPassword: 'invalidAgentPassword',
  agentAlreadyLoggedIn: 'agentAlreadyLoggedIn',
  extensionHasAgent: 'deviceInUse',
  unknownExtension: 'invalidDeviceId',
  // An ACD queue (agent group) is a device in CSTA terms: a login queue that does not exist, or
  // that the agent does not serve, is an invalid device.
  unknownQueue: 'invalidDeviceId',
  notInQueue: 'invalidDeviceId',
  agentNotLoggedIn: 'agentNotLoggedIn',
  alreadyInState: 'agentInSameState',
  invalidReasonCode: 'invalidReasonCode',
  agentBusy: 'agentBusy',
  // Call control (simulator/README.md, "Call control"): refusals the switch knows at once.
  unknownCall: 'invalidCallId',
  notInCall: 'invalidCallId',
  nothingRinging: 'invalidConnectionState',
  notConnected: 'invalidConnectionState',
  notHeld: 'invalidConnectionState',
  activeCallAtExtension: 'invalidConnectionState',
  noConsultCall: 'noConsultCall',
  partyAlreadyInCall: 'partyAlreadyInCall',
  invalidDestination: 'invalidDestination',
  unknownNumber: 'invalidDestination',
  invalidNumber: 'invalidDestination',
  extensionBusy: 'destinationBusy',
  barredNumber: 'callRejected',
  // No request on the link can cause these (the schema or the phone prevent them); if one ever
  // did, the client hears that the server could not serve it.
  wrongExtension: 'serviceUnavailable',
  invalidProvisioning: 'serviceUnavailable',
  invalidCallData: 'serviceUnavailable',
  invalidDigits: 'serviceUnavailable',
  ambiguousCall: 'serviceUnavailable',
};
