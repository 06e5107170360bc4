/**
 * Mode tags on scenarios: `@from:<mode>` applies to that mode and every mode above it,
 * `@only:<mode>` to that mode alone (what it must refuse or filter). This builds the Cucumber tag
 * expression that selects exactly the scenarios a run claiming `mode` must pass.
 */
import { modeIncludes, TELEPHONY_MODES, type TelephonyMode } from '../contract/index.ts';

export function tagExpressionFor(mode: TelephonyMode): string {
  const from = TELEPHONY_MODES.filter((m) => modeIncludes(mode, m)).map((m) => `@from:${m}`);
  return [...from, `@only:${mode}`].join(' or ');
}
