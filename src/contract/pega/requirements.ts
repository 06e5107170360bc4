/**
 * The requirement catalogue: what an adapter must do, in which telephony mode, and the Pega page
 * each requirement comes from. Every requirement is proved by at least one scenario tagged with its
 * id, and every @OCTI-* tag in features/ names a requirement here (test/requirements.test.ts).
 * `mode` is the lowest mode the requirement applies to; `only` marks a requirement that holds in
 * that mode alone (what the mode must refuse or filter).
 */
import type { TelephonyMode } from './modes.ts';

export interface Requirement {
  readonly id: string;
  readonly statement: string;
  readonly mode: TelephonyMode;
  readonly only?: true;
  readonly source: string;
}

const SERVER_87 = 'https://docs-previous.pega.com/pega-call-developer-guide-server-side-integration/87';
const SERVER_85 = 'https://docs-previous.pega.com/pega-call-developer-guide-server-side-integration/85';
const CLIENT_87 = 'https://docs-previous.pega.com/pega-call-developer-guide-client-side-integration/87';

export const REQUIREMENTS: readonly Requirement[] = [
  { id: 'OCTI-CFG-001', mode: 'simple', statement: 'The adapter refuses configuration that is missing or invalid (unknown telephony mode, bad CTI URL, missing credentials), naming the field and what was expected.', source: `${SERVER_87}/implementing-opencti` },
  { id: 'OCTI-LIFE-001', mode: 'simple', statement: 'OpenAdapter connects and authenticates to the CTI server; CTI link credentials that the server rejects fail with OPENCTI_HTTP_ERROR_401.', source: `${SERVER_87}/initializing-opencti-adapter` },
  { id: 'OCTI-LIFE-002', mode: 'simple', statement: 'CloseAdapter stops every subscription of the user: no event reaches the desktop after it.', source: `${SERVER_87}/initializing-opencti-adapter` },
  { id: 'OCTI-SUB-001', mode: 'simple', statement: 'SubscribeForEvents on a known extension succeeds and call events for that extension reach its desktop.', source: `${SERVER_87}/configuring-event-subscription` },
  { id: 'OCTI-SUB-002', mode: 'simple', statement: 'SubscribeForEvents on an extension the CTI server does not know fails with OPENCTI_HTTP_ERROR_404 and a message naming the extension.', source: `${SERVER_87}/configuring-event-subscription` },
  { id: 'OCTI-SUB-003', mode: 'simple', statement: 'When the CTI server cannot be reached, OpenAdapter and SubscribeForEvents fail with OPENCTI_HTTP_ERROR_503.', source: `${SERVER_87}/configuring-event-subscription` },
  { id: 'OCTI-SUB-004', mode: 'simple', statement: 'No event reaches the desktop for an extension that is not subscribed.', source: `${SERVER_87}/configuring-event-subscription` },
  { id: 'OCTI-SUB-005', mode: 'simple', statement: 'After UnSubscribeForEvents no event reaches the desktop for that extension.', source: `${SERVER_87}/configuring-event-subscription` },
  { id: 'OCTI-CALL-001', mode: 'simple', statement: 'A customer call routed from a queue pops one Offering on the ringing extension with the caller number (pyANI), the dialled number (pyDNIS), the call id and pyCallType INBOUND.', source: `${SERVER_87}/handling-incoming-call-events` },
  { id: 'OCTI-CALL-002', mode: 'simple', statement: 'Call data attached to the call reaches the desktop as named variables (pyNamedVariables) on the Offering.', source: `${SERVER_87}/passing-call-data-clipboard` },
  { id: 'OCTI-CALL-003', mode: 'simple', statement: 'Each call produces exactly one Offering per ringing extension.', source: `${SERVER_87}/handling-incoming-call-events` },
  { id: 'OCTI-CALL-004', mode: 'simple', statement: 'A customer call dialled straight to the extension pops an INBOUND Offering whose dialled number is the extension.', source: `${SERVER_87}/handling-incoming-call-events` },
  { id: 'OCTI-CALL-005', mode: 'simple', statement: 'An internal call between extensions pops an INTERNAL Offering on the called extension, with the calling extension as the other party.', source: `${SERVER_87}/passing-call-data-clipboard` },
  { id: 'OCTI-CALL-006', mode: 'simple', statement: 'A call answered on the phone reaches the desktop as Established for the answering extension, with the same call id as its Offering.', source: `${CLIENT_87}/call-event-schema` },
  { id: 'OCTI-CALL-007', mode: 'simple', statement: 'A caller who hangs up before answer ends the call on the desktop with exactly one Abandoned, and nothing follows it for that call.', source: `${CLIENT_87}/call-event-schema` },
  { id: 'OCTI-CALL-008', mode: 'simple', statement: 'A call that ends after answer ends on the desktop with exactly one Disconnected, and nothing follows it for that call.', source: `${CLIENT_87}/call-event-schema` },
  { id: 'OCTI-CALL-009', mode: 'simple', statement: 'Two calls in a row are two distinct screen pops with distinct call ids.', source: `${SERVER_87}/handling-incoming-call-events` },
  { id: 'OCTI-EVT-001', mode: 'simple', statement: 'Every event the adapter hands to Pega matches the Pega event JSON Schema of its type.', source: 'https://docs.pega.com/pega-call-developer-guide-client-side-integration/87/json-schema-properties-opencti' },
  { id: 'OCTI-EVT-002', mode: 'simple', statement: 'An adapter never invents a state change: a successful request produces no call or agent event the CTI server did not report.', source: `${SERVER_87}/flow-requests-cti-server` },
  { id: 'OCTI-MODE-001', mode: 'simple', only: true, statement: 'In Simple telephony SetAgentReady and SetAgentNotReady are refused with OPENCTI_HTTP_ERROR_405 and a message naming the mode.', source: `${SERVER_87}/cti-functions` },
  { id: 'OCTI-MODE-002', mode: 'simple', only: true, statement: 'In Simple telephony every call-control activity is refused with OPENCTI_HTTP_ERROR_405 and a message naming the mode.', source: `${SERVER_87}/cti-functions` },
  { id: 'OCTI-MODE-003', mode: 'simple', only: true, statement: 'In Simple telephony no agent-state event reaches the desktop, even when the agent changes state at the phone.', source: `${SERVER_85}/handling-agent-state-events` },
  { id: 'OCTI-MODE-004', mode: 'simple', only: true, statement: 'In Simple telephony LoginAgent monitors the extension without logging the agent in to the ACD, and LogoutAgent stops monitoring and closes the adapter.', source: `${SERVER_87}/implementing-loginagent-activity` },
];

export function requirementById(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id);
}
