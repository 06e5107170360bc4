/**
 * Agent status changes, whoever causes them (a request, the phone, a supervisor or the ACD), and
 * the ACD's own rules around calls. Every change emits the event of the new status to the agent's
 * extension. Invariant: a logged-in agent is `busy` exactly while they are on a call (a call
 * connected or held at their extension); when the last one ends they go into after-call work.
 */
import { agentOn, isOnCallAt, unique, withAgent, type Changed } from './state.ts';
import type { Agent, AgentLogin, AgentStatus, DeviceNumber, LoggedInStatus, ModelEvent, ModelState } from './types.ts';

export function reason(reasonCode: string | undefined): { reasonCode?: string } {
  return reasonCode === undefined ? {} : { reasonCode };
}

/** The extension and login queue of a logged-in status, without the state. */
export function loginOf(status: LoggedInStatus): AgentLogin {
  return { extension: status.extension, ...(status.queue === undefined ? {} : { queue: status.queue }) };
}

function announce(agent: Agent, next: AgentStatus, extension: DeviceNumber, logoutReason: string | undefined): ModelEvent {
  const who = { agentId: agent.id, deviceId: extension, devices: [extension] };
  switch (next.kind) {
    case 'loggedOut':
      return { name: 'AgentLoggedOff', ...who, ...reason(logoutReason) };
    case 'loggedIn':
      return { name: 'AgentLoggedOn', ...who };
    case 'ready':
      return { name: 'AgentReady', ...who };
    case 'notReady':
      return { name: 'AgentNotReady', ...who, ...reason(next.reasonCode) };
    case 'afterCallWork':
      return { name: 'AgentWorkingAfterCall', ...who };
    case 'busy':
      return { name: 'AgentBusy', ...who };
  }
}

/** Moves the agent to `next` and announces it; `logoutReason` goes with a logout. */
export function become(state: ModelState, agent: Agent, next: AgentStatus, now: number, logoutReason?: string): Changed {
  const extension = next.kind !== 'loggedOut' ? next.extension : agent.status.kind !== 'loggedOut' ? agent.status.extension : null;
  if (extension === null) throw new Error(`agent ${agent.id} is already logged out: a model bug`);
  return { state: withAgent(state, { ...agent, status: next, since: now }), events: [announce(agent, next, extension, logoutReason)] };
}

/** Chains changes: each step sees the state the previous one left. */
export function chain(start: ModelState, ...steps: ((state: ModelState) => Changed)[]): Changed {
  let state = start;
  const events: ModelEvent[] = [];
  for (const next of steps) {
    const changed = next(state);
    state = changed.state;
    events.push(...changed.events);
  }
  return { state, events };
}

/** After-call work as the ACD starts it: timed when afterCallWorkMs is set. */
export function afterCallWork(state: ModelState, login: AgentLogin, now: number): AgentStatus {
  const ms = state.acd.afterCallWorkMs ?? 0;
  return { kind: 'afterCallWork', ...login, ...(ms > 0 ? { until: now + ms } : {}) };
}

/** Logs the agent in on the extension; if a call is already connected or held there, the agent is busy at once. */
export function logIn(state: ModelState, agent: Agent, login: AgentLogin, now: number): Changed {
  return chain(
    state,
    (s) => become(s, agent, { kind: 'loggedIn', ...login }, now),
    (s) => {
      const current = s.agents.get(agent.id);
      if (current === undefined || !isOnCallAt(s, login.extension)) return { state: s, events: [] };
      return become(s, current, { kind: 'busy', ...login }, now);
    },
  );
}

/**
 * Brings the agents on these extensions in line with their calls, in the order given: busy when
 * on a call and not busy yet; after-call work when busy and the last call has ended.
 */
export function settleAgents(state: ModelState, extensions: readonly DeviceNumber[], now: number): Changed {
  return chain(
    state,
    ...unique(extensions).map((extension) => (s: ModelState): Changed => {
      const agent = agentOn(s, extension);
      if (agent === undefined || agent.status.kind === 'loggedOut') return { state: s, events: [] };
      const onCall = isOnCallAt(s, extension);
      if (onCall && agent.status.kind !== 'busy') return become(s, agent, { kind: 'busy', ...loginOf(agent.status) }, now);
      if (!onCall && agent.status.kind === 'busy') return become(s, agent, afterCallWork(s, loginOf(agent.status), now), now);
      return { state: s, events: [] };
    }),
  );
}
