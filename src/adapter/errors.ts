/**
 * Every way an activity of the reference adapter can fail, and the ONE table that turns each into
 * the OPENCTI_* code and the sentence Pega shows the CSR. Link failures (transport and wire errors)
 * and local refusals share the table so a code is decided in exactly one place.
 */
import type { Static } from '@sinclair/typebox';
import type { RequestedAgentState, RequestType, WireErrorCode } from '../contract/cti-wire/frames.ts';
import { clip } from '../contract/bounded-json.ts';
import { activityFailure, type ActivityResult, type OpenCtiErrorCode } from '../contract/pega/errors.ts';
import { formatIssues, type Issue } from '../contract/validation.ts';

/** Failures of the socket itself, before or after the CTI server says anything. */
export type TransportFailureKind = 'unreachable' | 'connectTimeout' | 'requestTimeout' | 'linkLost' | 'notOpen' | 'reconnecting';
/** Refusals decided by the adapter without asking the CTI server. */
export type LocalFailureKind =
  | 'missingDN'
  | 'invalidDN'
  | 'missingPageProperty'
  | 'invalidPageProperty'
  | 'notSubscribed'
  | 'noCallFound'
  | 'ambiguousCall'
  | 'undialable'
  | 'outOfMode'
  | 'notImplementedYet'
  | 'internal';
export type FailureKind = TransportFailureKind | WireErrorCode | LocalFailureKind;
/** A state SetAgentState may ask for. */
export type RequestedState = Static<typeof RequestedAgentState>;

/** What a message may name. Every field is optional: a message says what it knows. */
export interface FailureFacts {
  /** host:port of the CTI server (never the full URL, which may carry credentials). */
  readonly server?: string;
  readonly user?: string;
  readonly dn?: string;
  readonly request?: RequestType;
  readonly timeoutMs?: number;
  /** The lower-level reason: a socket error, or the CTI server's own error text. */
  readonly reason?: string;
  readonly activity?: string;
  /** The ACD agent a request is about (never its password). */
  readonly agentId?: string;
  /** The reason code sent with a Not Ready or a logout. */
  readonly reasonCode?: string;
  /** The state a SetAgentState asked for. */
  readonly agentState?: RequestedState;
  /** For missingPageProperty / invalidPageProperty: the adapter-page property, the value (omitted for secrets) and what was expected. */
  readonly property?: string;
  readonly value?: string;
  readonly expected?: string;
  /** For outOfMode: the mode's title and why the activity is absent from it. */
  readonly modeTitle?: string;
  readonly why?: string;
  /** The call a call-control request is about (for a transfer or conference: the active, consult call). */
  readonly callId?: string;
  /** For a transfer or conference: the held call. */
  readonly heldCallId?: string;
  /** The number dialled, consulted or transferred to, or the party dropped. */
  readonly destination?: string;
  /** For noCallFound / ambiguousCall: the state looked for, in a CSR's words ("ringing", "on hold"), and the calls found in it. */
  readonly callState?: string;
  readonly candidates?: readonly string[];
}

interface FailureRule {
  readonly code: OpenCtiErrorCode;
  readonly message: (facts: FailureFacts) => string;
}

const server = (f: FailureFacts): string => (f.server === undefined ? 'the CTI server' : `the CTI server at ${f.server}`);
const because = (reason: string | undefined): string => (reason === undefined || reason === '' ? '' : ` (${reason})`);
const subject = (f: FailureFacts): string => `${f.request ?? 'the request'}${f.dn === undefined ? '' : ` for extension ${f.dn}`}`;
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const agent = (f: FailureFacts): string => (f.agentId === undefined ? 'The agent' : `Agent ${f.agentId}`);
const forAgent = (f: FailureFacts): string => (f.agentId === undefined ? '' : ` for agent ${f.agentId}`);

