/**
 * The tagging convention of the features: requirement ids as `@OCTI-CALL-001`, and mode tags
 * `@from:<mode>` (that mode and every mode above it) or `@only:<mode>` (that mode alone).
 */
import { TELEPHONY_MODES, isTelephonyMode, modeIncludes } from '../contract/pega/modes.ts';
import type { TelephonyMode } from '../contract/pega/modes.ts';

const REQUIREMENT_TAG = /^@(OCTI-[A-Z]+-\d+)$/;
const MODE_TAG = /^@(from|only):(.*)$/;

/** Requirement ids named by the tags, in tag order, without duplicates. */
export function requirementTags(tags: readonly string[]): string[] {
  const ids: string[] = [];
  for (const tag of tags) {
    const id = REQUIREMENT_TAG.exec(tag)?.[1];
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export type ModeTag = { readonly kind: 'from' | 'only'; readonly mode: TelephonyMode } | { readonly kind: 'invalid'; readonly tag: string };

/** The mode tag a tag is, `undefined` when it is no mode tag; `invalid` names an unknown mode. */
export function parseModeTag(tag: string): ModeTag | undefined {
  const match = MODE_TAG.exec(tag);
  if (match === null) return undefined;
  const [, kind, mode] = match;
  if ((kind !== 'from' && kind !== 'only') || !isTelephonyMode(mode)) return { kind: 'invalid', tag };
  return { kind, mode };
}

/**
 * True when a scenario with these tags runs in a certification that claims `mode`: some mode tag
 * applies. A scenario without a (valid) mode tag applies to no mode, so a forgotten tag shows up
 * as an unproved requirement instead of a scenario silently run everywhere.
 */
export function modeTagsApply(tags: readonly string[], mode: TelephonyMode): boolean {
  return tags.some((tag) => {
    const parsed = parseModeTag(tag);
    if (parsed === undefined || parsed.kind === 'invalid') return false;
    return parsed.kind === 'from' ? modeIncludes(mode, parsed.mode) : parsed.mode === mode;
  });
}

/** The Cucumber tag expression selecting exactly the scenarios `modeTagsApply` accepts. */
export function modeTagExpression(mode: TelephonyMode): string {
  const froms = TELEPHONY_MODES.filter((required) => modeIncludes(mode, required)).map((m) => `@from:${m}`);
  return [...froms, `@only:${mode}`].join(' or ');
}
