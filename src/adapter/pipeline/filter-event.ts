/**
 * FilterEvent: what each telephony mode shows on the desktop. Below Full telephony the phone does
 * call control, so only the screen pop, the answer and the end of a call matter; agent-state
 * events exist only from "Simple telephony with agent state management" up, PartyInfo only in Full
 * telephony.
 */
import { CALL_EVENT_NAMES, type CallEventName } from '../../contract/pega/events.ts';
import { modeIncludes, type TelephonyMode } from '../../contract/pega/modes.ts';
import type { NormalizedEvent, StageContext } from './types.ts';

const NOTIFICATIONS: readonly CallEventName[] = ['Offering', 'Established', 'Disconnected', 'Abandoned'];

export const CALL_EVENTS_SHOWN: Readonly<Record<TelephonyMode, readonly CallEventName[]>> = {
  simple: NOTIFICATIONS,
  'agent-state': NOTIFICATIONS,
  full: CALL_EVENT_NAMES,
};

export function filterEvent(event: NormalizedEvent, ctx: StageContext): boolean {
  switch (event.kind) {
    case 'call':
      return CALL_EVENTS_SHOWN[ctx.mode].includes(event.name);
    case 'agent':
      return modeIncludes(ctx.mode, 'agent-state');
    case 'party':
      // Party lists matter where the desktop transfers and conferences: Full telephony.
      return modeIncludes(ctx.mode, 'full');
  }
}
