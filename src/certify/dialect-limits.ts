/**
 * The scenarios a CTI dialect cannot express, and why (docs/dialects/<dialect>.md): a run in that
 * dialect leaves them out, and what only they prove is not judged — never passed. JSON expresses
 * everything. Names are scenario names as the features spell them (a test checks each exists).
 */
import type { DialectName } from '../../simulator/index.ts';

export const INEXPRESSIBLE: InexpressibleTable = {
  json: {},
  'csta-xml': {},
  // The agent password and the logout reason code found their AMI form in decision 0130.
  ami: {},
};

/** What each dialect leaves out; `INEXPRESSIBLE` unless a test gives its own. */
export type InexpressibleTable = Readonly<Record<DialectName, Readonly<Record<string, string>>>>;

/** The scenarios `dialect` leaves out, name → why; undefined when it expresses every one. */
export function inexpressibleIn(
  dialect: DialectName,
  table: InexpressibleTable = INEXPRESSIBLE,
): { readonly dialect: DialectName; readonly scenarios: ReadonlyMap<string, string> } | undefined {
  const scenarios = new Map(Object.entries(table[dialect]));
  return scenarios.size === 0 ? undefined : { dialect, scenarios };
}

/** Anchored name patterns for the scenarios to run: the planned ones the dialect can express. */
export function expressibleNames(
  planned: readonly { readonly name: string }[],
  dialect: DialectName,
  table: InexpressibleTable = INEXPRESSIBLE,
): readonly string[] {
  const left = table[dialect];
  const keep = [...new Set(planned.map((p) => p.name).filter((name) => !Object.hasOwn(left, name)))];
  // An empty list would select every scenario: a pattern no name matches selects none.
  return keep.length === 0 ? ['^(?!)$'] : keep.map((name) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
