/**
 * Which activities the reference adapter implements in each telephony mode, and the single
 * fallback for everything else. Next round: agent-state and call-control handlers join this table
 * once the CTI wire carries their requests.
 */
import type { ActivityName, AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import type { TelephonyMode } from '../../contract/pega/modes.ts';
import { failure } from '../errors.ts';
import type { AdapterSession } from '../session.ts';
import { readDN } from './page.ts';

export type Handler = (page: AdapterPage) => Promise<ActivityResult>;
export type Handlers = Partial<Record<ActivityName, Handler>>;

export function notImplementedYet(activity: ActivityName): ActivityResult {
  return failure('notImplementedYet', { activity });
}

export function implementations(session: AdapterSession, mode: TelephonyMode): Handlers {
  const subscribe = (activity: ActivityName) => async (page: AdapterPage) => {
    const dn = readDN(activity, page);
    return dn.ok ? session.subscribe(activity, dn.value) : dn.result;
  };
  const unsubscribe = (activity: ActivityName) => async (page: AdapterPage) => {
    const dn = readDN(activity, page);
    return dn.ok ? session.unsubscribe(activity, dn.value) : dn.result;
  };
  const lifecycle: Handlers = {
    OpenAdapter: async () => session.open('OpenAdapter'),
    CloseAdapter: async () => session.close(),
    SubscribeForEvents: subscribe('SubscribeForEvents'),
    UnSubscribeForEvents: unsubscribe('UnSubscribeForEvents'),
  };
  if (mode !== 'simple') return lifecycle;
  // Team decision for Simple telephony: no ACD login; LoginAgent monitors the extension, and
  // LogoutAgent stops monitoring and closes. Above Simple they must log in to the ACD (not on the wire yet).
  return {
    ...lifecycle,
    LoginAgent: subscribe('LoginAgent'),
    LogoutAgent: async (page) => {
      // Both start now, so both gates close now; the session runs them in this order.
      const [unsubscribed, closed] = await Promise.all([unsubscribe('LogoutAgent')(page), session.close()]);
      return unsubscribed.ok ? closed : unsubscribed;
    },
  };
}