/** What a refused request would have done, as a CSR says it. */
const ACTIONS: Partial<Record<RequestType, string>> = {
  AgentLogin: 'logging in',
  AgentLogout: 'logging out',
  SetAgentState: 'changing state',
  AnswerCall: 'answering',
  ClearConnection: 'hanging up',
  HoldCall: 'putting the call on hold',
  RetrieveCall: 'taking the call off hold',
  MakeCall: 'dialling',
  GenerateDigits: 'sending digits',
  ConsultationCall: 'consulting',
  TransferCall: 'completing the transfer',
  SingleStepTransfer: 'transferring the call',
  ConferenceCall: 'completing the conference',
};
const action = (f: FailureFacts): string => (f.request === undefined ? 'the request' : (ACTIONS[f.request] ?? f.request));

const STATE_WORDS: Readonly<Record<RequestedState, string>> = {
  ready: 'Ready',
  notReady: 'Not Ready',
  workingAfterCall: 'in After Call Work',
};

function sameState(f: FailureFacts): string {
  if (f.agentState === undefined) return `${agent(f)} is already in the requested state`;
  const reason = f.agentState === 'notReady' && f.reasonCode !== undefined ? ` with reason code ${f.reasonCode}` : '';
  return `${agent(f)} is already ${STATE_WORDS[f.agentState]}${reason}`;
}

function reasonRefused(f: FailureFacts): string {
  return f.reasonCode === undefined ? `The ACD requires a reason code${forAgent(f)}` : `The ACD does not accept reason code ${f.reasonCode}${forAgent(f)}`;
}

const extension = (f: FailureFacts): string => (f.dn === undefined ? 'the extension' : `extension ${f.dn}`);
const theCall = (f: FailureFacts): string => (f.callId === undefined ? 'The call' : `Call ${f.callId}`);
const number = (f: FailureFacts): string => f.destination ?? 'The number';

/** The call (or the party) a request named is not where the request says. */
function unknownCall(f: FailureFacts): string {
  if (f.request === 'ClearConnection' && f.destination !== undefined && f.destination !== f.dn) {
    return `${f.destination} is not in ${f.callId === undefined ? 'the call' : `call ${f.callId}`}: there is no one to drop`;
  }
  if ((f.request === 'TransferCall' || f.request === 'ConferenceCall') && f.heldCallId !== undefined) {
    return `Calls ${f.heldCallId} and ${f.callId ?? '(unknown)'} are not both at ${extension(f)}: they may have ended`;
  }
  return `${theCall(f)} is not at ${extension(f)}: it may have ended`;
}

/** What the connection's state did not allow, said for the request. */
function wrongState(f: FailureFacts): string {
  const at = `at ${extension(f)}`;
  switch (f.request) {
    case 'AnswerCall':
      return `${theCall(f)} is not ringing ${at}: there is nothing to answer`;
    case 'HoldCall':
      return `${theCall(f)} is not connected ${at}: only a connected call can be put on hold`;
    case 'RetrieveCall':
      return `${theCall(f)} is not on hold ${at}: there is nothing to take back`;
    case 'GenerateDigits':
      return `${theCall(f)} is not connected ${at}: digits can only be sent on a connected call`;
    case 'ConsultationCall':
      return `${theCall(f)} is not connected ${at}: only a connected call can be held for a consultation`;
    case 'SingleStepTransfer':
      return `${theCall(f)} is not connected ${at}: only a connected call can be transferred`;
    case 'MakeCall':
      return `${capital(extension(f))} cannot dial now: its calls do not allow a new one`;
    default:
      return `${theCall(f)} is not in a state ${at} that allows ${action(f)}`;
  }
}

function noConsult(f: FailureFacts): string {
  const what = f.request === 'ConferenceCall' ? 'conference' : 'transfer';
  return `There is no call on hold with a consultation call at ${extension(f)}: start a consultation before completing the ${what}`;
}

/** Why the call to act on could not be found on the switch when the page did not name it. */
function callNotNamed(f: FailureFacts, found: string): string {
  const property = f.property ?? 'CallID';
  const absent = property.includes(' or ') ? 'neither is on the adapter page' : 'it is missing from the adapter page';
  return `${f.activity ?? 'The activity'} needs ${property}: ${absent} and ${found}`;
}

function noCallFound(f: FailureFacts): string {
  return callNotNamed(f, `no call is ${f.callState ?? 'in the right state'} at ${extension(f)}`);
}

