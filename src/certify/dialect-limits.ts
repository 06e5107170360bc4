/**
 * The scenarios a CTI dialect cannot express, and why (docs/dialects/<dialect>.md): a run in that
 * dialect leaves them out, and what only they prove is not judged — never passed. JSON expresses
 * everything. Names are scenario names as the features spell them (a test checks each exists).
 */
import type { DialectName } from '../../simulator/index.ts';

const NO_AGENT_PASSWORD = "AMI's QueueAdd carries no agent password: Asterisk queues do not authenticate members";
const NO_LOGOUT_REASON = "AMI's QueueRemove carries no reason code";
const NO_TRANSFER_COMPLETE = 'AMI has no action that completes, cancels or conferences a consultation (Atxfer starts one; the phone ends it)';
const ONE_DIGIT = "AMI's PlayDTMF sends one digit per action, so the switch hears the digits one by one";

export const INEXPRESSIBLE: Readonly<Record<DialectName, Readonly<Record<string, string>>>> = {
  json: {},
  'csta-xml': {},
  ami: {
    'Logging out with a reason code': NO_LOGOUT_REASON,
    'LoginAgent with password "0000" is refused when the agent is logged out': NO_AGENT_PASSWORD,
    'Three parties in one call, seen from every desktop': NO_TRANSFER_COMPLETE,
    'Dropping the colleague takes the call back to two parties': NO_TRANSFER_COMPLETE,
    'A party already in the conference cannot be added again': NO_TRANSFER_COMPLETE,
    'Completing a transfer crosses the colleague hanging up, the desktop first': NO_TRANSFER_COMPLETE,
    'Completing a transfer crosses the colleague hanging up, the switch first': NO_TRANSFER_COMPLETE,
    'Sending digits on a connected call': ONE_DIGIT,
    'TransferComplete is refused when 8808 is connected to a call': NO_TRANSFER_COMPLETE,
    'ConferenceComplete is refused when 8808 is connected to a call': NO_TRANSFER_COMPLETE,
    'Warm transfer leaves the customer with the colleague': NO_TRANSFER_COMPLETE,
    "The transferred customer reaches the colleague as a consult call with the caller's number": NO_TRANSFER_COMPLETE,
    'Call data travels with a warm transfer': NO_TRANSFER_COMPLETE,
  },
};

/** The scenarios `dialect` leaves out, name → why; undefined when it expresses every one. */
export function inexpressibleIn(dialect: DialectName): { readonly dialect: DialectName; readonly scenarios: ReadonlyMap<string, string> } | undefined {
  const scenarios = new Map(Object.entries(INEXPRESSIBLE[dialect]));
  return scenarios.size === 0 ? undefined : { dialect, scenarios };
}

/** Anchored name patterns for the scenarios to run: the planned ones the dialect can express. */
export function expressibleNames(planned: readonly { readonly name: string }[], dialect: DialectName): readonly string[] {
  const left = INEXPRESSIBLE[dialect];
  const keep = [...new Set(planned.map((p) => p.name).filter((name) => !Object.hasOwn(left, name)))];
  // An empty list would select every scenario: a pattern no name matches selects none.
  return keep.length === 0 ? ['^(?!)$'] : keep.map((name) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
