/**
 * FilterEvent: what each telephony mode shows on the desktop. Below Full telephony the phone does
 * call control, so only the screen pop, the answer and the end of a call matter; agent-state
 * events exist only from "Simple telephony with agent state management" up.
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
  return event.kind === 'call' ? CALL_EVENTS_SHOWN[ctx.mode].includes(event.name) : modeIncludes(ctx.mode, 'agent-state');
}
