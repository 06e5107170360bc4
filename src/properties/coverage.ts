/**
 * What the property run reached (issue 13): every request counted by its activity, the state of its
 * desktop and extension just before it, and the link fault last armed on that extension earlier in
 * the sequence. All three are read from the model, never from the live system, so a seed reaches the
 * same combinations every time; set against the mode's whole space they show what was never tried.
 */
import { ACTIVITY_NAMES, type ActivityName, type TelephonyMode } from '../contract/index.ts';
import type { ConnectionState } from '../../simulator/model/types.ts';
import { inMode, type PropertyModel } from './model.ts';
import type { FaultKind, RequestSpec } from './specs.ts';

/**
 * A desktop closed or not subscribed; else its extension's calls: none, one ringing, dialling,
 * talking or held, one held beside another (a consultation), two not held of which one rings (call
 * waiting), or any other mix.
 */
export const STATES_BEFORE = ['closed', 'unsubscribed', 'idle', 'ringing', 'dialling', 'talking', 'held', 'consulting', 'waiting', 'several'] as const;
export type StateBefore = (typeof STATES_BEFORE)[number];

/** No fault was armed on the extension's link earlier in the sequence. */
export const NO_FAULT = 'none';

/**
 * The state and fault of a request the mode refuses (decision 0121): it is refused whatever the
 * state and fault (OCTI-MODE-*), so each such activity is one cell of its mode's space, not forty.
 */
export const ANY = 'any';

export interface CoverageCell {
  readonly activity: ActivityName;
  readonly state: StateBefore | typeof ANY;
  readonly fault: FaultKind | typeof NO_FAULT | typeof ANY;
}

/** What the certificate shows: the combinations reached, how often, and those of the space never reached. */
export interface PropertyCoverage {
  /** Combinations in the mode's space: every activity the mode performs × STATES_BEFORE × (no fault or one the run injects), and one per activity it refuses. */
  readonly space: number;
  readonly reached: number;
  /** Requests per reached combination, keyed `activity/state/fault`. */
  readonly counts: Readonly<Record<string, number>>;
  /** The combinations of the space never reached, keyed as `counts`. Some may be out of the mode's reach (e.g. a consultation in Simple telephony). */
  readonly unreached: readonly string[];
}

const SINGLE: Readonly<Record<ConnectionState, StateBefore>> = { alerting: 'ringing', initiated: 'dialling', connected: 'talking', held: 'held' };

export function stateBefore(model: Readonly<PropertyModel>, spec: RequestSpec): StateBefore {
  const desktop = model.desktops[spec.extension];
  if (!desktop.open) return 'closed';
  if (!desktop.subscribed) return 'unsubscribed';
  const here = [...model.switch.calls.values()].flatMap((call) => call.connections.filter((c) => c.device === spec.extension).map((c) => c.state));
  const [first, second, ...more] = here;
  if (first === undefined) return 'idle';
  if (second === undefined) return SINGLE[first];
  if (more.length > 0) return 'several';
  const held = here.filter((s) => s === 'held').length;
  if (held === 1) return 'consulting';
  if (held === 0 && here.includes('alerting') && !here.includes('initiated')) return 'waiting';
  return 'several';
}

export function coverageCell(model: Readonly<PropertyModel>, spec: RequestSpec): CoverageCell {
  if (!inMode(model.mode, spec.activity)) return { activity: spec.activity, state: ANY, fault: ANY };
  return { activity: spec.activity, state: stateBefore(model, spec), fault: model.armed[spec.extension] ?? NO_FAULT };
}

export function cellKey(cell: CoverageCell): string {
  return `${cell.activity}/${cell.state}/${cell.fault}`;
}

/** The space of `mode` for a run that injects `faults`, as cell keys. */
export function coverageSpace(mode: TelephonyMode, faults: readonly FaultKind[]): string[] {
  const armed: readonly CoverageCell['fault'][] = [NO_FAULT, ...faults];
  return ACTIVITY_NAMES.flatMap((activity) =>
    inMode(mode, activity)
      ? STATES_BEFORE.flatMap((state) => armed.map((fault) => cellKey({ activity, state, fault })))
      : [cellKey({ activity, state: ANY, fault: ANY })],
  );
}

/** The counts set against the space of a `mode` run that injects `faults`. */
export function coverageOf(counts: ReadonlyMap<string, number>, mode: TelephonyMode, faults: readonly FaultKind[]): PropertyCoverage {
  const space = coverageSpace(mode, faults);
  const reached = space.filter((key) => (counts.get(key) ?? 0) > 0);
  return {
    space: space.length,
    reached: reached.length,
    counts: Object.fromEntries(reached.map((key) => [key, counts.get(key) ?? 0])),
    unreached: space.filter((key) => (counts.get(key) ?? 0) === 0),
  };
}

/** Adds `from`'s counts to `into`'s. */
export function addCounts(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [key, count] of from) into.set(key, (into.get(key) ?? 0) + count);
}
