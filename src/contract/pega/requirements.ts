/**
 * The requirement catalogue: what an adapter must do, in which telephony mode, and the Pega page
 * each requirement comes from. Every requirement is proved by at least one scenario tagged with its
 * id, and every @OCTI-* tag in features/ names a requirement here (test/requirements.test.ts).
 * `mode` is the lowest mode the requirement applies to; `only` marks a requirement that holds in
 * that mode alone (what the mode must refuse or filter).
 *
 * Over 300 lines on purpose: a catalogue, one entry per requirement, read by id rather than top to
 * bottom; splitting it by area would only scatter the ids the features and the docs look up here.
 */
import { CALL_CONTROL_ACTIVITIES } from './activities.ts';
import type { TelephonyMode } from './modes.ts';

export interface Requirement {
  readonly id: string;
  readonly statement: string;
  readonly mode: TelephonyMode;
  readonly only?: true;
  readonly source: string;
  /**
   * What a failure says about the mode the adapter claims, in words for the certificate
   * ("declared vs observed"), when it means the adapter behaves like another mode.
   */
  readonly mismatch?: string;
  /**
   * How the requirement is proved: by the scenarios tagged with its id (the default), or by the
   * property run (src/properties/), whose invariants each carry the id of one requirement.
   */
  readonly provedBy?: 'scenarios' | 'properties';
}

const SERVER_87 = 'https://docs-previous.pega.com/pega-call-developer-guide-server-side-integration/87';
const SERVER_85 = 'https://docs-previous.pega.com/pega-call-developer-guide-server-side-integration/85';
const CLIENT_87 = 'https://docs-previous.pega.com/pega-call-developer-guide-client-side-integration/87';

