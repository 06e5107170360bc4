/**
 * The ACD's rules for agent requests, wherever they come from: the phone (`agentAtPhone`, trusted,
 * names its extension), the CTI link (`agentLogin` with a password, `agentLogout`,
 * `setAgentState`) and a supervisor (`supervisor`). Each rule is a typed refusal; the server turns
 * it into its wire error.
 *
 * - login: one agent per extension, one extension per agent; logging in again on the same
 *   extension is `alreadyInState`. A login queue must be provisioned and served by the agent.
 * - everything else needs the agent logged in; asking for the current state is `alreadyInState`
 *   (notReady with a different reason code is a change).
 * - reason codes go with notReady and logout only; when the ACD has a reasonCodes list they must
 *   be on it, otherwise any code of 1-32 characters does.
 * - while the agent is busy (a call connected at the extension) state changes are refused
 *   (`agentBusy`); logout is refused while any call is at the extension (ringing, dialling or
 *   connected): the ACD does not strand a call.
 */
import { become, chain, logIn, loginOf, reason } from './agent-status.ts';
import { refuse, type Refused } from './errors.ts';
import { quote, REASON_CODE_MAX } from './names.ts';
import { dispatch } from './routing.ts';
import { agentOn, callAt } from './state.ts';
import type { Agent, AgentAction, AgentStatus, DeviceNumber, InputOf, ModelState, StepResult } from './types.ts';

type Change = Exclude<AgentAction, 'login'>;

function oneOf(values: Iterable<string>): string {
  return [...values].join(', ') || '(none provisioned)';
}

function findAgent(state: ModelState, id: string): Agent | Refused {
  return state.agents.get(id) ?? refuse('unknownAgent', `agent: ${quote(id)} is not a provisioned agent; expected one of ${oneOf(state.agents.keys())}`);
}

function unknownExtension(state: ModelState, extension: DeviceNumber, field: string): Refused | null {
  if (state.extensions.has(extension)) return null;
  return refuse('unknownExtension', `${field}: ${quote(extension)} is not a provisioned extension; expected one of ${oneOf(state.extensions)}`);
}

function reasonProblem(state: ModelState, action: AgentAction, reasonCode: unknown): Refused | null {
  if (reasonCode === undefined) return null;
  if (action !== 'notReady' && action !== 'logout')
    return refuse('invalidReasonCode', `reasonCode: only notReady and logout take a reason code, got one with ${action}`);
  if (typeof reasonCode !== 'string' || reasonCode.length === 0 || reasonCode.length > REASON_CODE_MAX) {
    return refuse('invalidReasonCode', `reasonCode: expected 1-${REASON_CODE_MAX} characters, got ${quote(reasonCode)}`);
  }
  const configured = state.acd.reasonCodes;
  if (configured !== undefined && !configured.includes(reasonCode)) {
    return refuse(
      'invalidReasonCode',
      `reasonCode: ${quote(reasonCode)} is not a configured reason code; expected one of ${configured.join(', ') || '(none configured)'}`,
    );
  }
  return null;
}

/** How a status reads in messages. */
function describeStatus(status: AgentStatus): string {
  switch (status.kind) {
    case 'loggedOut':
      return 'logged out';
    case 'loggedIn':
      return `logged in on ${status.extension} (not yet Ready)`;
    case 'ready':
      return 'Ready';
    case 'notReady':
      return status.reasonCode === undefined ? 'Not Ready' : `Not Ready with reason ${status.reasonCode}`;
    case 'afterCallWork':
      return 'in after-call work';
    case 'busy':
      return `busy on a call at ${status.extension}`;
  }
}

function sameState(status: AgentStatus, action: Change, reasonCode: string | undefined): boolean {
  if (action === 'notReady') return status.kind === 'notReady' && status.reasonCode === reasonCode;
  if (action === 'logout') return status.kind === 'loggedOut';
  return status.kind === action;
}

interface LoginAsked {
  readonly extension: DeviceNumber;
  /** Blank = none. */
  readonly queue?: string | undefined;
  /** Null: the phone, which is trusted. */
  readonly password: string | null;
}

