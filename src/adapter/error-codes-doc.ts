/**
 * Renders docs/error-codes.md from the reference adapter's failure table, so the published
 * mapping is the one the code uses. Regenerate: `npx tsx src/adapter/error-codes-doc.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { OPENCTI_ERROR_CODES, WIRE_ERROR_CODES } from '../contract/index.ts';
import { FAILURES, type FailureFacts, type FailureKind } from './errors.ts';

/** When each failure happens; typed over every kind, so a new kind cannot go undocumented. */
const WHEN: Record<FailureKind, string> = {
  unreachable: 'the CTI server refuses the connection or cannot be resolved',
  connectTimeout: 'the CTI server does not accept the connection within `timeouts.connectMs`',
  requestTimeout: 'the CTI server does not answer a request within `timeouts.requestMs`',
  linkLost: 'the link drops, or nothing is heard for two heartbeat intervals',
  notOpen: 'a request needs the link and it is not open',
  ...(Object.fromEntries(Object.entries(WIRE_ERROR_CODES).map(([code, meaning]) => [code, `the CTI server answers \`${code}\`: ${meaning}`])) as Record<keyof typeof WIRE_ERROR_CODES, string>),
  missingDN: 'the adapter page has no `DN`',
  invalidDN: 'the adapter page\'s `DN` is not a device number',
  missingPageProperty: 'the adapter page lacks a property the activity needs (`AgentID` for the agent activities)',
  invalidPageProperty: 'an adapter-page property does not fit the CTI wire (`AgentID`, `AgentPassword`, `Queue`, `AgentOptions.pyOpenCTI.pyReasonCode`)',
  notSubscribed: 'UnSubscribeForEvents for an extension that is not subscribed',
  outOfMode: 'the activity is outside the claimed telephony mode (decision 0005)',
  notImplementedYet: 'the activity belongs to the mode but this version of the reference adapter does not implement it yet',
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
    'The code comes from Pega Call\'s default table; the message is what the CSR reads (Pega shows it when it has no translation for the code).',
    'The mapping lives in one table, `src/adapter/errors.ts`; this page is generated from it, with example messages.',
    '',
    '| when | code | example message |',
    '|---|---|---|',
    ...rows,
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
