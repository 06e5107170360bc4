/** Why the switch refused an input, each code with its meaning. */
export const MODEL_ERROR_CODES = {
  invalidProvisioning: 'a provisioned number, id or ACD option is malformed, duplicated, or names something not provisioned',
  unknownExtension: 'no extension with this number is provisioned',
  unknownQueue: 'no queue with this id is provisioned',
  unknownAgent: 'no agent with this id is provisioned',
  wrongPassword: 'the agent password is wrong',
  notInQueue: 'the agent does not serve the queue named at login',
  unknownCall: 'no active call has this id (it may have ended)',
  invalidNumber: 'an external number is malformed, or is an extension of this switch where an outside number is expected',
  invalidCallData: 'call data names or values are malformed',
  invalidDigits: 'digits are not 1-64 DTMF digits (0-9, *, #, A-D)',
  invalidDestination: 'an extension cannot call itself',
  extensionBusy: 'the extension already has an active call (initiated, alerting or connected; held calls do not count)',
  activeCallAtExtension: 'the extension already has an active call (initiated, alerting or connected): hold or clear it first',
  unknownNumber: "the number is not an extension, a queue's number, nor an outside number the dial plan knows",
  barredNumber: 'the dial plan bars calls to the number',
  nothingRinging: 'no call (or not the named call) is alerting at the extension (or, for a far end, at the outside number)',
  notInCall: 'the party has no connection in the call',
  notConnected: 'the connection is not connected (answered): hold, consult, single-step transfer, conference and digits need a connected call',
  notHeld: 'the connection is not held',
  noConsultCall: 'transfer or conference without a held call and an active (consult) call at the extension',
  partyAlreadyInCall: 'the party to add is already in the call',
  ambiguousCall: 'several calls or parties match: name the one meant',
  agentNotLoggedIn: 'the agent is not logged in',
  agentAlreadyLoggedIn: 'the agent is already logged in on another extension',
  extensionHasAgent: 'another agent is logged in on the extension',
  wrongExtension: 'the agent is logged in on a different extension',
  alreadyInState: 'the agent is already in the requested state',
  invalidReasonCode: 'a reason code is malformed, not allowed for the action, or not one of the configured reason codes',
  agentBusy: 'the agent is on a call (a state change while busy, or a logout while any call is at the extension)',
} as const;

export type ModelErrorCode = keyof typeof MODEL_ERROR_CODES;

export interface ModelError {
  readonly code: ModelErrorCode;
  readonly message: string;
}

export interface Refused {
  readonly ok: false;
  readonly error: ModelError;
}

export function refuse(code: ModelErrorCode, message: string): Refused {
  return { ok: false, error: { code, message } };
}
