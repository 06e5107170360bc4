/**
 * The invariants of the property run, each the proof of one requirement of the catalogue
 * (OCTI-PROP-*). Safety invariants hold of every prefix of a trace, so they are checked while the
 * sequence runs and stop it at the first violation; the quiet agreement (OCTI-PROP-009) and "every
 * request answered" (OCTI-PROP-005) are judged once the system is quiet.
 */
import { PROPERTY_REQUIREMENTS, type TelephonyMode } from '../contract/index.ts';
import type { TraceEntry } from '../harness/trace.ts';

export const PROPERTY_IDS = [
  'OCTI-PROP-001',
  'OCTI-PROP-002',
  'OCTI-PROP-003',
  'OCTI-PROP-004',
  'OCTI-PROP-005',
  'OCTI-PROP-006',
  'OCTI-PROP-007',
  'OCTI-PROP-008',
  'OCTI-PROP-009',
] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];

export interface Violation {
  readonly id: PropertyId;
  readonly message: string;
  /** Where it showed, when it is about one desktop (its extension) and one call (the switch's id). */
  readonly extension?: string;
  readonly callId?: string;
  /** The request that broke it (OCTI-PROP-005, OCTI-PROP-007). */
  readonly activity?: string;
}

/** One invariant violated by a sequence: fast-check's failure, carrying which requirement it breaks. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  readonly violation: Violation;
  constructor(violation: Violation) {
    super(`${violation.id}: ${violation.message}`);
    this.violation = violation;
  }
}

/** The invariants that apply to a claimed mode, with their statements from the catalogue. */
export function propertiesFor(mode: TelephonyMode): { readonly id: PropertyId; readonly statement: string }[] {
  return PROPERTY_IDS.flatMap((id) => {
    const requirement = PROPERTY_REQUIREMENTS.find((r) => r.id === id);
    if (requirement === undefined) throw new Error(`${id} is not in the requirement catalogue`);
    return requirement.mode === 'agent-state' && mode === 'simple' ? [] : [{ id, statement: requirement.statement }];
  });
}

export type Delivered = Extract<TraceEntry, { kind: 'delivered' }>;
type SwitchEntry = Extract<TraceEntry, { kind: 'switch' }>;

export const TERMINAL = new Set(['Disconnected', 'Abandoned']);
export const NOTIFICATIONS = new Set(['Offering', 'Established', 'Disconnected', 'Abandoned']);

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function deliveries(entries: readonly TraceEntry[]): { entry: Delivered; index: number }[] {
  const out: { entry: Delivered; index: number }[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind === 'delivered') out.push({ entry, index });
  });
  return out;
}

export function switchEvents(entries: readonly TraceEntry[]): { event: SwitchEntry['event']; index: number }[] {
  const out: { event: SwitchEntry['event']; index: number }[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind === 'switch') out.push({ event: entry.event, index });
  });
  return out;
}

export function where(d: Delivered, index: number): string {
  return `${d.desktop} (DN ${d.DN || '-'}, trace entry #${index})`;
}

export function said(d: Delivered): string {
  const e = d.event;
  const name = text(e['pyEventName']) || text(e['pyEventType']) || 'an event';
  const call = text(e['pyCallId']);
  return call === '' ? name : `${name} for ${call}`;
}

/**
 * Where the switch put `device` back into `callId` after it had left it (a transfer back, a second
 * conference): the call's second life there. Deliveries from that entry on are not judged against
 * its first life's terminal event. Infinity when it never came back.
 */
export function secondLifeAt(switchLog: ReturnType<typeof switchEvents>, device: string, callId: string): number {
  let left = false;
  for (const { event, index } of switchLog) {
    if (event['callId'] !== callId) continue;
    const name = event['name'];
    if ((name === 'ConnectionCleared' && event['releasingDevice'] === device) || (name === 'Transferred' && event['transferringDevice'] === device))
      left = true;
    const joins =
      (name === 'Delivered' && event['alertingDevice'] === device) ||
      (name === 'Established' && event['answeringDevice'] === device) ||
      (name === 'Conferenced' && event['addedParty'] === device) ||
      (name === 'Transferred' && event['transferredToDevice'] === device);
    if (left && joins) return index;
  }
  return Number.POSITIVE_INFINITY;
}
