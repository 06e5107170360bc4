/**
 * The scenarios a CTI dialect cannot express, and why (docs/dialects/<dialect>.md): a run in that
 * dialect leaves them out, and what only they prove is not judged — never passed. JSON expresses
 * everything. Names are scenario names as the features spell them (a test checks each exists).
 */
import type { DialectName } from '../../simulator/index.ts';

const NO_AGENT_PASSWORD = "AMI's QueueAdd carries no agent password: Asterisk queues do not authenticate members";
const NO_LOGOUT_REASON = "AMI's QueueRemove carries no reason code";

export const INEXPRESSIBLE: Readonly<Record<DialectName, Readonly<Record<string, string>>>> = {
  json: {},
  'csta-xml': {},
  ami: {
    'Logging out with a reason code': NO_LOGOUT_REASON,
    'LoginAgent with password "0000" is refused when the agent is logged out': NO_AGENT_PASSWORD,
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
