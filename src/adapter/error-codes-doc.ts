/**
 * Renders docs/error-codes.md from the reference adapter's failure table, so the published
 * mapping is the one the code uses. Regenerate: `npx tsx src/adapter/error-codes-doc.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { OPENCTI_ERROR_CODES, WIRE_ERROR_CODES } from '../contract/index.ts';
import { FAILURES, type FailureFacts, type FailureKind } from './errors.ts';
import { CALL_FAILURE_FOR_CAUSE } from './pipeline/set-event-type.ts';

/** When each failure happens; typed over every kind, so a new kind cannot go undocumented. */
const WHEN: Record<FailureKind, string> = {
  unreachable: 'the CTI server refuses the connection or cannot be resolved',
  connectTimeout: 'the CTI server does not accept the connection within `timeouts.connectMs`',
  requestTimeout: 'the CTI server does not answer a request within `timeouts.requestMs`',
  linkLost: 'the link drops, or nothing is heard for two heartbeat intervals',
  notOpen: 'a request needs the link and it is not open',
  reconnecting: 'a request needs the link while the adapter is reconnecting after losing it (decision 0014): refused at once, not after a timeout',
  ...(Object.fromEntries(Object.entries(WIRE_ERROR_CODES).map(([code, meaning]) => [code, `the CTI server answers \`${code}\`: ${meaning}`])) as Record<
    keyof typeof WIRE_ERROR_CODES,
    string
  >),
  missingDN: 'the adapter page has no `DN`',
  invalidDN: "the adapter page's `DN` is not a device number",
  missingPageProperty:
    'the adapter page lacks a property the activity needs (`AgentID` for the agent activities, `Destination` for MakeCall, the consultations, BlindTransfer and DropParty, `Digits` for SendDTMF)',
  invalidPageProperty:
    'an adapter-page property does not fit the CTI wire (`AgentID`, `AgentPassword`, `Queue`, `AgentOptions.pyOpenCTI.pyReasonCode`, `CallID`, `HeldCallId`, `Digits`, `CallData`)',
  notSubscribed: 'UnSubscribeForEvents for an extension that is not subscribed',
  noCallFound: 'a call-control activity whose page names no call (`CallID`, `HeldCallId`) finds none in the right state at `DN` on the switch (decision 0013)',
  ambiguousCall: 'a call-control activity whose page names no call finds several in the right state at `DN`: the adapter does not guess',
  undialable: '`Destination` is not a phone number once spaces, dots, dashes and brackets are dropped',
  outOfMode: 'the activity is outside the claimed telephony mode (decision 0005)',
  notImplementedYet: 'the activity belongs to the mode but this build of the reference adapter has no handler for it (a bug: every activity is implemented)',
  internal: 'an unexpected exception inside the adapter (a bug; details in the adapter log)',
};

const EXAMPLE: FailureFacts = {
  server: '127.0.0.1:7001',
  user: 'switchboard',
  dn: '8808',
  request: 'MonitorStart',
  timeoutMs: 2000,
  reason: 'reason given by the socket or the server',
  activity: 'SetAgentReady',
  modeTitle: 'Simple telephony',
  why: 'agent state is managed at the phone',
  agentId: '5501',
  property: 'AgentID',
  value: 'agent 5501',
  expected: 'an ACD agent id: 1-64 characters of A-Z a-z 0-9 . _ : -',
};

/** Facts that make a kind's example read as it happens (an agent refusal names an agent request). */
const EXAMPLE_FOR: Partial<Record<FailureKind, FailureFacts>> = {
  invalidAgentId: { request: 'AgentLogin' },
  invalidAgentPassword: { request: 'AgentLogin' },
  agentAlreadyLoggedIn: { request: 'AgentLogin' },
  deviceInUse: { request: 'AgentLogin' },
  agentNotLoggedIn: { request: 'SetAgentState', agentState: 'ready' },
  agentInSameState: { request: 'SetAgentState', agentState: 'notReady', reasonCode: 'LUNCH' },
  invalidReasonCode: { request: 'SetAgentState', agentState: 'notReady', reasonCode: 'LUNCH' },
  agentBusy: { request: 'AgentLogout', activity: 'LogoutAgent' },
  invalidDN: { dn: '88 08' },
  notImplementedYet: { activity: 'AnswerCall' },
  invalidCallId: { request: 'HoldCall', activity: 'HoldCall', callId: 'C7' },
  invalidConnectionState: { request: 'HoldCall', activity: 'HoldCall', callId: 'C7' },
  noConsultCall: { request: 'TransferCall', activity: 'TransferComplete' },
  partyAlreadyInCall: { request: 'ConsultationCall', activity: 'ConferenceInitiate', callId: 'C7', destination: '8809' },
  invalidDestination: { request: 'MakeCall', activity: 'MakeCall', destination: '999' },
  destinationBusy: { request: 'MakeCall', activity: 'MakeCall', destination: '8809' },
  callRejected: { request: 'MakeCall', activity: 'MakeCall', destination: '19005550100' },
  noCallFound: { activity: 'AnswerCall', property: 'CallID', callState: 'ringing' },
  ambiguousCall: { activity: 'AnswerCall', property: 'CallID', callState: 'ringing', candidates: ['C7', 'C8'] },
  undialable: { activity: 'MakeCall', value: 'call Bob' },
};

export function renderErrorCodesDoc(): string {
  const rows = (Object.keys(FAILURES) as FailureKind[]).map((kind) => {
    const rule = FAILURES[kind];
    return `| ${WHEN[kind]} | \`${rule.code}\` | ${rule.message({ ...EXAMPLE, ...EXAMPLE_FOR[kind] })} |`;
  });
  return [
    '<!-- Generated from src/adapter/errors.ts by src/adapter/error-codes-doc.ts — do not edit. -->',
    '# How failures become OPENCTI_* codes',
    '',
    'Every failed activity of the reference adapter resolves to `{ ok: false, errCode, errMessage, pyStatusMessage, pyPegaCTIError }`.',
    "The code comes from Pega Call's default table; the message is what the CSR reads (Pega shows it when it has no translation for the code).",
    'The mapping lives in one table, `src/adapter/errors.ts`; this page is generated from it, with example messages.',
    '',
    '| when | code | example message |',
    '|---|---|---|',
    ...rows,
    '',
    '## Calls that fail after the request was accepted',
    '',
    'A call the switch accepted to place (MakeCall, a consultation) and then cannot complete is not an activity failure: the activity already succeeded.',
    "The switch reports `Failed`, and the desktop gets the call's one `Disconnected`, with the reason in `pyCallState` (decision 0013).",
    '',
    '| `Failed` cause on the CTI wire | `pyCallState` on the Disconnected |',
    '|---|---|',
    ...Object.entries(CALL_FAILURE_FOR_CAUSE).map(([cause, state]) => `| \`${cause}\` | \`${state}\` |`),
    '| any other cause | `Failed` |',
    '',
    '## The codes',
    '',
    '| code | meaning (Pega Call) |',
    '|---|---|',
    ...Object.entries(OPENCTI_ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
    '',
  ].join('\n');
}

export const ERROR_CODES_DOC = new URL('../../docs/error-codes.md', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) await writeFile(ERROR_CODES_DOC, renderErrorCodesDoc());
