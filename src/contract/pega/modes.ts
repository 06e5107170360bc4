/** Pega Call's three telephony modes. Each includes everything the previous one requires. */
export const TELEPHONY_MODES = ['simple', 'agent-state', 'full'] as const;
export type TelephonyMode = (typeof TELEPHONY_MODES)[number];

export const MODE_TITLES: Record<TelephonyMode, string> = {
  simple: 'Simple telephony',
  'agent-state': 'Simple telephony with agent state management',
  full: 'Full telephony',
};

export function isTelephonyMode(value: unknown): value is TelephonyMode {
  return typeof value === 'string' && (TELEPHONY_MODES as readonly string[]).includes(value);
}

/** True when a run that claims `claimed` must support what `required` introduces. */
export function modeIncludes(claimed: TelephonyMode, required: TelephonyMode): boolean {
  return TELEPHONY_MODES.indexOf(claimed) >= TELEPHONY_MODES.indexOf(required);
}