function ambiguousCall(f: FailureFacts): string {
  const ids = f.candidates ?? [];
  return callNotNamed(f, `${ids.length} calls are ${f.callState ?? 'in the right state'} at ${extension(f)} (${ids.join(', ')}): name one`);
}

function refused(f: FailureFacts): string {
  return `${capital(server(f))} refused ${subject(f)}${because(f.reason)}`;
}

export const FAILURES = {
  // transport
  unreachable: { code: 'OPENCTI_HTTP_ERROR_503', message: (f) => `${capital(server(f))} cannot be reached${because(f.reason)}` },
  connectTimeout: { code: 'OPENCTI_HTTP_ERROR_504', message: (f) => `${capital(server(f))} did not accept the connection within ${f.timeoutMs ?? '?'} ms` },
  requestTimeout: { code: 'OPENCTI_HTTP_ERROR_408', message: (f) => `${capital(server(f))} did not answer ${subject(f)} within ${f.timeoutMs ?? '?'} ms` },
  linkLost: { code: 'OPENCTI_HTTP_ERROR_503', message: (f) => `The connection to ${server(f)} was lost${because(f.reason)}` },
  notOpen: { code: 'OPENCTI_HTTP_ERROR_503', message: (f) => `The adapter is not connected to ${server(f)}` },
  reconnecting: {
    code: 'OPENCTI_HTTP_ERROR_503',
    message: (f) => `The adapter is reconnecting to ${server(f)} after the connection was lost${because(f.reason)}: try again in a moment`,
  },
  // wire errors the CSR can act on
  authenticationFailed: {
    code: 'OPENCTI_HTTP_ERROR_401',
    message: (f) => `${capital(server(f))} refused the CTI link user${f.user === undefined ? '' : ` "${f.user}"`}: check the user name and password`,
  },
  invalidDeviceId: { code: 'OPENCTI_HTTP_ERROR_404', message: (f) => `Extension ${f.dn ?? '(unknown)'} is not known to the CTI server` },
  serviceUnavailable: { code: 'OPENCTI_HTTP_ERROR_503', message: (f) => `${capital(server(f))} cannot serve ${subject(f)} now${because(f.reason)}` },
  // agent-state refusals (the ACD's rules): the message names the agent, extension or reason code
  invalidAgentId: { code: 'OPENCTI_HTTP_ERROR_401', message: (f) => `${agent(f)} is not known to the ACD: check the agent ID` },
  invalidAgentPassword: { code: 'OPENCTI_HTTP_ERROR_401', message: (f) => `The ACD refused the password${forAgent(f)}: check the password` },
  agentAlreadyLoggedIn: { code: 'OPENCTI_AGENT_LOGGED_IN', message: (f) => `${agent(f)} is already logged in on another extension` },
  deviceInUse: {
    code: 'OPENCTI_CF_INVALID_OBJECT_STATE',
    message: (f) => `${f.dn === undefined ? 'The extension' : `Extension ${f.dn}`} is in use: another agent is logged in on it`,
  },
  agentNotLoggedIn: { code: 'OPENCTI_AGENT_NOT_LOGGED_IN', message: (f) => `${agent(f)} is not logged in` },
  agentInSameState: { code: 'OPENCTI_IN_SAME_STATE', message: sameState },
  invalidReasonCode: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: reasonRefused },
  agentBusy: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: (f) => `${agent(f)} is on a call: the ACD does not allow ${action(f)} until the call ends` },
  // wire errors that mean the adapter and server disagree: nothing the CSR can fix
  malformedFrame: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  unknownRequest: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  sessionNotStarted: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  sessionAlreadyStarted: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  unsupportedProtocolVersion: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  invalidMonitorId: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  monitorAlreadyActive: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  // call-control refusals (the switch's rules, Full telephony): the message names the call or the number
  // A call that is gone is a call in no state to be acted on (a CSR clicking as the caller hangs up: glare).
  invalidCallId: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: unknownCall },
  invalidConnectionState: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: wrongState },
  noConsultCall: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: noConsult },
  partyAlreadyInCall: {
    code: 'OPENCTI_CONF_ALREADY_PRESENT',
    message: (f) =>
      `${f.destination ?? 'The consulted party'} is already in ${f.heldCallId !== undefined ? `call ${f.heldCallId}` : f.callId === undefined ? 'the call' : `call ${f.callId}`}`,
  },
  invalidDestination: { code: 'OPENCTI_CF_INVALID_DESTINATION', message: (f) => `${number(f)} is not a number the switch can dial: check the number` },
  destinationBusy: { code: 'OPENCTI_DEST_BUSY', message: (f) => `${number(f)} is busy: try again later` },
  callRejected: { code: 'OPENCTI_CALL_REJECTED', message: (f) => `Calls to ${f.destination ?? 'this number'} are barred by the dial plan` },
  // local
  missingDN: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) => `${f.activity ?? 'The activity'} needs an extension: DN is missing from the adapter page`,
  },
  invalidDN: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) => `${f.activity ?? 'The activity'} cannot use DN ${JSON.stringify(f.dn ?? '')}: expected digits, optionally led by +`,
  },
  missingPageProperty: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) => `${f.activity ?? 'The activity'} needs ${f.property ?? 'a property'}: it is missing from the adapter page`,
  },
  invalidPageProperty: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) =>
      `${f.activity ?? 'The activity'} cannot use ${f.property ?? 'a property'}${f.value === undefined ? '' : ` ${JSON.stringify(f.value)}`}: expected ${f.expected ?? 'a valid value'}`,
  },
  notSubscribed: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: (f) => `Extension ${f.dn ?? '(unknown)'} is not subscribed for events` },
  noCallFound: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: noCallFound },
  ambiguousCall: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: ambiguousCall },
  undialable: {
    code: 'OPENCTI_CF_INVALID_DESTINATION',
    message: (f) => `${f.activity ?? 'The activity'} cannot dial ${JSON.stringify(f.value ?? '')}: expected a phone number (digits, optionally led by +)`,
  },
  outOfMode: {
    code: 'OPENCTI_HTTP_ERROR_405',
    message: (f) => `${f.activity ?? 'The activity'} is not available in ${f.modeTitle ?? 'this mode'}: ${f.why ?? ''}`,
  },
  notImplementedYet: { code: 'OPENCTI_HTTP_ERROR_405', message: (f) => `${f.activity ?? 'The activity'} is not implemented by the reference adapter yet` },
  internal: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) => `${f.activity ?? 'The activity'} failed inside the reference adapter; see the adapter log`,
  },
} as const satisfies Record<FailureKind, FailureRule>;