export const REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'OCTI-CFG-001',
    mode: 'simple',
    statement:
      'The adapter refuses configuration that is missing or invalid (unknown telephony mode, bad CTI URL, missing credentials), naming the field and what was expected.',
    source: `${SERVER_87}/implementing-opencti`,
  },
  {
    id: 'OCTI-LIFE-001',
    mode: 'simple',
    statement: 'OpenAdapter connects and authenticates to the CTI server; CTI link credentials that the server rejects fail with OPENCTI_HTTP_ERROR_401.',
    source: `${SERVER_87}/initializing-opencti-adapter`,
  },
  {
    id: 'OCTI-LIFE-002',
    mode: 'simple',
    statement: 'CloseAdapter stops every subscription of the user: no event reaches the desktop after it.',
    source: `${SERVER_87}/initializing-opencti-adapter`,
  },
  {
    id: 'OCTI-LIFE-003',
    mode: 'simple',
    statement:
      "Closing down leaves nothing open at the CTI server: after CloseAdapter, or a LogoutAgent (which closes the adapter), the adapter's CTI session is ended and none of its monitors is left; after UnSubscribeForEvents no monitor of that extension is left.",
    source: `${SERVER_87}/initializing-opencti-adapter`,
  },
  {
    id: 'OCTI-SUB-001',
    mode: 'simple',
    statement: 'SubscribeForEvents on a known extension succeeds and call events for that extension reach its desktop.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-SUB-002',
    mode: 'simple',
    statement: 'SubscribeForEvents on an extension the CTI server does not know fails with OPENCTI_HTTP_ERROR_404 and a message naming the extension.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-SUB-003',
    mode: 'simple',
    statement: 'When the CTI server cannot be reached, OpenAdapter and SubscribeForEvents fail with OPENCTI_HTTP_ERROR_503.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-SUB-004',
    mode: 'simple',
    statement: 'No event reaches the desktop for an extension that is not subscribed.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-SUB-005',
    mode: 'simple',
    statement: 'After UnSubscribeForEvents no event reaches the desktop for that extension.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-CALL-001',
    mode: 'simple',
    statement:
      'A customer call routed from a queue pops one Offering on the ringing extension with the caller number (pyANI), the dialled number (pyDNIS), the call id and pyCallType INBOUND.',
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-CALL-002',
    mode: 'simple',
    statement: 'Call data attached to the call reaches the desktop as named variables (pyNamedVariables) on the Offering.',
    source: `${SERVER_87}/passing-call-data-clipboard`,
  },
  {
    id: 'OCTI-CALL-003',
    mode: 'simple',
    statement: 'Each call produces exactly one Offering per ringing extension.',
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-CALL-004',
    mode: 'simple',
    statement: 'A customer call dialled straight to the extension pops an INBOUND Offering whose dialled number is the extension.',
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-CALL-005',
    mode: 'simple',
    statement: 'An internal call between extensions pops an INTERNAL Offering on the called extension, with the calling extension as the other party.',
    source: `${SERVER_87}/passing-call-data-clipboard`,
  },
  {
    id: 'OCTI-CALL-006',
    mode: 'simple',
    statement: 'A call answered on the phone reaches the desktop as Established for the answering extension, with the same call id as its Offering.',
    source: `${CLIENT_87}/call-event-schema`,
  },
  {
    id: 'OCTI-CALL-007',
    mode: 'simple',
    statement: 'A caller who hangs up before answer ends the call on the desktop with exactly one Abandoned, and nothing follows it for that call.',
    source: `${CLIENT_87}/call-event-schema`,
  },
  {
    id: 'OCTI-CALL-008',
    mode: 'simple',
    statement: 'A call that ends after answer ends on the desktop with exactly one Disconnected, and nothing follows it for that call.',
    source: `${CLIENT_87}/call-event-schema`,
  },
  {
    id: 'OCTI-CALL-009',
    mode: 'simple',
    statement: 'Two calls in a row are two distinct screen pops with distinct call ids.',
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-CALL-010',
    mode: 'simple',
    statement:
      "A second call ringing at an extension during a conversation (call waiting) pops as its own Offering with its own call id, and the first call's events keep flowing: it ends on the desktop as the switch ends it, whatever the second call does.",
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-CALL-011',
    mode: 'simple',
    statement:
      "A call id the switch gives again once its call has ended (PBXs recycle call ids) is a new call: it pops with its own Offering, caller and call type, and nothing of the ended call's carries over.",
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-EVT-001',
    mode: 'simple',
    statement: 'Every event the adapter hands to Pega matches the Pega event JSON Schema of its type.',
    source: 'https://docs.pega.com/pega-call-developer-guide-client-side-integration/87/json-schema-properties-opencti',
  },
  {
    id: 'OCTI-EVT-002',
    mode: 'simple',
    statement:
      'Monitoring alone invents nothing: after OpenAdapter and SubscribeForEvents succeed, no call or agent event reaches the desktop that the CTI server did not report.',
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-EVT-003',
    mode: 'simple',
    statement:
      'A frame from the CTI server the adapter cannot read (not JSON, or a field of the wrong type) is skipped: the link stays up, and later events reach the desktop, whole.',
    source: `${SERVER_87}/flow-events-cti-server`,
  },
  {
    id: 'OCTI-LINK-001',
    mode: 'simple',
    statement:
      'When the CTI link is lost the adapter tells the desktop (SnapshotEvent with pyLinkState DISCONNECTED, pyDeviceState CLOSED, agent state Unknown), reconnects and re-subscribes by itself, and tells the desktop again (pyLinkState CONNECTED, pyDeviceState OPENED), even when the switch then refuses SnapshotDevice (agent state Unknown, not invented).',
    source: `${CLIENT_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-LINK-002',
    mode: 'simple',
    statement:
      'Across a lost link nothing is lost or doubled: a call that rang meanwhile pops exactly once, a call that ended meanwhile ends on the desktop, a call already popped does not pop again.',
    source: `${CLIENT_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-LINK-003',
    mode: 'simple',
    statement:
      "While the CTI server refuses it, the adapter keeps trying to reconnect and backs off within the waits of its settings (timeouts.reconnectMinMs, reconnectMaxMs): no attempt sooner than reconnectMinMs after the last, waits that start at reconnectMinMs and at most double (the first three attempts within 14 × reconnectMinMs of the loss), that grow (one reaches 4 × reconnectMinMs within nine refused attempts), and none longer than reconnectMaxMs, so once the server takes the session the desktop hears CONNECTED within reconnectMaxMs. Attempts are timed at the CTI server; upper bounds on the lab's clock with a 150 ms margin.",
    source: 'https://docs-previous.pega.com/pega-call-configuration-and-operations-guide/85/configuring-cti-link-reconnect-and-failover-0',
  },
  {
    id: 'OCTI-MODE-001',
    mode: 'simple',
    only: true,
    statement: 'In Simple telephony SetAgentReady and SetAgentNotReady are refused with OPENCTI_HTTP_ERROR_405 and a message naming the mode.',
    source: `${SERVER_87}/cti-functions`,
    mismatch: 'Declared Simple telephony, but the adapter accepts Ready / Not Ready requests that only agent-state management allows.',
  },
  {
    id: 'OCTI-MODE-002',
    mode: 'simple',
    only: true,
    statement: 'In Simple telephony every call-control activity is refused with OPENCTI_HTTP_ERROR_405 and a message naming the mode.',
    source: `${SERVER_87}/cti-functions`,
    mismatch: 'Declared Simple telephony, but the adapter accepts call-control requests that only Full telephony allows.',
  },
  {
    id: 'OCTI-MODE-003',
    mode: 'simple',
    only: true,
    statement: 'In Simple telephony no agent-state event reaches the desktop, even when the agent changes state at the phone.',
    source: `${SERVER_85}/handling-agent-state-events`,
    mismatch:
      'Declared Simple telephony, but the adapter sends agent-state events to the desktop, as an agent-state adapter would; Simple telephony must filter them.',
  },
  {
    id: 'OCTI-MODE-004',
    mode: 'simple',
    only: true,
    statement:
      'In Simple telephony LoginAgent monitors the extension without logging the agent in to the ACD, and LogoutAgent stops monitoring and closes the adapter.',
    source: `${SERVER_87}/implementing-loginagent-activity`,
  },
  {
    id: 'OCTI-MODE-005',
    mode: 'agent-state',
    only: true,
    statement:
      'In Simple telephony with agent state management every call-control activity is refused with OPENCTI_HTTP_ERROR_405 and a message naming the mode.',
    source: `${SERVER_87}/cti-functions`,
    mismatch: 'Declared Simple telephony with agent state management, but the adapter accepts call-control requests that only Full telephony allows.',
  },
  {
    id: 'OCTI-MODE-006',
    mode: 'agent-state',
    statement:
      'The same call pops the same screen (caller data and call id) whether the adapter runs in Simple or in agent-state telephony, and only the agent-state desktop hears agent events.',
    source: `${SERVER_87}/implementing-opencti`,
  },
  {
    id: 'OCTI-MODE-007',
    mode: 'simple',
    only: true,
    statement: 'In Simple telephony no PartyInfoEvent reaches the desktop, even when a conference is made at the phone.',
    source: `${CLIENT_87}/party-info-event-schema`,
    mismatch: 'Declared Simple telephony, but the adapter sends PartyInfo events to the desktop, as a Full-telephony adapter would.',
  },
  {
    id: 'OCTI-MODE-008',
    mode: 'agent-state',
    only: true,
    statement: 'In Simple telephony with agent state management no PartyInfoEvent reaches the desktop, even when a conference is made at the phone.',
    source: `${CLIENT_87}/party-info-event-schema`,
    mismatch:
      'Declared Simple telephony with agent state management, but the adapter sends PartyInfo events to the desktop, as a Full-telephony adapter would.',
  },
  {
    id: 'OCTI-AGT-001',
    mode: 'agent-state',
    statement:
      'LoginAgent logs the agent in at the ACD on the extension (DN) with AgentID and AgentPassword; the Login agent state event reaches the desktop from the CTI server.',
    source: `${SERVER_87}/implementing-loginagent-activity`,
    mismatch: 'Declared agent-state management, but the adapter does not log the agent in at the ACD from the desktop.',
  },
  {
    id: 'OCTI-AGT-002',
    mode: 'agent-state',
    statement: 'SetAgentReady makes the agent Ready at the ACD; exactly one Ready agent state event reaches the desktop.',
    source: `${SERVER_87}/agent-state-management-activities`,
    mismatch:
      'Declared agent-state management, but going Ready from the desktop does not end in exactly one Ready event from the ACD: the CSR cannot rely on the state the desktop shows.',
  },
  {
    id: 'OCTI-AGT-003',
    mode: 'agent-state',
    statement:
      "Reason codes travel both ways: SetAgentNotReady passes AgentOptions.pyOpenCTI.pyReasonCode to the ACD, and NotReady events carry the ACD's reason code in pyReasonCode.",
    source: `${SERVER_87}/implementing-setagentnotready-activity`,
  },
  {
    id: 'OCTI-AGT-004',
    mode: 'agent-state',
    statement: 'SetAgentNotReady with WorkMode AFTER_CALL_WORK puts the agent in after-call work; the desktop gets NotReady with pyWorkMode ACW.',
    source: `${SERVER_87}/implementing-setagentnotready-activity`,
  },
  {
    id: 'OCTI-AGT-005',
    mode: 'agent-state',
    statement: 'LogoutAgent logs the agent out at the ACD with its reason code, the Logout event carries the reason, and monitoring of the extension stops.',
    source: `${SERVER_87}/implementing-logoutagent-activity`,
  },
  {
    id: 'OCTI-AGT-006',
    mode: 'agent-state',
    statement: "A SnapshotEvent reporting the ACD's truth (agent id, agent state, device and link state) reaches the desktop after login and after logout.",
    source: `${CLIENT_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-AGT-007',
    mode: 'agent-state',
    statement:
      'State changes the ACD makes by itself reach the desktop: busy on a call, after-call work when it ends, and Ready or Not Ready when after-call work ends.',
    source: `${SERVER_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-AGT-008',
    mode: 'agent-state',
    statement: 'A supervisor forcing the agent Not Ready or logging the agent out reaches the desktop.',
    source: `${SERVER_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-AGT-009',
    mode: 'agent-state',
    statement:
      "A queue call pops only on the desktop of the extension the ACD rings it at (a Ready agent's): no other agent's desktop gets it, under any extension.",
    source: `${SERVER_85}/handling-incoming-calls-and-call-treatment`,
  },
  {
    id: 'OCTI-AGT-010',
    mode: 'agent-state',
    statement:
      "A queue call nobody answers in time ends on the ringing desktop, the agent becomes Not Ready, and the call pops on the next Ready agent's desktop.",
    source: `${SERVER_85}/handling-incoming-calls-and-call-treatment`,
  },
  {
    id: 'OCTI-AGT-011',
    mode: 'agent-state',
    statement:
      'Every ACD refusal of an agent-state request reaches the desktop as its documented OPENCTI_* code (wrong password, logged in elsewhere, not logged in, same state, unknown reason code, logout during a call).',
    source: 'https://docs-previous.pega.com/pega-call-developer-guide-client-side-integration/85/handling-errors',
  },
  {
    id: 'OCTI-AGT-012',
    mode: 'agent-state',
    statement: 'A refused agent-state request changes nothing: no agent state event reaches the desktop.',
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-AGT-013',
    mode: 'agent-state',
    statement:
      "A Ready or Not Ready request the ACD accepts reaches the desktop only as the ACD's event: when that event is lost on the way, the desktop shows no agent state change.",
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-AGT-014',
    mode: 'agent-state',
    statement:
      'When the CTI link comes back, the CONNECTED snapshot reports the agent as the ACD holds them then: Not Ready with its reason code, after-call work (work mode ACW) or Busy, not what the desktop was last told.',
    source: `${CLIENT_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-FULL-001',
    mode: 'full',
    statement:
      'AnswerCall answers the call ringing at DN (CallID, or the only ringing call when CallID is blank); Established reaches the desktop from the CTI server.',
    source: `${SERVER_87}/implementing-answercall-activity`,
  },
  {
    id: 'OCTI-FULL-002',
    mode: 'full',
    statement: "HangUpCall releases DN from the call: Disconnected reaches that desktop, and the other party's desktop hears the call end.",
    source: `${SERVER_87}/implementing-hangupcall-activity`,
  },
  {
    id: 'OCTI-FULL-003',
    mode: 'full',
    statement:
      'HoldCall and RetrieveCall hold and retrieve the call at DN: Held, then Retrieved, reach the desktop; Retrieved never comes without Held before it.',
    source: `${SERVER_87}/implementing-holdcall-activity`,
    mismatch: 'Declared Full telephony, but hold and retrieve do not reach the desktop as Held then Retrieved from the CTI server.',
  },
  {
    id: 'OCTI-FULL-004',
    mode: 'full',
    statement:
      "MakeCall places a call from DN: Initiated on the caller's desktop, Alerting while the far end rings, Established when it answers; OUTBOUND to an outside number, INTERNAL to an extension, whose desktop pops an Offering.",
    source: `${SERVER_87}/implementing-makecall-activity`,
  },
  {
    id: 'OCTI-FULL-005',
    mode: 'full',
    statement:
      'A call that cannot be placed fails with its code: a number outside the dial plan OPENCTI_CF_INVALID_DESTINATION, a busy extension OPENCTI_DEST_BUSY, a barred number OPENCTI_CALL_REJECTED; an outside number that turns out busy or never answers ends on the desktop with Disconnected, its pyCallState saying why (Busy, NoAnswer).',
    source: `${CLIENT_87}/handling-errors`,
  },
  { id: 'OCTI-FULL-006', mode: 'full', statement: 'SendDTMF sends the digits on the connected call at DN.', source: `${SERVER_87}/cti-functions` },
  {
    id: 'OCTI-FULL-007',
    mode: 'full',
    statement:
      "ConsultationCall, TransferInitiate and ConferenceInitiate hold the call and place a consult call to the destination; the consult call is CONSULT on both desktops, and a call's type never changes during its life.",
    source: `${SERVER_87}/cti-functions`,
    mismatch: 'Declared Full telephony, but consult calls are not reported as CONSULT: Pega cannot tell a consultation from a customer call.',
  },
  {
    id: 'OCTI-FULL-008',
    mode: 'full',
    statement:
      "TransferComplete (warm transfer) leaves the customer with the consulted CSR: the transferring desktop ends both calls, the consulted desktop keeps the customer's call and gets PartyInfo with the new parties.",
    source: `${SERVER_87}/cti-functions`,
  },
  {
    id: 'OCTI-FULL-009',
    mode: 'full',
    statement: "BlindTransfer sends the call to the destination in one step: the transferring desktop's call ends and the destination's desktop pops it.",
    source: `${SERVER_87}/cti-functions`,
  },
  {
    id: 'OCTI-FULL-010',
    mode: 'full',
    statement: "ConferenceComplete joins the consulted party to the call: every party's desktop gets PartyInfo listing all three parties.",
    source: `${CLIENT_87}/party-info-event-schema`,
  },
  {
    id: 'OCTI-FULL-011',
    mode: 'full',
    statement: "DropParty removes a party from a conference: the dropped party's call ends and the others get PartyInfo without it.",
    source: `${CLIENT_87}/party-info-event-schema`,
  },
  {
    id: 'OCTI-FULL-012',
    mode: 'full',
    statement:
      "Call data attached to a call travels with it across consult, warm and blind transfers: the receiving desktop's events carry it in pyNamedVariables.",
    source: `${SERVER_87}/passing-call-data-clipboard`,
    mismatch: "Declared Full telephony, but call data is lost on transfer: the receiving CSR does not get the customer's context (voice and data transfer).",
  },
  {
    id: 'OCTI-FULL-013',
    mode: 'full',
    statement: 'A consult can be cancelled: hanging up the consult call and retrieving the held call returns the CSR to the customer.',
    source: `${SERVER_87}/cti-functions`,
  },
  {
    id: 'OCTI-FULL-014',
    mode: 'full',
    statement:
      'Every switch refusal of a call-control request reaches the desktop as its documented OPENCTI_* code (nothing ringing, call not active, call not held, no consult call, a call the switch does not list at DN, party already in the conference) and changes nothing on the desktop.',
    source: `${CLIENT_87}/handling-errors`,
  },
  {
    id: 'OCTI-FULL-015',
    mode: 'full',
    statement: 'When a desktop request and a switch event cross (glare), the desktop ends in agreement with the switch, whichever side wins.',
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-FULL-016',
    mode: 'full',
    statement: 'A held call whose far end hangs up ends on the desktop with Disconnected, and nothing follows it.',
    source: `${CLIENT_87}/call-event-schema`,
  },
  {
    id: 'OCTI-FULL-017',
    mode: 'full',
    statement:
      "A call-control request the switch accepts reaches the desktop only as the switch's events: when the Held event of a hold is lost on the way, the desktop does not show the call held.",
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-FULL-018',
    mode: 'full',
    statement:
      'AnswerCall without a CallID answers the one call ringing at DN even while another call is connected there (call waiting): the switch puts the connected call on hold, and the desktop gets Held for it and Established for the answered call.',
    source: `${SERVER_87}/implementing-answercall-activity`,
  },
  {
    id: 'OCTI-FULL-019',
    mode: 'full',
    statement:
      'AnswerCall without a CallID while several calls ring at DN answers none: it fails with OPENCTI_CF_GENERIC_OPERATION naming the ringing calls, and nothing changes on the desktop or at the switch.',
    source: `${CLIENT_87}/handling-errors`,
  },
  {
    id: 'OCTI-FULL-020',
    mode: 'full',
    statement:
      'A call-control request whose page names no call, when no call at DN fits it, fails with OPENCTI_CF_INVALID_OBJECT_STATE and a message naming the missing property and the call states looked for (e.g. "no call is connected, dialling, ringing or on hold at 8808"); when several fit, with OPENCTI_CF_GENERIC_OPERATION saying how many calls are in which state.',
    source: `${CLIENT_87}/handling-errors`,
  },
  {
    id: 'OCTI-SEC-001',
    mode: 'simple',
    statement:
      "The adapter never writes a credential it was given (the CTI link password, an agent's password) into its logs, its answers or its events, not even when the switch refuses it.",
    source: `${SERVER_87}/implementing-loginagent-activity`,
  },
  // Invariants of the property run (src/properties/): proved over generated sequences of requests,
  // switch stimuli and link faults in many interleavings, not by scenarios.
  {
    id: 'OCTI-PROP-001',
    mode: 'simple',
    provedBy: 'properties',
    statement: 'One terminal event per call: on each desktop a call ends with at most one Disconnected or Abandoned, and no event for that call follows it.',
    source: `${CLIENT_87}/call-event-schema`,
  },
  {
    id: 'OCTI-PROP-002',
    mode: 'simple',
    provedBy: 'properties',
    statement: 'Retrieved only after Held: on each desktop every Retrieved for a call follows a Held for it that no earlier Retrieved answered.',
    source: `${SERVER_87}/implementing-holdcall-activity`,
  },
  {
    id: 'OCTI-PROP-003',
    mode: 'simple',
    provedBy: 'properties',
    statement: "A call's type never changes: every call event for a call on a desktop carries the same pyCallType.",
    source: `${SERVER_87}/passing-call-data-clipboard`,
  },
  {
    id: 'OCTI-PROP-004',
    mode: 'simple',
    provedBy: 'properties',
    statement:
      'Events only for subscribed extensions: a desktop gets events only for an extension it subscribed to (SubscribeForEvents or LoginAgent), from the request until UnSubscribeForEvents, LogoutAgent or CloseAdapter has answered (or a refused subscription has answered), and the snapshot that answers a LoginAgent or LogoutAgent for it.',
    source: `${SERVER_87}/configuring-event-subscription`,
  },
  {
    id: 'OCTI-PROP-005',
    mode: 'simple',
    provedBy: 'properties',
    statement:
      'Exactly one outcome per request: every activity answers, within the deadline, with exactly one result of the contract (success, or one OPENCTI_* error with its texts); it never hangs or throws.',
    source: `${SERVER_87}/flow-requests-cti-server`,
  },
  {
    id: 'OCTI-PROP-006',
    mode: 'simple',
    provedBy: 'properties',
    statement:
      "At most one Offering per call on each desktop while it stays subscribed (a new subscription may pop a call still ringing again), whatever the order, duplication or loss of the CTI server's events.",
    source: `${SERVER_87}/handling-incoming-call-events`,
  },
  {
    id: 'OCTI-PROP-007',
    mode: 'simple',
    provedBy: 'properties',
    statement:
      'Mode filtering is exact: activities outside the claimed mode are refused with OPENCTI_HTTP_ERROR_405 and those inside it never are; only the events the mode shows reach the desktop (below Full telephony no Held, Retrieved, Initiated, Alerting or PartyInfo; in Simple telephony no agent state event).',
    source: `${SERVER_87}/cti-functions`,
  },
  {
    id: 'OCTI-PROP-008',
    mode: 'agent-state',
    provedBy: 'properties',
    statement:
      'Agent state follows the allowed transitions on each desktop: Login, then Ready, Not Ready or Logout; Ready to Not Ready or Logout; Not Ready to Ready, another Not Ready or Logout; Logout only to Login (a snapshot sets the state).',
    source: `${SERVER_87}/handling-agent-state-events`,
  },
  {
    id: 'OCTI-PROP-009',
    mode: 'simple',
    provedBy: 'properties',
    statement:
      "After the system goes quiet, each subscribed desktop's view equals the CTI server's truth: the calls it shows and their states, every call it was shown that ended ended there, and from agent state management on the agent's state.",
    source: `${SERVER_87}/flow-events-cti-server`,
  },
];

/** The requirements the property run proves (src/properties/), in id order. */
export const PROPERTY_REQUIREMENTS: readonly Requirement[] = REQUIREMENTS.filter((r) => r.provedBy === 'properties');

export function requirementById(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id);
}

/**
 * What a declared-vs-observed finding must rest on: a request of these activities that really
 * answered ok, or an event of these Pega types that really reached the desktop, in a scenario that
 * failed the requirement. A failure alone (a set-up step, an event that never came) says nothing
 * about which mode the adapter behaves like. Requirements with a `mismatch` and no entry here rest
 * on the failed step that proves them.
 */
export type MismatchEvidence =
  { readonly kind: 'accepted'; readonly activities: readonly string[] } | { readonly kind: 'delivered'; readonly eventTypes: readonly string[] };

export const MISMATCH_EVIDENCE: Readonly<Record<string, MismatchEvidence>> = {
  'OCTI-MODE-001': { kind: 'accepted', activities: ['SetAgentReady', 'SetAgentNotReady'] },
  'OCTI-MODE-002': { kind: 'accepted', activities: CALL_CONTROL_ACTIVITIES },
  'OCTI-MODE-003': { kind: 'delivered', eventTypes: ['AgentStateEvent'] },
  'OCTI-MODE-005': { kind: 'accepted', activities: CALL_CONTROL_ACTIVITIES },
};
