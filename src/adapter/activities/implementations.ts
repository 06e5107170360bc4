/**
 * Which activities the reference adapter implements in each telephony mode, and the single
 * fallback for everything else: agent activities from agent-state telephony up (decision 0010),
 * call control in Full telephony (decision 0013). Below its mode an activity never reaches its
 * handler: the mode gate refuses it first (decision 0005).
 */
import type { ActivityName, AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import type { TelephonyMode } from '../../contract/pega/modes.ts';
import { failure } from '../errors.ts';
import type { AdapterSession } from '../session.ts';
import { callControl } from './call-control.ts';
import type { Handlers } from './handler.ts';
import { readAfterCallWork, readAgentId, readAgentPassword, readDN, readOptionalDN, readQueue, readReasonCode } from './page.ts';

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
  if (mode === 'full') return { ...lifecycle, ...agentState(session), ...callControl(session) };
  if (mode !== 'simple') return { ...lifecycle, ...agentState(session) };
  // Decision 0005, Simple telephony: no ACD login; LoginAgent monitors the extension, and
  // LogoutAgent stops monitoring and closes.
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

/** Decision 0010: the agent activities of Simple telephony with agent state management (and Full). */
function agentState(session: AdapterSession): Handlers {
  return {
    LoginAgent: async (page) => {
      const activity = 'LoginAgent';
      const dn = readDN(activity, page);
      if (!dn.ok) return dn.result;
      const agentId = readAgentId(activity, page);
      if (!agentId.ok) return agentId.result;
      const password = readAgentPassword(activity, page);
      if (!password.ok) return password.result;
      const queue = readQueue(activity, page);
      if (!queue.ok) return queue.result;
      return session.loginAgent(activity, { dn: dn.value, agentId: agentId.value, password: password.value, queue: queue.value });
    },
    LogoutAgent: async (page) => {
      const activity = 'LogoutAgent';
      const dn = readDN(activity, page);
      if (!dn.ok) return dn.result;
      const agentId = readAgentId(activity, page);
      if (!agentId.ok) return agentId.result;
      const reasonCode = readReasonCode(activity, page);
      if (!reasonCode.ok) return reasonCode.result;
      return session.logoutAgent(activity, { dn: dn.value, agentId: agentId.value, reasonCode: reasonCode.value });
    },
    SetAgentReady: async (page) => {
      const activity = 'SetAgentReady';
      const agentId = readAgentId(activity, page);
      if (!agentId.ok) return agentId.result;
      const dn = readOptionalDN(activity, page);
      if (!dn.ok) return dn.result;
      return session.setAgentState(activity, { dn: dn.value, agentId: agentId.value, state: 'ready', reasonCode: undefined });
    },
    SetAgentNotReady: async (page) => {
      const activity = 'SetAgentNotReady';
      const agentId = readAgentId(activity, page);
      if (!agentId.ok) return agentId.result;
      const dn = readOptionalDN(activity, page);
      if (!dn.ok) return dn.result;
      // After Call Work is its own ACD state and carries no reason code.
      if (readAfterCallWork(page))
        return session.setAgentState(activity, { dn: dn.value, agentId: agentId.value, state: 'workingAfterCall', reasonCode: undefined });
      const reasonCode = readReasonCode(activity, page);
      if (!reasonCode.ok) return reasonCode.result;
      return session.setAgentState(activity, { dn: dn.value, agentId: agentId.value, state: 'notReady', reasonCode: reasonCode.value });
    },
  };
}
