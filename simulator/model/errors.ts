/** Why the switch refused an input, each code with its meaning. */
export const MODEL_ERROR_CODES = {
  invalidProvisioning: 'a provisioned number, id or ACD option is malformed, duplicated, or names something not provisioned',
  unknownExtension: 'no extension with this number is provisioned',
  unknownQueue: 'no queue with this id is provisioned',
  unknownAgent: 'no agent with this id is provisioned',
  wrongPassword: 'the agent password is wrong',
  notInQueue: 'the agent does not serve the queue named at login',
  unknownCall: 'no active call has this id (it may have ended)',
  invalidNumber: 'an external number is malformed, or is an extension of this switch',
  invalidCallData: 'call data names or values are malformed',
  invalidDestination: 'an extension cannot call itself',
  extensionBusy: 'the extension already has a call (one call per extension)',
  nothingRinging: 'no call (or not the named call) is alerting at the extension',
  notInCall: 'the party has no connection in the call',
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

export type Refused = { readonly ok: false; readonly error: ModelError };

export function refuse(code: ModelErrorCode, message: string): Refused {
  return { ok: false, error: { code, message } };
}
