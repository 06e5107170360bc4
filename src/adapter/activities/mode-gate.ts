/**
 * The one rule for activities outside the claimed telephony mode: an activity is available from
 * the mode ACTIVITIES names for it upward, and refused with OPENCTI_HTTP_ERROR_405 below it.
 */
import { ACTIVITIES, type ActivityName } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import { MODE_TITLES, modeIncludes, type TelephonyMode } from '../../contract/pega/modes.ts';
import { failure } from '../errors.ts';

/** Why an activity that a mode introduces is absent below that mode. */
const WHY_ABSENT: Readonly<Record<TelephonyMode, string>> = {
  simple: 'every mode includes Simple telephony',
  'agent-state': 'agent state is managed at the phone',
  full: 'calls are controlled at the phone',
};

/** The refusal, or null when the activity belongs to the mode. */
export function refuseOutOfMode(activity: ActivityName, mode: TelephonyMode): ActivityResult | null {
  const introducedIn = ACTIVITIES[activity].mode;
  if (modeIncludes(mode, introducedIn)) return null;
  return failure('outOfMode', { activity, modeTitle: MODE_TITLES[mode], why: WHY_ABSENT[introducedIn] });
}