/** The longest text one fact contributes to a message (a DN, a call id, a server's reason). */
const MAX_FACT_CHARS = 256;

/** Facts cut to size: a message built from a 4 KB DN still fits the contract's limits. */
function bounded(facts: FailureFacts): FailureFacts {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (typeof value === 'string') out[key] = clip(value, MAX_FACT_CHARS);
    else if (Array.isArray(value)) out[key] = value.map((v: string) => clip(v, MAX_FACT_CHARS));
    else out[key] = value;
  }
  return out;
}

export function failure(kind: FailureKind, facts: FailureFacts): ActivityResult {
  const rule: FailureRule = FAILURES[kind];
  return activityFailure(rule.code, rule.message(bounded(facts)));
}

/** What a link failure may name: the request and what it was about, never a password. */
export type LinkFacts = Pick<
  FailureFacts,
  'request' | 'dn' | 'agentId' | 'reasonCode' | 'agentState' | 'callId' | 'heldCallId' | 'destination' | 'timeoutMs' | 'reason'
>;

/** A failure of the CTI link, thrown by the link and turned into an ActivityResult by `failure`. */
export class LinkFailure extends Error {
  override readonly name = 'LinkFailure';
  constructor(
    readonly kind: TransportFailureKind | WireErrorCode,
    readonly facts: LinkFacts,
  ) {
    super(`${kind}${facts.request === undefined ? '' : ` on ${facts.request}`}${because(facts.reason)}`);
  }
}

/** Settings the adapter refuses to start with. `issues` names each bad field and what was expected. */
export class AdapterConfigError extends Error {
  override readonly name = 'AdapterConfigError';
  readonly code = 'invalidSettings' as const;
  constructor(readonly issues: readonly Issue[]) {
    super(`The reference adapter refuses its settings: ${formatIssues(issues)}`);
  }
}
