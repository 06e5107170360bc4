/**
 * The CTI wire's error codes as CSTAErrorCode (ECMA-269 §12.2.14), one category and value each and
 * no two alike, so the adapter reads back exactly the code the server meant (decision 0057). The
 * two an ECMA-354 StartApplicationSession refuses with its own negative response are listed apart.
 */
import type { WireErrorCode } from '../cti-wire/frames.ts';
import type { BodyOf } from './messages.ts';

export type CstaError = BodyOf<'CSTAErrorCode'>;

export const CSTA_ERROR_OF: Readonly<Record<WireErrorCode, CstaError>> = {
  malformedFrame: { operation: 'invalidParameterValue' },
  unknownRequest: { operation: 'serviceNotSupported' },
  sessionNotStarted: { security: 'generic' },
  sessionAlreadyStarted: { stateIncompatibility: 'generic' },
  authenticationFailed: { security: 'securityInfoViolated' },
  unsupportedProtocolVersion: { operation: 'parameterNotSupported' },
  invalidDeviceId: { operation: 'invalidDeviceID' },
  invalidMonitorId: { operation: 'invalidMonitorCrossRefID' },
  monitorAlreadyActive: { subscribedResourceAvailability: 'objectMonitorLimitExceeded' },
  serviceUnavailable: { systemResourceAvailability: 'serviceBusy' },
  invalidAgentId: { operation: 'invalidAgentIdentifier' },
  invalidAgentPassword: { operation: 'invalidAgentPassword' },
  agentAlreadyLoggedIn: { stateIncompatibility: 'invalidObjectState' },
  deviceInUse: { stateIncompatibility: 'invalidDeviceState' },
  agentNotLoggedIn: { operation: 'invalidAgentState' },
  agentInSameState: { operation: 'featureAlreadySet' },
  invalidReasonCode: { operation: 'valueOutOfRange' },
  agentBusy: { stateIncompatibility: 'connectedCallExists' },
  invalidCallId: { operation: 'invalidCallID' },
  invalidConnectionState: { stateIncompatibility: 'invalidConnectionState' },
  noConsultCall: { stateIncompatibility: 'noHeldCall' },
  partyAlreadyInCall: { operation: 'notDifferentDevices' },
  invalidDestination: { operation: 'invalidDestination' },
  destinationBusy: { stateIncompatibility: 'invalidCalledDeviceState' },
  callRejected: { operation: 'privilegeViolationCalledDevice' },
};

/** StartApplicationSessionNegResponse's defined errors for the two codes a session start refuses with. */
export const SESSION_REFUSAL_OF: Readonly<Partial<Record<WireErrorCode, BodyOf<'StartApplicationSessionNegResponse'>['errorCode']['definedError']>>> = {
  authenticationFailed: 'invalidApplicationInfo',
  unsupportedProtocolVersion: 'requestedProtocolVersionNotSupported',
};

function key(error: CstaError): string {
  const [category, value] = Object.entries(error)[0] ?? ['', ''];
  return `${category}/${value}`;
}

const WIRE_CODE_OF = new Map<string, WireErrorCode>(Object.entries(CSTA_ERROR_OF).map(([code, error]) => [key(error), code as WireErrorCode]));

/** The wire code a CSTAErrorCode stands for; null for one this table does not use. */
export function wireCodeOf(error: CstaError): WireErrorCode | null {
  return WIRE_CODE_OF.get(key(error)) ?? null;
}

/** "category/value", as logs and messages name a CSTA error. */
export function describeCstaError(error: CstaError): string {
  return key(error);
}
