/**
 * Every way an activity of the reference adapter can fail, and the ONE table that turns each into
 * the OPENCTI_* code and the sentence Pega shows the CSR. Link failures (transport and wire errors)
 * and local refusals share the table so a code is decided in exactly one place.
 */
import type { RequestType, WireErrorCode } from '../contract/cti-wire/frames.ts';
import { activityFailure, type ActivityResult, type OpenCtiErrorCode } from '../contract/pega/errors.ts';
import { formatIssues, type Issue } from '../contract/validation.ts';

/** Failures of the socket itself, before or after the CTI server says anything. */
export type TransportFailureKind = 'unreachable' | 'connectTimeout' | 'requestTimeout' | 'linkLost' | 'notOpen';
/** Refusals decided by the adapter without asking the CTI server. */
export type LocalFailureKind = 'missingDN' | 'invalidDN' | 'notSubscribed' | 'outOfMode' | 'notImplementedYet' | 'internal';
export type FailureKind = TransportFailureKind | WireErrorCode | LocalFailureKind;

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
  /** For outOfMode: the mode's title and why the activity is absent from it. */
  readonly modeTitle?: string;
  readonly why?: string;
}

interface FailureRule {
  readonly code: OpenCtiErrorCode;
  readonly message: (facts: FailureFacts) => string;
}

const server = (f: FailureFacts): string => (f.server === undefined ? 'the CTI server' : `the CTI server at ${f.server}`);
const because = (reason: string | undefined): string => (reason === undefined || reason === '' ? '' : ` (${reason})`);
const subject = (f: FailureFacts): string => `${f.request ?? 'the request'}${f.dn === undefined ? '' : ` for extension ${f.dn}`}`;
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

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
  // wire errors the CSR can act on
  authenticationFailed: {
    code: 'OPENCTI_HTTP_ERROR_401',
    message: (f) => `${capital(server(f))} refused the CTI link user${f.user === undefined ? '' : ` "${f.user}"`}: check the user name and password`,
  },
  invalidDeviceId: { code: 'OPENCTI_HTTP_ERROR_404', message: (f) => `Extension ${f.dn ?? '(unknown)'} is not known to the CTI server` },
  serviceUnavailable: { code: 'OPENCTI_HTTP_ERROR_503', message: (f) => `${capital(server(f))} cannot serve ${subject(f)} now${because(f.reason)}` },
  // wire errors that mean the adapter and server disagree: nothing the CSR can fix
  malformedFrame: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  unknownRequest: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  sessionNotStarted: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  sessionAlreadyStarted: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  unsupportedProtocolVersion: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  invalidMonitorId: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  monitorAlreadyActive: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: refused },
  // local
  missingDN: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: (f) => `${f.activity ?? 'The activity'} needs an extension: DN is missing from the adapter page` },
  invalidDN: {
    code: 'OPENCTI_CF_GENERIC_OPERATION',
    message: (f) => `${f.activity ?? 'The activity'} cannot use DN ${JSON.stringify(f.dn ?? '')}: expected digits, optionally led by +`,
  },
  notSubscribed: { code: 'OPENCTI_CF_INVALID_OBJECT_STATE', message: (f) => `Extension ${f.dn ?? '(unknown)'} is not subscribed for events` },
  outOfMode: { code: 'OPENCTI_HTTP_ERROR_405', message: (f) => `${f.activity ?? 'The activity'} is not available in ${f.modeTitle ?? 'this mode'}: ${f.why ?? ''}` },
  notImplementedYet: { code: 'OPENCTI_HTTP_ERROR_405', message: (f) => `${f.activity ?? 'The activity'} is not implemented by the reference adapter yet` },
  internal: { code: 'OPENCTI_CF_GENERIC_OPERATION', message: (f) => `${f.activity ?? 'The activity'} failed inside the reference adapter; see the adapter log` },
} as const satisfies Record<FailureKind, FailureRule>;

export function failure(kind: FailureKind, facts: FailureFacts): ActivityResult {
  const rule: FailureRule = FAILURES[kind];
  return activityFailure(rule.code, rule.message(facts));
}

/** A failure of the CTI link, thrown by the link and turned into an ActivityResult by `failure`. */
export class LinkFailure extends Error {
  override readonly name = 'LinkFailure';
  constructor(
    readonly kind: TransportFailureKind | WireErrorCode,
    readonly facts: Pick<FailureFacts, 'request' | 'dn' | 'timeoutMs' | 'reason'>,
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