function login(state: ModelState, agent: Agent, asked: LoginAsked, now: number): StepResult {
  if (asked.password !== null && asked.password !== agent.password) {
    return refuse('wrongPassword', `password: the password of agent ${agent.id} is wrong (value not shown); expected the agent's provisioned password`);
  }
  const unknown = unknownExtension(state, asked.extension, 'extension');
  if (unknown !== null) return unknown;
  const queue = asked.queue === undefined || asked.queue === '' ? undefined : asked.queue;
  if (queue !== undefined && !state.queues.has(queue))
    return refuse('unknownQueue', `queue: ${quote(queue)} is not a provisioned queue; expected one of ${oneOf(state.queues.keys())}`);
  if (queue !== undefined && agent.queues !== undefined && !agent.queues.includes(queue)) {
    return refuse('notInQueue', `queue: agent ${agent.id} does not serve queue ${queue}; expected one of ${agent.queues.join(', ') || '(none)'}`);
  }
  const current = agent.status;
  if (current.kind !== 'loggedOut') {
    if (current.extension === asked.extension)
      return refuse('alreadyInState', `agent ${agent.id} is already logged in on ${current.extension}; expected a logged-out agent`);
    return refuse('agentAlreadyLoggedIn', `agent ${agent.id} is already logged in on ${current.extension}; expected a logged-out agent (log out first)`);
  }
  const other = agentOn(state, asked.extension);
  if (other !== undefined)
    return refuse('extensionHasAgent', `agent ${other.id} is already logged in on ${asked.extension}; expected an extension without an agent`);
  const changed = logIn(state, agent, { extension: asked.extension, ...(queue === undefined ? {} : { queue }) }, now);
  return { ok: true, ...changed };
}

/** A change of a logged-in agent; `atExtension` is where the phone asking is (it must be the agent's). */
function change(state: ModelState, agent: Agent, action: Change, reasonCode: string | undefined, now: number, atExtension?: DeviceNumber): StepResult {
  const current = agent.status;
  if (current.kind === 'loggedOut') return refuse('agentNotLoggedIn', `agent ${agent.id} is not logged in; expected login before ${action}`);
  if (atExtension !== undefined && current.extension !== atExtension) {
    return refuse('wrongExtension', `agent ${agent.id} is logged in on ${current.extension}, not ${atExtension}; expected the agent's own extension`);
  }
  const problem = reasonProblem(state, action, reasonCode);
  if (problem !== null) return problem;
  const call = callAt(state, current.extension);
  if (action === 'logout' && call !== undefined) {
    return refuse(
      'agentBusy',
      `agent ${agent.id} has call ${call.id} at ${current.extension}; expected no call at the extension (the ACD does not log out an agent with a call)`,
    );
  }
  if (current.kind === 'busy')
    return refuse('agentBusy', `agent ${agent.id} is ${describeStatus(current)}; expected the call to end first (after-call work follows it)`);
  if (sameState(current, action, reasonCode))
    return refuse('alreadyInState', `agent ${agent.id} is already ${describeStatus(current)}; expected a different state`);

  const login = loginOf(current);
  const next: AgentStatus =
    action === 'ready'
      ? { kind: 'ready', ...login }
      : action === 'notReady'
        ? { kind: 'notReady', ...login, ...reason(reasonCode) }
        : action === 'afterCallWork'
          ? { kind: 'afterCallWork', ...login }
          : { kind: 'loggedOut' };
  const changed = chain(
    state,
    (s) => become(s, agent, next, now, action === 'logout' ? reasonCode : undefined),
    (s) => dispatch(s, now),
  );
  return { ok: true, ...changed };
}

export function agentAtPhone(state: ModelState, input: InputOf<'agentAtPhone'>, now: number): StepResult {
  const agent = findAgent(state, input.agent);
  if ('ok' in agent) return agent;
  const unknown = unknownExtension(state, input.extension, 'extension');
  if (unknown !== null) return unknown;
  if (input.action === 'login') {
    const problem = reasonProblem(state, 'login', input.reasonCode);
    if (problem !== null) return problem;
    return login(state, agent, { extension: input.extension, queue: input.queue, password: null }, now);
  }
  return change(state, agent, input.action, input.reasonCode, now, input.extension);
}

export function agentLogin(state: ModelState, input: InputOf<'agentLogin'>, now: number): StepResult {
  const agent = findAgent(state, input.agent);
  if ('ok' in agent) return agent;
  return login(state, agent, { extension: input.extension, queue: input.queue, password: input.password }, now);
}

export function agentLogout(state: ModelState, input: InputOf<'agentLogout'>, now: number): StepResult {
  const agent = findAgent(state, input.agent);
  if ('ok' in agent) return agent;
  return change(state, agent, 'logout', input.reasonCode, now);
}

export function setAgentState(state: ModelState, input: InputOf<'setAgentState'>, now: number): StepResult {
  const agent = findAgent(state, input.agent);
  if ('ok' in agent) return agent;
  return change(state, agent, input.state, input.reasonCode, now);
}

/** A supervisor forces the agent notReady or out, under the same rules as the agent's own requests. */
export function supervisor(state: ModelState, input: InputOf<'supervisor'>, now: number): StepResult {
  const agent = findAgent(state, input.agent);
  if ('ok' in agent) return agent;
  return change(state, agent, input.action, input.reasonCode, now);
}
