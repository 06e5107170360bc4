/**
 * Agent actions taken at the phone (or the ACD): login binds the agent to an extension, the other
 * actions need the agent logged in on that same extension. Asking for the current state is
 * refused (`alreadyInState`), as Pega's OPENCTI_IN_SAME_STATE expects; NotReady with a different
 * reason code is a change. Reason codes go with notReady and logout only.
 */
import { refuse } from './errors.ts';
import { quote, REASON_CODE_MAX } from './names.ts';
import { withAgent } from './state.ts';
import type { Agent, AgentStatus, DeviceNumber, InputOf, ModelEvent, ModelState, StepResult } from './types.ts';

function reasonProblem(input: InputOf<'agentAtPhone'>): StepResult | null {
  const { reasonCode, action } = input;
  if (reasonCode === undefined) return null;
  if (action !== 'notReady' && action !== 'logout') return refuse('invalidReasonCode', `reasonCode: only notReady and logout take a reason code, got one with ${action}`);
  if (typeof reasonCode !== 'string' || reasonCode.length === 0 || reasonCode.length > REASON_CODE_MAX) {
    return refuse('invalidReasonCode', `reasonCode: expected 1-${REASON_CODE_MAX} characters, got ${quote(reasonCode)}`);
  }
  return null;
}

function agentOn(state: ModelState, extension: DeviceNumber): Agent | undefined {
  for (const agent of state.agents.values()) if (agent.status.kind !== 'loggedOut' && agent.status.extension === extension) return agent;
  return undefined;
}

function sameState(current: AgentStatus, input: InputOf<'agentAtPhone'>): boolean {
  if (input.action === 'notReady') return current.kind === 'notReady' && current.reasonCode === input.reasonCode;
  return current.kind === input.action;
}

function reason(reasonCode: string | undefined): { reasonCode?: string } {
  return reasonCode === undefined ? {} : { reasonCode };
}

export function agentAtPhone(state: ModelState, input: InputOf<'agentAtPhone'>, now: number): StepResult {
  const agent = state.agents.get(input.agent);
  if (agent === undefined) return refuse('unknownAgent', `agent: ${quote(input.agent)} is not a provisioned agent; expected one of ${[...state.agents.keys()].join(', ') || '(none provisioned)'}`);
  const { extension } = input;
  if (!state.extensions.has(extension)) {
    return refuse('unknownExtension', `extension: ${quote(extension)} is not a provisioned extension; expected one of ${[...state.extensions].join(', ') || '(none provisioned)'}`);
  }
  const problem = reasonProblem(input);
  if (problem !== null) return problem;
  const current = agent.status;

  if (input.action === 'login') {
    if (current.kind !== 'loggedOut') return refuse('agentAlreadyLoggedIn', `agent ${agent.id} is already logged in on ${current.extension}; expected a logged-out agent (log out first)`);
    const other = agentOn(state, extension);
    if (other !== undefined) return refuse('extensionHasAgent', `agent ${other.id} is already logged in on ${extension}; expected an extension without an agent`);
    return changed(state, agent, { kind: 'loggedIn', extension }, now, { name: 'AgentLoggedOn', agentId: agent.id, deviceId: extension, devices: [extension] });
  }
  if (current.kind === 'loggedOut') return refuse('agentNotLoggedIn', `agent ${agent.id} is not logged in; expected login before ${input.action}`);
  if (current.extension !== extension) return refuse('wrongExtension', `agent ${agent.id} is logged in on ${current.extension}, not ${extension}; expected the agent's own extension`);
  if (sameState(current, input)) return refuse('alreadyInState', `agent ${agent.id} is already ${input.action}${input.reasonCode === undefined ? '' : ` with reason ${input.reasonCode}`}; expected a different state`);

  const who = { agentId: agent.id, deviceId: extension, devices: [extension] };
  switch (input.action) {
    case 'ready':
      return changed(state, agent, { kind: 'ready', extension }, now, { name: 'AgentReady', ...who });
    case 'notReady':
      return changed(state, agent, { kind: 'notReady', extension, ...reason(input.reasonCode) }, now, { name: 'AgentNotReady', ...who, ...reason(input.reasonCode) });
    case 'afterCallWork':
      return changed(state, agent, { kind: 'afterCallWork', extension }, now, { name: 'AgentWorkingAfterCall', ...who });
    case 'logout':
      return changed(state, agent, { kind: 'loggedOut' }, now, { name: 'AgentLoggedOff', ...who, ...reason(input.reasonCode) });
  }
}

function changed(state: ModelState, agent: Agent, status: AgentStatus, now: number, event: ModelEvent): StepResult {
  return { ok: true, state: withAgent(state, { ...agent, status, since: now }), events: [event] };
}
