/**
 * The errors a CTI server reports on the wire, each with its meaning.
 */
import { Type } from '@sinclair/typebox';
// ---------------------------------------------------------------- errors

/** Errors a server reports on the wire, each with its meaning (docs/cti-wire.md lists them). */
export const WIRE_ERROR_CODES = {
  malformedFrame: 'the frame is not JSON or does not match the schema of its type',
  unknownRequest: 'the frame names a request type the server does not know',
  sessionNotStarted: 'a request other than StartApplicationSession arrived before the session started',
  sessionAlreadyStarted: 'StartApplicationSession arrived on a session that is already started',
  authenticationFailed: 'the user or password of StartApplicationSession is wrong',
  unsupportedProtocolVersion: 'the protocol version asked for is not spoken by the server',
  invalidDeviceId: 'the device is not provisioned on the switch',
  invalidMonitorId: 'no monitor with this id is open on this session',
  monitorAlreadyActive: 'this session already monitors the device',
  serviceUnavailable: 'the server cannot serve the request now',
  invalidAgentId: 'no agent with this id is provisioned at the ACD',
  invalidAgentPassword: 'the agent password is wrong',
  agentAlreadyLoggedIn: 'the agent is already logged in on another device',
  deviceInUse: 'another agent is logged in on the device',
  agentNotLoggedIn: 'the agent is not logged in',
  agentInSameState: 'the agent is already in the requested state',
  invalidReasonCode: 'the reason code is not configured at the ACD, or not allowed with this state',
  agentBusy: 'the request is refused while the agent is on a call',
  invalidCallId: 'no call with this id has a connection at the device',
  invalidConnectionState:
    'the connection is not in a state that allows the request (hold of a call not connected, retrieve of a call not held, answer with nothing ringing)',
  noConsultCall: 'transfer or conference without a held call and an active consult call at the device',
  partyAlreadyInCall: 'the party to add is already in the call',
  invalidDestination: 'the number is not in the dial plan',
  destinationBusy: 'the destination is busy',
  callRejected: 'the dial plan bars calls to the destination',
} as const;
export type WireErrorCode = keyof typeof WIRE_ERROR_CODES;
export const WireErrorCodeSchema = Type.Union(
  (Object.keys(WIRE_ERROR_CODES) as WireErrorCode[]).map((c) => Type.Literal(c)),
  { description: Object.keys(WIRE_ERROR_CODES).join(', ') },
);
